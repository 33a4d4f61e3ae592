// Assignments: a quiz students play at their own pace before a deadline (docs/protocol.md
// "Assignments"). The settings the teacher picks, the HTTP bodies, and what the student and the
// teacher are answered with.
import { z } from "zod";
import { STUDENT_ID_MAX } from "./constants.ts";
import { teamSettings } from "./game.ts";
import {
  answerValue,
  balanceTeamsMsg,
  correctAnswer,
  mathTable,
  moveTeamMsg,
  myTeam,
  questionView,
  renameTeamMsg,
} from "./messages.ts";

export const MAX_PARTICIPANTS = 5000;
/** An assignment stays open at most this long (a term). */
export const MAX_ASSIGNMENT_MS = 120 * 24 * 3600_000;

/**
 * When a student learns how they did (right or wrong, points, score, rank) and the right answers:
 * after each question, once they have finished all their attempts, once the assignment has closed
 * (the deadline, or the teacher's close), never. Until then the student sees only that each answer
 * was recorded. The teacher's reports always show everything.
 */
export const SHOW_ANSWERS = ["each", "end", "deadline", "never"] as const;
export type ShowAnswers = (typeof SHOW_ANSWERS)[number];

/**
 * What may be shown with more than one attempt: only what reveals nothing before the attempts are
 * over for everyone ("after each question" or "when they finish" an attempt would hand the next
 * attempt the answers). Zod-free, so the assign dialog disables the others before the server refuses.
 */
export const RETRY_SAFE_SHOW_ANSWERS = ["deadline", "never"] as const satisfies readonly ShowAnswers[];

/** Whether `showAnswers` may go with this many attempts (the one rule the refinement below applies). */
export function showAnswersAllowed(showAnswers: ShowAnswers, attempts: number): boolean {
  return attempts <= 1 || (RETRY_SAFE_SHOW_ANSWERS as readonly ShowAnswers[]).includes(showAnswers);
}

export const RETRY_SHOW_ANSWERS_MESSAGE =
  'with attempts above 1, showAnswers must be "deadline" or "never": answers or results shown after each question or at the end of an attempt would give the next attempt away';

/**
 * Team mode for homework (docs/protocol.md §9 "Homework"): the live game's team count, scoring and
 * forming rules; each member does their own homework and the team's result is the mean (or sum) of
 * its members' counted scores. No team talk or consensus: members do not play at the same time.
 */
export const assignmentTeams = z.strictObject(teamSettings.pick({ count: true, scoring: true, assign: true }).shape);
export type AssignmentTeams = z.infer<typeof assignmentTeams>;

export const assignmentSettings = z
  .strictObject({
    /** When students may start (ms since the epoch); absent: now. */
    opensAt: z.number().int().min(0).optional(),
    /** After this nothing more is accepted. */
    deadline: z.number().int().min(0),
    /** Each question's time limit counts (measured by the server); off: untimed, the accessible default. */
    timer: z.boolean().default(false),
    /** Faster correct answers earn more; off: every correct answer earns the full points. */
    speedPoints: z.boolean().default(false),
    attempts: z.number().int().min(1).max(10).default(1),
    /** Which attempt counts when more than one is allowed. */
    counted: z.enum(["best", "last"]).default("best"),
    showAnswers: z.enum(SHOW_ANSWERS).default("end"),
    /** Each student sees their rank in the summary. */
    showRank: z.boolean().default(true),
    shuffleQuestions: z.boolean().default(false),
    shuffleOptions: z.boolean().default(false),
    /** "anyone": anyone with the link and a nickname; "students": logged-in students only. */
    audience: z.enum(["anyone", "students"]).default("anyone"),
    /** Ask for a name or student ID that only the teacher sees. */
    askStudentId: z.boolean().default(false),
    maxParticipants: z.number().int().min(1).max(MAX_PARTICIPANTS).default(1000),
    /** Team mode; absent or null: everyone for themselves. */
    teams: assignmentTeams.nullable().optional(),
  })
  .refine((s) => s.deadline > (s.opensAt ?? 0), {
    message: "the deadline must come after the opening time",
    path: ["deadline"],
  })
  .refine((s) => showAnswersAllowed(s.showAnswers, s.attempts), {
    message: RETRY_SHOW_ANSWERS_MESSAGE,
    path: ["showAnswers"],
  });
