// Which importer a file is for, and where its preview and its save go. The server reads every
// format (xlsx in the Worker, never in the player's route); this only picks and addresses.
import type { ImportFormat, QuizletSide } from "../../../../schema/imports.ts";

/** Formats a file can be in, in the order the format menu lists them. */
export const FILE_FORMATS: ImportFormat[] = ["json", "csv", "xlsx", "kahoot", "gift", "aiken", "quizlet"];
/** Formats pasted text can be in. */
export const PASTE_FORMATS: ImportFormat[] = ["quizlet", "gift", "aiken", "csv"];

const BY_EXTENSION: Record<string, ImportFormat> = { json: "json", csv: "csv", xlsx: "xlsx", gift: "gift" };

/** By the file's extension; a .txt by what its first lines look like. */
export function guessFormat(name: string, head: string): ImportFormat {
  const ext = name.toLowerCase().split(".").pop() ?? "";
  if (BY_EXTENSION[ext]) return BY_EXTENSION[ext];
  if (/^\s*ANSWER\s*:/im.test(head)) return "aiken";
  if (/\{[^}]*\}|^::/m.test(head)) return "gift";
  if (head.includes("\t")) return "quizlet";
  return "gift";
}

/** A file has no title of its own (but JSON): its name stands in for it. */
export const titleFromName = (name: string) => name.replace(/\.[^.]+$/, "").slice(0, 120) || "Imported quiz";

export const isBinary = (f: ImportFormat) => f === "xlsx" || f === "kahoot";

export function contentType(f: ImportFormat): string {
  if (isBinary(f)) return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
  if (f === "json") return "application/json";
  if (f === "csv") return "text/csv";
  return "text/plain; charset=utf-8";
}

/** The options a Quizlet list is read with (which side is asked); other formats send none. */
const sideOf = (f: ImportFormat, ask: QuizletSide): Record<string, string> => (f === "quizlet" ? { ask } : {});

export const previewUrl = (f: ImportFormat, title: string, ask: QuizletSide = "definition") =>
  `/api/quizzes/import/preview?${new URLSearchParams({ format: f, title, ...sideOf(f, ask) })}`;

/** JSON and CSV keep their own endpoints; the others are saved by format. */
export function saveUrl(f: ImportFormat, title: string, ask: QuizletSide = "definition"): string {
  if (f === "json") return "/api/quizzes/import";
  const q = new URLSearchParams({ title, ...sideOf(f, ask) });
  return f === "csv" ? `/api/quizzes/import/csv?${q}` : `/api/quizzes/import/${f}?${q}`;
}
