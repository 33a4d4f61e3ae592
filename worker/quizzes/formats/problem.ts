// What every importer returns: the questions it could read, each with where it came from, and the
// problems, each naming its line (text files) or row (spreadsheets) so a teacher can find it.
import type { ImportProblem } from "../../../schema/imports.ts";
import { literalEmphasis } from "../../../schema/math/emphasis.ts";
import type { QuestionInput } from "../../../schema/quiz.ts";

/** Where in a file: a line of a text file, a row of a sheet, or (JSON, exports) a question's number. */
export type Unit = "line" | "row" | "question";

/** An Issue (the API's error shape) that also carries its line, row or question number. */
export type Problem = ImportProblem;

export interface Located {
  question: QuestionInput;
  /** Where the question starts in the file. */
  at: { unit: Unit; n: number };
}

export interface Parsed {
  questions: Located[];
  problems: Problem[];
  /** Things left out on purpose (a GIFT essay question…): shown, but they do not stop the import. */
  skipped: Problem[];
  /** Quiz fields the file itself carries (a JSON file's title…). */
  quiz?: Record<string, unknown>;
}

export function problemAt(unit: Unit, n: number, message: string): Problem {
  return { path: `${unit} ${n}`, [unit]: n, message: `${unit} ${n}: ${message}` };
}

/** A problem of the whole file rather than of one place in it. */
export const fileProblem = (message: string): Problem => ({ path: "(root)", message });

/**
 * The shown texts of a format that has no markup (Aiken, a Quizlet list, Kahoot's template) as
 * written: where a `*`, `_` or backtick would read as emphasis it is escaped, as in GIFT's texts
 * without `[markdown]`; formulas keep their TeX. Accepted typed answers are compared with what a
 * player types, never shown as emphasis, and stay as they are.
 */
export function asWritten(parsed: Parsed): Parsed {
  const lit = (v: unknown) => (typeof v === "string" ? literalEmphasis(v) : v);
  const shown = (q: QuestionInput): QuestionInput => {
    const out: Record<string, unknown> = { ...q };
    for (const k of ["text", "explanation"]) if (k in out) out[k] = lit(out[k]);
    for (const k of ["options", "items", "feedback"]) if (Array.isArray(out[k])) out[k] = out[k].map(lit);
    return out as QuestionInput;
  };
  return { ...parsed, questions: parsed.questions.map((l) => ({ ...l, question: shown(l.question) })) };
}
