// The teacher's feedback for one answer (the picked option's, the matched typed answer's, the
// true/false side's), with the formulas it shows: what the live room's result and the homework's
// acknowledgement and summary carry. Feedback may tell the right answer, so each room sends it
// only where it already shows whether the answer was right (the reveal; homework's showAnswers).
import { kindOf } from "../../schema/kinds/index.ts";
import type { AnswerValue, MathTable } from "../../schema/messages.ts";
import type { Question } from "../../schema/quiz.ts";
import { mathFor } from "./math.ts";

/** The feedback text for `answer` (in the quiz's own terms), or null when the teacher wrote none. */
export function feedbackText(q: Question, answer: AnswerValue | null | undefined): string | null {
  return answer ? kindOf(q).feedback(q, answer) : null;
}

/** `{ feedback, math }` for a message, or `{}` when there is no feedback. */
export function answerFeedback(
  q: Question,
  answer: AnswerValue | null | undefined,
  table: MathTable | undefined,
): { feedback?: string; math?: MathTable } {
  const text = feedbackText(q, answer);
  return text ? { feedback: text, ...mathFor(table, [text]) } : {};
}
