// Per-account quotas: what one account may make the platform hold or run, so a self-registered
// teacher cannot fill D1 or R2, keep hundreds of rooms alive or burn the Worker's CPU. Unlike the
// rate limiters (per location, approximate, a brake on floods), these count the account's own rows
// in D1 and so hold exactly, up to requests racing each other (each checks, then writes).
//
// ONE mechanism for every way to create work: a table of quota kinds, each either a count over a
// rolling window ("at most N of these an hour") or a stored total ("at most N held at once"), and
// one `checkQuota(db, kind, userId)` that every creating route calls before it writes anything.
import { and, count, eq, gt, inArray, min, sql, sum } from "drizzle-orm";
import { events, games, media, quizzes } from "../schema/db.ts";
import { MEDIA_LIMITS } from "../schema/media.ts";
import type { Db } from "./db.ts";
import { ApiError, type ErrorCode } from "./errors.ts";

const HOUR_MS = 3600_000;
const MB = 1_000_000;

/** The event written for every import file read (preview or save): what the imports quota counts. */
export const IMPORT_READ_EVENT = "quiz.import_read";

type Window = {
  per: "window";
  windowMs: number;
  limit: number;
  /** How many in the window since `since`, and when the oldest of them was made (ms). */
  used(db: Db, userId: string, since: number): Promise<{ n: number; oldest: number | null }>;
  /** Says what the limit is; the wait is added. */
  message(limit: number): string;
};

type Stored = {
  per: "stored";
  limit: number;
  /** What the account holds now, leaving out `replacing` (the row an edit replaces). */
  used(db: Db, userId: string, replacing?: string): Promise<number>;
  message(limit: number, used: number, adding: number): string;
};

const LIVE = ["lobby", "running"] as const;
const mb = (bytes: number) => `${(bytes / MB).toFixed(1)} MB`;
const mib = (bytes: number) => `${(bytes / (1024 * 1024)).toFixed(1)} MB`;

/** Games and assignments (both `games` rows) the user started since `since`, on the games_host_created index. */
async function hosted(db: Db, userId: string, since: number) {
  const row = await db
    .select({ n: count(), oldest: min(games.createdAt) })
    .from(games)
    .where(and(eq(games.hostId, userId), gt(games.createdAt, since)))
    .get();
  return { n: row?.n ?? 0, oldest: row?.oldest ?? null };
}

export const QUOTAS = {
  /**
   * Live games and assignments started, together, in any rolling hour: each is a Durable Object and
   * a `games` row. A teacher teaching all day hosts a handful and assigns a few.
   */
  hosting: {
    per: "window",
    windowMs: HOUR_MS,
    limit: 30,
    used: hosted,
    message: (limit) => `you have started ${limit} games and assignments in the last hour, the most one account may`,
  },
  /** Assignments open (or scheduled) at once: each keeps a Durable Object with an alarm for up to 120 days. */
  openAssignments: {
    per: "stored",
    limit: 100,
    async used(db, userId) {
      const row = await db
        .select({ n: count() })
        .from(games)
        .where(and(eq(games.hostId, userId), eq(games.kind, "assignment"), inArray(games.status, LIVE)))
        .get();
      return row?.n ?? 0;
    },
    message: (limit) => `you have ${limit} open assignments, the most one account may have at once; close one first`,
  },
  /** Images uploaded in any rolling hour (each is sniffed and stored in R2): a 100-question quiz with a picture each, twice. */
  uploads: {
    per: "window",
    windowMs: HOUR_MS,
    limit: 200,
    async used(db, userId, since) {
      const row = await db
        .select({ n: count(), oldest: min(media.createdAt) })
        .from(media)
        .where(and(eq(media.ownerId, userId), gt(media.createdAt, since)))
        .get();
      return { n: row?.n ?? 0, oldest: row?.oldest ?? null };
    },
    message: (limit) => `you have uploaded ${limit} images in the last hour, the most one account may`,
  },
  /** Bytes of images stored (recordMedia also checks it in its insert, so racing uploads cannot both slip under). */
  mediaBytes: {
    per: "stored",
    limit: MEDIA_LIMITS.quotaBytes,
    async used(db, userId) {
      const row = await db
        .select({ bytes: sum(media.bytes) })
        .from(media)
        .where(eq(media.ownerId, userId))
        .get();
      return Number(row?.bytes ?? 0);
    },
    message: (limit, used, adding) =>
      `your image storage is full: ${mib(used)} of ${mib(limit)} used, and this image needs ${mib(adding)}. Images no quiz uses are removed within a day.`,
  },
  /** Import files read (previews and saves, every format): each read parses a file of up to 512 KB, an xlsx unzipped. */
  imports: {
    per: "window",
    windowMs: HOUR_MS,
    limit: 60,
    async used(db, userId, since) {
      const row = await db
        .select({ n: count(), oldest: min(events.ts) })
        .from(events)
        .where(and(eq(events.actorId, userId), gt(events.ts, since), eq(events.type, IMPORT_READ_EVENT)))
        .get();
      return { n: row?.n ?? 0, oldest: row?.oldest ?? null };
    },
    message: (limit) => `you have read ${limit} import files in the last hour, the most one account may`,
  },
  /** Quizzes stored, on every route that creates one (create, JSON, CSV and file import, duplicate). */
  quizzes: {
    per: "stored",
    limit: 200,
    async used(db, userId) {
      const row = await db.select({ n: count() }).from(quizzes).where(eq(quizzes.ownerId, userId)).get();
      return row?.n ?? 0;
    },
    message: (limit) => `you have ${limit} quizzes, the most one account may store; delete some first`,
  },
  /** UTF-8 bytes of questions JSON over all the account's quizzes: 200 quizzes of 100 kB. */
  quizBytes: {
    per: "stored",
    limit: 20 * MB,
    async used(db, userId, replacing) {
      const row = await db
        .select({ bytes: sql<number>`coalesce(sum(length(CAST(${quizzes.questions} AS BLOB))), 0)` })
        .from(quizzes)
        .where(and(eq(quizzes.ownerId, userId), replacing ? sql`${quizzes.id} <> ${replacing}` : undefined))
        .get();
      return row?.bytes ?? 0;
    },
    message: (limit) =>
      `your quizzes would take more than ${mb(limit)}, the most one account may store; delete some first`,
  },
} satisfies Record<string, Window | Stored>;

