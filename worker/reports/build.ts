// Assembles a game's report from its D1 rows (pure): per question accuracy, distribution and
// response times; per player standing and mean time.
import { kindOf } from "../../schema/kinds/index.ts";
import type { GameReport, GameSummary, PlayerReport, QuestionReport } from "../../schema/report.ts";
import type { Question } from "../../schema/quiz.ts";
import { distribution } from "./distribution.ts";
import { buildInsights, type InsightOptions } from "./insights.ts";
import { mean, median, ratio } from "./stats.ts";
import type { AnswerRow, GameRow, PlayerRow } from "./rows.ts";

export type { AnswerRow, GameRow, PlayerRow } from "./rows.ts";

export function gameSummary(g: Pick<GameRow, keyof GameSummary>): GameSummary {
  return {
    id: g.id,
    code: g.code,
    title: g.title,
    status: g.status,
    playerCount: g.playerCount,
    questionCount: g.questionCount,
    createdAt: g.createdAt,
    startedAt: g.startedAt,
    endedAt: g.endedAt,
    kind: g.kind,
    deadline: g.deadline,
  };
}

export function questionReport(q: Question, index: number, rows: readonly AnswerRow[]): QuestionReport {
  const correctCount = rows.filter((r) => r.correct === true).length;
  const times = rows.map((r) => r.responseMs);
  return {
    index,
    type: q.type,
    text: q.text,
    points: q.points,
    answered: rows.length,
    correctCount,
    accuracy: kindOf(q).scored ? ratio(correctCount, rows.length) : null,
    distribution: distribution(q, rows),
    meanMs: mean(times),
    medianMs: median(times),
  };
}

/** Unranked players (rank 0: kicked, no place in the standings) sort after everyone ranked. */
const standing = (rank: number) => (rank >= 1 ? rank : Number.MAX_SAFE_INTEGER);

/** By rank, the unranked last; equal ranks by nickname so the order never depends on the database's. */
export function playerReports(players: readonly PlayerRow[], rows: readonly AnswerRow[]): PlayerReport[] {
  const times = new Map<string, number[]>();
  for (const r of rows) {
    const list = times.get(r.playerId);
    if (list) list.push(r.responseMs);
    else times.set(r.playerId, [r.responseMs]);
  }
  return [...players]
    .sort(
      (a, b) => standing(a.rank) - standing(b.rank) || (a.nickname < b.nickname ? -1 : a.nickname > b.nickname ? 1 : 0),
    )
    .map((p) => ({
      playerId: p.playerId,
      nickname: p.nickname,
      score: p.score,
      rank: p.rank,
      correctCount: p.correctCount,
      answeredCount: p.answeredCount,
      meanMs: mean(times.get(p.playerId) ?? []),
      kicked: p.kicked,
    }));
}

export function buildReport(
  game: GameRow,
  players: readonly PlayerRow[],
  rows: readonly AnswerRow[],
  opts: InsightOptions = {},
): GameReport {
  const byQuestion = new Map<number, AnswerRow[]>();
  for (const r of rows) {
    const list = byQuestion.get(r.questionIndex);
    if (list) list.push(r);
    else byQuestion.set(r.questionIndex, [r]);
  }
  const ranked = playerReports(players, rows);
  const byId = new Map(players.map((p) => [p.playerId, p]));
  return {
    game: { ...gameSummary(game), settings: game.settings },
    questions: game.snapshot.map((q, i) => questionReport(q, i, byQuestion.get(i) ?? [])),
    players: ranked,
    insights: buildInsights(
      game.snapshot,
      ranked.map((p) => byId.get(p.playerId)!),
      rows,
      opts,
    ),
  };
}
