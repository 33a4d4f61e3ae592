// Kahoot's quiz spreadsheet template: a few title and instruction rows, then a header row
//   Question - max 120 characters | Answer 1 - max 75 characters | … | Answer 4 - …
//   | Time limit (sec) – 5, 10, 20, 30, 60, 90, 120, or 240 secs | Correct answer(s) - choose at least one
// (in column B onwards; column A numbers the questions), then one question a row. The header is
// found by its text and its columns are mapped to QuickQuiz's CSV layout, whose rules then apply.
import type { CsvRecord } from "../csv.ts";

export interface KahootColumns {
  /** 0-based index of the header row. */
  headerRow: number;
  question: number;
  answers: number[];
  time: number | null;
  correct: number;
}

/** The template keeps its header within the first rows; a data sheet is not searched further. */
const SEARCH_ROWS = 30;

export function kahootHeader(rows: string[][]): KahootColumns | null {
  for (let r = 0; r < Math.min(rows.length, SEARCH_ROWS); r++) {
    const find = (re: RegExp) => rows[r].findIndex((c) => re.test(c.trim()));
    const question = find(/^question\b.*\bmax\b/i);
    const correct = find(/^correct answer/i);
    const answers = [1, 2, 3, 4].map((n) => find(new RegExp(`^answer ${n}\\b`, "i")));
    if (question < 0 || correct < 0 || answers[0] < 0 || answers[1] < 0) continue;
    const time = find(/^time limit/i);
    return { headerRow: r, question, answers, time: time < 0 ? null : time, correct };
  }
  return null;
}

/** The data rows below the header as CSV-layout records, `line` being the sheet's row number; empty rows left out. */
export function kahootRecords(rows: string[][], cols: KahootColumns): CsvRecord[] {
  const cell = (row: string[], i: number | null) => (i === null || i < 0 ? "" : (row[i] ?? ""));
  const records: CsvRecord[] = [];
  for (let r = cols.headerRow + 1; r < rows.length; r++) {
    const row = rows[r];
    const cells = [
      cell(row, cols.question),
      ...cols.answers.map((a) => cell(row, a)),
      cell(row, cols.time),
      cell(row, cols.correct),
    ];
    // The template numbers rows in column A that nobody filled in: those are not questions.
    if (cells.every((c) => c.trim() === "")) continue;
    records.push({ line: r + 1, cells });
  }
  return records;
}
