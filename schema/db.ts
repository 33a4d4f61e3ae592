// D1 tables (drizzle). Times are integer milliseconds since the epoch; JSON columns hold
// data that is read and written whole (a quiz's questions, a game's settings and snapshot).
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import type { Question } from "./quiz.ts";
import type { GameSettings } from "./game.ts";
import type { CoverImage } from "./image.ts";
import type { AssignmentSettings } from "./assignment.ts";

export const ROLES = ["teacher", "student", "admin"] as const;
export type Role = (typeof ROLES)[number];

export const users = sqliteTable(
  "users",
  {
    id: text("id").primaryKey(),
    /** Stored lower-cased; unique. */
    email: text("email").notNull(),
    name: text("name").notNull(),
    /** `pbkdf2-sha256$<iterations>$<salt b64>$<hash b64>` */
    passwordHash: text("password_hash").notNull(),
    role: text("role", { enum: ROLES }).notNull(),
    disabled: integer("disabled", { mode: "boolean" }).notNull().default(false),
    createdAt: integer("created_at").notNull(),
    /** Sessions signed before this time (ms) are refused: set by a password change or reset and by disabling. */
    sessionsValidAfter: integer("sessions_valid_after"),
  },
  (t) => [uniqueIndex("users_email_unique").on(t.email)],
);

