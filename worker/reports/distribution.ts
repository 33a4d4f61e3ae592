// How many chose what, per question, for the report. The question's kind counts (schema/kinds),
// with the same function as the room's reveal; the report is read by the teacher alone, so typed
// answers and slider values are listed as given, not only as right / wrong.
import { kindOf } from "../../schema/kinds/index.ts";
import { answerValue, type AnswerValue } from "../../schema/messages.ts";
import type { DistributionEntry } from "../../schema/report.ts";
import type { Question } from "../../schema/quiz.ts";

export interface ScoredAnswer {
  /** As stored: the player's answer in `answerValue` terms (parsed again: D1 holds plain JSON). */
  answer: unknown;
  correct: boolean | null;
}

/** Options and items in the quiz's order (not a game's shuffled display); buckets most frequent first. */
export function distribution(q: Question, rows: readonly ScoredAnswer[]): DistributionEntry[] {
  const answers: { answer: AnswerValue; correct: boolean | null }[] = [];
  for (const r of rows) {
    const p = answerValue.safeParse(r.answer);
    if (p.success) answers.push({ answer: p.data, correct: r.correct });
  }
  return kindOf(q)
    .distribution(q, answers, "teacher")
    .map(({ index, ...entry }) => entry);
}
