// GIFT's answers as Moodle scores them (qformat_gift), in QuickQuiz's terms:
//   multiple choice with an "=" answer → single choice (Moodle's "one answer only"); "=" is 100 %,
//     "~%50%x" 50 %, "~x" 0 %; weights kept when any option is worth other than 0 or 100 %, or several 100 %
//   multiple choice without "=" → multiple select (Moodle's "multiple answers"): every weight kept,
//     negative ones included (a wrong pick costs), the positive ones summing to 100 %
//   short answer "=a =%50%b" → typed answers with weights; "# text" after an answer → its feedback
//   true/false {T#wrong#right} → the first text to whoever answers wrongly, the second to whoever answers rightly
//   numerical {#3:2}, {#1..5}, {#=3:0 ~#…} → a slider around the right range, when it fits;
//     {#=3:0.5 =%50%3:2} → the other weighted ranges as the slider's partial credit
import type { NumericalChoice, NumericalFormat, TextChoice, TextFormat } from "gift-pegjs";
import type { SliderRange } from "../../../schema/kinds/slider.ts";
import { LIMITS, type QuestionInput } from "../../../schema/quiz.ts";
import { literalEmphasis } from "../../../schema/math/emphasis.ts";
import { htmlToText, markdownToText } from "./text.ts";

type Base = { text: string; explanation?: string };
export type Mapped = { question?: QuestionInput; skip?: string; problem?: string; notes?: string[] };

/**
 * A GIFT text as quiz text: [markdown] keeps its emphasis (quiz texts read Markdown's); any other
 * format shows as written, so a mark that would read as emphasis is escaped ("*" stays "*").
 */
export function plain(t: TextFormat | null | undefined): string {
  if (!t) return "";
  if (t.format === "markdown") return markdownToText(t.text);
  return literalEmphasis(t.format === "html" ? htmlToText(t.text) : t.text.trim());
}

/** Moodle's weight of a choice: "=" without a weight is 100 %, "~" without one is 0 %. */
const weightOf = (c: TextChoice | NumericalChoice) => c.weight ?? (c.isCorrect ? 100 : 0);

/** Feedback per choice, or nothing when no choice has any. */
function feedbackOf(choices: TextChoice[]): { feedback?: string[] } {
  const fb = choices.map((c) => plain(c.feedback));
  return fb.some((f) => f) ? { feedback: fb } : {};
}

export function multipleChoice(base: Base, choices: TextChoice[]): Mapped {
  const options = choices.map((c) => plain(c.text));
  const weights = choices.map(weightOf);
  const extra = feedbackOf(choices);
  if (!choices.some((c) => c.isCorrect)) {
    // No "=": Moodle's multiple-answer question, scored by the weights as they are.
    const correct = weights.flatMap((w, i) => (w > 0 ? [i] : []));
    if (!correct.length) return { problem: "no right answer: mark one with = (or several with positive %weights%)" };
    const sum = weights.filter((w) => w > 0).reduce((a, b) => a + b, 0);
    if (Math.abs(sum - 100) > 0.5)
      return { problem: `the positive weights add up to ${sum}%, not 100% (Moodle refuses this question too)` };
    return { question: { ...base, type: "multi", options, correct, weights, ...extra } };
  }
  const correct = weights.indexOf(100);
  if (correct < 0) return { problem: "no answer is worth 100% (Moodle refuses this question too)" };
  const notes: string[] = [];
  if (weights.some((w) => w < 0))
    notes.push("a negative weight on a single-choice option counts as 0% here (an answer never costs points)");
  const clamped = weights.map((w) => Math.max(0, w));
  const partial = clamped.some((w) => w !== 0 && w !== 100) || clamped.filter((w) => w === 100).length > 1;
  return {
    question: { ...base, type: "single", options, correct, ...(partial ? { weights: clamped } : {}), ...extra },
    notes,
  };
}

export function shortAnswer(base: Base, choices: TextChoice[]): Mapped {
  const accepted = choices.map((c) => plain(c.text));
  const weights = choices.map((c) => Math.max(0, weightOf(c)));
  if (!weights.includes(100)) return { problem: "no answer is worth 100% (Moodle refuses this question too)" };
  const partial = weights.some((w) => w !== 100);
  return { question: { ...base, type: "text", accepted, ...(partial ? { weights } : {}), ...feedbackOf(choices) } };
}

/** Moodle: {T#a#b} → "a" to whoever answers wrongly, "b" to whoever answers rightly (gift-pegjs names them true/false). */
export function trueFalse(base: Base, isTrue: boolean, first: TextFormat | null, second: TextFormat | null): Mapped {
  const [wrong, right] = [plain(first), plain(second)];
  const feedback: [string, string] = isTrue ? [right, wrong] : [wrong, right];
  return {
    question: { ...base, type: "truefalse", correct: isTrue, ...(wrong || right ? { feedback } : {}) },
  };
}

