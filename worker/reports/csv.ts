// CSV for spreadsheets (RFC 4180): CRLF rows, fields quoted when they hold a quote, comma or line
// break, and a UTF-8 byte-order mark so Excel reads non-Latin text. Text cells that a spreadsheet
// would run as a formula (= + - @, and tab/CR that some strip first) get a leading apostrophe:
// nicknames and typed answers come from players, and a CSV must not be a way to attack the teacher.

export type Cell = string | number | boolean | null | undefined;

export const BOM = "\uFEFF";
const FORMULA_START = /^[=+\-@\t\r]/;

export function neutralise(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

/** Numbers and booleans are data the server produced and stay as they are; strings are neutralised. */
export function csvCell(value: Cell): string {
  if (value === null || value === undefined) return "";
  const text = typeof value === "string" ? neutralise(value) : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvRow(cells: readonly Cell[]): string {
  return cells.map(csvCell).join(",");
}

/** The whole document: BOM, header, rows, each line ended by CRLF. */
export function toCsv(header: readonly string[], rows: readonly (readonly Cell[])[]): string {
  return BOM + [header, ...rows].map((r) => csvRow(r) + "\r\n").join("");
}
