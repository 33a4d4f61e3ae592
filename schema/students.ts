// A student's own history and answers, and a teacher's view of one student or of several games at
// once: the shapes /api/me/… and /api/students, /api/games/:id/players/:playerId and
// /api/games/combined answer with.
import { z } from "zod";
import { studentIdText } from "./game.ts";
import { mathTable } from "./messages.ts";
import { pointsMode, questionType } from "./quiz.ts";
import { gameStatus, playerReport } from "./report.ts";
import { DEFAULT_HELP_BELOW } from "./insights.ts";

export const HISTORY_PAGE = { default: 20, max: 100 } as const;
const id = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9_-]+$/, "not an id");

export const historyQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(HISTORY_PAGE.max).default(HISTORY_PAGE.default),
  cursor: z.string().min(1).max(200).optional(),
});
export type HistoryQuery = z.infer<typeof historyQuery>;

export const HISTORY_KINDS = ["game", "assignment"] as const;

/**
 * One live game the student played, or one homework (`kind: "assignment"`) they finished: listed
 * as soon as they finish it, before it closes. What an assignment shows follows its teacher's
 * `showAnswers` (schema/assignment.ts): `score` and `correctCount` are null while (or for ever, under
 * "never") they are hidden; `rank` is null then too, and until the assignment closes (no final standings).
 */
export const historyItem = z.object({
  kind: z.enum(HISTORY_KINDS),
  gameId: z.string(),
  title: z.string(),
  /** When it started (or was opened, if it never started), ms since the epoch. */
  playedAt: z.number().int(),
  /** An assignment's deadline; null for a live game. */
  deadline: z.number().int().nullable(),
  /** "running": an assignment still open. */
  status: gameStatus,
  nickname: z.string(),
  score: z.number().int().nullable(),
  /** 0 when the player was removed by the host (no place in the standings). */
  rank: z.number().int().nullable(),
  playerCount: z.number().int(),
  correctCount: z.number().int().nullable(),
  /** null while results are hidden on a homework of several attempts counted "best" (it would tell which counted). */
  answeredCount: z.number().int().nullable(),
  questionCount: z.number().int(),
});
export type HistoryItem = z.infer<typeof historyItem>;
export const historyPage = z.object({ items: z.array(historyItem), nextCursor: z.string().nullable() });
export type HistoryPage = z.infer<typeof historyPage>;

export const gamePlayerParam = z.strictObject({ id, playerId: id });
export const myGameParam = z.strictObject({ id });

/**
 * One question as a player answered it. Answers are lists of the texts the player saw (an
 * option, the items in the order given, the typed text, the slider value); true/false is
 * "True" or "False". `right` and `explanation` are there only once the game is over. On a
 * student's own homework, `correct`, `earned`, `right` and `explanation` are absent while its
 * `showAnswers` hides them.
 */
export const answerSheetEntry = z.object({
  index: z.number().int(),
  type: questionType,
  text: z.string(),
  image: z.string().nullable(),
  /** The teacher's words for the image ("" when decorative); absent for quizzes older than alt text. */
  imageAlt: z.string().optional(),
  points: pointsMode,
  /** null: no answer. */
  yours: z.array(z.string()).nullable(),
  /** null for polls and unanswered questions. */
  correct: z.boolean().nullable().optional(),
  /** Not right, yet worth part of the points (partial credit, or some of a multiple select's right picks). */
  partly: z.boolean().optional(),
  /** The teacher's feedback for the answer given (the picked option's, the matched typed answer's), once the game is over. */
  feedback: z.string().nullable().optional(),
  earned: z.number().int().optional(),
  responseMs: z.number().int().nullable(),
  /** The right answer(s); for a slider the value and its tolerance ("8", "± 1"); empty for polls. */
  right: z.array(z.string()).nullable().optional(),
  explanation: z.string().nullable().optional(),
});
export type AnswerSheetEntry = z.infer<typeof answerSheetEntry>;

export const gameHeader = z.object({
  id: z.string(),
  title: z.string(),
  code: z.string(),
  status: gameStatus,
  playedAt: z.number().int(),
  playerCount: z.number().int(),
  questionCount: z.number().int(),
});
export type GameHeader = z.infer<typeof gameHeader>;

/** GET /api/me/games/:id: the caller's own game, or homework (its results as `showAnswers` allows). */
export const myGame = z.object({
  game: gameHeader,
  kind: z.enum(HISTORY_KINDS),
  /** An assignment's deadline; null for a live game. */
  deadline: z.number().int().nullable(),
  me: historyItem.omit({
    kind: true,
    gameId: true,
    title: true,
    playedAt: true,
    deadline: true,
    status: true,
    playerCount: true,
    questionCount: true,
  }),
  questions: z.array(answerSheetEntry),
  math: mathTable.optional(),
});
export type MyGame = z.infer<typeof myGame>;

