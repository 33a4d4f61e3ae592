// A finished game's results in D1, written as an assignment's are (kit/result-writer.ts): the games
// row, one game_players row per player with its final rank, one answers row per answer.
// Idempotent, so a retry after a partial failure (or a second podium) changes nothing twice.
import { answerRow, writeRoomResults } from "../kit/result-writer.ts";
import { rank } from "../kit/ranking.ts";
import type { TeamRow } from "../kit/teams.ts";
import type { AnswerRow, GameConfig, GameState, PlayerRow } from "./types.ts";

export interface GameResults {
  config: GameConfig;
  state: GameState;
  players: PlayerRow[];
  answers: AnswerRow[];
  /** Team mode's teams (names by id); empty or absent without teams. */
  teams?: readonly TeamRow[];
}

export function resultRows(r: GameResults) {
  const { config } = r;
  const teamName = new Map((r.teams ?? []).map((t) => [t.id, t.name]));
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
    team: (p.teamId && teamName.get(p.teamId)) || null,
    members: p.members?.length ? p.members : null,
  }));
  const answerRows = r.answers.map((a) => answerRow(config.gameId, a.playerId, a));
  return { playerRows, answerRows, playerCount: finalRank.size };
}

export async function writeResults(db: D1Database, r: GameResults): Promise<void> {
  const { playerRows, answerRows, playerCount } = resultRows(r);
  await writeRoomResults(db, {
    game: r.config,
    players: playerRows,
    answers: answerRows,
    playerCount,
    startedAt: r.state.startedAt,
    endedAt: r.state.endedAt ?? Date.now(),
  });
}
