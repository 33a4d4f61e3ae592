// Writes a finished game to D1: the games row (through kit/games-row.ts), one game_players row
// per player and one answers row per answer, as multi-row inserts chunked under D1's
// 100-parameter limit inside db.batch.
// Idempotent, so a retry after a partial failure (or a second podium) changes nothing twice.
import { drizzle } from "drizzle-orm/d1";
import { resultStatements, runInBatches } from "../kit/result-writer.ts";
import { endGameRow, recreateGameRow } from "../kit/games-row.ts";
import { rank } from "../kit/ranking.ts";
import type { AnswerRow, GameConfig, GameState, PlayerRow } from "./types.ts";

export interface GameResults {
  config: GameConfig;
  state: GameState;
  players: PlayerRow[];
  answers: AnswerRow[];
}

export function resultRows(r: GameResults) {
  const { config } = r;
  const finalRank = new Map(rank(r.players.filter((p) => !p.kicked)).map((p, i) => [p.id, i + 1]));
  const playerRows = r.players.map((p) => ({
    gameId: config.gameId,
    playerId: p.id,
    nickname: p.nickname,
    userId: p.userId,
    // Every row names the column (null if not asked), so the multi-row inserts share one shape.
    studentId: p.studentId ?? null,
    score: p.score,
    // Kicked players keep their row for the report but have no place in the standings.
    rank: finalRank.get(p.id) ?? 0,
    correctCount: p.correctCount,
    answeredCount: p.answeredCount,
    totalTimeMs: p.totalTimeMs,
    kicked: p.kicked,
    joinedAt: p.joinedAt,
  }));
  const answerRows = r.answers.map((a) => ({
    gameId: config.gameId,
    questionIndex: a.q,
    playerId: a.playerId,
    answer: a.answer,
    correct: a.correct,
    points: a.points,
    responseMs: a.responseMs,
    answeredAt: a.answeredAt,
  }));
  return { playerRows, answerRows, playerCount: finalRank.size };
}

export async function writeResults(db: D1Database, r: GameResults): Promise<void> {
  const d = drizzle(db);
  const { config, state } = r;
  const { playerRows, answerRows, playerCount } = resultRows(r);
  const endedAt = state.endedAt ?? Date.now();
  // The worker inserted the games row when hosting; recreated here if that write was lost.
  const parent = recreateGameRow(d, {
    id: config.gameId,
    code: config.code,
    quizId: null,
    hostId: config.hostId,
    title: config.title,
    settings: config.settings,
    snapshot: config.questions,
    playerCount,
    questionCount: config.questions.length,
    createdAt: config.createdAt,
    startedAt: state.startedAt,
  });
  const statements: { run(): unknown }[] = [parent];
  statements.push(...resultStatements(d, playerRows, answerRows));
  statements.push(endGameRow(d, config.gameId, { startedAt: state.startedAt, endedAt, playerCount }));
  await runInBatches(d, statements);
}
