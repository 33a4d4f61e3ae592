// Poll: options, never right or wrong, no points; only the distribution matters.
import type { QuestionKind } from "./kind.ts";
import { noExtras, noFeedback } from "./kind.ts";
import { blankOptions, oneChoiceProblem, type OptionsDraft, tallyChoices, texts } from "./options.ts";

export const poll: QuestionKind<"poll", OptionsDraft> = {
  type: "poll",
  scored: false,
  arrangement: "shuffle",
  choices: (q) => texts(q.options),
  viewExtras: noExtras,
  answerProblem: (q, a) => oneChoiceProblem(q.type, a, q.options.length),
  check: () => ({ correct: null, fraction: 0 }),
  correctAnswer: () => null,
  distribution: (q, answers) => tallyChoices(texts(q.options), answers, null),
  feedback: noFeedback,
  draft: {
    blank: blankOptions,
    toInput: (d, common) => ({ ...common, type: "poll", options: d.options }),
    fromQuestion: (q) => ({ options: q.options }),
  },
};
