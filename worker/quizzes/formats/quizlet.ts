// A Quizlet-style list pasted as text — "term<TAB>definition", one card a line (Quizlet's export
// with its default separators) — becomes one single-choice question a card. By default the
// definition is asked and its term is right, up to three other cards' terms the wrong options
// (Quizlet's own "answer with term"); the teacher may ask the term instead (`ask: "term"`).
// The choice and order of those options is seeded by the text itself, so the preview and the
// saved quiz are the same quiz.
import type { QuizletSide } from "../../../schema/imports.ts";
import type { QuestionInput } from "../../../schema/quiz.ts";
import { linesOf } from "./text.ts";
import { asWritten, fileProblem, problemAt, type Located, type Parsed, type Problem } from "./problem.ts";

const DISTRACTORS = 3;

/** FNV-1a: a stable seed from the text. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** mulberry32: small, seeded, good enough to pick options. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function shuffle<T>(items: T[], rnd: () => number): T[] {
  const a = items.slice();
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [a[i], a[j]] = [a[j], a[i]];
  }
  return a;
}

export function parseQuizlet(raw: string, ask: QuizletSide = "definition"): Parsed {
  const problems: Problem[] = [];
  const cards: { line: number; term: string; definition: string }[] = [];
  for (const [i, line] of linesOf(raw).entries()) {
    if (line.trim() === "") continue;
    const tab = line.indexOf("\t");
    const term = tab < 0 ? "" : line.slice(0, tab).trim();
    const definition = tab < 0 ? "" : line.slice(tab + 1).trim();
    if (tab < 0)
      problems.push(
        problemAt(
          "line",
          i + 1,
          'no tab between the term and its definition (copy Quizlet\'s export with "Tab" between term and definition)',
        ),
      );
    else if (!term) problems.push(problemAt("line", i + 1, "the term is empty"));
    else if (!definition) problems.push(problemAt("line", i + 1, "the definition is empty"));
    else cards.push({ line: i + 1, term, definition });
  }
  // The asked side is the question; the other side is the answer, other cards' the wrong options.
  const [asked, answered] = ask === "term" ? (["term", "definition"] as const) : (["definition", "term"] as const);
  const answers = [...new Set(cards.map((c) => c[answered]))];
  if (!problems.length && answers.length < 2) {
    problems.push(
      fileProblem(
        `a list needs at least 2 cards with different ${answered}s: the wrong options come from the other cards`,
      ),
    );
  }
  const rnd = random(hash(raw));
  const questions: Located[] = cards.map((c) => {
    const right = c[answered];
    const others = shuffle(
      answers.filter((d) => d !== right),
      rnd,
    ).slice(0, DISTRACTORS);
    const options = shuffle([right, ...others], rnd);
    const question: QuestionInput = { type: "single", text: c[asked], options, correct: options.indexOf(right) };
    return { question, at: { unit: "line", n: c.line } };
  });
  return asWritten({ questions, problems, skipped: [] });
}
