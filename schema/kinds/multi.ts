// Multiple select: 2–6 options, several right. Without weights: points by the share of right picks,
// none if any pick is wrong. With weights (Moodle-style): the picks' percentages summed, a wrong pick
// costing its negative weight, clamped to 0..100 %.
import type { QuestionKind } from "./kind.ts";
import { feedbackAt, noExtras, share, whole } from "./kind.ts";
import {
  blankCredit,
  blankMarks,
  blankOptions,
  type CreditDraft,
  creditDraft,
  creditInput,
  type MarksDraft,
  type OptionsDraft,
  tallyChoices,
  texts,
} from "./options.ts";

export const multi: QuestionKind<"multi", OptionsDraft & MarksDraft & CreditDraft> = {
  type: "multi",
  scored: true,
  arrangement: "shuffle",
  choices: (q) => texts(q.options),
  viewExtras: noExtras,
  answerProblem(q, a) {
    if (!("choices" in a)) return "a multi question takes {choices}";
    if (a.choices.some((c) => c >= q.options.length)) return "no such option";
    return new Set(a.choices).size === a.choices.length ? null : "an option is listed twice";
  },
  check(q, a) {
    if (!("choices" in a)) return whole(false);
    const { weights } = q;
    if (weights) return share(a.choices.reduce((sum, c) => sum + (weights[c] ?? 0), 0));
    const right = new Set(q.correct);
    if (a.choices.some((c) => !right.has(c))) return whole(false);
    // No wrong pick: points by the share of right picks; only the exact set counts as correct (for streaks too).
    return { correct: a.choices.length === right.size, fraction: a.choices.length / right.size };
  },
  correctAnswer: (q) => ({ choices: [...q.correct].sort((x, y) => x - y) }),
  distribution: (q, answers) => tallyChoices(texts(q.options), answers, new Set(q.correct)),
  // Several picks: each picked option's feedback, one per line.
  feedback: (q, a) =>
    "choices" in a
      ? a.choices
          .map((c) => feedbackAt(q.feedback, c))
          .filter((f) => f)
          .join("\n") || null
      : null,
  draft: {
    blank: () => ({ ...blankOptions(), ...blankMarks(), ...blankCredit() }),
    toInput: (d, common) => ({
      ...common,
      type: "multi",
      options: d.options,
      correct: d.partial
        ? d.options.flatMap((_, i) => ((d.weights[i] ?? 0) > 0 ? [i] : []))
        : [...d.correctSet].sort((a, b) => a - b),
      ...creditInput(d, d.options.length),
    }),
    fromQuestion: (q) => ({
      options: q.options,
      correctSet: q.correct,
      correctIndex: q.correct[0] ?? 0,
      ...creditDraft(q),
    }),
  },
};
