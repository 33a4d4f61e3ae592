// The assignment's rules, pure: no Workers API, every time passed in from the server's clock.
//
// A question's clock runs from the moment the server sent it (`shownAt`) until the answer arrives,
// whether the client is silent, disconnected or gone for a day: a client cannot stop it by saying
// nothing. The only time excused is time the server itself observed the student could not play: a
// socket that closed and a student back within moments (a network blip, a reload), at most
// RECONNECT_EXCUSE_MS a gap and MAX_EXCUSED_MS a question. Nothing the client says about time is
// read. A student back after the limit finds that question timed out (unanswered) and goes on.
import { kindOf } from "../../schema/kinds/index.ts";
import {
  type AnswerResult,
  type AssignmentSettings,
  MAX_ASSIGNMENT_MS,
  type ShowAnswers,
} from "../../schema/assignment.ts";
import type { AnswerValue, CorrectAnswer, QuestionView } from "../../schema/messages.ts";
import {
  answerProblem,
  answerToPlayerIds,
  checkAnswer,
  correctAnswerOf,
  fromPlayerIds,
  toPlayerIds,
} from "../kit/answers.ts";
import { answerFeedback } from "../kit/feedback.ts";
import { publicQuestion } from "../kit/question-view.ts";
import { rank } from "../kit/ranking.ts";
import { answerPoints, settle } from "../kit/scoring.ts";
import type { AssignmentAnswer, AssignmentConfig, AssignmentState, AttemptTotals, Participant } from "./types.ts";

/** Of the gap between a socket's close and the student's next step, at most this much is excused. */
export const RECONNECT_EXCUSE_MS = 5_000;
/** However many reconnects, at most this much is excused on one question. */
export const MAX_EXCUSED_MS = 5_000;

export type Status = "scheduled" | "open" | "closed";

export function status(s: AssignmentState, now: number): Status {
  if (s.closedAt !== null || now >= s.deadline) return "closed";
  return now < s.opensAt ? "scheduled" : "open";
}

const count = (cfg: AssignmentConfig) => cfg.questions.length;
export const isFinished = (cfg: AssignmentConfig, p: Participant) => p.position >= count(cfg);
const limitMs = (cfg: AssignmentConfig, position: number) => cfg.questions[position].timeLimit * 1000;

/**
 * The student's first step since their socket closed: the gap is excused, bounded per gap and per
 * question (the close and the return are both seen by the server, so the bound is all a client
 * that closes its socket on purpose can win).
 */
function settleAway(p: Participant, now: number): Participant {
  if (p.awayFrom == null) return p;
  const excused = p.excusedMs ?? 0;
  const counts = p.shownAt !== null && p.awayFrom >= p.shownAt;
  const gap = counts ? Math.min(Math.max(0, now - p.awayFrom), RECONNECT_EXCUSE_MS) : 0;
  return { ...p, awayFrom: null, excusedMs: excused + Math.max(0, Math.min(gap, MAX_EXCUSED_MS - excused)) };
}

/** Time on the shown question at `now`: from the moment the server sent it, less the excused reconnects. */
export function usedAt(p: Participant, now: number): number {
  if (p.shownAt === null) return 0;
  return Math.max(0, now - p.shownAt - (p.excusedMs ?? 0));
}

/** The student moves past the current question (answered or timed out): the next one's clock has not started. */
function advance(cfg: AssignmentConfig, p: Participant, now: number): Participant {
  const next = { ...p, position: p.position + 1, shownAt: null, usedMs: 0, excusedMs: 0, awayFrom: null };
  if (next.position >= count(cfg)) next.finishedAt = now;
  return next;
}

/**
 * A step of the student's at `now` (or the server noticing their socket closed, `show` false): the
 * time on the shown question is read off the server's clock, a question whose timer ran out is
 * left unanswered (streak lost), and the next question is shown (its clock starts now). Returns the
 * participant as it is now; the caller stores it.
 */
export function touch(cfg: AssignmentConfig, p: Participant, now: number, show = true): Participant {
  let cur = { ...settleAway(p, now) };
  if (!isFinished(cfg, cur) && cur.shownAt !== null) {
    cur.usedMs = usedAt(cur, now);
    if (cfg.settings.timer && cur.usedMs >= limitMs(cfg, cur.position)) {
      cur = advance(cfg, { ...cur, streak: 0 }, now);
    }
  }
  if (show && !isFinished(cfg, cur) && cur.shownAt === null)
    cur = { ...cur, shownAt: now, usedMs: 0, excusedMs: 0, awayFrom: null };
  cur.lastSeenAt = now;
  return cur;
}

/**
 * The student's socket closed at `now` (seen by the server, with no other socket of theirs open):
 * if a question is on their screen, the gap until their next step may be excused, within bounds.
 */
export function socketClosed(cfg: AssignmentConfig, p: Participant, now: number): Participant {
  const cur = touch(cfg, p, now, false);
  return { ...cur, awayFrom: !isFinished(cfg, cur) && cur.shownAt !== null ? now : null };
}

