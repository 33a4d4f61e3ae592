// True or false: shown as two options, never shuffled; id 0 is "true", id 1 is "false".
import type { Choice, QuestionKind } from "./kind.ts";
import { noExtras, whole } from "./kind.ts";
import { oneChoiceProblem, tallyChoices } from "./options.ts";

const TRUE_ID = 0;
const FALSE_ID = 1;
const CHOICES: Choice[] = [{ labelKey: "true" }, { labelKey: "false" }];
const rightId = (correct: boolean) => (correct ? TRUE_ID : FALSE_ID);

export const truefalse: QuestionKind<"truefalse", { correctBool: boolean }> = {
  type: "truefalse",
  scored: true,
  arrangement: "fixed",
  choices: () => CHOICES,
  viewExtras: noExtras,
  answerProblem: (q, a) => oneChoiceProblem(q.type, a, CHOICES.length),
  check: (q, a) => whole("choice" in a && a.choice === rightId(q.correct)),
  correctAnswer: (q) => ({ choice: rightId(q.correct) }),
  distribution: (q, answers) => tallyChoices(CHOICES, answers, new Set([rightId(q.correct)])),
  draft: {
    blank: () => ({ correctBool: true }),
    toInput: (d, common) => ({ ...common, type: "truefalse", correct: d.correctBool }),
    fromQuestion: (q) => ({ correctBool: q.correct }),
  },
};
