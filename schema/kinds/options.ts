// What the kinds that show options share: their text, their answer shape and their tally.
import type { AnswerValue, LabelKey } from "../messages.ts";
import type { Choice, CheckedAnswer, Tally } from "./kind.ts";

/** The teacher's options or items as choices. */
export const texts = (list: readonly string[]): Choice[] => list.map((text) => ({ text }));

/** A choice's label in a tally: the same text or key. */
const tallyLabel = (c: Choice): { label: string } | { labelKey: LabelKey } =>
  "text" in c ? { label: c.text } : { labelKey: c.labelKey };

/** For kinds answered with `{choice}`: one of `n` options. */
export function oneChoiceProblem(type: string, a: AnswerValue, n: number): string | null {
  if (!("choice" in a)) return `a ${type} question takes {choice}`;
  return a.choice < n ? null : "no such option";
}

/**
 * Picks per option, in the quiz's order. `right` holds the right options' indexes, or is null
 * when no option is right or wrong (a poll). A stored answer counts once per option it names, and
 * never for an option the question lacks (the report reads plain JSON back from D1).
 */
export function tallyChoices(
  choices: readonly Choice[],
  answers: readonly CheckedAnswer[],
  right: ReadonlySet<number> | null,
): Tally[] {
  const counts = choices.map(() => 0);
  for (const { answer } of answers) {
    const picked = "choice" in answer ? [answer.choice] : "choices" in answer ? answer.choices : [];
    for (const i of new Set(picked)) if (i < counts.length) counts[i]++;
  }
  return choices.map((c, index) => ({
    ...tallyLabel(c),
    index,
    count: counts[index],
    correct: right ? right.has(index) : null,
  }));
}

/** The editor's option fields, shared by every kind that shows options (switching between them keeps them). */
export interface OptionsDraft {
  options: string[];
}
export const blankOptions = (): OptionsDraft => ({ options: ["", "", "", ""] });

/** Which options are right, kept both ways so switching between one and several right answers keeps the marks. */
export interface MarksDraft {
  correctIndex: number;
  correctSet: number[];
}
export const blankMarks = (): MarksDraft => ({ correctIndex: 0, correctSet: [0] });
