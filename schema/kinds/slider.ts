// Slider: a number in min..max by step; right within the tolerance of the correct value. With
// partial credit (`ranges`), a value outside it earns the best weight of the ranges holding it.
// Feedback (as Moodle's numerical answers have it): the right range's, the best range's, or the
// one for any other answer.
import type { AnswerValue } from "../messages.ts";
import type { Question } from "../quiz.ts";
import type { Checked, QuestionKind } from "./kind.ts";
import { share, whole } from "./kind.ts";
import { answerBuckets } from "./buckets.ts";

type Slider = Extract<Question, { type: "slider" }>;
export type SliderRange = NonNullable<Slider["ranges"]>[number];

// A tiny epsilon so 0.1 + 0.2 style float noise never turns a right answer wrong.
const holds = (value: number, centre: number, tolerance: number) => Math.abs(value - centre) <= tolerance + 1e-9;

/** The best-weighted partly right range holding `value`, if any. */
function bestRange(q: Slider, value: number): SliderRange | undefined {
  let best: SliderRange | undefined;
  for (const r of q.ranges ?? []) if (holds(value, r.value, r.tolerance) && r.weight > (best?.weight ?? 0)) best = r;
  return best;
}

function check(q: Slider, a: AnswerValue): Checked {
  if (!("value" in a)) return whole(false);
  if (holds(a.value, q.correct, q.tolerance)) return whole(true);
  const best = bestRange(q, a.value);
  return best ? share(best.weight) : whole(false);
}

function feedback(q: Slider, a: AnswerValue): string | null {
  if (!("value" in a)) return null;
  if (holds(a.value, q.correct, q.tolerance)) return q.feedback?.[0] || null;
  const best = bestRange(q, a.value);
  return (best ? best.feedback : q.feedback?.[1]) || null;
}

export const slider: QuestionKind<
  "slider",
  {
    min: number;
    max: number;
    step: number;
    value: number;
    tolerance: number;
    ranges: SliderRange[];
    /** [to a right answer, to any other answer]; "" for none. */
    sliderFeedback: [string, string];
  }
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
  feedback,
  draft: {
    // No correct value until the teacher gives one (NaN: an empty field): a default of 50 saved
    // unnoticed made a question whose answer nobody chose. The schema requires it, so the editor
    // marks the field and refuses to save, as an import without it is refused.
    blank: () => ({
      min: 0,
      max: 100,
      step: 1,
      value: Number.NaN,
      tolerance: 0,
      ranges: [],
      sliderFeedback: ["", ""],
    }),
    toInput: (d, common) => ({
      ...common,
      type: "slider",
      min: d.min,
      max: d.max,
      step: d.step,
      correct: d.value,
      tolerance: d.tolerance,
      ...(d.ranges.length
        ? { ranges: d.ranges.map(({ feedback: f, ...r }) => (f?.trim() ? { ...r, feedback: f.trim() } : r)) }
        : {}),
      ...(d.sliderFeedback.some((f) => f.trim())
        ? { feedback: [d.sliderFeedback[0].trim(), d.sliderFeedback[1].trim()] as [string, string] }
        : {}),
    }),
    fromQuestion: (q) => ({
      min: q.min,
      max: q.max,
      step: q.step,
      value: q.correct,
      tolerance: q.tolerance,
      ranges: q.ranges ?? [],
      sliderFeedback: q.feedback ? [q.feedback[0], q.feedback[1]] : ["", ""],
    }),
  },
};