export type QuotaKind = keyof typeof QUOTAS;

/** The 429 of a quota: `rate_limited` for a count per window, `quota_exceeded` for a stored total; `issues` names the kind. */
export function quotaError(kind: QuotaKind, message: string): ApiError {
  const code: ErrorCode = QUOTAS[kind].per === "window" ? "rate_limited" : "quota_exceeded";
  return new ApiError(429, code, message, [{ path: "quota", message: kind }]);
}

function waitText(ms: number): string {
  const minutes = Math.max(1, Math.ceil(ms / 60_000));
  return minutes === 1 ? "about a minute" : `about ${minutes} minutes`;
}

/**
 * 429 if `userId` doing one more of `kind` (or of each of several kinds, checked in order) would
 * exceed its quota; nothing written either way.
 * `adding`: how much the new thing adds to a stored total (bytes; default 1). `replacing`: the id of
 * the row an edit replaces, which then counts neither as another one nor with its old size.
 */
export async function checkQuota(
  db: Db,
  kind: QuotaKind | QuotaKind[],
  userId: string,
  opts: { adding?: number; replacing?: string; now?: number } = {},
): Promise<void> {
  if (Array.isArray(kind)) {
    for (const k of kind) await checkQuota(db, k, userId, opts);
    return;
  }
  const quota: Window | Stored = QUOTAS[kind];
  if (quota.per === "window") {
    const now = opts.now ?? Date.now();
    const { n, oldest } = await quota.used(db, userId, now - quota.windowMs);
    if (n < quota.limit) return;
    const wait = oldest === null ? quota.windowMs : oldest + quota.windowMs - now;
    throw quotaError(kind, `${quota.message(quota.limit)}; try again in ${waitText(wait)}`);
  }
  const adding = opts.adding ?? 1;
  const used = await quota.used(db, userId, opts.replacing);
  if (used + adding > quota.limit) throw quotaError(kind, quota.message(quota.limit, used, adding));
}

/** The UTF-8 size of questions as stored (the JSON text of the column). */
export const questionBytes = (questions: unknown) => new TextEncoder().encode(JSON.stringify(questions)).length;

/** The hosting quota as the games row's insert counts it again (rooms/kit/games-row.ts `insertGame`). */
export const HOSTING_LIMIT = { windowMs: QUOTAS.hosting.windowMs, limit: QUOTAS.hosting.limit };

/** The hosting quota's refusal when the insert's own count refused a request that raced past the check. */
export const hostingQuotaError = () =>
  quotaError("hosting", `${QUOTAS.hosting.message(QUOTAS.hosting.limit)}; try again later`);