export function questionFor(cfg: AssignmentConfig, p: Participant): QuestionView | null {
  if (isFinished(cfg, p) || p.shownAt === null) return null;
  const index = p.position;
  const timed = cfg.settings.timer;
  return {
    ...publicQuestion(cfg, index),
    // 0: untimed (the client shows no countdown).
    timeLimit: timed ? cfg.questions[index].timeLimit : 0,
    opensInMs: 0,
    closesInMs: timed ? Math.max(0, limitMs(cfg, index) - p.usedMs) : 0,
  };
}

export type AnswerOutcome =
  | { ok: true; participant: Participant; answer: AssignmentAnswer | null; result: AnswerResult }
  | { ok: false; code: "wrong-question" | "bad-answer" | "finished"; message: string };

/** A student's answer to question `q` at `now`: checked, timed on the server's clock, scored. */
export function answer(
  cfg: AssignmentConfig,
  p: Participant,
  q: number,
  value: AnswerValue,
  now: number,
): AnswerOutcome {
  if (isFinished(cfg, p)) return { ok: false, code: "finished", message: "you have answered every question" };
  if (q !== p.position || p.shownAt === null)
    return { ok: false, code: "wrong-question", message: `question ${p.position} is yours to answer, not ${q}` };
  const question = cfg.questions[q];
  const inQuiz = fromPlayerIds(cfg.ids[q], value);
  const problem = answerProblem(question, inQuiz);
  if (problem) return { ok: false, code: "bad-answer", message: problem };
  const back = settleAway(p, now);
  const usedMs = usedAt(back, now);
  const limit = limitMs(cfg, q);
  const seen = { ...back, usedMs, lastSeenAt: now };
  // Results of single answers are shown only after each question ("each"): otherwise the
  // acknowledgement says the answer was recorded and nothing else (not even the streak or score).
  const showOwn = cfg.settings.showAnswers === "each";
  if (cfg.settings.timer && usedMs > limit) {
    const next = advance(cfg, { ...seen, streak: 0 }, now);
    return {
      ok: true,
      participant: next,
      answer: null,
      result: { index: q, accepted: false, ...(showOwn ? { streak: 0, score: next.score } : {}) },
    };
  }
  const checked = checkAnswer(question, inQuiz);
  const responseMs = cfg.settings.timer ? Math.min(usedMs, limit) : usedMs;
  const base = answerPoints(
    question.points,
    checked.fraction,
    Math.min(responseMs, limit),
    limit,
    !(cfg.settings.speedPoints && cfg.settings.timer),
  );
  const settled = settle(p.streak, { correct: checked.correct, basePoints: base, mode: question.points });
  const scored = kindOf(question).scored;
  const next = advance(
    cfg,
    {
      ...seen,
      streak: settled.streak,
      score: p.score + settled.points,
      correctCount: p.correctCount + (checked.correct ? 1 : 0),
      answeredCount: p.answeredCount + (scored ? 1 : 0),
      totalTimeMs: p.totalTimeMs + responseMs,
    },
    now,
  );
  const row: AssignmentAnswer = {
    participantId: p.id,
    attempt: p.attempt,
    q,
    answer: inQuiz,
    correct: checked.correct,
    points: settled.points,
    responseMs,
    answeredAt: now,
  };
  return {
    ok: true,
    participant: next,
    answer: row,
    result: {
      index: q,
      accepted: true,
      ...(showOwn
        ? {
            streak: next.streak,
            score: next.score,
            correct: checked.correct,
            points: settled.points,
            right: toPlayerIds(cfg.ids[q], correctAnswerOf(question)),
            // The feedback may name the right answer: it goes with the verdict, never without it.
            ...answerFeedback(question, inQuiz, cfg.math),
          }
        : {}),
    },
  };
}

/**
 * Whether a student may learn how they did now: right or wrong, points, score, streak, rank and
 * the right answers all follow this one rule (any of them tells correctness). `finishedAll`: the
 * student has finished their last allowed attempt; `closed`: the assignment has closed.
 */
export function rightAnswersVisible(show: ShowAnswers, finishedAll: boolean, closed: boolean): boolean {
  switch (show) {
    case "each":
      return true;
    case "end":
      return finishedAll || closed;
    case "deadline":
      return closed;
    case "never":
      return false;
  }
}

/** `rightAnswersVisible` for this student now. */
export function revealed(cfg: AssignmentConfig, p: Participant, closed: boolean): boolean {
  const finishedAll = isFinished(cfg, p) && p.attempt >= cfg.settings.attempts;
  return rightAnswersVisible(cfg.settings.showAnswers, finishedAll, closed);
}

export function totals(p: Participant): AttemptTotals {
  return {
    attempt: p.attempt,
    score: p.score,
    correctCount: p.correctCount,
    answeredCount: p.answeredCount,
    totalTimeMs: p.totalTimeMs,
    finishedAt: p.finishedAt,
  };
}

