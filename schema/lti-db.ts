// LTI 1.3 tables (worker/lti/): the platforms (LMSs) registered with QuickQuiz, their deployments,
// the login round trip's state and nonce, the users a platform launched, the resource links a
// teacher placed, and the outbox of scores waiting to reach a platform's gradebook.
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";

export const ltiPlatforms = sqliteTable(
  "lti_platforms",
  {
    id: text("id").primaryKey(),
    issuer: text("issuer").notNull(),
    clientId: text("client_id").notNull(),
    name: text("name").notNull(),
    authEndpoint: text("auth_endpoint").notNull(),
    tokenEndpoint: text("token_endpoint").notNull(),
    jwksUrl: text("jwks_url").notNull(),
    /** "dynamic" (LTI Dynamic Registration) or "manual" (the admin console). */
    registeredBy: text("registered_by", { enum: ["dynamic", "manual"] }).notNull(),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [uniqueIndex("lti_platforms_issuer_client").on(t.issuer, t.clientId)],
);

export const ltiDeployments = sqliteTable(
  "lti_deployments",
  {
    platformId: text("platform_id")
      .notNull()
      .references(() => ltiPlatforms.id, { onDelete: "cascade" }),
    deploymentId: text("deployment_id").notNull(),
  },
  (t) => [primaryKey({ columns: [t.platformId, t.deploymentId] })],
);

/** One OIDC login round trip: kept server-side (no third-party cookie in an LMS iframe), used once. */
export const ltiLogins = sqliteTable(
  "lti_logins",
  {
    state: text("state").primaryKey(),
    nonce: text("nonce").notNull(),
    platformId: text("platform_id").notNull(),
    expiresAt: integer("expires_at").notNull(),
    /** Set when the launch spent this state and nonce: a replay is refused. */
    usedAt: integer("used_at"),
  },
  (t) => [uniqueIndex("lti_logins_nonce").on(t.nonce), index("lti_logins_expires").on(t.expiresAt)],
);

/** A QuickQuiz user that a platform launched: the platform's `sub` linked to a users row. */
export const ltiUsers = sqliteTable(
  "lti_users",
  {
    platformId: text("platform_id")
      .notNull()
      .references(() => ltiPlatforms.id, { onDelete: "cascade" }),
    sub: text("sub").notNull(),
    userId: text("user_id").notNull(),
  },
  (t) => [primaryKey({ columns: [t.platformId, t.sub] }), index("lti_users_user").on(t.userId)],
);

/** Launch handover: a one-time code the page exchanges for its session (no cookie across the launch). */
export const ltiHandoffs = sqliteTable("lti_handoffs", {
  codeHash: text("code_hash").primaryKey(),
  userId: text("user_id").notNull(),
  /** JSON: where the app goes next and what the launch told it (the player's name, the game code…). */
  payload: text("payload", { mode: "json" }).$type<Record<string, unknown>>().notNull(),
  expiresAt: integer("expires_at").notNull(),
});

/** A placement in a course (a resource link): which game it plays and which gradebook column it feeds. */
export const ltiLinks = sqliteTable(
  "lti_links",
  {
    gameId: text("game_id").primaryKey(),
    platformId: text("platform_id").notNull(),
    /** The AGS line item URL (null for a live game link, which has no gradebook column). */
    lineItem: text("line_item"),
    /** NRPS context memberships URL, when the platform offered it. */
    membershipsUrl: text("memberships_url"),
    contextId: text("context_id"),
  },
  (t) => [index("lti_links_platform").on(t.platformId)],
);

/** A course roster read through NRPS for a placement: its learners, as the teacher's students before they play. */
export const ltiRoster = sqliteTable(
  "lti_roster",
  {
    gameId: text("game_id").notNull(),
    userId: text("user_id").notNull(),
    name: text("name").notNull(),
    importedAt: integer("imported_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.gameId, t.userId] }), index("lti_roster_user").on(t.userId)],
);

export const LTI_SCORE_STATES = ["pending", "sent", "failed"] as const;

/** Scores on their way to a gradebook: one row per (game, student), the newest counted attempt wins. */
export const ltiScoreOutbox = sqliteTable(
  "lti_score_outbox",
  {
    gameId: text("game_id").notNull(),
    userId: text("user_id").notNull(),
    scoreGiven: integer("score_given").notNull(),
    scoreMaximum: integer("score_maximum").notNull(),
    /** When the attempt finished (the Score's timestamp: the platform keeps the newest). */
    finishedAt: integer("finished_at").notNull(),
    state: text("state", { enum: LTI_SCORE_STATES }).notNull(),
    tries: integer("tries").notNull().default(0),
    nextTryAt: integer("next_try_at").notNull(),
    lastError: text("last_error"),
    sentAt: integer("sent_at"),
  },
  (t) => [primaryKey({ columns: [t.gameId, t.userId] }), index("lti_score_outbox_due").on(t.state, t.nextTryAt)],
);
