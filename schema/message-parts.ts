// The parts room → client frames are built of (schema/messages.ts): a question as anyone may see
// it, the correct answer, leaderboard and team lines, a player's standing, the public settings.
import { z } from "zod";
import { gameSettings } from "./game.ts";
import { pointsMode, questionType } from "./quiz.ts";

/**
 * Fixed labels the room sends as keys, never as English words: each screen shows them in its
 * reader's language. Options and answers the teacher wrote travel as text.
 */
export const LABEL_KEYS = ["true", "false", "correct", "wrong", "other"] as const;
export const labelKey = z.enum(LABEL_KEYS);
export type LabelKey = z.infer<typeof labelKey>;

/** A bar's count and whether its answer is correct (null in a poll). */
export const tally = { count: z.number().int(), correct: z.boolean().nullable() };
/** One bar of a distribution: the teacher's text (`label`) or a fixed label (`labelKey`), never both. */
export const distributionEntry = z.union([z.object({ label: z.string(), ...tally }), z.object({ labelKey, ...tally })]);

/**
 * Rendered HTML (escaped text and MathML) for the texts of a message that hold formulas, keyed by
 * the text as written; a text not listed shows as written.
 */
export const mathTable = z.record(z.string(), z.string());
export type MathTable = z.infer<typeof mathTable>;

/** What anyone may see of a question before its reveal: never the correct answer. */
export const questionView = z.object({
  index: z.number().int(),
  total: z.number().int(),
  type: questionType,
  text: z.string(),
  image: z.string().optional(),
  /** The image's alt text; "" when it is decorative; absent for a quiz older than alt text. */
  imageAlt: z.string().optional(),
  points: pointsMode,
  /** Choices or ordering items, in display order: the teacher's `text`, or a `labelKey` (true/false). */
  options: z
    .array(
      z.union([z.object({ id: z.number().int(), text: z.string() }), z.object({ id: z.number().int(), labelKey })]),
    )
    .optional(),
  slider: z.object({ min: z.number(), max: z.number(), step: z.number() }).optional(),
  /** Seconds to answer once the options open (this player's, with extra time). */
  timeLimit: z.number(),
  /** ms until the options open (reading time), from when this message was sent. */
  opensInMs: z.number(),
  /** ms until the question closes for this client, from when this message was sent (while paused: what is left, frozen). */
  closesInMs: z.number(),
  /** The host has paused the room: the countdown stands still at `closesInMs`. */
  paused: z.boolean().optional(),
  /** Team mode: the last `talkMs` of the wait before the options open are team talk ("Discuss with your team"). */
  talkMs: z.number().int().optional(),
  math: mathTable.optional(),
  /** The quiz's language tag ("en", "ru"…): the words are hyphenated and read aloud in it. */
  language: z.string().max(20).optional(),
});
export type QuestionView = z.infer<typeof questionView>;

/** The correct answer, in the same terms as `answerValue`. Absent for polls. */
export const correctAnswer = z.union([
  z.object({ choice: z.number().int() }),
  z.object({ choices: z.array(z.number().int()) }),
  z.object({ accepted: z.array(z.string()) }),
  z.object({ order: z.array(z.number().int()) }),
  z.object({ value: z.number(), tolerance: z.number() }),
]);
export type CorrectAnswer = z.infer<typeof correctAnswer>;

export const leaderEntry = z.object({
  playerId: z.string(),
  nickname: z.string(),
  score: z.number().int(),
  rank: z.number().int(),
  /** Rank before this question; null on the first leaderboard. */
  prevRank: z.number().int().nullable(),
});
export type LeaderEntry = z.infer<typeof leaderEntry>;

export const playerInfo = z.object({
  playerId: z.string(),
  nickname: z.string(),
  connected: z.boolean(),
  extraTime: z.number(),
  /** Team mode: the player's team. */
  teamId: z.string().nullable().optional(),
  /** Shared devices: who plays on this team's phone (`teamMembers`), when it said. */
  members: z.array(z.string()).optional(),
});

/** A team in the lobby list. */
export const teamInfo = z.object({ teamId: z.string(), name: z.string(), members: z.number().int() });
export type TeamInfo = z.infer<typeof teamInfo>;
/** A team's line on the team leaderboard and podium. */
export const teamEntry = z.object({
  teamId: z.string(),
  name: z.string(),
  score: z.number().int(),
  rank: z.number().int(),
  /** Rank before this question; null on the first board. */
  prevRank: z.number().int().nullable(),
  members: z.number().int(),
});
export type TeamEntry = z.infer<typeof teamEntry>;
/** A player's team standing: their team's rank and score, and their own part of that score. */
export const myTeam = z.object({
  teamId: z.string(),
  name: z.string(),
  rank: z.number().int().nullable(),
  score: z.number().int(),
  contribution: z.number().int(),
  teamCount: z.number().int(),
});
export type MyTeam = z.infer<typeof myTeam>;
/** What the room says about team mode in the welcome: the settings players need. */
export const publicTeams = z.object({
  mode: z.enum(["shared", "personal", "consensus"]),
  assign: z.enum(["pick", "auto"]),
  scoring: z.enum(["mean", "sum"]),
  talkSeconds: z.number().int(),
});
export type PlayerInfo = z.infer<typeof playerInfo>;

export const publicSettings = gameSettings.pick({
  leaderboard: true,
  autoAdvance: true,
  accuracyOnly: true,
  readingTime: true,
});