/** Another attempt, when the teacher allows more and the student finished this one. */
export function retry(cfg: AssignmentConfig, p: Participant, now: number): Participant | null {
  if (!isFinished(cfg, p) || p.attempt >= cfg.settings.attempts) return null;
  return { ...p, past: [...p.past, totals(p)], attempt: p.attempt + 1, ...freshAttempt(now) };
}

/** An attempt's state before its first question: nothing shown, nothing scored. */
function freshAttempt(now: number) {
  return {
    position: 0,
    shownAt: null,
    usedMs: 0,
    excusedMs: 0,
    awayFrom: null,
    lastSeenAt: now,
    score: 0,
    streak: 0,
    correctCount: 0,
    answeredCount: 0,
    totalTimeMs: 0,
    finishedAt: null,
  };
}

/**
 * The attempt that counts: "last" the latest one with an answer (the current one if it has any),
 * "best" the highest score (ties: the earlier attempt). An attempt the deadline interrupted counts
 * with what it has.
 */
export function countedAttempt(settings: Pick<AssignmentSettings, "counted">, p: Participant): AttemptTotals {
  const all = [...p.past, totals(p)];
  if (settings.counted === "last") {
    const current = totals(p);
    return current.answeredCount > 0 || current.finishedAt !== null || !p.past.length ? current : p.past.at(-1)!;
  }
  return all.reduce((best, a) => (a.score > best.score ? a : best));
}

/** Standings by counted score, then the live game's tie-breaks (kit/ranking.ts). */
export function ranked(
  settings: Pick<AssignmentSettings, "counted">,
  ps: Iterable<Participant>,
): { p: Participant; counted: AttemptTotals; rank: number }[] {
  const rows = [...ps]
    .filter((p) => !p.removed)
    .map((p) => {
      const counted = countedAttempt(settings, p);
      return { p, counted, id: p.id, score: counted.score, totalTimeMs: counted.totalTimeMs, joinedAt: p.joinedAt };
    });
  return rank(rows).map(({ p, counted }, i) => ({ p, counted, rank: i + 1 }));
}

/** The right answer in the ids the student saw. */
export function rightAnswer(cfg: AssignmentConfig, q: number): CorrectAnswer | null {
  return toPlayerIds(cfg.ids[q], correctAnswerOf(cfg.questions[q]));
}

/** A stored answer (quiz terms) in the ids the student saw. */
export function shownAnswer(cfg: AssignmentConfig, a: AssignmentAnswer): AnswerValue {
  return answerToPlayerIds(cfg.ids[a.q], a.answer);
}

/**
 * Moving the deadline: only forward of now and, as when assigning, at most a term ahead (so no
 * object keeps its storage for ever); reopening clears the close.
 */
export function withDeadline(s: AssignmentState, deadline: number, now: number): AssignmentState | null {
  if (deadline <= now || deadline <= s.opensAt || deadline - Math.max(now, s.opensAt) > MAX_ASSIGNMENT_MS) return null;
  return { ...s, deadline, closedAt: null, cleanupAt: null };
}

export function closed(s: AssignmentState, now: number): AssignmentState {
  return {
    ...s,
    closedAt: s.closedAt ?? Math.min(now, s.deadline),
    resultsPending: true,
    resultsAttempts: 0,
    cleanupAt: null,
  };
}

/** Once a day by default: a closed assignment whose results D1 has keeps its storage this long. */
export const DEFAULT_RETENTION_MS = 24 * 3600_000;

/**
 * D1 has the results of the close: the object's storage goes after the retention period (a reopen
 * before then clears it). Results written for a reopened, open assignment set nothing.
 */
export function resultsSaved(s: AssignmentState, now: number, retentionMs: number): AssignmentState {
  const open = s.closedAt === null;
  return {
    ...s,
    resultsPending: false,
    resultsAttempts: 0,
    resultsRetryAt: null,
    cleanupAt: open ? null : now + retentionMs,
  };
}

/** What the object's one alarm is for next: a results retry, the deadline, the clean-up, or nothing. */
export function nextWake(s: AssignmentState): number | null {
  if (s.resultsPending) return s.resultsRetryAt ?? 0;
  if (s.closedAt === null) return s.deadline;
  return s.cleanupAt ?? null;
}

/** Whether the storage may go now: closed, D1 has the results and the retention has passed. */
export function cleanupDue(s: AssignmentState, now: number): boolean {
  return s.closedAt !== null && !s.resultsPending && s.cleanupAt != null && now >= s.cleanupAt;
}

export function newParticipant(
  id: string,
  nickname: { nickname: string; skeleton: string },
  userId: string | null,
  studentId: string | null,
  now: number,
): Participant {
  return {
    id,
    ...nickname,
    userId,
    studentId,
    joinedAt: now,
    attempt: 1,
    ...freshAttempt(now),
    past: [],
    removed: false,
  };
}
