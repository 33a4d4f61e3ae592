// Formulas across a quiz: which fields may hold them, the save-time check, and the table of
// rendered HTML a hosted game carries (keyed by the text as written, so every view of the
// question — shuffled options, reveal labels, explanation — looks its text up the same way).
import type { z } from "zod";
import { quiz, quizExport, quizToSave, type Quiz } from "../../schema/quiz.ts";
import { badRequest } from "../errors.ts";
import { FormulaError, renderMathText } from "./render.ts";

/** What of a question is shown as text: its wording, options or items, and explanation. */
interface Shown {
  text: string;
  explanation?: string;
  options?: string[];
  items?: string[];
}

export function shownTexts(q: Shown): { path: (string | number)[]; text: string }[] {
  const out: { path: (string | number)[]; text: string }[] = [{ path: ["text"], text: q.text }];
  for (const [i, text] of (q.options ?? []).entries()) out.push({ path: ["options", i], text });
  for (const [i, text] of (q.items ?? []).entries()) out.push({ path: ["items", i], text });
  if (q.explanation) out.push({ path: ["explanation"], text: q.explanation });
  return out;
}

/** Each formula problem of one question, with the field's path inside it. */
export function questionMathIssues(q: Shown): { path: (string | number)[]; message: string }[] {
  const issues: { path: (string | number)[]; message: string }[] = [];
  for (const { path, text } of shownTexts(q)) {
    try {
      renderMathText(text);
    } catch (err) {
      if (!(err instanceof FormulaError)) throw err;
      issues.push({ path, message: err.message });
    }
  }
  return issues;
}

function checkFormulas(value: Quiz, ctx: z.RefinementCtx): void {
  value.questions.forEach((q, i) => {
    for (const issue of questionMathIssues(q)) {
      ctx.addIssue({ code: "custom", path: ["questions", i, ...issue.path], message: issue.message });
    }
  });
}

/** What the editor saves (POST/PUT): `quizToSave` (alt text on every image) plus "every formula renders". */
export const quizWithMath = quizToSave.superRefine(checkFormulas);
/** What an import saves: lenient on alt text (files from other tools carry none), strict on formulas. */
export const importedQuizWithMath = quiz.superRefine(checkFormulas);
export type QuizWithMath = z.infer<typeof quizWithMath>;

/**
 * Rendered HTML for every shown text that has a formula or an escape. A text that no longer
 * renders (saved before a rule changed) is left out and shows as written.
 */
/** `language`: the quiz's, for the words of each formula's spoken form. */
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

/**
 * `{ math }` for questions, or `{}` when no text has a formula. Reports and histories build it from
 * a game's frozen questions when read (long after hosting).
 */
export function mathOf(questions: Shown[], language?: string): { math?: Record<string, string> } {
  const math = mathTable(questions, language);
  return Object.keys(math).length ? { math } : {};
}

/** A room keeps its config in one storage value (2 MB at most): formulas must leave room for the rest. */
const MAX_MATH_CHARS = 1_000_000;

/**
 * The formula table a live room or an assignment is given with its questions (in play order). A
 * table too large to store is refused (400).
 */
export function playedMath(questions: Shown[], language: string): { math?: Record<string, string> } {
  const played = mathOf(questions, language);
  if (played.math && JSON.stringify(played.math).length > MAX_MATH_CHARS)
    throw badRequest("this quiz's formulas are too large to play; shorten some of them");
  return played;
}

/** The JSON export envelope, its quiz checked like a saved one. */
export const quizExportWithMath = quizExport.extend({ quiz: importedQuizWithMath });
