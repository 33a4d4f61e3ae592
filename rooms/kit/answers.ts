// The room's answer rules: each question's kind (schema/kinds) says what fits and what is right;
// here answers cross between the per-game ids players see (`kit/shuffle.ts` `optionIds`) and the
// quiz's own indexes, which is what the kinds, the room's storage and D1 speak. Both rooms, the
// reports and the students' pages read option/item indexes out of an answer through these.
import { kindOf, type Checked } from "../../schema/kinds/index.ts";
import type { AnswerValue, CorrectAnswer } from "../../schema/messages.ts";
import type { Question } from "../../schema/quiz.ts";

/** Why an answer does not fit its question's type (null when it fits). Such an answer is refused, not scored. */
export const answerProblem = (q: Question, a: AnswerValue): string | null => kindOf(q).answerProblem(q, a);

/** Scores the shape of an answer that `answerProblem` accepted. */
export const checkAnswer = (q: Question, a: AnswerValue): Checked => kindOf(q).check(q, a);

/** What the reveal shows as the right answer; null for a kind that has none (polls). */
export const correctAnswerOf = (q: Question): CorrectAnswer | null => kindOf(q).correctAnswer(q);

/** The option/item indexes (or ids) an answer or right answer names, in its order; null for a kind that names none. */
export function pickedIndexes(a: AnswerValue | CorrectAnswer): readonly number[] | null {
  if ("choice" in a) return [a.choice];
  if ("choices" in a) return a.choices;
  if ("order" in a) return a.order;
  return null;
}

/** The same answer with each option/item index passed through `f`; a kind that names none as it is. */
export function mapIndexes<T extends AnswerValue | CorrectAnswer>(a: T, f: (i: number) => number): T {
  if ("choice" in a) return { choice: f(a.choice) } as T;
  if ("choices" in a) return { choices: a.choices.map(f) } as T;
  if ("order" in a) return { order: a.order.map(f) } as T;
  return a;
}

/** The id shown for the quiz's option/item `i` (games hosted before ids were randomised used the indexes). */
export const idOf =
  (ids: readonly number[] | undefined) =>
  (i: number): number =>
    ids?.[i] ?? i;

/**
 * A player's answer in the quiz's own terms. `ids[i]` is the id shown for option/item `i`; an
 * id that names nothing is kept as it is, so `answerProblem` refuses it as out of range.
 */
export function fromPlayerIds(ids: readonly number[] | undefined, a: AnswerValue): AnswerValue {
  if (!ids) return a;
  const index = new Map(ids.map((id, i) => [id, i]));
  return mapIndexes(a, (id) => index.get(id) ?? id + ids.length);
}

/** A stored answer (quiz terms) in the ids its player saw, in the order they gave it. */
export function answerToPlayerIds(ids: readonly number[] | undefined, a: AnswerValue): AnswerValue {
  return ids ? mapIndexes(a, idOf(ids)) : a;
}

/** The reveal's right answer in the ids players saw (a set of choices sorted, so it tells nothing of the quiz's order). */
export function toPlayerIds(ids: readonly number[] | undefined, c: CorrectAnswer | null): CorrectAnswer | null {
  if (!ids || !c) return c;
  const shown = mapIndexes(c, idOf(ids));
  return "choices" in shown ? { choices: [...shown.choices].sort((x, y) => x - y) } : shown;
}
