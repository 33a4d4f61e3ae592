// The rows both kinds of room write when a game or an assignment ends: one game_players row per
// player (upserted) and one answers row per answer (inserted once), as multi-row inserts chunked
// under D1's 100-parameter limit, run in db.batch transactions of a moderate size. Idempotent, so
// a retry after a partial failure changes nothing twice.
import { sql } from "drizzle-orm";
import type { DrizzleD1Database } from "drizzle-orm/d1";
import { answers as answersTable, gamePlayers } from "../../schema/db.ts";

const MAX_PARAMS = 100;
/** Statements per db.batch: one batch is one transaction, so keep each moderate. */
const STATEMENTS_PER_BATCH = 50;

export type PlayerResultRow = typeof gamePlayers.$inferInsert;
export type AnswerResultRow = typeof answersTable.$inferInsert;
type Statement = { run(): unknown };

function chunks<T>(rows: T[], columns: number): T[][] {
  const size = Math.max(1, Math.floor(MAX_PARAMS / columns));
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += size) out.push(rows.slice(i, i + size));
  return out;
}

/** Upserts of the players (their standing may have moved since a first write) and inserts of the answers. */
export function resultStatements(
  d: DrizzleD1Database,
  players: PlayerResultRow[],
  answers: AnswerResultRow[],
): Statement[] {
  const statements: Statement[] = [];
  for (const c of chunks(players, Object.keys(players[0] ?? {}).length || 1)) {
    statements.push(
      d
        .insert(gamePlayers)
        .values(c)
        .onConflictDoUpdate({
          target: [gamePlayers.gameId, gamePlayers.playerId],
          set: {
            nickname: sql`excluded.nickname`,
            studentId: sql`excluded.student_id`,
            score: sql`excluded.score`,
            rank: sql`excluded.rank`,
            correctCount: sql`excluded.correct_count`,
            answeredCount: sql`excluded.answered_count`,
            totalTimeMs: sql`excluded.total_time_ms`,
            kicked: sql`excluded.kicked`,
          },
        }),
    );
  }
  for (const c of chunks(answers, Object.keys(answers[0] ?? {}).length || 1))
    statements.push(d.insert(answersTable).values(c).onConflictDoNothing());
  return statements;
}

/** Runs the statements in order, a batch (one transaction) at a time. */
export async function runInBatches(d: DrizzleD1Database, statements: Statement[]): Promise<void> {
  for (let i = 0; i < statements.length; i += STATEMENTS_PER_BATCH) {
    await d.batch(statements.slice(i, i + STATEMENTS_PER_BATCH) as unknown as Parameters<typeof d.batch>[0]);
  }
}