export type AssignmentSettings = z.infer<typeof assignmentSettings>;
export type AssignmentSettingsInput = z.input<typeof assignmentSettings>;

export const assignRequest = z.strictObject({
  quizId: z.string().min(1).max(64),
  settings: assignmentSettings,
});

export const startRequest = z.strictObject({
  nickname: z.string().max(200).optional(),
  studentId: z
    .string()
    .trim()
    .max(STUDENT_ID_MAX, `the name or student ID is at most ${STUDENT_ID_MAX} characters`)
    .optional(),
  /** A token this browser already holds for this assignment: the same seat again. */
  token: z.string().max(2048).optional(),
  /**
   * A random key this browser made for its start, sent again when it tries again: a start whose
   * answer was lost (a dropped connection, a restart) gets the seat it took instead of "taken".
   */
  key: z
    .string()
    .regex(/^[A-Za-z0-9_-]{16,64}$/)
    .optional(),
  /** Team mode with `assign: "pick"`: the team the student picks (absent: the smallest team). */
  team: z.string().min(1).max(8).optional(),
});

export const answerRequest = z.strictObject({
  /** Position of the question answered (the one the student was shown). */
  q: z.number().int().min(0).max(999),
  answer: answerValue,
});

export const deadlineRequest = z.strictObject({ deadline: z.number().int().min(0) });

/**
 * One question as its student's summary shows it. `correct`, `points` and `right` are present only
 * when `showAnswers` lets the student see them now; otherwise the item says only what they answered.
 */
export const summaryItem = z.object({
  index: z.number().int(),
  text: z.string(),
  /** The choices as the student saw them, so answers given as ids can be shown as text. */
  options: questionView.shape.options,
  answer: answerValue.nullable(),
  correct: z.boolean().nullable().optional(),
  points: z.number().int().optional(),
  right: correctAnswer.nullable().optional(),
  /** The teacher's feedback for the answer given, under the same rule as `correct`. */
  feedback: z.string().optional(),
  /** Rendered formulas of the item's texts (question, options, accepted answers, feedback), by text. */
  math: mathTable.optional(),
});

/**
 * The result of one answer, as its acknowledgement carries it: that it was recorded (or arrived too
 * late), and only with `showAnswers: "each"` whether it was right, its points, the right answer,
 * the streak, the score and the teacher's feedback.
 */
export const answerResult = z.object({
  index: z.number().int(),
  /** false: time ran out before the answer arrived (it counts as unanswered). */
  accepted: z.boolean(),
  correct: z.boolean().nullable().optional(),
  points: z.number().int().optional(),
  right: correctAnswer.nullable().optional(),
  streak: z.number().int().optional(),
  score: z.number().int().optional(),
  /** The teacher's feedback for this answer (with `showAnswers: "each"` only, as `correct`), and its formulas. */
  feedback: z.string().optional(),
  math: mathTable.optional(),
});

export const PLAY_PHASES = ["waiting", "question", "finished", "closed"] as const;

/** What a student's client shows: answered for every call of the student's path. */
export const playState = z.object({
  kind: z.literal("assignment"),
  code: z.string(),
  title: z.string(),
  phase: z.enum(PLAY_PHASES),
  opensAt: z.number().int(),
  deadline: z.number().int(),
  /** Server time when this was built, so the client can show the deadline on its own clock. */
  now: z.number().int(),
  me: z.object({
    participantId: z.string(),
    nickname: z.string(),
    attempt: z.number().int(),
    attemptsLeft: z.number().int(),
    /** Absent while `showAnswers` hides how the student is doing (a rising score would tell). */
    score: z.number().int().optional(),
    streak: z.number().int().optional(),
  }),
  /** The open question, with this student's time left (timer on) measured by the server. */
  question: questionView.nullable(),
  /** When finished (or closed). */
  summary: z
    .object({
      /** Absent, and `rank` null, while `showAnswers` hides results. */
      score: z.number().int().optional(),
      rank: z.number().int().nullable(),
      participants: z.number().int(),
      items: z.array(summaryItem),
    })
    .nullable(),
  token: z.string().optional(),
  /**
   * Team mode: the student's team; its score, rank and the student's part of it only when
   * `showAnswers` lets them see their own results (their part would tell their score).
   */
  team: myTeam.partial({ score: true, contribution: true }).nullable().optional(),
});
export type PlayState = z.infer<typeof playState>;
export type AnswerResult = z.infer<typeof answerResult>;

