// The room's answer rules: each question's kind (schema/kinds) says what fits and what is right;
// here answers cross between the per-game ids players see (`rooms/shuffle.ts` `optionIds`) and the
// quiz's own indexes, which is what the kinds, the room's storage and D1 speak.
import { kindOf, type Checked } from "../../schema/kinds/index.ts";
import type { AnswerValue, CorrectAnswer } from "../../schema/messages.ts";
import type { Question } from "../../schema/quiz.ts";

/** Why an answer does not fit its question's type (null when it fits). Such an answer is refused, not scored. */
export const answerProblem = (q: Question, a: AnswerValue): string | null => kindOf(q).answerProblem(q, a);

/** Scores the shape of an answer that `answerProblem` accepted. */
export const checkAnswer = (q: Question, a: AnswerValue): Checked => kindOf(q).check(q, a);

/** What the reveal shows as the right answer; null for a kind that has none (polls). */
export const correctAnswerOf = (q: Question): CorrectAnswer | null => kindOf(q).correctAnswer(q);

/**
 * A player's answer in the quiz's own terms. `ids[i]` is the id shown for option/item `i`; an
 * id that names nothing is kept as it is, so `answerProblem` refuses it as out of range.
 */
export function fromPlayerIds(ids: readonly number[] | undefined, a: AnswerValue): AnswerValue {
  if (!ids) return a;
  const index = new Map(ids.map((id, i) => [id, i]));
  const back = (id: number) => index.get(id) ?? id + ids.length;
  if ("choice" in a) return { choice: back(a.choice) };
  if ("choices" in a) return { choices: a.choices.map(back) };
  if ("order" in a) return { order: a.order.map(back) };
  return a;
}

/** The reveal's right answer in the ids players saw. */
export function toPlayerIds(ids: readonly number[] | undefined, c: CorrectAnswer | null): CorrectAnswer | null {
  if (!ids || !c) return c;
  const id = (i: number) => ids[i] ?? i;
  if ("choice" in c) return { choice: id(c.choice) };
  if ("choices" in c) return { choices: c.choices.map(id).sort((x, y) => x - y) };
  if ("order" in c) return { order: c.order.map(id) };
  return c;
}
