// One player's answers, question by question (pure): what they answered in the texts they saw,
// whether it was right and, once the game is over, the right answer and the explanation.
import { altOf } from "../../schema/image.ts";
import { kindOf } from "../../schema/kinds/index.ts";
import { answerValue } from "../../schema/messages.ts";
import { pickedIndexes } from "../../rooms/kit/answers.ts";
import type { Question } from "../../schema/quiz.ts";
import type { AnswerSheetEntry } from "../../schema/students.ts";
import type { AnswerRow } from "./build.ts";
import { choiceLabel, partShare } from "./tables.ts";

/** The player's answer as the texts they picked, in their order; null if it cannot be read. */
export function answerTexts(q: Question, stored: unknown): string[] | null {
  const parsed = answerValue.safeParse(stored);
  if (!parsed.success) return null;
  const a = parsed.data;
  const picked = pickedIndexes(a);
  if (picked) return picked.map(choiceLabel(q));
  if ("text" in a) return [a.text];
  return "value" in a ? [String(a.value)] : [];
}

/** The right answer(s) as texts: every accepted spelling of a typed answer, the items in order; nothing for a poll. */
export function rightTexts(q: Question): string[] {
  const right = kindOf(q).correctAnswer(q);
  if (!right) return [];
  const picked = pickedIndexes(right);
  if (picked) return picked.map(choiceLabel(q));
  if ("accepted" in right) return right.accepted;
  if (!("value" in right)) return [];
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
    // The stored answer checked again by the same kind: its share of the points and its feedback.
    const given = r ? answerValue.safeParse(r.answer) : null;
    const feedback = given?.success ? kindOf(q).feedback(q, given.data) : null;
    return {
      index,
      type: q.type,
      text: q.text,
      image: q.image ?? null,
      ...(q.image ? altOf(q) : {}),
      points: q.points,
      yours: r ? answerTexts(q, r.answer) : null,
      correct: r && kindOf(q).scored ? r.correct : null,
      ...(r && partShare(q, r) !== null ? { partly: true } : {}),
      ...(over && feedback ? { feedback } : {}),
      earned: r?.points ?? 0,
      responseMs: r?.responseMs ?? null,
      right: over ? rightTexts(q) : null,
      explanation: over ? (q.explanation ?? null) : null,
    };
  });
}
