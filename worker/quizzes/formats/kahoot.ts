// Kahoot's quiz spreadsheet template: a few title and instruction rows, then a header row
//   Question - max 120 characters | Answer 1 - max 75 characters | … | Answer 4 - …
//   | Time limit (sec) – 5, 10, 20, 30, 60, 90, 120, or 240 secs | Correct answer(s) - choose at least one
// (in column B onwards; column A numbers the questions), then one question a row. The header is
// found by its text and its columns are mapped to QuickQuiz's CSV layout, whose rules then apply.
// In Kahoot a question with several correct answers is answered with one pick, and any of them
// counts: it becomes a single choice whose listed answers are each worth 100 % (partial credit's
// weights), not a multiple select where all must be ticked.
import type { QuestionInput } from "../../../schema/quiz.ts";
import type { CsvRecord } from "../csv.ts";
import type { Located } from "./problem.ts";

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

/** Kahoot's "any of them counts": a question read as multiple select becomes one pick, each listed answer full credit. */
export function anyOfCounts(l: Located): Located {
  const q: QuestionInput = l.question;
  if (q.type !== "multi") return l;
  const { correct, ...rest } = q;
  const weights = q.options.map((_, i) => (correct.includes(i) ? 100 : 0));
  return { ...l, question: { ...rest, type: "single", correct: correct[0], weights } };
}
