// Importing and exporting quizzes in other tools' formats: the query shapes and the preview the
// API answers with. (JSON and CSV keep their own endpoints too; see README, "Import and export".)
import { z } from "zod";
import { csvImportOptions } from "./catalog.ts";
import type { Quiz } from "./quiz.ts";

export const IMPORT_FORMATS = ["json", "csv", "xlsx", "kahoot", "gift", "aiken", "quizlet"] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];
/** Formats read from the bytes of the file rather than its text. */
export const BINARY_FORMATS: readonly ImportFormat[] = ["xlsx", "kahoot"];

export const EXPORT_FORMATS = ["json", "gift", "aiken"] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

const formatName = z.enum(IMPORT_FORMATS, `format must be one of ${IMPORT_FORMATS.join(", ")}`);

/** Which side of a Quizlet card is asked: the definition (the term is the answer; the default) or the term. */
export const QUIZLET_SIDES = ["definition", "term"] as const;
export type QuizletSide = (typeof QUIZLET_SIDES)[number];
/** What a file without them lacks (title…), and how a Quizlet list is asked. */
export const importOptions = csvImportOptions.extend({ ask: z.enum(QUIZLET_SIDES).default("definition") });
export type ImportOptions = z.infer<typeof importOptions>;
/** Query of POST /api/quizzes/import/preview: the format and the options. */
export const importQuery = importOptions.extend({ format: formatName });
/** Path of POST /api/quizzes/import/:format (JSON and CSV keep /import and /import/csv). */
export const importPath = z.object({
  format: z.enum(
    ["xlsx", "kahoot", "gift", "aiken", "quizlet"],
    "format must be one of xlsx, kahoot, gift, aiken, quizlet",
  ),
});
export const exportQuery = z.object({
  format: z.enum(EXPORT_FORMATS, `format must be one of ${EXPORT_FORMATS.join(", ")}`).default("json"),
});

/** A problem found in a file: where (its line, row, or question number) and what. */
export interface ImportProblem {
  path: string;
  message: string;
  line?: number;
  row?: number;
  question?: number;
}

/** POST /api/quizzes/import/preview: what saving would store, or why it would not. Nothing is saved. */
export interface ImportPreview {
  format: ImportFormat;
  /** The quiz with the questions that could be read (all of them when `problems` is empty). */
  quiz: Quiz;
  /** How many questions the file holds, readable or not. */
  found: number;
  /** Each one stops the import. */
  problems: ImportProblem[];
  /** Left out on purpose (a GIFT essay…); they do not stop the import. */
  skipped: ImportProblem[];
  /** Rendered HTML of the texts with formulas, by text, as a hosted game would show them. */
  math: Record<string, string>;
}
