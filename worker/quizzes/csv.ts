// Spreadsheet import (docs/product.md §3): one question a row in the common layout
//   question, answer 1, answer 2, answer 3, answer 4, time limit, correct answer(s)
// Pure functions: text in, questions or line-numbered issues out.
import { question, type QuestionInput } from "../../schema/quiz.ts";
import type { Issue } from "../errors.ts";
import { fileProblem, problemAt, type Located, type Problem, type Unit } from "./formats/problem.ts";

export interface CsvRecord {
  /** 1-based line where the record starts (a quoted cell may span several lines). */
  line: number;
  cells: string[];
}

export class CsvSyntaxError extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(`line ${line}: ${message}`);
  }
}

/** RFC 4180: quoted cells may hold the delimiter, doubled quotes and line breaks; CRLF or LF. */
export function parseCsv(text: string, delimiter = ","): CsvRecord[] {
  const records: CsvRecord[] = [];
  let cells: string[] = [];
  let cell = "";
  let line = 1;
  let recordLine = 1;
  let quoted = false;
  let quoteLine = 0;
  let i = 0;
  const endRecord = () => {
    cells.push(cell);
    // Blank lines carry nothing; spreadsheets often leave some at the end.
    if (!(cells.length === 1 && cells[0].trim() === "")) records.push({ line: recordLine, cells });
    cells = [];
    cell = "";
  };
  while (i < text.length) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          cell += '"';
          i += 2;
          continue;
        }
        quoted = false;
      } else {
        if (ch === "\n") line += 1;
        cell += ch;
      }
      i += 1;
      continue;
    }
    if (ch === '"' && cell.trim() === "") {
      // Spaces before an opening quote are dropped, as spreadsheets do.
      cell = "";
      quoted = true;
      quoteLine = line;
    } else if (ch === delimiter) {
      cells.push(cell);
      cell = "";
    } else if (ch === "\r" || ch === "\n") {
      if (ch === "\r" && text[i + 1] === "\n") i += 1;
      endRecord();
      line += 1;
      recordLine = line;
    } else {
      cell += ch;
    }
    i += 1;
  }
  if (quoted) throw new CsvSyntaxError(quoteLine, 'a quoted cell is never closed (a " is missing)');
  endRecord();
  return records;
}

/** Excel in many locales writes `;` between cells: take whichever separates the first line more. */
export function detectDelimiter(text: string): "," | ";" {
  let commas = 0;
  let semicolons = 0;
  let quoted = false;
  for (const ch of text) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === "\n" || ch === "\r")) break;
    else if (!quoted && ch === ",") commas += 1;
    else if (!quoted && ch === ";") semicolons += 1;
  }
  return semicolons > commas ? ";" : ",";
}

const COLUMNS = 7;
const ANSWER_COLUMNS = 4;
const CORRECT_LIST = /^\d+(\s*[,;]\s*\d+)*$/;
const HEADER_WORDS = /question|answer|time|correct|вопрос|ответ|время|правильн/i;
const TRUE_WORDS = new Set(["true", "верно", "правда", "да"]);
const FALSE_WORDS = new Set(["false", "неверно", "ложь", "нет"]);

/** A first row is a header if it does not read as a question and names the columns. */
function isHeader(cells: string[]): boolean {
  const time = (cells[5] ?? "").trim();
  const correct = (cells[6] ?? "").trim();
  const readsAsData = (time === "" || /^\d+$/.test(time)) && CORRECT_LIST.test(correct);
  return !readsAsData && cells.some((c) => HEADER_WORDS.test(c));
}

/** Names the spreadsheet's column for a path into a question. */
function columnName(path: PropertyKey[], optionColumns: number[]): string {
  const [field, index] = path;
  switch (field) {
    case "text":
      return "question";
    case "options":
      return typeof index === "number" ? `answer ${optionColumns[index] + 1}` : "answers";
    case "timeLimit":
      return "time limit";
    case "correct":
      return "correct answer(s)";
    default:
      return String(field ?? "row");
  }
}

