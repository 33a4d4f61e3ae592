// What a report points at (pure): per question right / wrong / no answer out of everyone who was
// in the game (a player who did not answer counts against the class, not out of it), the
// questions most of the class missed, and the players below the teacher's threshold.
import type { Question } from "../../schema/quiz.ts";
import { kindOf } from "../../schema/kinds/index.ts";
import {
  DEFAULT_HELP_BELOW,
  type PlayerOutcome,
  type QuestionOutcome,
  type ReportInsights,
} from "../../schema/insights.ts";
import type { AnswerRow, PlayerRow } from "./rows.ts";
import { ratio } from "./stats.ts";

/** Questions that can be right or wrong: every type but the poll. */
export const gradable = (snapshot: readonly Question[]) => snapshot.filter((q) => kindOf(q).scored).length;

export function questionOutcomes(
  snapshot: readonly Question[],
  players: readonly PlayerRow[],
  rows: readonly AnswerRow[],
): QuestionOutcome[] {
  const present = players.filter((p) => !p.kicked).map((p) => p.playerId);
  const byQuestion = new Map<number, AnswerRow[]>();
  for (const r of rows) {
    const list = byQuestion.get(r.questionIndex);
    if (list) list.push(r);
    else byQuestion.set(r.questionIndex, [r]);
  }
  return snapshot.map((q, index) => {
    const answered = byQuestion.get(index) ?? [];
    // A player removed later still was in the game for a question they answered.
    const inGame = new Set([...present, ...answered.map((r) => r.playerId)]).size;
    const poll = !kindOf(q).scored;
    const right = poll ? 0 : answered.filter((r) => r.correct === true).length;
    // Not right but earning points: partly right (a wrong answer earns nothing, a right one its bonus too).
    const partly = poll ? 0 : answered.filter((r) => r.correct === false && r.points > 0).length;
    const wrong = poll ? 0 : answered.filter((r) => r.correct === false).length - partly;
    const share = poll ? null : ratio(right, inGame);
    return {
      index,
      inGame,
      right,
      wrong,
      ...(partly ? { partly } : {}),
      noAnswer: inGame - answered.length,
      share,
      flagged: share !== null && right * 2 < inGame,
    };
  });
}

export function needsHelp(share: number | null, helpBelow: number, kicked = false): boolean {
  return !kicked && share !== null && share * 100 < helpBelow;
}

export function playerOutcomes(
  snapshot: readonly Question[],
  players: readonly PlayerRow[],
  helpBelow: number,
  accountNames: ReadonlyMap<string, string> = new Map(),
): PlayerOutcome[] {
  const total = gradable(snapshot);
  return players.map((p) => {
    const share = ratio(p.correctCount, total);
    return {
      playerId: p.playerId,
      userId: p.userId,
      accountName: p.userId ? (accountNames.get(p.userId) ?? null) : null,
      studentId: p.studentId ?? null,
      share,
      needsHelp: needsHelp(share, helpBelow, p.kicked),
    };
  });
}

export interface InsightOptions {
  helpBelow?: number;
  /** Account names by user id, for players who were logged in. */
  accountNames?: ReadonlyMap<string, string>;
}

/** `players` in the order the report lists them. */
export function buildInsights(
  snapshot: readonly Question[],
  players: readonly PlayerRow[],
  rows: readonly AnswerRow[],
  opts: InsightOptions = {},
): ReportInsights {
  const helpBelow = opts.helpBelow ?? DEFAULT_HELP_BELOW;
  return {
    helpBelow,
    questions: questionOutcomes(snapshot, players, rows),
    players: playerOutcomes(snapshot, players, helpBelow, opts.accountNames),
  };
}
