// True or false: shown as two options, never shuffled; id 0 is "true", id 1 is "false".
import type { Choice, QuestionKind } from "./kind.ts";
import { feedbackAt, noExtras, whole } from "./kind.ts";
import { oneChoiceProblem, tallyChoices } from "./options.ts";

const TRUE_ID = 0;
const FALSE_ID = 1;
const CHOICES: Choice[] = [{ labelKey: "true" }, { labelKey: "false" }];
const rightId = (correct: boolean) => (correct ? TRUE_ID : FALSE_ID);

export const truefalse: QuestionKind<"truefalse", { correctBool: boolean; tfFeedback: string[] }> = {
  type: "truefalse",
  scored: true,
  arrangement: "fixed",
  choices: () => CHOICES,
  viewExtras: noExtras,
  answerProblem: (q, a) => oneChoiceProblem(q.type, a, CHOICES.length),
  check: (q, a) => whole("choice" in a && a.choice === rightId(q.correct)),
  correctAnswer: (q) => ({ choice: rightId(q.correct) }),
  distribution: (q, answers) => tallyChoices(CHOICES, answers, new Set([rightId(q.correct)])),
  // feedback[0] goes to whoever answered true (id 0), feedback[1] to whoever answered false.
  feedback: (q, a) => ("choice" in a ? feedbackAt(q.feedback, a.choice) : null),
  draft: {
    blank: () => ({ correctBool: true, tfFeedback: ["", ""] }),
    toInput: (d, common) => ({
      ...common,
      type: "truefalse",
      correct: d.correctBool,
      ...(d.tfFeedback.some((f) => f.trim()) ? { feedback: [d.tfFeedback[0].trim(), d.tfFeedback[1].trim()] } : {}),
    }),
    fromQuestion: (q) => ({ correctBool: q.correct, tfFeedback: q.feedback ? [...q.feedback] : ["", ""] }),
  },
};
