// Multiple select: 2–6 options, several right; points by the share of right picks, none if any pick is wrong.
import type { QuestionKind } from "./kind.ts";
import { noExtras, whole } from "./kind.ts";
import { blankMarks, blankOptions, type MarksDraft, type OptionsDraft, tallyChoices, texts } from "./options.ts";

export const multi: QuestionKind<"multi", OptionsDraft & MarksDraft> = {
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
    const right = new Set(q.correct);
    if (a.choices.some((c) => !right.has(c))) return whole(false);
    // No wrong pick: points by the share of right picks; only the exact set counts as correct (for streaks too).
    return { correct: a.choices.length === right.size, fraction: a.choices.length / right.size };
  },
  correctAnswer: (q) => ({ choices: [...q.correct].sort((x, y) => x - y) }),
  distribution: (q, answers) => tallyChoices(texts(q.options), answers, new Set(q.correct)),
  draft: {
    blank: () => ({ ...blankOptions(), ...blankMarks() }),
    toInput: (d, common) => ({
      ...common,
      type: "multi",
      options: d.options,
      correct: [...d.correctSet].sort((a, b) => a - b),
    }),
    fromQuestion: (q) => ({ options: q.options, correctSet: q.correct, correctIndex: q.correct[0] ?? 0 }),
  },
};
