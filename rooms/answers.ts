// Per-type answer checking (product.md §3). Pure: no Workers API, no clock.
// Answers here are in the quiz's own terms (option and item indexes); the ids players see are
// per-game (`rooms/shuffle.ts` `optionIds`) and mapped by `fromPlayerIds` / `toPlayerIds`.
import type { Question } from "../schema/quiz";
import type { AnswerValue, CorrectAnswer } from "../schema/messages";

/** true/false questions are shown as two options: id 0 is "True", id 1 is "False". */
export const TRUE_ID = 0;
export const FALSE_ID = 1;

const LONE_SURROGATE = /\p{Cs}/u;

export interface Checked {
  /** null for polls, which are never right or wrong. */
  correct: boolean | null;
  /** Share of the question's points earned before the speed factor (partial multi-select < 1). */
  fraction: number;
}

/** Case, surrounding/inner spacing, compatibility forms and diacritics do not matter in a typed answer. */
export function normaliseTyped(s: string): string {
  return s.normalize("NFKD").replace(/\p{M}/gu, "").toLowerCase().trim().replace(/\s+/g, " ");
}

function optionCount(q: Question): number {
  switch (q.type) {
    case "single":
    case "multi":
    case "poll":
      return q.options.length;
    case "truefalse":
      return 2;
    case "order":
      return q.items.length;
    default:
      return 0;
  }
}

/** Why an answer does not fit its question's type (null when it fits). Such an answer is refused, not scored. */
export function answerProblem(q: Question, a: AnswerValue): string | null {
  const n = optionCount(q);
  switch (q.type) {
    case "single":
    case "truefalse":
    case "poll":
      if (!("choice" in a)) return `a ${q.type} question takes {choice}`;
      return a.choice < n ? null : "no such option";
    case "multi":
      if (!("choices" in a)) return "a multi question takes {choices}";
      if (a.choices.some((c) => c >= n)) return "no such option";
      return new Set(a.choices).size === a.choices.length ? null : "an option is listed twice";
    case "text":
      if (!("text" in a)) return "a text question takes {text}";
      // Half a surrogate pair is not Unicode: D1 would store it as U+FFFD garbage.
      return LONE_SURROGATE.test(a.text) ? "the text is not valid Unicode" : null;
    case "order": {
      if (!("order" in a)) return "an order question takes {order}";
      const seen = new Set(a.order);
      if (a.order.length !== n || seen.size !== n || a.order.some((i) => i >= n)) return `order must list each of the ${n} items once`;
      return null;
    }
    case "slider":
      if (!("value" in a)) return "a slider question takes {value}";
      return a.value >= q.min && a.value <= q.max ? null : `value must lie within ${q.min}..${q.max}`;
  }
}

/** Scores the shape of an answer that `answerProblem` accepted. */
export function checkAnswer(q: Question, a: AnswerValue): Checked {
  switch (q.type) {
    case "poll":
      return { correct: null, fraction: 0 };
    case "single":
      return whole("choice" in a && a.choice === q.correct);
    case "truefalse":
      return whole("choice" in a && a.choice === (q.correct ? TRUE_ID : FALSE_ID));
    case "multi": {
      if (!("choices" in a)) return whole(false);
      const right = new Set(q.correct);
      if (a.choices.some((c) => !right.has(c))) return whole(false);
      // No wrong pick: points by the share of right picks; only the exact set counts as correct (for streaks too).
      return { correct: a.choices.length === right.size, fraction: a.choices.length / right.size };
    }
    case "text": {
      if (!("text" in a)) return whole(false);
      const typed = normaliseTyped(a.text);
      return whole(typed.length > 0 && q.accepted.some((acc) => normaliseTyped(acc) === typed));
    }
    case "order":
      return whole("order" in a && a.order.every((id, pos) => id === pos));
    case "slider":
      // A tiny epsilon so 0.1 + 0.2 style float noise never turns a right answer wrong.
      return whole("value" in a && Math.abs(a.value - q.correct) <= q.tolerance + 1e-9);
  }
}

function whole(ok: boolean): Checked {
  return { correct: ok, fraction: ok ? 1 : 0 };
}

/** What the reveal shows as the right answer; null for polls. */
export function correctAnswerOf(q: Question): CorrectAnswer | null {
  switch (q.type) {
    case "single":
      return { choice: q.correct };
    case "truefalse":
      return { choice: q.correct ? TRUE_ID : FALSE_ID };
    case "multi":
      return { choices: [...q.correct].sort((x, y) => x - y) };
    case "text":
      return { accepted: q.accepted };
    case "order":
      return { order: q.items.map((_, i) => i) };
    case "slider":
      return { value: q.correct, tolerance: q.tolerance };
    case "poll":
      return null;
  }
}

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
