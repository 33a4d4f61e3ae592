// The Worker's database handle: drizzle over the D1 binding. Built once per request (see
// middleware/database.ts) or once per scheduled run, and passed down to the stores.
import { and, eq, lt, or, type SQL, type SQLWrapper } from "drizzle-orm";
import { drizzle, type DrizzleD1Database } from "drizzle-orm/d1";

/**
 * Without the schema: the stores use the query builder only, never `db.query`, and a handle with
 * the schema would map every table's relations again on each request for nothing.
 */
export type Db = DrizzleD1Database;

export function openDb(d1: D1Database): Db {
  return drizzle(d1);
}

/**
 * Keyset pagination, newest first: rows strictly after the cursor `[time, id]` in the order
 * `time DESC, id DESC`, so no row is skipped or repeated while new ones arrive.
 */
export function olderThan(time: SQLWrapper, id: SQLWrapper, [t, i]: readonly [number, string | number]): SQL {
  return or(lt(time, t), and(eq(time, t), lt(id, i)))!;
}
