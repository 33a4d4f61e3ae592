// Slider: a number in min..max by step; right within the tolerance of the correct value.
import type { QuestionKind } from "./kind.ts";
import { whole, noFeedback } from "./kind.ts";
import { answerBuckets } from "./buckets.ts";

export const slider: QuestionKind<
  "slider",
  { min: number; max: number; step: number; value: number; tolerance: number }
> = {
  type: "slider",
  scored: true,
  arrangement: "fixed",
  choices: () => [],
  viewExtras: (q) => ({ slider: { min: q.min, max: q.max, step: q.step } }),
  answerProblem(q, a) {
    if (!("value" in a)) return "a slider question takes {value}";
    return a.value >= q.min && a.value <= q.max ? null : `value must lie within ${q.min}..${q.max}`;
  },
  // A tiny epsilon so 0.1 + 0.2 style float noise never turns a right answer wrong.
  check: (q, a) => whole("value" in a && Math.abs(a.value - q.correct) <= q.tolerance + 1e-9),
  correctAnswer: (q) => ({ value: q.correct, tolerance: q.tolerance }),
  distribution: (_q, answers, audience) =>
    answerBuckets(answers, audience, (a) => ("value" in a ? { key: a.value, label: String(a.value) } : null)),
  feedback: noFeedback,
  draft: {
    // No correct value until the teacher gives one (NaN: an empty field): a default of 50 saved
    // unnoticed made a question whose answer nobody chose. The schema requires it, so the editor
    // marks the field and refuses to save, as an import without it is refused.
    blank: () => ({ min: 0, max: 100, step: 1, value: Number.NaN, tolerance: 0 }),
    toInput: (d, common) => ({
      ...common,
      type: "slider",
      min: d.min,
      max: d.max,
      step: d.step,
      correct: d.value,
      tolerance: d.tolerance,
    }),
    fromQuestion: (q) => ({ min: q.min, max: q.max, step: q.step, value: q.correct, tolerance: q.tolerance }),
  },
};
