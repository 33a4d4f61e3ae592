// What a report points at: per question right / wrong / no answer out of everyone who was in the
// game, the questions most of the class missed, and the players below a share of right answers.
import { z } from "zod";

/** Players below this share of right answers (percent) are flagged as needing help, unless the teacher picks another. */
export const DEFAULT_HELP_BELOW = 50;

/** `?helpBelow=60`: the teacher's own threshold, in percent. */
export const helpBelowQuery = z.strictObject({
  helpBelow: z.coerce.number().int().min(0).max(100).default(DEFAULT_HELP_BELOW),
});
export type HelpBelowQuery = z.infer<typeof helpBelowQuery>;

export const questionOutcome = z.object({
  index: z.number().int(),
  /** Everyone who was in the game: the players not removed, and any removed player who answered this question. */
  inGame: z.number().int(),
  right: z.number().int(),
  /** Not right and earning nothing. */
  wrong: z.number().int(),
  /** Not right, yet earning part of the points (partial credit, part of a multiple select): counted apart from `wrong`. */
  partly: z.number().int().optional(),
  noAnswer: z.number().int(),
  /** right / inGame; null for polls (never right or wrong) and an empty game. */
  share: z.number().nullable(),
  /** Most of the class did not get it right. */
  flagged: z.boolean(),
});
export type QuestionOutcome = z.infer<typeof questionOutcome>;

export const playerOutcome = z.object({
  playerId: z.string(),
  /** The account the player was logged in with, if any. */
  userId: z.string().nullable(),
  accountName: z.string().nullable(),
  /** The "name or student ID" given at join, if the host asked for one. */
  studentId: z.string().nullable(),
  /** Right answers / questions that can be right (polls left out); null when there are none. */
  share: z.number().nullable(),
  /** Below the threshold (removed players are never flagged). */
  needsHelp: z.boolean(),
});
export type PlayerOutcome = z.infer<typeof playerOutcome>;

export const reportInsights = z.object({
  helpBelow: z.number().int(),
  questions: z.array(questionOutcome),
  players: z.array(playerOutcome),
});
export type ReportInsights = z.infer<typeof reportInsights>;
