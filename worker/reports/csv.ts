// CSV for spreadsheets (RFC 4180): CRLF rows and a UTF-8 byte-order mark so Excel reads non-Latin
// text. Nicknames and typed answers come from players, and a CSV must not be a way to attack the
// teacher (OWASP "CSV injection"):
// - a field is quoted when it holds a quote, a line break or the separator of ANY common locale
//   (`,` en-US; `;` ru-RU, de-DE, fr-FR; tab; `|`);
// - quoting alone is not enough: a spreadsheet whose separator is `;` does not see this file's
//   commas, so only a row's first field starts with its quote there, and `x;=1+1` in any later
//   field still splits into a live `=1+1` cell. So a formula start (= + - @, their full-width
//   forms, also after spaces) gets an apostrophe wherever a cell could begin: at the start of the
//   text and after every separator or line break in it; a leading tab or CR likewise.

export type Cell = string | number | boolean | null | undefined;

export const BOM = "\uFEFF";
const LEADING_CONTROL = /^[\t\r]/;
const FORMULA_AT_CELL_START = /(^|[,;|\t\r\n])([ \u00a0]*[=+\-@\uff1d\uff0b\uff0d\uff20])/g;
const NEEDS_QUOTES = /[",;|\t\r\n]/;

export function neutralise(text: string): string {
  const inner = text.replace(FORMULA_AT_CELL_START, "$1'$2");
  return LEADING_CONTROL.test(inner) ? `'${inner}` : inner;
}

/** Numbers and booleans are data the server produced and stay as they are; strings are neutralised. */
export function csvCell(value: Cell): string {
  if (value === null || value === undefined) return "";
  const text = typeof value === "string" ? neutralise(value) : String(value);
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvRow(cells: readonly Cell[]): string {
  return cells.map(csvCell).join(",");
}

/** The whole document: BOM, header, rows, each line ended by CRLF. */
export function toCsv(header: readonly string[], rows: readonly (readonly Cell[])[]): string {
  return BOM + [header, ...rows].map((r) => csvRow(r) + "\r\n").join("");
}