/** One-time password-reset links an admin hands over; only the SHA-256 of the token is kept. */
export const passwordResets = sqliteTable(
  "password_resets",
  {
    tokenHash: text("token_hash").primaryKey(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    createdBy: text("created_by").notNull(),
    createdAt: integer("created_at").notNull(),
    expiresAt: integer("expires_at").notNull(),
    usedAt: integer("used_at"),
  },
  (t) => [index("password_resets_user").on(t.userId)],
);

/** Sessions ended by logout before their JWT expired; rows are dropped once past expiry. */
export const revokedSessions = sqliteTable(
  "revoked_sessions",
  {
    jti: text("jti").primaryKey(),
    expiresAt: integer("expires_at").notNull(),
  },
  (t) => [index("revoked_sessions_expires").on(t.expiresAt)],
);

/**
 * The phone-remote codes a host has shown (worker/games/remote.ts): each is claimed once, by the
 * first signed-in session that opens it; that session alone may connect with it afterwards.
 */
export const remoteClaims = sqliteTable(
  "remote_claims",
  {
    /** The random id the remote token carries. */
    id: text("id").primaryKey(),
    code: text("code").notNull(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    /** The session (jti) that showed the code: the remote ends with it. */
    sessionJti: text("session_jti").notNull(),
    createdAt: integer("created_at").notNull(),
    /** The token's expiry (ms); the row is dropped after it. */
    expiresAt: integer("expires_at").notNull(),
    /** The session (jti) of the phone that claimed it; null until then. */
    claimedBy: text("claimed_by"),
    claimedAt: integer("claimed_at"),
  },
  (t) => [index("remote_claims_expires").on(t.expiresAt)],
);

export const quizzes = sqliteTable(
  "quizzes",
  {
    id: text("id").primaryKey(),
    ownerId: text("owner_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    title: text("title").notNull(),
    description: text("description").notNull().default(""),
    language: text("language").notNull().default("en"),
    visibility: text("visibility", { enum: ["private", "public", "unlisted"] }).notNull(),
    /** The questions, validated by schema/quiz.ts before they are written. */
    questions: text("questions", { mode: "json" }).$type<Question[]>().notNull(),
    questionCount: integer("question_count").notNull(),
    createdAt: integer("created_at").notNull(),
    updatedAt: integer("updated_at").notNull(),
    /** The cover picture, if the quiz has one. */
    cover: text("cover", { mode: "json" }).$type<CoverImage>(),
    /**
     * Why an admin unpublished it; while set, its owner cannot make it public or unlisted again
     * (an admin clears it with "Allow republishing").
     */
    unpublishedReason: text("unpublished_reason"),
  },
  (t) => [
    index("quizzes_owner_updated").on(t.ownerId, t.updatedAt),
    index("quizzes_visibility_updated").on(t.visibility, t.updatedAt),
  ],
);

/** One row per (quiz, tag) so the catalog can filter by tag with an index. */
export const quizTags = sqliteTable(
  "quiz_tags",
  {
    quizId: text("quiz_id")
      .notNull()
      .references(() => quizzes.id, { onDelete: "cascade" }),
    tag: text("tag").notNull(),
  },
  (t) => [primaryKey({ columns: [t.quizId, t.tag] }), index("quiz_tags_tag").on(t.tag)],
);

export const GAME_STATUSES = ["lobby", "running", "ended"] as const;
/** A live game, or an assignment played at each student's own pace before a deadline. */
export const GAME_KINDS = ["live", "assignment"] as const;

export const games = sqliteTable(
  "games",
  {
    id: text("id").primaryKey(),
    /** Not unique over all time: a code is reused once its room has been cleaned up. */
    code: text("code").notNull(),
    quizId: text("quiz_id").references(() => quizzes.id, { onDelete: "set null" }),
    hostId: text("host_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    title: text("title").notNull(),
    settings: text("settings", { mode: "json" }).$type<GameSettings | AssignmentSettings>().notNull(),
    /** The frozen copy of the quiz that the game plays (docs/product.md §5 "Snapshot"). */
    snapshot: text("snapshot", { mode: "json" }).$type<Question[]>().notNull(),
    status: text("status", { enum: GAME_STATUSES }).notNull(),
    kind: text("kind", { enum: GAME_KINDS }).notNull().default("live"),
    /** An assignment's deadline (null for live games). */
    deadline: integer("deadline"),
    playerCount: integer("player_count").notNull().default(0),
    questionCount: integer("question_count").notNull(),
    createdAt: integer("created_at").notNull(),
    startedAt: integer("started_at"),
    endedAt: integer("ended_at"),
  },
  (t) => [
    index("games_host_created").on(t.hostId, t.createdAt),
    index("games_code").on(t.code, t.status),
    // The media clean-up looks at the snapshots of games still live.
    index("games_status").on(t.status),
  ],
);

export const gamePlayers = sqliteTable(
  "game_players",
  {
    gameId: text("game_id")
      .notNull()
      .references(() => games.id, { onDelete: "cascade" }),
    playerId: text("player_id").notNull(),
    nickname: text("nickname").notNull(),
    /** Set when a logged-in student joined: their history across games. */
    userId: text("user_id").references(() => users.id, { onDelete: "set null" }),
    /** The "name or student ID" a host may ask for at join: for the teacher's reports only. */
    studentId: text("student_id"),
    score: integer("score").notNull(),
    rank: integer("rank").notNull(),
    correctCount: integer("correct_count").notNull(),
    answeredCount: integer("answered_count").notNull(),
    /** Sum of response times of answered questions, ms (the leaderboard's tie-break). */
    totalTimeMs: integer("total_time_ms").notNull(),
    kicked: integer("kicked", { mode: "boolean" }).notNull().default(false),
    joinedAt: integer("joined_at").notNull(),
    /** Team mode: the name of the player's team at the end of the game; null without teams. */
    team: text("team"),
    /** Shared devices: who played on this team's phone, as its phone named them (display only); null: not named. */
    members: text("members", { mode: "json" }).$type<string[]>(),
  },
  (t) => [
    primaryKey({ columns: [t.gameId, t.playerId] }),
    index("game_players_user").on(t.userId),
    index("game_players_student").on(t.studentId),
  ],
);

export const answers = sqliteTable(
  "answers",
  {
    gameId: text("game_id")
      .notNull()
      .references(() => games.id, { onDelete: "cascade" }),
    /** Position in the order the game played (after any shuffle). */
    questionIndex: integer("question_index").notNull(),
    playerId: text("player_id").notNull(),
    /** What the player sent, in the quiz's own terms (original option indexes). */
    answer: text("answer", { mode: "json" }).notNull(),
    /** null for polls, which are never correct or wrong. */
    correct: integer("correct", { mode: "boolean" }),
    points: integer("points").notNull(),
    responseMs: integer("response_ms").notNull(),
    answeredAt: integer("answered_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.gameId, t.questionIndex, t.playerId] })],
);

export const ACTOR_TYPES = ["user", "player", "system", "client"] as const;

export const events = sqliteTable(
  "events",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    ts: integer("ts").notNull(),
    type: text("type").notNull(),
    actorType: text("actor_type", { enum: ACTOR_TYPES }).notNull(),
    actorId: text("actor_id"),
    role: text("role"),
    gameId: text("game_id"),
    quizId: text("quiz_id"),
    /** The teacher who owns the quiz or game: lets a teacher read the events of their own things. */
    ownerId: text("owner_id"),
    payload: text("payload", { mode: "json" }).$type<Record<string, unknown>>(),
  },
  (t) => [
    index("events_ts").on(t.ts),
    index("events_type_ts").on(t.type, t.ts),
    index("events_game_ts").on(t.gameId, t.ts),
    index("events_owner_ts").on(t.ownerId, t.ts),
    index("events_actor_ts").on(t.actorId, t.ts),
  ],
);

/** Images teachers uploaded; the bytes are in R2 under the same key. */
export const media = sqliteTable(
  "media",
  {
    /** 128 random bits (schema/media.ts MEDIA_KEY): the image's URL is /media/<key>. */
    key: text("key").primaryKey(),
    /** Whose storage quota it counts against; null once that account is gone (the clean-up still sees it). */
    ownerId: text("owner_id").references(() => users.id, { onDelete: "set null" }),
    bytes: integer("bytes").notNull(),
    contentType: text("content_type").notNull(),
    width: integer("width").notNull(),
    height: integer("height").notNull(),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [index("media_owner").on(t.ownerId), index("media_created").on(t.createdAt)],
);

/** Which uploaded images each quiz shows, written with the quiz: what the daily clean-up keeps. */
export const quizMedia = sqliteTable(
  "quiz_media",
  {
    quizId: text("quiz_id")
      .notNull()
      .references(() => quizzes.id, { onDelete: "cascade" }),
    /** No foreign key: a quiz may name an image that is gone (it then shows as broken in the editor). */
    key: text("key").notNull(),
  },
  (t) => [primaryKey({ columns: [t.quizId, t.key] }), index("quiz_media_key").on(t.key)],
);

/**
 * School domains an admin lists for sign-in through an identity provider (schema/oidc.ts): once
 * any row exists, provider sign-in is limited to these domains; each says what a new account
 * from it becomes and whether its accounts may still sign in with a password.
 */
export const signInDomains = sqliteTable("sign_in_domains", {
  /** Lower-cased, e.g. `school.edu`. */
  domain: text("domain").primaryKey(),
  role: text("role", { enum: ["teacher", "student"] }).notNull(),
  passwordSignIn: integer("password_sign_in", { mode: "boolean" }).notNull().default(true),
  createdBy: text("created_by").notNull(),
  createdAt: integer("created_at").notNull(),
});
// LTI 1.3 (worker/lti/): in a file of its own, re-exported so drizzle-kit sees its tables.
export * from "./lti-db.ts";
