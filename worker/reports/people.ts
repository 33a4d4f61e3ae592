// Names of the accounts players were logged in with: reports show them to the game's host.
import { inArray } from "drizzle-orm";
import { users } from "../../schema/db.ts";
import type { Db } from "../db.ts";

/** D1 binds at most 100 parameters per statement. */
const CHUNK = 90;

export async function accountNames(db: Db, userIds: Iterable<string | null>): Promise<Map<string, string>> {
  const ids = [...new Set([...userIds].filter((id): id is string => !!id))];
  const out = new Map<string, string>();
  const d = db;
  for (let i = 0; i < ids.length; i += CHUNK) {
    const rows = await d
      .select({ id: users.id, name: users.name })
      .from(users)
      .where(inArray(users.id, ids.slice(i, i + CHUNK)));
    for (const r of rows) out.set(r.id, r.name);
  }
  return out;
}
