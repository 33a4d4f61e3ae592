// One player's answers, question by question (pure): what they answered in the texts they saw,
// whether it was right and, once the game is over, the right answer and the explanation.
import { altOf } from "../../schema/image.ts";
import { kindOf } from "../../schema/kinds/index.ts";
import { answerValue } from "../../schema/messages.ts";
import type { Question } from "../../schema/quiz.ts";
import type { AnswerSheetEntry } from "../../schema/students.ts";
import type { AnswerRow } from "./build.ts";
import { FIXED_LABELS } from "./tables.ts";

/** Options and items as texts, by the quiz's index; a fixed label ("True") in the tables' English. */
const choiceTexts = (q: Question): string[] =>
  kindOf(q)
    .choices(q)
    .map((c) => ("text" in c ? c.text : FIXED_LABELS[c.labelKey]));

/** The player's answer as the texts they picked, in their order; null if it cannot be read. */
export function answerTexts(q: Question, stored: unknown): string[] | null {
  const parsed = answerValue.safeParse(stored);
  if (!parsed.success) return null;
  const a = parsed.data;
  const labels = choiceTexts(q);
  const label = (id: number) => labels[id] ?? `#${id}`;
  if ("choice" in a) return [label(a.choice)];
  if ("choices" in a) return a.choices.map(label);
  if ("order" in a) return a.order.map(label);
  if ("text" in a) return [a.text];
  return [String(a.value)];
}

/** The right answer(s) as texts: every accepted spelling of a typed answer, the items in order; nothing for a poll. */
export function rightTexts(q: Question): string[] {
  const right = kindOf(q).correctAnswer(q);
  if (!right) return [];
  const labels = choiceTexts(q);
  const label = (id: number) => labels[id] ?? `#${id}`;
  if ("choice" in right) return [label(right.choice)];
  if ("choices" in right) return right.choices.map(label);
  if ("order" in right) return right.order.map(label);
  if ("accepted" in right) return right.accepted;
  return [right.tolerance ? `${right.value} ± ${right.tolerance}` : String(right.value)];
}

/** `over`: the game has ended, so the right answers may be shown. */
export function answerSheet(
  snapshot: readonly Question[],
  rows: readonly AnswerRow[],
  over: boolean,
): AnswerSheetEntry[] {
  const byQuestion = new Map(rows.map((r) => [r.questionIndex, r]));
  return snapshot.map((q, index) => {
    const r = byQuestion.get(index);
    return {
      index,
      type: q.type,
      text: q.text,
      image: q.image ?? null,
      ...(q.image ? altOf(q) : {}),
      points: q.points,
      yours: r ? answerTexts(q, r.answer) : null,
      correct: r && kindOf(q).scored ? r.correct : null,
      earned: r?.points ?? 0,
      responseMs: r?.responseMs ?? null,
      right: over ? rightTexts(q) : null,
      explanation: over ? (q.explanation ?? null) : null,
    };
  });
}
