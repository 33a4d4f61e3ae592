// Moodle GIFT, read with gift-pegjs and written here. Questions are separated by blank lines (as
// Moodle requires), so each block is parsed on its own: a syntax error names its line and the
// other questions still show in the preview.
//   multiple choice {=right ~wrong} → single; {~%50%a ~%50%b ~%-100%c} (several positive) → multi
//   true/false {T} → truefalse; short answer {=a =b} → text; ####feedback → explanation
//   numerical, matching, essay and description blocks are skipped (listed, not an error)
import { parse, type GIFTQuestion, type TextFormat } from "gift-pegjs";
import type { Question, QuestionInput, Quiz } from "../../../schema/quiz.ts";
import { blocksOf, htmlToText } from "./text.ts";
import { problemAt, type Located, type Parsed, type Problem } from "./problem.ts";

function plain(t: TextFormat | null | undefined): string {
  if (!t) return "";
  return t.format === "html" ? htmlToText(t.text) : t.text.trim();
}

const SKIPPED: Partial<Record<GIFTQuestion["type"], string>> = {
  Numerical: "a numerical question (QuickQuiz's slider needs a range GIFT does not give)",
  Matching: "a matching question (QuickQuiz has no matching type)",
  Essay: "an essay question (nothing to score in a live game)",
  Description: "a description without answers",
};

/** One parsed GIFT question to a QuickQuiz question, or why it is skipped or wrong. */
function toQuestion(g: GIFTQuestion): { question?: QuestionInput; skip?: string; problem?: string } {
  if (g.type === "Category") return {};
  const why = SKIPPED[g.type];
  if (why) return { skip: `skipped ${why}` };
  if (g.type === "Numerical" || g.type === "Matching" || g.type === "Essay" || g.type === "Description") return {};
  const text = plain(g.stem);
  const explanation = plain(g.globalFeedback) || undefined;
  const base = { text, ...(explanation ? { explanation } : {}) };
  if (g.type === "TF") return { question: { ...base, type: "truefalse", correct: g.isTrue } };
  if (g.type === "Short") {
    const accepted = g.choices
      .filter((c) => c.isCorrect && (c.weight === null || c.weight > 0))
      .map((c) => plain(c.text));
    return { question: { ...base, type: "text", accepted } };
  }
  // Multiple choice: = marks the right answer; weights (%50%) mark several, negative ones are wrong.
  const options = g.choices.map((c) => plain(c.text));
  const right = g.choices.flatMap((c, i) => ((c.weight === null ? c.isCorrect : c.weight > 0) ? [i] : []));
  if (!right.length) return { problem: "no right answer: mark one with = (or several with positive %weights%)" };
  return {
    question:
      right.length === 1
        ? { ...base, type: "single", options, correct: right[0] }
        : { ...base, type: "multi", options, correct: right },
  };
}

/** Comment-only blocks (// …) carry no question; gift-pegjs wants at least one in what it reads. */
const isComment = (lines: string[]) => lines.every((l) => l.trim().startsWith("//"));

export function parseGift(text: string): Parsed {
  const questions: Located[] = [];
  const problems: Problem[] = [];
  const skipped: Problem[] = [];
  for (const whole of blocksOf(text)) {
    // Comments above a question (Moodle writes "// question: 12 name: …") are not where it starts.
    const lead = whole.lines.findIndex((l) => !isComment([l]));
    if (lead < 0) continue;
    const block = { line: whole.line + lead, lines: whole.lines.slice(lead) };
    let parsed: GIFTQuestion[];
    try {
      parsed = parse(`${block.lines.join("\n")}\n`);
    } catch (err) {
      const loc = (err as { location?: { start?: { line?: number } } }).location?.start?.line ?? 1;
      // "Expected }" at the end of the block is the question's problem: name the line it starts on.
      const line = loc > block.lines.length ? block.line : block.line + loc - 1;
      problems.push(problemAt("line", line, `GIFT syntax: ${err instanceof Error ? err.message : String(err)}`));
      continue;
    }
    // Several questions in one block (no blank line between them) all point at the block.
    for (const g of parsed) {
      const r = toQuestion(g);
      if (r.question) questions.push({ question: r.question, at: { unit: "line", n: block.line } });
      if (r.skip) skipped.push(problemAt("line", block.line, r.skip));
      if (r.problem) problems.push(problemAt("line", block.line, r.problem));
    }
  }
  return { questions, problems, skipped };
}

// ---------- export ----------

/** GIFT's special characters, the backslash itself (so "\neq" is not read as a line break), and line breaks as \n. */
export const giftEscape = (text: string) =>
  text.replace(/[\\~=#{}:]/g, (ch) => `\\${ch}`).replace(/\r\n|\r|\n/g, "\\n");

/** Moodle accepts these fractions of 100 for partial credit; 1–6 right answers give one of them. */
const SHARE: Record<number, string> = { 1: "100", 2: "50", 3: "33.33333", 4: "25", 5: "20", 6: "16.66667" };

function answers(q: Question): string | null {
  const e = giftEscape;
  switch (q.type) {
    case "single":
      return q.options.map((o, i) => `${i === q.correct ? "=" : "~"}${e(o)}`).join("\n");
    case "multi":
      return q.options
        .map((o, i) => (q.correct.includes(i) ? `~%${SHARE[q.correct.length]}%${e(o)}` : `~%-100%${e(o)}`))
        .join("\n");
    case "truefalse":
      return q.correct ? "TRUE" : "FALSE";
    case "text":
      return q.accepted.map((a) => `=${e(a)}`).join("\n");
    case "slider":
      return `#${q.correct}${q.tolerance ? `:${q.tolerance}` : ""}`;
    default:
      return null;
  }
}

const NOT_IN_GIFT: Partial<Record<Question["type"], string>> = {
  order: "GIFT has no ordering questions",
  poll: "GIFT has no polls (every question needs a right answer)",
};

export function exportGift(quiz: Pick<Quiz, "title" | "questions">): { text: string; skipped: Problem[] } {
  const skipped: Problem[] = [];
  const header = [
    `// ${quiz.title.replace(/[\r\n]+/g, " ")}`,
    "// Exported from QuickQuiz. Time limits, points and images are not part of GIFT.",
  ];
  const body: string[] = [];
  quiz.questions.forEach((q, i) => {
    const a = answers(q);
    if (a === null) {
      skipped.push(problemAt("question", i + 1, `not exported: ${NOT_IN_GIFT[q.type] ?? "not expressible in GIFT"}`));
      return;
    }
    if (q.type === "slider")
      header.push(`// Question ${i + 1} (slider) is a numerical question here: its range and step are not kept.`);
    const feedback = q.explanation ? `\n####${giftEscape(q.explanation)}` : "";
    body.push(`::Q${i + 1}:: ${giftEscape(q.text)} {\n${a}${feedback}\n}`);
  });
  for (const s of skipped)
    header.push(`// ${s.message.replace(/^question (\d+): not exported/, "Question $1 is not in this file")}.`);
  return { text: `${header.join("\n")}\n\n${body.join("\n\n")}\n`, skipped };
}
