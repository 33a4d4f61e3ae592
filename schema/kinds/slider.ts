// Slider: a number in min..max by step; right within the tolerance of the correct value. With
// partial credit (`ranges`), a value outside it earns the best weight of the ranges holding it.
import type { AnswerValue } from "../messages.ts";
import type { Question } from "../quiz.ts";
import type { Checked, QuestionKind } from "./kind.ts";
import { noFeedback, share, whole } from "./kind.ts";
import { answerBuckets } from "./buckets.ts";

type Slider = Extract<Question, { type: "slider" }>;
export type SliderRange = NonNullable<Slider["ranges"]>[number];

// A tiny epsilon so 0.1 + 0.2 style float noise never turns a right answer wrong.
const holds = (value: number, centre: number, tolerance: number) => Math.abs(value - centre) <= tolerance + 1e-9;

function check(q: Slider, a: AnswerValue): Checked {
  if (!("value" in a)) return whole(false);
  if (holds(a.value, q.correct, q.tolerance)) return whole(true);
  const best = Math.max(
    0,
    ...(q.ranges ?? []).filter((r) => holds(a.value, r.value, r.tolerance)).map((r) => r.weight),
  );
  return best > 0 ? share(best) : whole(false);
}

export const slider: QuestionKind<
  "slider",
  { min: number; max: number; step: number; value: number; tolerance: number; ranges: SliderRange[] }
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
  check,
  correctAnswer: (q) => ({ value: q.correct, tolerance: q.tolerance }),
  distribution: (_q, answers, audience) =>
    answerBuckets(answers, audience, (a) => ("value" in a ? { key: a.value, label: String(a.value) } : null)),
  feedback: noFeedback,
  draft: {
    // No correct value until the teacher gives one (NaN: an empty field): a default of 50 saved
    // unnoticed made a question whose answer nobody chose. The schema requires it, so the editor
    // marks the field and refuses to save, as an import without it is refused.
    blank: () => ({ min: 0, max: 100, step: 1, value: Number.NaN, tolerance: 0, ranges: [] }),
    toInput: (d, common) => ({
      ...common,
      type: "slider",
      min: d.min,
      max: d.max,
      step: d.step,
      correct: d.value,
      tolerance: d.tolerance,
      ...(d.ranges.length ? { ranges: d.ranges } : {}),
    }),
    fromQuestion: (q) => ({
      min: q.min,
      max: q.max,
      step: q.step,
      value: q.correct,
      tolerance: q.tolerance,
      ranges: q.ranges ?? [],
    }),
  },
};
