// Any supported file to a quiz, or to the list of what is wrong with it: parse with the format's
// reader, then check every question with the quiz schema and its formulas, naming the line, row
// or question of each problem. Nothing here saves; the routes save only a result without problems.
import {
  LIMITS,
  question as questionSchema,
  quiz as quizSchema,
  type Question,
  type Quiz,
} from "../../../schema/quiz.ts";
import type { CsvImportOptions } from "../../../schema/catalog.ts";
import type { ImportFormat, ImportOptions, ImportPreview, QuizletSide } from "../../../schema/imports.ts";
import { mathTable } from "../../../schema/math/table.ts";
import { questionMathIssues } from "../../math/quiz-math.ts";
import { CsvSyntaxError, detectDelimiter, parseCsv, recordsToQuestions } from "../csv.ts";
import { parseAiken } from "./aiken.ts";
import { parseGift } from "./gift.ts";
import { parseJsonFile } from "./json.ts";
import { fileProblem, problemAt, type Parsed, type Problem } from "./problem.ts";
import { parseQuizlet } from "./quizlet.ts";
import { parseXlsx } from "./xlsx.ts";

export interface ImportResult extends ImportPreview {
  /** The quiz to save: set only when there is no problem. */
  valid: Quiz | null;
}

function parseCsvFile(text: string): Parsed {
  try {
    const { questions, issues } = recordsToQuestions(parseCsv(text, detectDelimiter(text)), "line", "CSV");
    return { questions, problems: issues, skipped: [] };
  } catch (err) {
    if (!(err instanceof CsvSyntaxError)) throw err;
    return {
      questions: [],
      problems: [{ path: `line ${err.line}`, line: err.line, message: err.message }],
      skipped: [],
    };
  }
}

export async function parseFile(
  format: ImportFormat,
  body: ArrayBuffer,
  ask: QuizletSide = "definition",
): Promise<Parsed> {
  if (format === "xlsx" || format === "kahoot") return parseXlsx(body, format === "kahoot");
  // TextDecoder drops a leading BOM; bytes that are not UTF-8 become U+FFFD, never lone surrogates.
  const text = new TextDecoder().decode(body);
  switch (format) {
    case "json":
      return parseJsonFile(text);
    case "csv":
      return parseCsvFile(text);
    case "gift":
      return parseGift(text);
    case "aiken":
      return parseAiken(text);
    case "quizlet":
      return parseQuizlet(text, ask);
  }
}

/** A question's field as a teacher would name it. */
export function fieldName(path: PropertyKey[]): string {
  const [field, index] = path;
  const nth = typeof index === "number" ? ` ${index + 1}` : "";
  switch (field) {
    case undefined:
      return "question";
    case "text":
      return "question text";
    case "options":
      return `option${nth}`;
    case "items":
      return `item${nth}`;
    case "accepted":
      return `accepted answer${nth}`;
    case "correct":
      return "correct answer";
    case "timeLimit":
      return "time limit";
    default:
      return path.map(String).join(".");
  }
}

const quizFields = quizSchema.omit({ questions: true });

/** Checks what a reader found; `options` fill what the file does not say (its title…). */
export function finishImport(format: ImportFormat, parsed: Parsed, options: CsvImportOptions): ImportResult {
  const problems: Problem[] = [...parsed.problems];
  const questions: Question[] = [];
  for (const { question, at } of parsed.questions) {
    const r = questionSchema.safeParse(question);
    if (!r.success) {
      for (const issue of r.error.issues)
        problems.push(problemAt(at.unit, at.n, `${fieldName(issue.path)}: ${issue.message}`));
      continue;
    }
    for (const issue of questionMathIssues(r.data))
      problems.push(problemAt(at.unit, at.n, `${fieldName(issue.path)}: ${issue.message}`));
    questions.push(r.data);
  }
  const found = parsed.questions.length;
  if (found > LIMITS.maxQuestions)
    problems.push(fileProblem(`the file has ${found} questions; a quiz has at most ${LIMITS.maxQuestions}`));
  if (found === 0 && problems.length === 0) problems.push(fileProblem("the file has no questions"));

  // The file's own fields (a JSON quiz's title…) win over the defaults the request gives.
  // A JSON file is a whole quiz: it must carry its own title, as POST /api/quizzes/import requires.
  const meta = quizFields.safeParse(format === "json" ? (parsed.quiz ?? {}) : { ...options, ...parsed.quiz });
  if (!meta.success)
    for (const i of meta.error.issues)
      problems.push({ path: i.path.map(String).join(".") || "(root)", message: `${i.path.join(".")}: ${i.message}` });
  const fields = meta.success ? meta.data : quizFields.parse({ title: "Imported quiz" });
  const quiz: Quiz = { ...fields, questions };
  return {
    format,
    quiz,
    found,
    problems,
    skipped: parsed.skipped,
    math: mathTable(questions, quiz.language),
    valid: problems.length === 0 ? quiz : null,
  };
}

export async function readImport(
  format: ImportFormat,
  body: ArrayBuffer,
  options: CsvImportOptions & Partial<Pick<ImportOptions, "ask">>,
): Promise<ImportResult> {
  const { ask, ...rest } = options;
  return finishImport(format, await parseFile(format, body, ask), rest);
}
