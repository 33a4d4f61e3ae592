// LTI Assignment and Grade Services 2.0: the outbox of scores (rooms/assignment/lti-outbox.ts
// queues them when a launched student finishes) delivered to `{lineitem}/scores`. A refused or
// unreachable platform leaves the row waiting with a growing delay (1 min, 2, 4… at most 6 h); the
// cron (worker/index.ts) and the teacher's sync view flush what is due. Nothing is dropped.
import { and, eq, inArray, lte } from "drizzle-orm";
import { games, ltiLinks, ltiPlatforms, ltiScoreOutbox, ltiUsers, users } from "../../schema/db.ts";
import type { Db } from "../db.ts";
import type { Env } from "../env.ts";
import { SCORE_SCOPE, serviceToken } from "./service-token.ts";

const MAX_BACKOFF_MS = 6 * 3600_000;
const BATCH = 50;

export function backoffMs(tries: number): number {
  return Math.min(MAX_BACKOFF_MS, 60_000 * 2 ** Math.max(0, tries - 1));
}

/** `{lineitem}/scores`, keeping the line item URL's query (LTI AGS 2.0 §3.4). */
export function scoresUrl(lineItem: string): string {
  const u = new URL(lineItem);
  u.pathname = `${u.pathname.replace(/\/$/, "")}/scores`;
  return u.toString();
}

/** The Score object (application/vnd.ims.lis.v1.score+json). */
export function scoreBody(sub: string, given: number, max: number, at: number) {
  return {
    userId: sub,
    scoreGiven: given,
    scoreMaximum: max,
    // The student finished the attempt and QuickQuiz grades it at once: complete and final.
    activityProgress: "Completed",
    gradingProgress: "FullyGraded",
    timestamp: new Date(at).toISOString(),
  };
}

/** Sends the scores that are due (`of`: only this student's), one batch; the cron and the teacher's page call it too. */
export async function flushScores(
  env: Env,
  db: Db,
  now = Date.now(),
  of?: { userId: string },
): Promise<{ sent: number; failed: number }> {
  const due = await db
    .select({
      gameId: ltiScoreOutbox.gameId,
      userId: ltiScoreOutbox.userId,
      scoreGiven: ltiScoreOutbox.scoreGiven,
      scoreMaximum: ltiScoreOutbox.scoreMaximum,
      finishedAt: ltiScoreOutbox.finishedAt,
      tries: ltiScoreOutbox.tries,
      lineItem: ltiLinks.lineItem,
      platform: ltiPlatforms,
      sub: ltiUsers.sub,
    })
    .from(ltiScoreOutbox)
    .innerJoin(ltiLinks, eq(ltiLinks.gameId, ltiScoreOutbox.gameId))
    .innerJoin(ltiPlatforms, eq(ltiPlatforms.id, ltiLinks.platformId))
    .innerJoin(ltiUsers, and(eq(ltiUsers.userId, ltiScoreOutbox.userId), eq(ltiUsers.platformId, ltiLinks.platformId)))
    .where(
      and(
        inArray(ltiScoreOutbox.state, ["pending", "failed"]),
        lte(ltiScoreOutbox.nextTryAt, now),
        of ? eq(ltiScoreOutbox.userId, of.userId) : undefined,
      ),
    )
    .limit(BATCH)
    .all();
  let sent = 0;
  let failed = 0;
  const tokens = new Map<string, Promise<string>>();
  for (const row of due) {
    const key = and(eq(ltiScoreOutbox.gameId, row.gameId), eq(ltiScoreOutbox.userId, row.userId));
    try {
      if (!row.lineItem) throw new Error("no line item");
      let token = tokens.get(row.platform.id);
      if (!token) {
        token = serviceToken(env, row.platform, [SCORE_SCOPE]);
        tokens.set(row.platform.id, token);
      }
      const res = await fetch(scoresUrl(row.lineItem), {
        method: "POST",
        headers: {
          authorization: `Bearer ${await token}`,
          "content-type": "application/vnd.ims.lis.v1.score+json",
        },
        body: JSON.stringify(scoreBody(row.sub, row.scoreGiven, row.scoreMaximum, row.finishedAt)),
      });
      if (!res.ok) throw new Error(`score endpoint answered ${res.status}`);
      // Only if no newer score was queued meanwhile (finished_at unchanged).
      await db
        .update(ltiScoreOutbox)
        .set({ state: "sent", sentAt: Date.now(), lastError: null })
        .where(and(key, eq(ltiScoreOutbox.finishedAt, row.finishedAt)));
      sent += 1;
    } catch (e) {
      if (String(e).includes("token endpoint")) tokens.delete(row.platform.id);
      const tries = row.tries + 1;
      await db
        .update(ltiScoreOutbox)
        .set({ state: "failed", tries, nextTryAt: now + backoffMs(tries), lastError: String(e).slice(0, 300) })
        .where(and(key, eq(ltiScoreOutbox.finishedAt, row.finishedAt)));
      failed += 1;
    }
  }
  return { sent, failed };
}

/** Each launched student's score and its sync state, for the teacher of the game. */
export async function scoreSyncState(db: Db, gameId: string) {
  return db
    .select({
      userId: ltiScoreOutbox.userId,
      name: users.name,
      scoreGiven: ltiScoreOutbox.scoreGiven,
      scoreMaximum: ltiScoreOutbox.scoreMaximum,
      state: ltiScoreOutbox.state,
      tries: ltiScoreOutbox.tries,
      nextTryAt: ltiScoreOutbox.nextTryAt,
      sentAt: ltiScoreOutbox.sentAt,
      lastError: ltiScoreOutbox.lastError,
    })
    .from(ltiScoreOutbox)
    .innerJoin(games, eq(games.id, ltiScoreOutbox.gameId))
    .innerJoin(users, eq(users.id, ltiScoreOutbox.userId))
    .where(eq(ltiScoreOutbox.gameId, gameId))
    .orderBy(users.name)
    .all();
}
