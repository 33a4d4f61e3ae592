// The Worker's database handle: drizzle over the D1 binding. Built once per request (see
// middleware/database.ts) or once per scheduled run, and passed down to the stores.
import { drizzle, type DrizzleD1Database } from "drizzle-orm/d1";

/**
 * Without the schema: the stores use the query builder only, never `db.query`, and a handle with
 * the schema would map every table's relations again on each request for nothing.
 */
export type Db = DrizzleD1Database;

export function openDb(d1: D1Database): Db {
  return drizzle(d1);
}
