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

/**
 * Partial credit in the editor: whether it is on, and a percentage and a feedback text per option
 * (or accepted answer), kept while the teacher switches types or turns partial credit off.
 */
export interface CreditDraft {
  partial: boolean;
  weights: number[];
  feedback: string[];
}
export const blankCredit = (): CreditDraft => ({ partial: false, weights: [], feedback: [] });

/** The schema's optional fields from the editor's: weights only when partial credit is on, feedback when any is written. */
export function creditInput(d: CreditDraft, n: number): { weights?: number[]; feedback?: string[] } {
  const out: { weights?: number[]; feedback?: string[] } = {};
  if (d.partial) out.weights = Array.from({ length: n }, (_, i) => d.weights[i] ?? 0);
  const fb = Array.from({ length: n }, (_, i) => (d.feedback[i] ?? "").trim());
  if (fb.some((f) => f)) out.feedback = fb;
  return out;
}

/** The editor's fields from a saved question's optional weights and feedback. */
export const creditDraft = (q: { weights?: number[]; feedback?: string[] }): CreditDraft => ({
  partial: !!q.weights,
  weights: q.weights ?? [],
  feedback: q.feedback ?? [],
});

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
