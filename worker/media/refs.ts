// Which uploaded images a quiz uses. The rows are written in the same batch as the quiz itself,
// so the daily clean-up never removes an image a saved quiz shows.
import { eq } from "drizzle-orm";
import type { DrizzleD1Database } from "drizzle-orm/d1";
import { quizMedia } from "../../schema/db.ts";
import type { ImageRef } from "../../schema/image.ts";
import { mediaKeyOfPath } from "../../schema/media.ts";

interface WithImages {
  questions: ImageRef[];
  cover?: ImageRef | null;
}

/** The keys of our own uploads the quiz shows, each once. */
export function mediaKeysOf(quiz: WithImages): string[] {
  const keys = new Set<string>();
  for (const ref of [quiz.cover, ...quiz.questions]) {
    const key = ref?.image ? mediaKeyOfPath(ref.image) : null;
    if (key) keys.add(key);
  }
  return [...keys];
}

// D1 binds at most 100 parameters per statement; a row binds 2.
const ROWS_PER_INSERT = 50;

/** Statements that make the quiz's rows name exactly the images it shows, for the quiz's own batch. */
export function quizMediaStatements(d: DrizzleD1Database, quizId: string, quiz: WithImages, replacing: boolean) {
  const rows = mediaKeysOf(quiz).map((key) => ({ quizId, key }));
  const statements = [];
  if (replacing) statements.push(d.delete(quizMedia).where(eq(quizMedia.quizId, quizId)));
  for (let i = 0; i < rows.length; i += ROWS_PER_INSERT)
    statements.push(d.insert(quizMedia).values(rows.slice(i, i + ROWS_PER_INSERT)));
  return statements;
}
