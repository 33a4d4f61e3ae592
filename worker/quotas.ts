// Per-account quotas: what one account may make the platform hold or run, so a self-registered
// teacher cannot fill D1 or keep hundreds of rooms alive. Unlike the rate limiters (per location,
// approximate, a brake on floods), these count the account's own rows in D1 and so hold exactly,
// up to requests racing each other (each checks, then writes).
import { and, eq, gt, sql } from "drizzle-orm";
import { games, quizzes } from "../schema/db.ts";
import type { Db } from "./db.ts";
import { rateLimited } from "./errors.ts";

/** Games one account may host in any hour: a teacher teaching all day hosts a handful. */
export const GAMES_PER_HOUR = 30;
/** Quizzes one account may store. */
export const QUIZZES_STORED = 200;
/** Bytes (UTF-8) of questions JSON one account may store over all its quizzes: 200 quizzes of 100 kB. */
export const QUIZ_BYTES_STORED = 20_000_000;

const HOUR_MS = 3600_000;

/** 429 once `hostId` has hosted GAMES_PER_HOUR games in the last hour. */
export async function checkHostingQuota(db: Db, hostId: string, now = Date.now()): Promise<void> {
  const row = await db
    .select({ n: sql<number>`count(*)` })
    .from(games)
    .where(and(eq(games.hostId, hostId), gt(games.createdAt, now - HOUR_MS)))
    .get();
  if ((row?.n ?? 0) >= GAMES_PER_HOUR)
    throw rateLimited(`you have hosted ${GAMES_PER_HOUR} games in the last hour; wait a while before hosting another`);
}

/** The UTF-8 size of questions as stored (the JSON text of the column). */
export const questionBytes = (questions: unknown) => new TextEncoder().encode(JSON.stringify(questions)).length;

/**
 * 429 if storing a quiz of `bytes` for `ownerId` would exceed the quotas. `replacing`: the id of the
 * quiz this one replaces (an edit), which then counts neither as another quiz nor with its old size.
 */
export async function checkStorageQuota(db: Db, ownerId: string, bytes: number, replacing?: string): Promise<void> {
  const row = await db
    .select({
      n: sql<number>`count(*)`,
      bytes: sql<number>`coalesce(sum(length(CAST(${quizzes.questions} AS BLOB))), 0)`,
    })
    .from(quizzes)
    .where(and(eq(quizzes.ownerId, ownerId), replacing ? sql`${quizzes.id} <> ${replacing}` : undefined))
    .get();
  const count = row?.n ?? 0;
  if (!replacing && count >= QUIZZES_STORED)
    throw rateLimited(`you have ${QUIZZES_STORED} quizzes, the most one account may store; delete some first`);
  if ((row?.bytes ?? 0) + bytes > QUIZ_BYTES_STORED)
    throw rateLimited(
      `your quizzes would take more than ${QUIZ_BYTES_STORED / 1_000_000} MB, the most one account may store; delete some first`,
    );
}
