// A QuickQuiz JSON file (the export envelope or a bare quiz) read for the preview: each question
// is located by its number so its problems read like the other formats'.
import { assertWellFormedText } from "../../validate.ts";
import { fileProblem, type Parsed } from "./problem.ts";

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

export function parseJsonFile(text: string): Parsed {
  const none = (message: string): Parsed => ({ questions: [], problems: [fileProblem(message)], skipped: [] });
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (err) {
    return none(`the file is not valid JSON (${err instanceof Error ? err.message : String(err)})`);
  }
  assertWellFormedText(body);
  let quiz: unknown = body;
  if (isObject(body) && "format" in body) {
    if (body.format !== "quickquiz" || body.version !== 1)
      return none('not a QuickQuiz export: "format" must be "quickquiz" and "version" 1');
    quiz = body.quiz;
  }
  if (!isObject(quiz)) return none("the file must hold a quiz: an object with a title and questions");
  const { questions, ...rest } = quiz;
  if (!Array.isArray(questions)) return { ...none('"questions" must be a list'), quiz: rest };
  return {
    questions: questions.map((question, i) => ({ question: question as never, at: { unit: "question", n: i + 1 } })),
    problems: [],
    skipped: [],
    quiz: rest,
  };
}