export const PROGRESS_STATES = ["started", "finished", "removed"] as const;

/** The teacher's live progress view. */
export const progressView = z.object({
  code: z.string(),
  gameId: z.string(),
  title: z.string(),
  status: z.enum(["scheduled", "open", "closed"]),
  opensAt: z.number().int(),
  deadline: z.number().int(),
  questionCount: z.number().int(),
  now: z.number().int(),
  participants: z.array(
    z.object({
      participantId: z.string(),
      nickname: z.string(),
      studentId: z.string().nullable(),
      state: z.enum(PROGRESS_STATES),
      attempt: z.number().int(),
      position: z.number().int(),
      answered: z.number().int(),
      score: z.number().int(),
      timeMs: z.number().int(),
      lastSeenAt: z.number().int(),
      /** Team mode: the participant's team (null: not placed). */
      teamId: z.string().nullable().optional(),
    }),
  ),
  /** Team mode: every team's standing from its members' counted scores, and how teams score. */
  teams: z
    .object({
      scoring: z.enum(["mean", "sum"]),
      list: z.array(
        z.object({
          teamId: z.string(),
          name: z.string(),
          members: z.number().int(),
          score: z.number().int(),
          rank: z.number().int(),
        }),
      ),
    })
    .optional(),
});
export type ProgressView = z.infer<typeof progressView>;

// ---------- the sockets (docs/protocol.md §8 "Over a socket") ----------

/** What a student's socket sends: one answer, another attempt, or the current state again. */
export const assignmentClientMessage = z.discriminatedUnion("type", [
  answerRequest.extend({ type: z.literal("answer") }),
  z.strictObject({ type: z.literal("retry") }),
  z.strictObject({ type: z.literal("play") }),
]);
export type AssignmentClientMessage = z.infer<typeof assignmentClientMessage>;

export const ASSIGNMENT_ERRORS = [
  "bad-json",
  "bad-message",
  "too-large",
  "rate-limited",
  "forbidden",
  "wrong-question",
  "bad-answer",
  "finished",
  "closed",
  "not-open",
  "no-attempts",
] as const;

/** Why a socket was refused before it was accepted (then closed with a code of `CLOSE_CODES`). */
export const ASSIGNMENT_REFUSALS = ["not-found", "removed"] as const;

/** What the assignment's sockets receive: the student's screen, an answer's acknowledgement, the teacher's progress. */
export const assignmentServerMessage = z.discriminatedUnion("type", [
  z.object({ type: z.literal("state"), state: playState }),
  /** Sent only once the answer is durable; `state` is the next step (its question already shown). */
  z.object({ type: z.literal("answered"), result: answerResult, state: playState }),
  z.object({ type: z.literal("progress"), progress: progressView }),
  z.object({
    type: z.literal("error"),
    code: z.enum(ASSIGNMENT_ERRORS),
    message: z.string(),
    /** The `type` of the frame that caused it, when known. */
    for: z.string().optional(),
  }),
  z.object({ type: z.literal("refused"), reason: z.enum(ASSIGNMENT_REFUSALS), message: z.string() }),
  /** The same seat connected again elsewhere; this socket is closed (`CLOSE_CODES.replaced`). */
  z.object({ type: z.literal("replaced") }),
  /** The teacher removed the student; the socket is closed (`CLOSE_CODES.kicked`). */
  z.object({ type: z.literal("removed") }),
]);
export type AssignmentServerMessage = z.infer<typeof assignmentServerMessage>;
export type AssignmentServerMessageOf<T extends AssignmentServerMessage["type"]> = Extract<
  AssignmentServerMessage,
  { type: T }
>;
/** The teacher's team commands for homework (the live host's lobby messages, over HTTP): rename, move, balance. */
export const assignmentTeamCommand = z.discriminatedUnion("type", [renameTeamMsg, moveTeamMsg, balanceTeamsMsg]);
export type AssignmentTeamCommand = z.infer<typeof assignmentTeamCommand>;

/** The teams a student may pick at the start (the room's info for `assign: "pick"`). */
export interface AssignmentTeamChoice {
  assign: "pick" | "auto";
  list: { teamId: string; name: string; members: number }[];
}

export type AssignmentErrorCode = (typeof ASSIGNMENT_ERRORS)[number];
