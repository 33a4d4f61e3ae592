// Type answer: right when it matches an accepted answer, ignoring case, spacing and diacritics.
import type { QuestionKind } from "./kind.ts";
import { noExtras, whole } from "./kind.ts";
import { answerBuckets } from "./buckets.ts";

const LONE_SURROGATE = /\p{Cs}/u;

/** Case, surrounding/inner spacing, compatibility forms and diacritics do not matter in a typed answer. */
export function normaliseTyped(s: string): string {
  return s.normalize("NFKD").replace(/\p{M}/gu, "").toLowerCase().trim().replace(/\s+/g, " ");
}

export const text: QuestionKind<"text", { accepted: string[] }> = {
  type: "text",
  scored: true,
  arrangement: "fixed",
  choices: () => [],
  viewExtras: noExtras,
  answerProblem(_q, a) {
    if (!("text" in a)) return "a text question takes {text}";
    // Half a surrogate pair is not Unicode: D1 would store it as U+FFFD garbage.
    return LONE_SURROGATE.test(a.text) ? "the text is not valid Unicode" : null;
  },
  check(q, a) {
    if (!("text" in a)) return whole(false);
    const typed = normaliseTyped(a.text);
    return whole(typed.length > 0 && q.accepted.some((acc) => normaliseTyped(acc) === typed));
  },
  correctAnswer: (q) => ({ accepted: q.accepted }),
  distribution: (_q, answers, audience) =>
    answerBuckets(answers, audience, (a) =>
      "text" in a ? { key: normaliseTyped(a.text), label: a.text.trim() } : null,
    ),
  typedKey(a) {
    if (!("text" in a)) return null;
    const key = normaliseTyped(a.text);
    return key ? { key, text: a.text.trim().replace(/\s+/g, " ") } : null;
  },
  draft: {
    blank: () => ({ accepted: [""] }),
    toInput: (d, common) => ({ ...common, type: "text", accepted: d.accepted }),
    fromQuestion: (q) => ({ accepted: q.accepted }),
  },
};
