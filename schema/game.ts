// Game settings and the shapes the HTTP game endpoints share with the web app (docs/product.md §5).
import { z } from "zod";

import { CODE_ALPHABET, CODE_LENGTH } from "./code.ts";
import { STUDENT_ID_MAX } from "./constants.ts";

export { CODE_ALPHABET, CODE_LENGTH, STUDENT_ID_MAX };
export const gameCode = z
  .string()
  .trim()
  .toUpperCase()
  .regex(new RegExp(`^[${CODE_ALPHABET}]{${CODE_LENGTH}}$`), "a game code is 6 letters and digits");

/**
 * A game past a few hundred players holds its sockets in relays (docs/architecture.md "Relays"),
 * so the root object's limits do not cap it; BENCHMARKS.md "Relays" models the ceiling.
 */
export const MAX_PLAYERS = 30_000;

export const TEAM_COUNT_MIN = 2;
export const TEAM_COUNT_MAX = 100;
export const TEAM_TALK_MAX = 30;

/**
 * Team mode (docs/protocol.md §9). `shared`: one phone per team, joined under the team's name;
 * `personal`: every member answers and the team scores the mean (or sum) of its members' points;
 * `consensus`: members propose, the pick standing at the close is the team's answer.
 */
export const teamSettings = z.object({
  mode: z.enum(["shared", "personal", "consensus"]),
  count: z.number().int().min(TEAM_COUNT_MIN).max(TEAM_COUNT_MAX).default(4),
  /** How a personal-device team's score is made of its members' points. */
  scoring: z.enum(["mean", "sum"]).default("mean"),
  /** Seconds the question shows with a "Team talk" countdown before the options open. */
  talkSeconds: z.number().int().min(0).max(TEAM_TALK_MAX).default(0),
  /** Players pick a team in the lobby, or the room places them (smallest team). */
  assign: z.enum(["pick", "auto"]).default("auto"),
});
export type TeamSettings = z.infer<typeof teamSettings>;

export const gameSettings = z.object({
  shuffleQuestions: z.boolean().default(false),
  shuffleOptions: z.boolean().default(false),
  /** Seconds the question is shown before the options open (docs/product.md §5: 0–15 s). */
  readingTime: z.number().int().min(0).max(15).default(3),
  /** Show the leaderboard after each question, or only the podium at the end. */
  leaderboard: z.enum(["each", "end"]).default("each"),
  autoAdvance: z.boolean().default(false),
  lateJoin: z.boolean().default(true),
  nicknames: z.enum(["free", "generated"]).default("free"),
  maxPlayers: z.number().int().min(1).max(MAX_PLAYERS).default(2000),
  /** No speed points: every correct answer earns the full P. */
  accuracyOnly: z.boolean().default(false),
  /**
   * Ask every player for a "name or student ID" at join. Only the teacher's reports show it:
   * never the projector or other players. Optional (not defaulted) so games hosted before it
   * read as "not asked".
   */
  requireStudentId: z.boolean().optional(),
  /** Team mode; null or absent: everyone plays for themselves. */
  teams: teamSettings.nullable().optional(),
});
export type GameSettings = z.infer<typeof gameSettings>;
export type GameSettingsInput = z.input<typeof gameSettings>;

export const hostGameRequest = z.object({
  quizId: z.string().min(1).max(64),
  settings: gameSettings.default(gameSettings.parse({})),
});

/** The "name or student ID" a player gives when the host asks for one. */
export const studentIdText = z
  .string()
  .trim()
  .min(1, "the name or student ID must not be empty")
  .max(STUDENT_ID_MAX, `the name or student ID is at most ${STUDENT_ID_MAX} characters`);

export const joinRequest = z.object({
  nickname: z.string().max(200).optional(),
  /**
   * Required by the room when the host set `requireStudentId` (missing or blank is the join
   * refusal `student-id-required`, which a socket join can read); ignored and not stored otherwise.
   * Blank passes here so that the room, not a refused upgrade, says what is missing.
   */
  studentId: z
    .string()
    .trim()
    .max(STUDENT_ID_MAX, `the name or student ID is at most ${STUDENT_ID_MAX} characters`)
    .optional(),
});

export const LOCATION_HINTS = ["wnam", "enam", "weur", "eeur", "apac", "oc", "sam", "afr", "me"] as const;
export type LocationHint = (typeof LOCATION_HINTS)[number];