/** GET /api/games/:id/players/:playerId: one player's answers, for the game's host. */
export const playerDrillDown = z.object({
  game: gameHeader,
  player: playerReport.extend({
    studentId: z.string().nullable(),
    userId: z.string().nullable(),
    accountName: z.string().nullable(),
  }),
  questions: z.array(answerSheetEntry),
  math: mathTable.optional(),
});
export type PlayerDrillDown = z.infer<typeof playerDrillDown>;

// ---------- a teacher's students ----------
export const studentListQuery = z.strictObject({
  /** Part of a name, nickname or student ID. */
  q: z
    .string()
    .trim()
    .max(100)
    .optional()
    .transform((v) => v || undefined),
});

/** A student the teacher has seen: a player with an account, or with a student ID. */
export const studentRef = z.object({
  userId: z.string().nullable(),
  studentId: z.string().nullable(),
  /** The account's name, else the nickname they last played under. */
  name: z.string(),
  games: z.number().int(),
  /** null: on a course roster (LTI), not played yet. */
  lastPlayedAt: z.number().int().nullable(),
});
export type StudentRef = z.infer<typeof studentRef>;
export const STUDENT_LIST_MAX = 200;
export const studentList = z.object({ items: z.array(studentRef), truncated: z.boolean() });
export type StudentList = z.infer<typeof studentList>;

/** By account or by the "name or student ID" given at join: exactly one. */
export const studentResultsQuery = z
  .strictObject({ userId: id.optional(), studentId: studentIdText.optional() })
  .refine((q) => (q.userId === undefined) !== (q.studentId === undefined), {
    message: "give either userId or studentId",
  });
export type StudentResultsQuery = z.infer<typeof studentResultsQuery>;

export const studentGame = z.object({
  gameId: z.string(),
  playerId: z.string(),
  title: z.string(),
  playedAt: z.number().int(),
  nickname: z.string(),
  studentId: z.string().nullable(),
  score: z.number().int(),
  rank: z.number().int(),
  playerCount: z.number().int(),
  correctCount: z.number().int(),
  answeredCount: z.number().int(),
  questionCount: z.number().int(),
});
export type StudentGame = z.infer<typeof studentGame>;

export const studentResults = z.object({
  student: z.object({ userId: z.string().nullable(), studentId: z.string().nullable(), name: z.string() }),
  games: z.array(studentGame),
  totals: z.object({
    games: z.number().int(),
    correct: z.number().int(),
    questions: z.number().int(),
    share: z.number().nullable(),
  }),
});
export type StudentResults = z.infer<typeof studentResults>;

// ---------- several games at once ----------
export const COMBINED_MAX_GAMES = 20;

export const combinedQuery = z.strictObject({
  /** Comma-separated game ids, 2 to 20, each once. */
  ids: z
    .string()
    .max(COMBINED_MAX_GAMES * 65)
    .transform((s) => s.split(","))
    .pipe(
      z
        .array(id)
        .min(2, "pick at least two games")
        .max(COMBINED_MAX_GAMES, `at most ${COMBINED_MAX_GAMES} games`)
        .refine((ids) => new Set(ids).size === ids.length, { message: "a game is listed twice" }),
    ),
  helpBelow: z.coerce.number().int().min(0).max(100).default(DEFAULT_HELP_BELOW),
});
export type CombinedQuery = z.infer<typeof combinedQuery>;

/** How one player was recognised across games. */
export const MATCHED_BY = ["account", "studentId", "nickname"] as const;

export const combinedRow = z.object({
  key: z.string(),
  name: z.string(),
  userId: z.string().nullable(),
  studentId: z.string().nullable(),
  matchedBy: z.enum(MATCHED_BY),
  /** In the order of `games`; null where the player did not play that game. */
  perGame: z.array(
    z
      .object({ playerId: z.string(), score: z.number().int(), rank: z.number().int(), correctCount: z.number().int() })
      .nullable(),
  ),
  correct: z.number().int(),
  /** Questions that can be right in the games they played. */
  questions: z.number().int(),
  share: z.number().nullable(),
  needsHelp: z.boolean(),
});
export type CombinedRow = z.infer<typeof combinedRow>;

export const combinedReport = z.object({
  games: z.array(gameHeader.extend({ gradable: z.number().int() })),
  players: z.array(combinedRow),
  helpBelow: z.number().int(),
});
export type CombinedReport = z.infer<typeof combinedReport>;