const decimals = (n: number) => (Number.isInteger(n) ? 0 : (String(n).split(".")[1]?.length ?? 0));
/** The slider's most steps (schema/quiz.ts refuses more). */
const MAX_STEPS = 10_000;

/**
 * value ± tolerance as a slider: a range around it wide enough to guess (and holding every partly
 * right range), by steps that reach each value exactly.
 */
function sliderAround(base: Base, value: number, tolerance: number, ranges: SliderRange[] = []): Mapped {
  const all = [{ value, tolerance }, ...ranges];
  const step = 10 ** -Math.min(6, Math.max(...all.flatMap((r) => [decimals(r.value), decimals(r.tolerance)])));
  const spread = Math.max(...ranges.map((r) => Math.abs(r.value - value) + r.tolerance), 0);
  // As wide as the value itself (at least 10, five tolerances), yet within the slider's steps.
  const reach = Math.min(Math.ceil(Math.max(10, Math.abs(value), tolerance * 5, spread * 1.5)), (MAX_STEPS * step) / 2);
  if (reach <= Math.max(tolerance, spread))
    return { skip: `skipped a numerical question: ${value} ± ${tolerance} needs more steps than a slider has` };
  // A positive answer keeps its slider positive (a length, a year): min 0 when that still leaves room.
  const lowest = Math.min(...all.map((r) => r.value - r.tolerance));
  const min = lowest >= 0 && value - reach < 0 ? 0 : value - reach;
  const max = value + reach;
  if ((max - min) / step > MAX_STEPS)
    return { skip: `skipped a numerical question: ${value} ± ${tolerance} needs more steps than a slider has` };
  const round = (n: number) => Number(n.toFixed(6));
  return {
    question: {
      ...base,
      type: "slider",
      min: round(min),
      max: round(max),
      step,
      correct: value,
      tolerance,
      ...(ranges.length ? { ranges } : {}),
    },
  };
}

/** Float noise of a midpoint off ((3.141 + 3.142) / 2 is 3.1414999999999997). */
const clean = (n: number) => Number(n.toFixed(9));

function range(f: NumericalFormat): { value: number; tolerance: number } | null {
  if (f.type === "high-low" && f.numberHigh !== undefined && f.numberLow !== undefined)
    return {
      value: clean((f.numberHigh + f.numberLow) / 2),
      tolerance: clean(Math.abs(f.numberHigh - f.numberLow) / 2),
    };
  if (f.number !== undefined) return { value: f.number, tolerance: Math.abs(f.range ?? 0) };
  return null;
}

export function numerical(base: Base, choices: NumericalChoice[] | NumericalFormat): Mapped {
  if (!Array.isArray(choices)) {
    const r = range(choices);
    return r ? sliderAround(base, r.value, r.tolerance) : { skip: "skipped a numerical question it could not read" };
  }
  // "~#feedback" (Moodle's catch-all "any other answer") has text, not a number: it scores nothing,
  // and its feedback goes to whoever no range holds.
  const scored = choices.flatMap((c) => {
    const r = "type" in c.text ? range(c.text as NumericalFormat) : null;
    const feedback = plain(c.feedback);
    return r && weightOf(c) > 0
      ? [{ ...r, weight: Math.min(100, weightOf(c)), ...(feedback ? { feedback } : {}) }]
      : [];
  });
  const full = scored.filter((r) => r.weight === 100);
  if (scored.length !== choices.filter((c) => "type" in c.text && weightOf(c) > 0).length)
    return { skip: "skipped a numerical question it could not read" };
  if (full.length !== 1)
    return {
      skip: full.length
        ? "skipped a numerical question with several ranges worth 100% (a slider has one right range)"
        : "skipped a numerical question with no range worth 100% (Moodle refuses this question too)",
    };
  // Moodle's other weighted ranges: partial credit on the slider (the best range holding the answer counts).
  const ranges = scored.filter((r) => r.weight < 100);
  if (ranges.length > LIMITS.maxOptions)
    return { skip: `skipped a numerical question with more than ${LIMITS.maxOptions} partly right ranges` };
  const mapped = sliderAround(base, full[0].value, full[0].tolerance, ranges);
  const other =
    choices
      .filter((c) => !("type" in c.text))
      .map((c) => plain(c.feedback))
      .find((f) => f) ?? "";
  const right = full[0].feedback ?? "";
  if (mapped.question && (right || other))
    mapped.question = { ...mapped.question, feedback: [right, other] } as QuestionInput;
  // A range worth 0 % with feedback of its own has no place on a slider: said, not dropped silently.
  if (mapped.question && choices.some((c) => "type" in c.text && weightOf(c) <= 0 && c.feedback))
    mapped.notes = ["the feedback of a numerical range worth 0% is not kept (a slider has no such range)"];
  return mapped;
}
