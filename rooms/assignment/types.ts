// An assignment's data: fixed config, its open/closed state, one row per participant and one per
// answer. The rules (rules.ts) read and return these; the store (store.ts) keeps them in SQLite.
import type { AssignmentSettings } from "../../schema/assignment.ts";
import type { AnswerValue, MathTable } from "../../schema/messages.ts";
import type { Question } from "../../schema/quiz.ts";

export interface AssignmentConfig {
  gameId: string;
  code: string;
  hostId: string;
  quizId: string | null;
  title: string;
  settings: AssignmentSettings;
  /** The frozen questions in the order the assignment plays them (one order for every student). */
  questions: Question[];
  order: number[];
  /** For each position, option/item ids in display order (rooms/shuffle.ts). */
  display: number[][];
  /** For each position, the id shown for each option/item by the quiz's own index. */
  ids: number[][];
  /** Rendered HTML of the texts with formulas, by text (`worker/math`); absent when none has any (or assigned before). */
  math?: MathTable;
  /** The quiz's language tag (absent in assignments made before it was kept). */
  language?: string;
  createdAt: number;
  /** How long the object keeps its storage once D1 has the results (absent in older configs: a day). */
  retentionMs?: number;
}

export interface AssignmentState {
  opensAt: number;
  deadline: number;
  /** Set when the deadline passed or the teacher closed it early; cleared by a reopen. */
  closedAt: number | null;
  /** D1 does not have the results of the last close yet. */
  resultsPending: boolean;
  resultsAttempts: number;
  resultsRetryAt: number | null;
  /** When the object deletes its storage: set once D1 has the results of a close, cleared by a reopen. */
  cleanupAt?: number | null;
}

/** One finished (or, at the close, interrupted) attempt's totals. */
export interface AttemptTotals {
  attempt: number;
  score: number;
  correctCount: number;
  answeredCount: number;
  totalTimeMs: number;
  finishedAt: number | null;
}

export interface Participant {
  id: string;
  nickname: string;
  /** The nickname's look-alike-free form (rooms/nickname.ts): two students never share one. */
  skeleton: string;
  userId: string | null;
  /** The optional name or student ID only the teacher sees. */
  studentId: string | null;
  joinedAt: number;
  attempt: number;
  /** Position of the current question; equals the question count once the attempt is finished. */
  position: number;
  /** When the server sent the current question (null: not sent yet): its clock runs from here. */
  shownAt: number | null;
  /** Time used on the current question as of the last step: now - shownAt - excusedMs (rules.ts). */
  usedMs: number;
  /** Reconnect gaps excused on the current question (bounded: see rules.ts); absent: none. */
  excusedMs?: number;
  /** When the student's socket closed with the current question shown; cleared at their next step. */
  awayFrom?: number | null;
  /** The student's last step (shown to the teacher); no longer read for timing. */
  lastSeenAt: number;
  score: number;
  streak: number;
  correctCount: number;
  answeredCount: number;
  totalTimeMs: number;
  finishedAt: number | null;
  /** Totals of earlier attempts, for "best" or "last" counting. */
  past: AttemptTotals[];
  removed: boolean;
  /** Team mode: the participant's team (kit/teams.ts `TeamRow.id`); absent or null without teams. */
  teamId?: string | null;
  /** The start's key from the student's browser (a repeated start with it is the same seat); never shown. */
  startKey?: string | null;
}

export interface AssignmentAnswer {
  participantId: string;
  attempt: number;
  q: number;
  answer: AnswerValue;
  correct: boolean | null;
  points: number;
  responseMs: number;
  answeredAt: number;
}
