// Spreadsheets (.xlsx), read in the Worker with read-excel-file's universal build (fflate and a
// JavaScript XML parser: no DOM, no Node APIs). The first sheet is either Kahoot's quiz template
// (found by its header row) or QuickQuiz's CSV layout, one question a row.
import { readSheet } from "read-excel-file/universal";
import { recordsToQuestions, type CsvRecord } from "../csv.ts";
import { anyOfCounts, kahootHeader, kahootRecords } from "./kahoot.ts";
import { asWritten, fileProblem, type Parsed } from "./problem.ts";
import { verifiedXlsx } from "./zip-guard.ts";

type Cell = string | number | boolean | Date | null | undefined;

/** What a cell reads as in the CSV layout: numbers as written ("20", "1"), dates as ISO days. */
export function cellText(cell: Cell): string {
  if (cell === null || cell === undefined) return "";
  if (cell instanceof Date) return cell.toISOString().slice(0, 10);
  return String(cell);
}

/** The first sheet's cells as text, row i of the result being row i + 1 of the sheet. */
export async function sheetRows(bytes: ArrayBuffer): Promise<string[][] | { error: string }> {
  // read-excel-file sees only parts the guard unpacked and counted itself (zip-guard.ts).
  const verified = await verifiedXlsx(new Uint8Array(bytes));
  if ("error" in verified) return verified;
  try {
    const rows = (await readSheet(verified.zip)) as unknown as Cell[][];
    return rows.map((r) => r.map(cellText));
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    return { error: `the file cannot be read as an .xlsx spreadsheet (${why.slice(0, 120)})` };
  }
}

const isBlank = (cells: string[]) => cells.every((c) => c.trim() === "");

/** `kahoot`: only Kahoot's template is accepted; otherwise the template is recognised, or the CSV layout is read. */
export async function parseXlsx(bytes: ArrayBuffer, kahoot: boolean): Promise<Parsed> {
  const rows = await sheetRows(bytes);
  if ("error" in rows) return { questions: [], problems: [fileProblem(rows.error)], skipped: [] };
  const header = kahootHeader(rows);
  if (kahoot && !header) {
    return {
      questions: [],
      problems: [
        fileProblem(
          'no Kahoot header row found (a row with "Question", "Answer 1" … "Correct answer(s)" columns); is this Kahoot\'s quiz template?',
        ),
      ],
      skipped: [],
    };
  }
  const records: CsvRecord[] = header
    ? kahootRecords(rows, header)
    : rows.map((cells, i) => ({ line: i + 1, cells })).filter((r) => !isBlank(r.cells));
  const { questions, issues } = recordsToQuestions(records, "row", "sheet", !header);
  // Kahoot's template has no markup; the CSV layout is QuickQuiz's own, where emphasis is written on purpose.
  return header
    ? asWritten({ questions: questions.map(anyOfCounts), problems: issues, skipped: [] })
    : { questions, problems: issues, skipped: [] };
}
