// What the student's screen and the teacher's progress view are built from. Pure: reads only.
// Everything that tells a student how they did (right or wrong, points, score, streak, rank, the
// right answers) is in the student's screen only when `showAnswers` allows it now (rules.revealed).
import type { PlayState, ProgressView } from "../../schema/assignment.ts";
import { feedbackText } from "../kit/feedback.ts";
import { mathFor } from "../kit/math.ts";
import { optionTexts, shownOptions } from "../kit/question-view.ts";
import type { TeamRow } from "../kit/teams.ts";
import * as rules from "./rules.ts";
import * as teams from "./teams.ts";
import type { AssignmentAnswer, AssignmentConfig, AssignmentState, Participant } from "./types.ts";

interface AnswerReader {
  participants(): ReadonlyMap<string, Participant>;
  answersOf(pid: string, attempt: number): AssignmentAnswer[];
  teams(): readonly TeamRow[];
}

export function playState(
  cfg: AssignmentConfig,
  st: AssignmentState,
  store: AnswerReader,
  p: Participant,
  now: number,
): PlayState {
  const status = rules.status(st, now);
  const finished = rules.isFinished(cfg, p);
  const closed = status === "closed";
  const phase = closed ? "closed" : status === "scheduled" ? "waiting" : finished ? "finished" : "question";
  const shown = rules.revealed(cfg, p, closed);
  return {
    kind: "assignment",
    code: cfg.code,
    title: cfg.title,
    phase,
    opensAt: st.opensAt,
    deadline: st.deadline,
    now,
    me: {
      participantId: p.id,
      nickname: p.nickname,
      attempt: p.attempt,
      attemptsLeft: Math.max(0, cfg.settings.attempts - p.attempt),
      ...(shown ? { score: p.score, streak: p.streak } : {}),
    },
    question: phase === "question" ? rules.questionFor(cfg, p) : null,
    summary: finished || closed ? summary(cfg, store, p, shown) : null,
    ...(teams.teamsOf(cfg) ? { team: teams.myTeam(cfg, store.teams(), store.participants().values(), p, shown) } : {}),
  };
}

/** The attempt's answers; how they did (and the rank, which follows from it) only when `visible`. */
function summary(cfg: AssignmentConfig, store: AnswerReader, p: Participant, visible: boolean) {
  const mine = new Map(store.answersOf(p.id, p.attempt).map((a) => [a.q, a]));
  const standings = visible && cfg.settings.showRank ? rules.ranked(cfg.settings, store.participants().values()) : [];
  return {
    ...(visible ? { score: p.score } : {}),
    rank: standings.find((s) => s.p.id === p.id)?.rank ?? null,
    participants: standings.length,
    items: cfg.questions.map((q, i) => {
      const a = mine.get(i);
      const options = shownOptions(cfg, i);
      const right = visible ? rules.rightAnswer(cfg, i) : undefined;
      // Feedback may name the right answer: shown with the verdict, under the same rule.
      const feedback = visible ? feedbackText(q, a?.answer) : null;
      return {
        index: i,
        text: q.text,
        ...(options ? { options } : {}),
        answer: a ? rules.shownAnswer(cfg, a) : null,
        ...(visible ? { correct: a ? a.correct : null, points: a?.points ?? 0, right } : {}),
        ...(feedback ? { feedback } : {}),
        // The formulas of the texts the item shows: its question, options, accepted answers and feedback.
        ...mathFor(cfg.math, [
          q.text,
          ...optionTexts(options),
          ...(right && "accepted" in right ? right.accepted : []),
          ...(feedback ? [feedback] : []),
        ]),
      };
    }),
  };
}

export function progress(
  cfg: AssignmentConfig,
  st: AssignmentState,
  participants: Iterable<Participant>,
  now: number,
  teamRows: readonly TeamRow[] = [],
): ProgressView {
  const list = [...participants];
  const teamView = teams.progressTeams(cfg, teamRows, list);
  return {
    code: cfg.code,
    gameId: cfg.gameId,
    title: cfg.title,
    status: rules.status(st, now),
    opensAt: st.opensAt,
    deadline: st.deadline,
    questionCount: cfg.questions.length,
    now,
    ...(teamView ? { teams: teamView } : {}),
    participants: list.map((p) => ({
      participantId: p.id,
      nickname: p.nickname,
      studentId: p.studentId,
      state: p.removed ? "removed" : rules.isFinished(cfg, p) ? "finished" : "started",
      attempt: p.attempt,
      position: p.position,
      answered: p.answeredCount,
      score: p.score,
      timeMs: p.totalTimeMs,
      lastSeenAt: p.lastSeenAt,
      ...(teamView ? { teamId: p.teamId ?? null } : {}),
    })),
  };
}
