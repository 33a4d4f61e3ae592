// Reports of past games (docs/product.md §2 "Afterwards"): the shapes GET /api/games and
// GET /api/games/:id/report answer with, shared by the worker and the web app.
import { z } from "zod";
import { assignmentSettings } from "./assignment.ts";
import { gameSettings } from "./game.ts";
import { distributionEntry, mathTable } from "./messages.ts";
import { pointsMode, questionType } from "./quiz.ts";
import { reportInsights } from "./insights.ts";

export const REPORT_PAGE = { default: 20, max: 100 } as const;

// Mirrors schema/db.ts GAME_STATUSES (kept zod-only here so the web bundle does not pull in drizzle).
export const gameStatus = z.enum(["lobby", "running", "ended"]);

const id = z.string().min(1).max(64);

export const gameListQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(REPORT_PAGE.max).default(REPORT_PAGE.default),
  cursor: z.string().min(1).max(200).optional(),
  status: gameStatus.optional(),
  /** `hide`: leave out games that never started and have no players (empty lobbies). */
  empty: z.enum(["show", "hide"]).default("show"),
});
export type GameListQuery = z.infer<typeof gameListQuery>;

export const gameIdParam = z.strictObject({ id: id.regex(/^[A-Za-z0-9_-]+$/, "not a game id") });

export const CSV_TABLES = ["players", "answers", "teams"] as const;
export const reportCsvQuery = z.strictObject({ table: z.enum(CSV_TABLES).default("players") });
export type CsvTable = (typeof CSV_TABLES)[number];

export const gameSummary = z.object({
  id: z.string(),
  code: z.string(),
  title: z.string(),
  status: gameStatus,
  playerCount: z.number().int(),
  questionCount: z.number().int(),
  createdAt: z.number().int(),
  startedAt: z.number().int().nullable(),
  endedAt: z.number().int().nullable(),
  /** "assignment": played at each student's own pace before `deadline`. */
  kind: z.enum(["live", "assignment"]),
  deadline: z.number().int().nullable(),
});
export type GameSummary = z.infer<typeof gameSummary>;

/** A listed game; an admin, who sees everyone's games, is also told who hosted it. */
export const gameListItem = gameSummary.extend({ hostName: z.string().optional() });
export type GameListItem = z.infer<typeof gameListItem>;

export const gameList = z.object({ items: z.array(gameListItem), nextCursor: z.string().nullable() });
export type GameList = z.infer<typeof gameList>;

export type DistributionEntry = z.infer<typeof distributionEntry>;

export const questionReport = z.object({
  index: z.number().int(),
  type: questionType,
  text: z.string(),
  points: pointsMode,
  answered: z.number().int(),
  correctCount: z.number().int(),
  /** correct / answered (see `insights` for the share of everyone in the game); null for polls and for a question nobody answered. */
  accuracy: z.number().nullable(),
  /**
   * Options in the quiz's order, ordering items, or typed answers / slider values by how many gave
   * them (the tail summed as `labelKey: "other"`). `correct` is null for polls and for "other".
   */
  distribution: z.array(distributionEntry),
  meanMs: z.number().int().nullable(),
  medianMs: z.number().int().nullable(),
});
export type QuestionReport = z.infer<typeof questionReport>;

export const playerReport = z.object({
  playerId: z.string(),
  nickname: z.string(),
  score: z.number().int(),
  rank: z.number().int(),
  correctCount: z.number().int(),
  answeredCount: z.number().int(),
  /** Mean response time over the player's answers; null if they answered nothing. */
  meanMs: z.number().int().nullable(),
  kicked: z.boolean(),
});
export type PlayerReport = z.infer<typeof playerReport>;

export const gameReport = z.object({
  game: gameSummary.extend({ settings: z.union([gameSettings, assignmentSettings]) }),
  questions: z.array(questionReport),
  players: z.array(playerReport),
  insights: reportInsights,
  /** Rendered formulas of the texts above, keyed by the text as written (schema/messages.ts `mathTable`). */
  math: mathTable.optional(),
});
export type GameReport = z.infer<typeof gameReport>;
