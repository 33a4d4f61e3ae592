// The daily clean-up (cron trigger): old events expire (docs/product.md §6) and revocations of
// sessions that have expired anyway are dropped. Deletes run in bounded chunks so one run never
// holds D1 for long, and a run that stops early is simply continued by the next.
import type { Env } from "../env.ts";
import { writeEvents } from "../../rooms/kit/events.ts";

export const DEFAULT_RETENTION_DAYS = 90;
export const DELETE_CHUNK = 1000;
/** At most this many chunks per table per run: a huge backlog is worked off over several days. */
export const MAX_CHUNKS = 50;
const DAY_MS = 24 * 3600 * 1000;

/** A missing or nonsensical setting falls back to the default rather than deleting everything. */
export function retentionDays(value: string | undefined): number {
  const n = Number(value);
  return Number.isInteger(n) && n >= 1 ? n : DEFAULT_RETENTION_DAYS;
}

export interface RetentionResult {
  cutoff: number;
  events: number;
  revokedSessions: number;
  /** False when the chunk budget ran out before everything expired was gone. */
  complete: boolean;
}

export interface ChunkBudget {
  chunk: number;
  maxChunks: number;
}

async function deleteInChunks(
  db: D1Database,
  sql: string,
  bound: number,
  budget: ChunkBudget,
): Promise<{ deleted: number; complete: boolean }> {
  let deleted = 0;
  for (let i = 0; i < budget.maxChunks; i++) {
    const res = await db.prepare(sql).bind(bound, budget.chunk).run();
    const changes = res.meta.changes ?? 0;
    deleted += changes;
    if (changes < budget.chunk) return { deleted, complete: true };
  }
  return { deleted, complete: false };
}

export async function runRetention(
  env: Env,
  now: number,
  budget: ChunkBudget = { chunk: DELETE_CHUNK, maxChunks: MAX_CHUNKS },
): Promise<RetentionResult> {
  const cutoff = now - retentionDays(env.EVENT_RETENTION_DAYS) * DAY_MS;
  // rowid chunks: SQLite's DELETE has no LIMIT unless compiled with it, a sub-select does.
  const ev = await deleteInChunks(
    env.DB,
    "DELETE FROM events WHERE id IN (SELECT id FROM events WHERE ts < ?1 ORDER BY ts LIMIT ?2)",
    cutoff,
    budget,
  );
  const rs = await deleteInChunks(
    env.DB,
    "DELETE FROM revoked_sessions WHERE rowid IN (SELECT rowid FROM revoked_sessions WHERE expires_at < ?1 LIMIT ?2)",
    now,
    budget,
  );
  const result = { cutoff, events: ev.deleted, revokedSessions: rs.deleted, complete: ev.complete && rs.complete };
  await writeEvents(env.DB, [{ type: "system.retention", actorType: "system", ts: now, payload: { ...result } }]);
  return result;
}
