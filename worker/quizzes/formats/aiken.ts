// Moodle's Aiken format: single-choice questions only, no maintained parser exists, so a small one:
//   What is 2 + 2?          the question (lines up to the first option)
//   A. 3                    options A, B, C… in order, "A." or "A)", a space after it or not
//   B. 4
//   ANSWER: B               the right option's letter; the question ends here
// Blank lines between questions are optional. Two options True and False make a true/false question.
import type { QuestionInput, Quiz } from "../../../schema/quiz.ts";
import { linesOf, oneLine } from "./text.ts";
import { asWritten, problemAt, type Located, type Parsed, type Problem } from "./problem.ts";

// Moodle reads "A)Answer" and "A.Answer" without the space too.
const OPTION = /^([A-Z])[.)]\s*(.+)$/;
const ANSWER = /^ANSWER\s*:\s*(.*)$/i;

interface Draft {
  line: number;
  text: string[];
  options: string[];
}

function finish(d: Draft, letter: string, answerLine: number): { question?: QuestionInput; problem?: Problem } {
  if (d.options.length === 0)
    return { problem: problemAt("line", d.line, 'the question has no options (lines like "A. …")') };
  const correct = letter.length === 1 ? letter.toUpperCase().charCodeAt(0) - 65 : -1;
  if (correct < 0 || correct >= d.options.length) {
    const last = String.fromCharCode(64 + d.options.length);
    return {
      problem: problemAt("line", answerLine, `ANSWER must be one of the option letters A–${last}, not "${letter}"`),
    };
  }
  const text = d.text.join(" ");
  const words = d.options.map((o) => o.toLowerCase());
  if (words.length === 2 && words.includes("true") && words.includes("false")) {
    return { question: { type: "truefalse", text, correct: words[correct] === "true" } };
  }
  return { question: { type: "single", text, options: d.options, correct } };
}

export function parseAiken(raw: string): Parsed {
  const questions: Located[] = [];
  const problems: Problem[] = [];
  let d: Draft | null = null;
  const unfinished = (d: Draft) =>
    problemAt("line", d.line, 'the question has no "ANSWER: <letter>" line after its options');
  for (const [i, rawLine] of linesOf(raw).entries()) {
    const n = i + 1;
    const line = rawLine.trim();
    if (line === "") continue;
    const answer = ANSWER.exec(line);
    const option = OPTION.exec(line);
    if (answer && !d) {
      problems.push(problemAt("line", n, "ANSWER without a question before it"));
    } else if (answer && d) {
      const r = finish(d, answer[1].trim(), n);
      if (r.question) questions.push({ question: r.question, at: { unit: "line", n: d.line } });
      if (r.problem) problems.push(r.problem);
      d = null;
    } else if (option && d?.text.length) {
      const expected = String.fromCharCode(65 + d.options.length);
      if (option[1] !== expected)
        problems.push(problemAt("line", n, `expected option ${expected}, found ${option[1]}`));
      d.options.push(option[2].trim());
    } else if (d?.options.length) {
      // Text after options without an ANSWER: the previous question was never finished.
      problems.push(unfinished(d));
      d = { line: n, text: [line], options: [] };
    } else if (d) {
      d.text.push(line);
    } else {
      d = { line: n, text: [line], options: [] };
    }
  }
  if (d) problems.push(unfinished(d));
  return asWritten({ questions, problems, skipped: [] });
}

/** Aiken carries single choice only; true/false goes as a two-option single choice. */
export function exportAiken(quiz: Pick<Quiz, "questions">): { text: string; skipped: Problem[] } {
  const out: string[] = [];
  const skipped: Problem[] = [];
  quiz.questions.forEach((q, i) => {
    let options: string[];
    let correct: number;
    if (q.type === "single") [options, correct] = [q.options, q.correct];
    else if (q.type === "truefalse") [options, correct] = [["True", "False"], q.correct ? 0 : 1];
    else {
      skipped.push(
        problemAt("question", i + 1, `not exported: Aiken has single-choice questions only (this one is ${q.type})`),
      );
      return;
    }
    const lines = [
      oneLine(q.text),
      ...options.map((o, k) => `${String.fromCharCode(65 + k)}. ${oneLine(o)}`),
      `ANSWER: ${String.fromCharCode(65 + correct)}`,
    ];
    out.push(lines.join("\n"));
  });
  return { text: out.length ? `${out.join("\n\n")}\n` : "", skipped };
}
