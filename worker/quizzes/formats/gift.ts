// Moodle GIFT, read with gift-pegjs and written here. Questions are separated by blank lines (as
// Moodle requires), so each block is parsed on its own: a syntax error names its line and the
// other questions still show in the preview.
// How answers map (weights, feedback, numerical → slider): gift-answers.ts. ####feedback → explanation;
// matching, essay and description blocks are skipped (listed by line, not an error). A comment
// line (// …) is ignored wherever it stands. Export writes weights and feedback back out, and a
// question with emphasis as [markdown].
import { parse, type GIFTQuestion } from "gift-pegjs";
import type { Question, Quiz } from "../../../schema/quiz.ts";
import { hasEmphasis } from "../../../schema/math/emphasis.ts";
import { shownTexts } from "../../../schema/math/table.ts";
import { blocksOf } from "./text.ts";
import { type Mapped, multipleChoice, numerical, plain, shortAnswer, trueFalse } from "./gift-answers.ts";
import { problemAt, type Located, type Parsed, type Problem } from "./problem.ts";

const SKIPPED: Partial<Record<GIFTQuestion["type"], string>> = {
  Matching: "a matching question (QuickQuiz has no matching type)",
  Essay: "an essay question (nothing to score in a live game)",
  Description: "a description without answers",
};

/** One parsed GIFT question to a QuickQuiz question, or why it is skipped or wrong. */
function toQuestion(g: GIFTQuestion): Mapped {
  if (g.type === "Category") return {};
  const why = SKIPPED[g.type];
  if (why) return { skip: `skipped ${why}` };
  if (g.type === "Matching" || g.type === "Essay" || g.type === "Description") return {};
  const text = plain(g.stem);
  const explanation = plain(g.globalFeedback) || undefined;
  const base = { text, ...(explanation ? { explanation } : {}) };
  if (g.type === "TF") return trueFalse(base, g.isTrue, g.trueFeedback, g.falseFeedback);
  if (g.type === "Short") return shortAnswer(base, g.choices);
  if (g.type === "Numerical") return numerical(base, g.choices);
  return multipleChoice(base, g.choices);
}

/**
 * Moodle finds a question's text up to its first "{", so "1+1=2 {T}" and "Note: … {…}" import
 * there (its documentation's first example has one); gift-pegjs wants = ~ # : escaped even there.
 * The text before the answers escaped as Moodle reads it, for a second try; null when nothing changes.
 */
