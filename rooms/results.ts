// Writes a finished game to D1: the games row (through kit/games-row.ts), one game_players row
// per player and one answers row per answer, as multi-row inserts chunked under D1's
// 100-parameter limit inside db.batch.
// Idempotent, so a retry after a partial failure (or a second podium) changes nothing twice.
import { drizzle } from "drizzle-orm/d1";
import { sql } from "drizzle-orm";
import { answers as answersTable, gamePlayers } from "../schema/db";
import { endGameRow, recreateGameRow } from "./kit/games-row";
import { rank } from "./leaderboard";
import type { AnswerRow, GameConfig, GameState, PlayerRow } from "./types";

const MAX_PARAMS = 100;
/** Statements per db.batch: one batch is one transaction, so keep each moderate. */
const STATEMENTS_PER_BATCH = 50;

export interface GameResults {
  config: GameConfig;
  state: GameState;
  players: PlayerRow[];
  answers: AnswerRow[];
}

function chunks<T>(rows: T[], columns: number): T[][] {
  const size = Math.max(1, Math.floor(MAX_PARAMS / columns));
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += size) out.push(rows.slice(i, i + size));
  return out;
}

export function resultRows(r: GameResults) {
  const { config } = r;
  const finalRank = new Map(rank(r.players.filter((p) => !p.kicked)).map((p, i) => [p.id, i + 1]));
  const playerRows = r.players.map((p) => ({
    gameId: config.gameId,
    playerId: p.id,
    nickname: p.nickname,
    userId: p.userId,
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
  for (const c of chunks(playerRows, 11)) {
    statements.push(
      d
        .insert(gamePlayers)
        .values(c)
        .onConflictDoUpdate({
          target: [gamePlayers.gameId, gamePlayers.playerId],
          set: {
            score: sql`excluded.score`,
            rank: sql`excluded.rank`,
            correctCount: sql`excluded.correct_count`,
            answeredCount: sql`excluded.answered_count`,
            totalTimeMs: sql`excluded.total_time_ms`,
            kicked: sql`excluded.kicked`,
          },
        }),
    );
  }
  for (const c of chunks(answerRows, 8)) statements.push(d.insert(answersTable).values(c).onConflictDoNothing());
  statements.push(endGameRow(d, config.gameId, { startedAt: state.startedAt, endedAt, playerCount }));
  for (let i = 0; i < statements.length; i += STATEMENTS_PER_BATCH) {
    const batch = statements.slice(i, i + STATEMENTS_PER_BATCH);
    await d.batch(batch as unknown as Parameters<typeof d.batch>[0]);
  }
}
