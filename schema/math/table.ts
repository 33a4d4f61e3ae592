// The rendered HTML of a quiz's formulas, by text as written: what a hosted game carries and what
// the teacher's previews build in the browser, so both show a formula the same way.
import { FormulaError, renderMathText } from "./render.ts";

/** What of a question is shown as text: its wording, options or items, and explanation. */
export interface Shown {
  text: string;
  explanation?: string;
  options?: string[];
  items?: string[];
  /** Per-answer feedback (partial credit), shown to a player after the reveal. */
  feedback?: readonly string[];
  /** A slider's partly right ranges, each with its own feedback. */
  ranges?: readonly { feedback?: string }[];
}

export function shownTexts(q: Shown): { path: (string | number)[]; text: string }[] {
  const out: { path: (string | number)[]; text: string }[] = [{ path: ["text"], text: q.text }];
  for (const [i, text] of (q.options ?? []).entries()) out.push({ path: ["options", i], text });
  for (const [i, text] of (q.items ?? []).entries()) out.push({ path: ["items", i], text });
  if (q.explanation) out.push({ path: ["explanation"], text: q.explanation });
  for (const [i, text] of (q.feedback ?? []).entries()) if (text) out.push({ path: ["feedback", i], text });
  for (const [i, r] of (q.ranges ?? []).entries())
    if (r.feedback) out.push({ path: ["ranges", i, "feedback"], text: r.feedback });
  return out;
}

/**
 * Rendered HTML for every shown text that has a formula or an escape. A text that no longer
 * renders (saved before a rule changed) is left out and shows as written. `language`: the
 * quiz's, for the words of each formula's spoken form.
 */
export function mathTable(questions: Shown[], language = "en"): Record<string, string> {
  // A Map, not an object: a text such as "constructor" must not meet an inherited property.
  const table = new Map<string, string | null>();
  for (const q of questions) {
    for (const { text } of shownTexts(q)) {
      if (table.has(text)) continue;
      try {
        table.set(text, renderMathText(text, language));
      } catch (err) {
        if (!(err instanceof FormulaError)) throw err;
        table.set(text, null);
      }
    }
  }
  return Object.fromEntries([...table].filter((e): e is [string, string] => e[1] !== null));
}
