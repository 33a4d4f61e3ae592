// Single choice: 2–6 options, one right; with partial credit each option is worth 0–100 % (several may be worth 100 %).
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
  oneChoiceProblem,
  type OptionsDraft,
  tallyChoices,
  texts,
} from "./options.ts";

/** The options worth full points: the marked one, or every one weighted 100 %. */
const fullOptions = (q: { correct: number; weights?: number[] }) =>
  new Set(q.weights ? q.weights.flatMap((w, i) => (w >= 100 ? [i] : [])) : [q.correct]);

export const single: QuestionKind<"single", OptionsDraft & MarksDraft & CreditDraft> = {
  type: "single",
  scored: true,
  arrangement: "shuffle",
  choices: (q) => texts(q.options),
  viewExtras: noExtras,
  answerProblem: (q, a) => oneChoiceProblem(q.type, a, q.options.length),
  check(q, a) {
    if (!("choice" in a)) return whole(false);
    return q.weights ? share(q.weights[a.choice] ?? 0) : whole(a.choice === q.correct);
  },
  correctAnswer: (q) => ({ choice: q.correct }),
  distribution: (q, answers) => tallyChoices(texts(q.options), answers, fullOptions(q)),
  feedback: (q, a) => ("choice" in a ? feedbackAt(q.feedback, a.choice) : null),
  draft: {
    blank: () => ({ ...blankOptions(), ...blankMarks(), ...blankCredit() }),
    toInput(d, common) {
      const credit = creditInput(d, d.options.length);
      // The marked option is the one worth 100 % (the editor shows it fixed).
      if (credit.weights) credit.weights[d.correctIndex] = 100;
      return { ...common, type: "single", options: d.options, correct: d.correctIndex, ...credit };
    },
    fromQuestion: (q) => ({ options: q.options, correctIndex: q.correct, correctSet: [q.correct], ...creditDraft(q) }),
  },
};
