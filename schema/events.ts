// The event log's vocabulary (docs/product.md §6): the catalogue of event types, the batch a client may
// post, and the query the log reader accepts. Shared by the worker, the rooms and the web app.
import { z } from "zod";

/** Events the server writes (the worker and the rooms). */
export const SERVER_EVENT_TYPES = [
  "auth.register",
  "auth.login",
  "auth.login_failed",
  "auth.logout",
  "auth.rate_limited",
  "auth.password_change",
  "auth.password_change_failed",
  "auth.password_reset",
  "auth.password_reset_failed",
  /** A sign-in through an identity provider refused, with its reason (schema/oidc.ts OIDC_REFUSALS). */
  "auth.oidc_refused",
  "user.update",
  "admin.user_update",
  "admin.reset_link",
  "admin.quiz_unpublish",
  "admin.quiz_republish_allowed",
  "admin.game_end",
  "admin.sign_in_domain",
  "quiz.create",
  "quiz.update",
  "quiz.delete",
  "quiz.copy",
  "quiz.import",
  /** Every import file read (preview or save), before it is parsed: what the imports quota counts. */
  "quiz.import_read",
  "quiz.export",
  "game.host",
  "assignment.create",
  "game.start",
  "game.end",
  "game.results_saved",
  "game.delete",
  "game.pause",
  "game.resume",
  "question.show",
  "question.skip",
  "question.reveal",
  "question.add_time",
  "question.restart_grace",
  "question.hide_entry",
  "player.join",
  "player.join_refused",
  "player.reconnect",
  /** One row once a seat has reconnected more often than the room logs one by one. */
  "player.reconnect_churn",
  "player.ghost_replaced",
  "player.leave",
  "player.kick",
  "player.extra_time",
  "lobby.lock",
  "lobby.unlock",
  /** One row per question with the room's answer counts: a room never writes one row per answer. */
  "answer.summary",
  "room.error",
  "api.error",
  "system.retention",
  "media.upload",
  "system.media_cleanup",
] as const;

/** Events a browser may post about itself through POST /api/logs. */
export const CLIENT_EVENT_TYPES = ["client.page_view", "client.error", "client.reconnect", "client.ws_error"] as const;

export const EVENT_TYPES = [...SERVER_EVENT_TYPES, ...CLIENT_EVENT_TYPES] as const;
export type EventType = (typeof EVENT_TYPES)[number];

// ---------- client batches (POST /api/logs) ----------
export const CLIENT_LOG_LIMITS = {
  eventsPerBatch: 50,
  /** Serialised JSON of one event, in UTF-8 bytes. */
  eventBytes: 2048,
  /** The whole request body; beyond it the answer is 413 before any parsing. */
  bodyBytes: 32 * 1024,
  path: 512,
  message: 1000,
  detailKeys: 20,
} as const;

const utf8Bytes = (value: unknown) => new TextEncoder().encode(JSON.stringify(value)).length;

/** A flat bag of scalars: enough for a stack line or a status code, too small to smuggle blobs. */
const detail = z
  .record(z.string().max(64), z.union([z.string().max(1000), z.number().finite(), z.boolean(), z.null()]))
  .refine((d) => Object.keys(d).length <= CLIENT_LOG_LIMITS.detailKeys, {
    message: `detail has at most ${CLIENT_LOG_LIMITS.detailKeys} keys`,
  });

export const clientEvent = z
  .strictObject({
    type: z.enum(CLIENT_EVENT_TYPES),
    /** The client's own clock: kept as `clientTs` in the payload, never used as the event's time. */
    ts: z.number().int().min(0).max(8.64e15).optional(),
    path: z.string().max(CLIENT_LOG_LIMITS.path).optional(),
    message: z.string().max(CLIENT_LOG_LIMITS.message).optional(),
    detail: detail.optional(),
  })
  .refine((e) => utf8Bytes(e) <= CLIENT_LOG_LIMITS.eventBytes, {
    message: `an event must be at most ${CLIENT_LOG_LIMITS.eventBytes} bytes of JSON`,
  });
export type ClientEvent = z.infer<typeof clientEvent>;

export const clientLogBatch = z.strictObject({
  events: z
    .array(clientEvent)
    .min(1, "send at least one event")
    .max(CLIENT_LOG_LIMITS.eventsPerBatch, `a batch has at most ${CLIENT_LOG_LIMITS.eventsPerBatch} events`),
});

// ---------- reading the log (GET /api/logs) ----------
export const LOG_PAGE = { default: 50, max: 200 } as const;

/** An exact type (`auth.login`) or a family (`auth.*`). */
export const eventTypeFilter = z
  .string()
  .regex(
    /^[a-z][a-z_]*(\.[a-z][a-z_]*|\.\*)$/,
    "type must be an event type such as auth.login, or a family such as auth.*",
  );

const msTime = z.coerce.number().int().min(0).max(8.64e15);
const id = z.string().min(1).max(64);

export const logQuery = z
  .strictObject({
    type: eventTypeFilter.optional(),
    gameId: id.optional(),
    /** The actor: a user id or a player id. */
    userId: id.optional(),
    /** Inclusive lower bound, ms since the epoch. */
    from: msTime.optional(),
    /** Exclusive upper bound, ms since the epoch. */
    to: msTime.optional(),
    limit: z.coerce.number().int().min(1).max(LOG_PAGE.max).default(LOG_PAGE.default),
    /** Opaque: the `nextCursor` of the previous page. */
    cursor: z.string().min(1).max(200).optional(),
  })
  .refine((q) => q.from === undefined || q.to === undefined || q.from < q.to, {
    message: "from must be before to",
    path: ["from"],
  });
export type LogQuery = z.infer<typeof logQuery>;

export const logItem = z.object({
  id: z.number().int(),
  ts: z.number().int(),
  type: z.string(),
  actorType: z.enum(["user", "player", "system", "client"]),
  actorId: z.string().nullable(),
  role: z.string().nullable(),
  gameId: z.string().nullable(),
  quizId: z.string().nullable(),
  payload: z.record(z.string(), z.unknown()).nullable(),
  /**
   * Names for the ids, as they are now (null when the row is gone, or not the reader's to see):
   * the acting user's name (for a player, their nickname in that game), the quiz's title, the
   * game's title, code and kind.
   */
  actorName: z.string().nullable().optional(),
  /** For an admin: the name of the user the event concerns (its owner: the teacher, or the changed account). */
  ownerName: z.string().nullable().optional(),
  quizTitle: z.string().nullable().optional(),
  gameTitle: z.string().nullable().optional(),
  gameCode: z.string().nullable().optional(),
  gameKind: z.enum(["live", "assignment"]).nullable().optional(),
});
export type LogItem = z.infer<typeof logItem>;

export const logPage = z.object({ items: z.array(logItem), nextCursor: z.string().nullable() });
export type LogPage = z.infer<typeof logPage>;
