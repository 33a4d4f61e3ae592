// The daily clean-up of uploads (cron trigger): an image goes once no quiz uses it and no live
// game still shows it. Fresh uploads are spared for a grace period: the editor uploads as soon as
// a picture is chosen, and the quiz that uses it may be saved only later.
import type { Env } from "../env.ts";
import { writeEvents } from "../../rooms/kit/events.ts";

export const MEDIA_GRACE_MS = 24 * 3600 * 1000;

export interface MediaCleanupBudget {
  /** Images per round (one D1 statement and one R2 call: R2 deletes at most 1000 keys at once). */
  chunk: number;
  maxChunks: number;
}

export interface MediaCleanupResult {
  cutoff: number;
  deleted: number;
  bytes: number;
  /** False when the budget ran out first; the next run goes on. */
  complete: boolean;
}

// A live game's snapshot names its images by path, so the key (22 random characters) is looked for in it.
const UNUSED = `SELECT m.key, m.bytes FROM media m
  WHERE m.created_at < ?1
    AND NOT EXISTS (SELECT 1 FROM quiz_media r WHERE r.key = m.key)
    AND NOT EXISTS (SELECT 1 FROM games g WHERE g.status IN ('lobby', 'running') AND instr(g.snapshot, m.key) > 0)
  ORDER BY m.created_at
  LIMIT ?2`;

export async function cleanUpMedia(
  env: Env,
  now: number,
  budget: MediaCleanupBudget = { chunk: 500, maxChunks: 20 },
): Promise<MediaCleanupResult> {
  const cutoff = now - MEDIA_GRACE_MS;
  let deleted = 0;
  let bytes = 0;
  let complete = false;
  for (let i = 0; i < budget.maxChunks; i++) {
    const { results } = await env.DB.prepare(UNUSED).bind(cutoff, budget.chunk).all<{ key: string; bytes: number }>();
    if (results.length) {
      const keys = results.map((r) => r.key);
      // Bytes first, rows second: if R2 fails, the rows stay and the next run tries again;
      // the other way round, a failure would leave objects no row leads to.
      await env.MEDIA.delete(keys);
      await env.DB.prepare("DELETE FROM media WHERE key IN (SELECT value FROM json_each(?1))")
        .bind(JSON.stringify(keys))
        .run();
    }
    deleted += results.length;
    bytes += results.reduce((n, r) => n + r.bytes, 0);
    if (results.length < budget.chunk) {
      complete = true;
      break;
    }
  }
  const result = { cutoff, deleted, bytes, complete };
  await writeEvents(env.DB, [{ type: "system.media_cleanup", actorType: "system", ts: now, payload: { ...result } }]);
  return result;
}
