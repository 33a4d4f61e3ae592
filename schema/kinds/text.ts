// Type answer: right when it matches an accepted answer, ignoring case, spacing and diacritics.
// With partial credit each accepted answer is worth 0–100 % (the best match counts).
import type { AnswerValue } from "../messages.ts";
import type { QuestionKind } from "./kind.ts";
import { feedbackAt, noExtras, share, whole } from "./kind.ts";
import { answerBuckets } from "./buckets.ts";
import { blankCredit, type CreditDraft, creditDraft, creditInput } from "./options.ts";

const LONE_SURROGATE = /\p{Cs}/u;

/** Case, surrounding/inner spacing, compatibility forms and diacritics do not matter in a typed answer. */
export function normaliseTyped(s: string): string {
  return s.normalize("NFKD").replace(/\p{M}/gu, "").toLowerCase().trim().replace(/\s+/g, " ");
}

/** The accepted answer the typed one matches (the best-weighted one when several do), or undefined. */
function matched(q: { accepted: string[]; weights?: number[] }, a: AnswerValue): number | undefined {
  if (!("text" in a)) return undefined;
  const typed = normaliseTyped(a.text);
  if (!typed) return undefined;
  let best: number | undefined;
  q.accepted.forEach((acc, i) => {
    if (normaliseTyped(acc) !== typed) return;
    if (best === undefined || (q.weights?.[i] ?? 100) > (q.weights?.[best] ?? 100)) best = i;
  });
  return best;
}

/** Only answers worth 100 % are "right" in the reveal (a 0 % one exists for its feedback). */
const fullAnswers = (q: { accepted: string[]; weights?: number[] }) =>
  q.weights ? q.accepted.filter((_, i) => (q.weights?.[i] ?? 0) >= 100) : q.accepted;

export const text: QuestionKind<"text", { accepted: string[] } & CreditDraft> = {
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
    const i = matched(q, a);
    if (i === undefined) return whole(false);
    return q.weights ? share(q.weights[i] ?? 0) : whole(true);
  },
  correctAnswer: (q) => ({ accepted: fullAnswers(q) }),
  distribution: (_q, answers, audience) =>
    answerBuckets(answers, audience, (a) =>
      "text" in a ? { key: normaliseTyped(a.text), label: a.text.trim() } : null,
    ),
  typedKey(a) {
    if (!("text" in a)) return null;
    const key = normaliseTyped(a.text);
    return key ? { key, text: a.text.trim().replace(/\s+/g, " ") } : null;
  },
  feedback: (q, a) => feedbackAt(q.feedback, matched(q, a)),
  draft: {
    blank: () => ({ accepted: [""], ...blankCredit() }),
    toInput: (d, common) => ({ ...common, type: "text", accepted: d.accepted, ...creditInput(d, d.accepted.length) }),
    fromQuestion: (q) => ({ accepted: q.accepted, ...creditDraft(q) }),
  },
};
