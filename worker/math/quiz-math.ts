// Formulas across a quiz: which fields may hold them, the save-time check, and the table of
// rendered HTML a hosted game carries (keyed by the text as written, so every view of the
// question — shuffled options, reveal labels, explanation — looks its text up the same way).
import type { z } from "zod";
import { quiz, quizExport, quizToSave, type Quiz } from "../../schema/quiz.ts";
import { badRequest } from "../errors.ts";
import { FormulaError, renderMathText } from "../../schema/math/render.ts";
import { mathTable, type Shown, shownTexts } from "../../schema/math/table.ts";

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
