// Single choice: 2–6 options, one right.
import type { QuestionKind } from "./kind.ts";
import { noExtras, whole } from "./kind.ts";
import {
  blankMarks,
  blankOptions,
  type MarksDraft,
  oneChoiceProblem,
  type OptionsDraft,
  tallyChoices,
  texts,
} from "./options.ts";

export const single: QuestionKind<"single", OptionsDraft & MarksDraft> = {
  type: "single",
  scored: true,
  arrangement: "shuffle",
  choices: (q) => texts(q.options),
  viewExtras: noExtras,
  answerProblem: (q, a) => oneChoiceProblem(q.type, a, q.options.length),
  check: (q, a) => whole("choice" in a && a.choice === q.correct),
  correctAnswer: (q) => ({ choice: q.correct }),
  distribution: (q, answers) => tallyChoices(texts(q.options), answers, new Set([q.correct])),
  draft: {
    blank: () => ({ ...blankOptions(), ...blankMarks() }),
    toInput: (d, common) => ({ ...common, type: "single", options: d.options, correct: d.correctIndex }),
    fromQuestion: (q) => ({ options: q.options, correctIndex: q.correct, correctSet: [q.correct] }),
  },
};
