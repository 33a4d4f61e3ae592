// The class's typed answers for the host's screens: grouped as the kind groups them (case,
// spacing and accents aside), each group shown as players most often wrote it, most common
// first. Players never get this: their reveal keeps only right/wrong counts.
import { kindOf } from "../../schema/kinds/index.ts";
import type { ServerMessageOf } from "../../schema/messages.ts";
import type { Question } from "../../schema/quiz.ts";
import type { AnswerRow } from "./types.ts";

/** Groups the host's screen lists. */
export const TYPED_TOP = 10;

type Entry = ServerMessageOf<"typed">["entries"][number];

/** Null for kinds whose answers are not typed. */
export function typedAnswers(
  q: Question,
  index: number,
  answers: readonly AnswerRow[],
): ServerMessageOf<"typed"> | null {
  const kind = kindOf(q);
  if (!kind.typedKey) return null;
  const groups = new Map<string, { count: number; correct: boolean | null; spellings: Map<string, number> }>();
  for (const a of answers) {
    const t = kind.typedKey(a.answer);
    if (!t) continue;
    let g = groups.get(t.key);
    if (!g) groups.set(t.key, (g = { count: 0, correct: a.correct, spellings: new Map() }));
    g.count++;
    g.spellings.set(t.text, (g.spellings.get(t.text) ?? 0) + 1);
  }
  const entries: Entry[] = [...groups].map(([key, g]) => ({
    key,
    text: mostCommon(g.spellings),
    count: g.count,
    correct: g.correct,
  }));
  entries.sort((a, b) => b.count - a.count || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return { type: "typed", index, entries: entries.slice(0, TYPED_TOP) };
}

function mostCommon(spellings: Map<string, number>): string {
  let best = "";
  let n = -1;
  for (const [s, c] of spellings) if (c > n || (c === n && s < best)) [best, n] = [s, c];
  return best;
}
