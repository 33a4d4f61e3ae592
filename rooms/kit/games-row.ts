// The one writer of a game's row in D1 (`games`): inserted by the worker when the game is hosted,
// marked running by its room at the start, recreated if lost and marked ended with the results.
// A room's other D1 writes (results, events) go through d1-sync.ts.
import { and, eq, getTableColumns, sql } from "drizzle-orm";
import type { DrizzleD1Database } from "drizzle-orm/d1";
import { games } from "../../schema/db.ts";

type NewGameRow = typeof games.$inferInsert;

/** At most `limit` games rows of the host created in the last `windowMs` (the hosting quota). */
export interface HostingLimit {
  windowMs: number;
  limit: number;
}

/**
 * When the game is hosted: in the lobby, nobody joined yet (an assignment is running from the
 * start). With `within`, the row is written only while its host has fewer than `limit` rows in the
 * window, counted in the same statement: D1 runs one statement at a time, so requests racing each
 * other cannot all pass the count (a check before the insert could be). False: not written.
 */
export async function insertGame<S extends Record<string, unknown>>(
  db: DrizzleD1Database<S>,
  row: Omit<NewGameRow, "status" | "playerCount">,
  within?: HostingLimit,
): Promise<boolean> {
  const values = {
    ...row,
    status: row.kind === "assignment" ? ("running" as const) : ("lobby" as const),
    playerCount: 0,
  };
  if (!within) {
    await db.insert(games).values(values);
    return true;
  }
  const columns = getTableColumns(games);
  const set = Object.entries(values).filter(([, v]) => v !== undefined) as [keyof typeof columns, unknown][];
  const names = sql.join(
    set.map(([k]) => sql.identifier(columns[k].name)),
    sql`, `,
  );
  const params = sql.join(
    set.map(([k, v]) => sql`${columns[k].mapToDriverValue(v)}`),
    sql`, `,
  );
  const since = row.createdAt - within.windowMs;
  const res = await db.run(
    sql`INSERT INTO games (${names}) SELECT ${params} WHERE (SELECT count(*) FROM games WHERE host_id = ${row.hostId} AND created_at > ${since}) < ${within.limit}`,
  );
  return res.meta.changes > 0;
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
