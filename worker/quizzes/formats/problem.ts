// What every importer returns: the questions it could read, each with where it came from, and the
// problems, each naming its line (text files) or row (spreadsheets) so a teacher can find it.
import type { ImportProblem } from "../../../schema/imports.ts";
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
