// The one writer of a game's row in D1 (`games`): inserted by the worker when the game is hosted,
// marked running by its room at the start, recreated if lost and marked ended with the results.
// A room's other D1 writes (results, events) go through d1-sync.ts.
import { and, eq } from "drizzle-orm";
import type { DrizzleD1Database } from "drizzle-orm/d1";
import { games } from "../../schema/db.ts";

type NewGameRow = typeof games.$inferInsert;

/** When the game is hosted: in the lobby, nobody joined yet (an assignment is running from the start). */
export async function insertGame<S extends Record<string, unknown>>(
  db: DrizzleD1Database<S>,
  row: Omit<NewGameRow, "status" | "playerCount">,
): Promise<void> {
  await db.insert(games).values({ ...row, status: row.kind === "assignment" ? "running" : "lobby", playerCount: 0 });
}

/** When the host starts it; a row that has moved on already (ended) stays as it is. */
export async function markGameRunning<S extends Record<string, unknown>>(
  db: DrizzleD1Database<S>,
  gameId: string,
  startedAt: number,
): Promise<void> {
  await db
    .update(games)
    .set({ status: "running", startedAt })
    .where(and(eq(games.id, gameId), eq(games.status, "lobby")))
    .run();
}

/**
 * For the results' batch: the row as hosting wrote it, in case that write was lost, so the
 * child rows always have their parent. Changes nothing if the row exists.
 */
export function recreateGameRow<S extends Record<string, unknown>>(
  db: DrizzleD1Database<S>,
  row: Omit<NewGameRow, "status">,
) {
  return db
    .insert(games)
    .values({ ...row, status: "running" })
    .onConflictDoNothing();
}

/** For the results' batch: the game is over and D1 has everything. */
export function endGameRow<S extends Record<string, unknown>>(
  db: DrizzleD1Database<S>,
  gameId: string,
  ended: { startedAt: number | null; endedAt: number; playerCount: number },
) {
  return db
    .update(games)
    .set({ status: "ended", ...ended })
    .where(eq(games.id, gameId));
}

/** An assignment's deadline moved or it was reopened: its row is running again until the next close. */
export async function reopenGameRow<S extends Record<string, unknown>>(
  db: DrizzleD1Database<S>,
  gameId: string,
  deadline: number,
): Promise<void> {
  await db.update(games).set({ status: "running", deadline, endedAt: null }).where(eq(games.id, gameId)).run();
}