export function escapeStem(source: string): string | null {
  const title = /^::(?:\\.|[^:]|:(?!:))*::/.exec(source)?.[0] ?? "";
  const rest = source.slice(title.length);
  const brace = rest.search(/(?<!\\)\{/);
  if (brace < 0) return null;
  const stem = rest.slice(0, brace).replace(/(\\.)|([=~#:])/g, (m, escaped: string | undefined) => escaped ?? `\\${m}`);
  return stem === rest.slice(0, brace) ? null : title + stem + rest.slice(brace);
}

/** gift-pegjs's "Expected … but ":" found": a special character the writer meant literally. */
function syntaxHint(message: string): string {
  const found = /but "(.)" found/.exec(message)?.[1];
  return found && ":=~#{}".includes(found)
    ? ` (a literal ${found} in a question or answer must be escaped with a backslash: \\${found}; so must : = ~ # { })`
    : "";
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
    // Moodle ignores a comment line anywhere, between the question and its answers or among the
    // answers too; gift-pegjs would read it as text. Dropped, remembering each kept line's number.
    const kept = block.lines.flatMap((l, i) => (isComment([l]) ? [] : [{ l, n: block.line + i }]));
    let parsed: GIFTQuestion[];
    const source = `${kept.map((k) => k.l).join("\n")}\n`;
    try {
      try {
        parsed = parse(source);
      } catch (first) {
        const again = escapeStem(source);
        if (again === null) throw first;
        try {
          parsed = parse(again);
        } catch {
          throw first;
        }
      }
    } catch (err) {
      const loc = (err as { location?: { start?: { line?: number } } }).location?.start?.line ?? 1;
      // "Expected }" at the end of the block is the question's problem: name the line it starts on.
      const line = kept[loc - 1]?.n ?? block.line;
      const message = err instanceof Error ? err.message : String(err);
      problems.push(problemAt("line", line, `GIFT syntax: ${message}${syntaxHint(message)}`));
      continue;
    }
    // Several questions in one block (no blank line between them) all point at the block.
    for (const g of parsed) {
      const r = toQuestion(g);
      if (r.question) questions.push({ question: r.question, at: { unit: "line", n: block.line } });
      if (r.skip) skipped.push(problemAt("line", block.line, r.skip));
      if (r.problem) problems.push(problemAt("line", block.line, r.problem));
      for (const note of r.notes ?? []) skipped.push(problemAt("line", block.line, note));
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

/** A weight as GIFT writes it: "%50%", nothing for the default ("=" 100 %, "~" 0 %). */
const pct = (w: number | undefined, byDefault: number) => (w === undefined || w === byDefault ? "" : `%${w}%`);
/** An answer's feedback as GIFT writes it: " #text". */
const fb = (f: string | undefined) => (f ? ` #${giftEscape(f)}` : "");

function answers(q: Question): string | null {
  const e = giftEscape;
  switch (q.type) {
    case "single":
      // The marked option is "="; with partial credit, the others carry their weights ("~%50%…").
      return q.options
        .map((o, i) => `${i === q.correct ? "=" : `~${pct(q.weights?.[i], 0)}`}${e(o)}${fb(q.feedback?.[i])}`)
        .join("\n");
    case "multi":
      return q.options
        .map((o, i) => {
          const w = q.weights ? q.weights[i] : q.correct.includes(i) ? SHARE[q.correct.length] : "-100";
          return `~${w === 0 ? "" : `%${w}%`}${e(o)}${fb(q.feedback?.[i])}`;
        })
        .join("\n");
    case "truefalse": {
      // Moodle: {T#feedback to a wrong answer#feedback to a right answer}; ours is [to "true", to "false"].
      const [toTrue, toFalse] = q.feedback ?? ["", ""];
      const [right, wrong] = q.correct ? [toTrue, toFalse] : [toFalse, toTrue];
      const tail = right || wrong ? `#${e(wrong)}${right ? `#${e(right)}` : ""}` : "";
      return `${q.correct ? "TRUE" : "FALSE"}${tail}`;
    }
    case "text":
      return q.accepted.map((a, i) => `=${pct(q.weights?.[i], 100)}${e(a)}${fb(q.feedback?.[i])}`).join("\n");
    case "slider": {
      const at = (value: number, tolerance: number) => `${value}${tolerance ? `:${tolerance}` : ""}`;
      const [right, other] = q.feedback ?? ["", ""];
      if (!q.ranges?.length && !right && !other) return `#${at(q.correct, q.tolerance)}`;
      // Partial credit and feedback as Moodle writes them: "=" the right range, "=%50%" each partly
      // right one, "~#…" the feedback to any other answer.
      return [
        "#",
        `=${at(q.correct, q.tolerance)}${fb(right)}`,
        ...(q.ranges ?? []).map((r) => `=%${r.weight}%${at(r.value, r.tolerance)}${fb(r.feedback)}`),
        ...(other ? [`~${fb(other).trim()}`] : []),
      ].join("\n");
    }
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
    // Emphasis goes out as Moodle's [markdown] (its answers and feedback are read the same way), so
    // Moodle shows it and a re-import keeps it; a question without any stays plain.
    const format = shownTexts(q).some(({ text }) => hasEmphasis(text)) ? "[markdown]" : "";
    body.push(`::Q${i + 1}:: ${format}${giftEscape(q.text)} {\n${a}${feedback}\n}`);
  });
  for (const s of skipped)
    header.push(`// ${s.message.replace(/^question (\d+): not exported/, "Question $1 is not in this file")}.`);
  return { text: `${header.join("\n")}\n\n${body.join("\n\n")}\n`, skipped };
}
