// CSV injection (OWASP): a nickname or typed answer must not become a live formula in any
// spreadsheet locale — also in those that separate fields with `;` (ru-RU, de-DE, fr-FR), where
// an unquoted `x;=1+1;` splits into a cell `=1+1`.
import { describe, expect, it } from "vitest";
import { csvCell, toCsv } from "../../worker/reports/csv.ts";

/** How a spreadsheet in a locale with separator `sep` splits a CSV document (quotes respected). */
function splitAs(text: string, sep: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"' && field === "") quoted = true;
    else if (ch === sep) {
      row.push(field);
      field = "";
    } else if (ch === "\n") {
      row.push(field.replace(/\r$/, ""));
      rows.push(row);
      row = [];
      field = "";
    } else field += ch;
  }
  return rows;
}

const ATTACKS = [
  "x;=1+1;",
  "y;=cmd|' /C calc'!A0;",
  'a,=HYPERLINK("http://evil")',
  "b\t=1+1",
  "c|=1+1",
  " =1+1",
  "\u00a0+1",
  "＝1+1",
  "-2+3",
  "@SUM(A1)",
  "\r=1",
];
const LIVE = /^[\s\u00a0]*[=+\-@\uff1d\uff0b\uff0d\uff20]/;

describe("CSV cells under every common separator", () => {
  for (const sep of [",", ";", "\t", "|"]) {
    it(`no cell starts a formula when split on ${JSON.stringify(sep)}`, () => {
      const doc = toCsv(
        ["nickname", "answer"],
        ATTACKS.map((a) => [a, a]),
      );
      for (const row of splitAs(doc.slice(1), sep)) for (const cell of row) expect(cell).not.toMatch(LIVE);
    });
  }

  it("quotes a field holding a separator of any locale, and neutralises every place a cell could begin", () => {
    expect(csvCell("x;=1+1;")).toBe(`"x;'=1+1;"`);
    expect(csvCell("y;=cmd|' /C calc'!A0;")).toBe(`"y;'=cmd|' /C calc'!A0;"`);
    expect(csvCell("a|b")).toBe('"a|b"');
    expect(csvCell("a\tb")).toBe('"a\tb"');
    expect(csvCell(" =1")).toBe("' =1");
    expect(csvCell("＝1")).toBe("'＝1");
    expect(csvCell("plain text")).toBe("plain text");
  });
});
