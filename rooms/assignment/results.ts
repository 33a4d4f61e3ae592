// An assignment's results in D1, in the same tables and shape as a live game's (rooms/results.ts):
// one game_players row per participant with the attempt that counts, one answers row per answer of
// that attempt. Idempotent: the game's answers are replaced, players upserted, so a retry, or a
// second close after a reopen, leaves exactly what the room holds.
import { eq, sql } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import { answers as answersTable, gamePlayers } from "../../schema/db";
import { endGameRow, recreateGameRow } from "../kit/games-row";
import { ranked } from "./rules";
import type { AssignmentAnswer, AssignmentConfig, AssignmentState, Participant } from "./types";

const MAX_PARAMS = 100;
const STATEMENTS_PER_BATCH = 50;

export interface AssignmentResults {
  config: AssignmentConfig;
  state: AssignmentState;
  participants: Participant[];
  answers: AssignmentAnswer[];
}

function chunks<T>(rows: T[], columns: number): T[][] {
  const size = Math.max(1, Math.floor(MAX_PARAMS / columns));
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += size) out.push(rows.slice(i, i + size));
  return out;
}

export function assignmentRows(r: AssignmentResults) {
  const { config } = r;
  const standings = ranked(config.settings, r.participants);
  const place = new Map(standings.map((s) => [s.p.id, s]));
  const playerRows = r.participants.map((p) => {
    const s = place.get(p.id);
    const c = s?.counted;
    return {
      gameId: config.gameId,
      playerId: p.id,
      nickname: p.studentId ? `${p.nickname} (${p.studentId})` : p.nickname,
      userId: p.userId,
      score: c?.score ?? 0,
      rank: s?.rank ?? 0,
      correctCount: c?.correctCount ?? 0,
      answeredCount: c?.answeredCount ?? 0,
      totalTimeMs: c?.totalTimeMs ?? 0,
      kicked: p.removed,
      joinedAt: p.joinedAt,
    };
  });
  const countedAttempt = new Map(standings.map((s) => [s.p.id, s.counted.attempt]));
  const answerRows = r.answers
    .filter((a) => countedAttempt.get(a.participantId) === a.attempt)
    .map((a) => ({
      gameId: config.gameId,
      questionIndex: a.q,
      playerId: a.participantId,
      answer: a.answer,
      correct: a.correct,
      points: a.points,
      responseMs: a.responseMs,
      answeredAt: a.answeredAt,
    }));
  return { playerRows, answerRows, playerCount: standings.length };
}

export async function writeAssignmentResults(db: D1Database, r: AssignmentResults): Promise<void> {
  const d = drizzle(db);
  const { config, state } = r;
  const { playerRows, answerRows, playerCount } = assignmentRows(r);
  const statements: { run(): unknown }[] = [
    recreateGameRow(d, {
      id: config.gameId,
      code: config.code,
      quizId: null,
      hostId: config.hostId,
      title: config.title,
      settings: config.settings,
      snapshot: config.questions,
      kind: "assignment",
      deadline: state.deadline,
      playerCount,
      questionCount: config.questions.length,
      createdAt: config.createdAt,
      startedAt: state.opensAt,
    }),
    d.delete(answersTable).where(eq(answersTable.gameId, config.gameId)),
  ];
  for (const c of chunks(playerRows, 11)) {
    statements.push(
      d
        .insert(gamePlayers)
        .values(c)
        .onConflictDoUpdate({
          target: [gamePlayers.gameId, gamePlayers.playerId],
          set: {
            nickname: sql`excluded.nickname`,
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
  statements.push(
    endGameRow(d, config.gameId, { startedAt: state.opensAt, endedAt: state.closedAt ?? Date.now(), playerCount }),
  );
  for (let i = 0; i < statements.length; i += STATEMENTS_PER_BATCH) {
    await d.batch(statements.slice(i, i + STATEMENTS_PER_BATCH) as unknown as Parameters<typeof d.batch>[0]);
  }
}