function rowToQuestion(record: CsvRecord, unit: Unit): { question?: QuestionInput; issues: Problem[] } {
  const { line } = record;
  const issue = (message: string): Problem => problemAt(unit, line, message);
  const cells = record.cells.map((c) => c.trim());
  if (cells.length > COLUMNS && cells.slice(COLUMNS).some((c) => c !== "")) {
    return {
      issues: [
        issue(`expected ${COLUMNS} columns (question, 4 answers, time limit, correct answers), found ${cells.length}`),
      ],
    };
  }
  if (cells.length < COLUMNS) {
    return {
      issues: [
        issue(`expected ${COLUMNS} columns (question, 4 answers, time limit, correct answers), found ${cells.length}`),
      ],
    };
  }
  const [text, ...rest] = cells;
  const answers = rest.slice(0, ANSWER_COLUMNS);
  const timeCell = cells[5];
  const correctCell = cells[6];
  const issues: Problem[] = [];

  let timeLimit: number | undefined;
  if (timeCell !== "") {
    if (/^\d+$/.test(timeCell)) timeLimit = Number(timeCell);
    else issues.push(issue(`time limit must be a whole number of seconds, not "${timeCell}"`));
  }

  // Answers may skip a column; the correct-answer numbers still count columns.
  const optionColumns: number[] = [];
  answers.forEach((a, col) => {
    if (a !== "") optionColumns.push(col);
  });
  const options = optionColumns.map((col) => answers[col]);

  let correctColumns: number[] = [];
  if (correctCell === "") {
    issues.push(issue("correct answer(s) missing: give the answer's number (1–4), or several separated by commas"));
  } else if (!CORRECT_LIST.test(correctCell)) {
    issues.push(issue(`correct answer(s) must be answer numbers 1–4 separated by commas, not "${correctCell}"`));
  } else {
    correctColumns = [...new Set(correctCell.split(/[,;]/).map((s) => Number(s.trim()) - 1))];
    for (const col of correctColumns) {
      if (col < 0 || col >= ANSWER_COLUMNS) issues.push(issue(`correct answer ${col + 1} is not one of answers 1–4`));
      else if (answers[col] === "") issues.push(issue(`correct answer ${col + 1} points at an empty answer`));
    }
  }
  if (options.length < 2) issues.push(issue("a question needs at least 2 answers"));
  if (issues.length) return { issues };

  const correct = correctColumns.map((col) => optionColumns.indexOf(col)).sort((a, b) => a - b);
  const words = options.map((o) => o.toLowerCase());
  let candidate: QuestionInput;
  if (
    options.length === 2 &&
    correct.length === 1 &&
    words.some((w) => TRUE_WORDS.has(w)) &&
    words.some((w) => FALSE_WORDS.has(w))
  ) {
    candidate = { type: "truefalse", text, timeLimit, correct: TRUE_WORDS.has(words[correct[0]]) };
  } else if (correct.length === 1) {
    candidate = { type: "single", text, timeLimit, options, correct: correct[0] };
  } else {
    candidate = { type: "multi", text, timeLimit, options, correct };
  }
  if (timeLimit === undefined) delete candidate.timeLimit;

  const parsed = question.safeParse(candidate);
  if (!parsed.success) {
    return { issues: parsed.error.issues.map((i) => issue(`${columnName(i.path, optionColumns)}: ${i.message}`)) };
  }
  return { question: candidate, issues: [] };
}

/**
 * Rows in the common layout to questions, every problem naming its line (CSV) or row (xlsx);
 * `line` of each record is then its row number. A first row of column names is skipped
 * unless the caller has found the header already.
 */
export function recordsToQuestions(
  records: CsvRecord[],
  unit: Unit,
  what = "sheet",
  mayHaveHeader = true,
): { questions: Located[]; issues: Problem[] } {
  if (mayHaveHeader && records.length && isHeader(records[0].cells)) records = records.slice(1);
  if (!records.length) return { questions: [], issues: [fileProblem(`the ${what} has no questions`)] };
  const questions: Located[] = [];
  const issues: Problem[] = [];
  for (const record of records) {
    const result = rowToQuestion(record, unit);
    if (result.question) questions.push({ question: result.question, at: { unit, n: record.line } });
    issues.push(...result.issues);
  }
  return { questions, issues };
}

/** The questions of a spreadsheet, or every problem found, each naming its line. */
export function csvToQuestions(raw: string): { questions: QuestionInput[]; issues: Issue[] } {
  const text = raw.replace(/^\uFEFF/, "");
  let records: CsvRecord[];
  try {
    records = parseCsv(text, detectDelimiter(text));
  } catch (err) {
    if (err instanceof CsvSyntaxError)
      return { questions: [], issues: [{ path: `line ${err.line}`, message: err.message }] };
    throw err;
  }
  const { questions, issues } = recordsToQuestions(records, "line", "CSV");
  return { questions: questions.map((q) => q.question), issues };
}
