// The rows both kinds of room write when a game or an assignment ends: one game_players row per
// player (upserted) and one answers row per answer (inserted once), as multi-row inserts chunked
// under D1's 100-parameter limit, run in db.batch transactions of a moderate size. Idempotent, so
// a retry after a partial failure changes nothing twice.
import { eq, sql } from "drizzle-orm";
import { type DrizzleD1Database, drizzle } from "drizzle-orm/d1";
import type { Question } from "../../schema/quiz.ts";
import { answers as answersTable, gamePlayers, type games } from "../../schema/db.ts";
import { endGameRow, recreateGameRow } from "./games-row.ts";

const MAX_PARAMS = 100;
/** Statements per db.batch: one batch is one transaction, so keep each moderate. */
const STATEMENTS_PER_BATCH = 50;

export type PlayerResultRow = typeof gamePlayers.$inferInsert;
export type AnswerResultRow = typeof answersTable.$inferInsert;
type Statement = { run(): unknown };

function chunks<T>(rows: T[], columns: number): T[][] {
  const size = Math.max(1, Math.floor(MAX_PARAMS / columns));
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += size) out.push(rows.slice(i, i + size));
  return out;
}

/** Upserts of the players (their standing may have moved since a first write) and inserts of the answers. */
export function resultStatements(
  d: DrizzleD1Database,
  players: PlayerResultRow[],
  answers: AnswerResultRow[],
): Statement[] {
  const statements: Statement[] = [];
  for (const c of chunks(players, Object.keys(players[0] ?? {}).length || 1)) {
    statements.push(
      d
        .insert(gamePlayers)
        .values(c)
        .onConflictDoUpdate({
          target: [gamePlayers.gameId, gamePlayers.playerId],
          set: {
            nickname: sql`excluded.nickname`,
            studentId: sql`excluded.student_id`,
            score: sql`excluded.score`,
            rank: sql`excluded.rank`,
            correctCount: sql`excluded.correct_count`,
            answeredCount: sql`excluded.answered_count`,
            totalTimeMs: sql`excluded.total_time_ms`,
            kicked: sql`excluded.kicked`,
            team: sql`excluded.team`,
            members: sql`excluded.members`,
          },
        }),
    );
  }
  for (const c of chunks(answers, Object.keys(answers[0] ?? {}).length || 1))
    statements.push(d.insert(answersTable).values(c).onConflictDoNothing());
  return statements;
}

/** Runs the statements in order, a batch (one transaction) at a time. */
export async function runInBatches(d: DrizzleD1Database, statements: Statement[]): Promise<void> {
  for (let i = 0; i < statements.length; i += STATEMENTS_PER_BATCH) {
    await d.batch(statements.slice(i, i + STATEMENTS_PER_BATCH) as unknown as Parameters<typeof d.batch>[0]);
  }
}

/** A stored answer of either room (quiz terms), as its answers row. */
export function answerRow(
  gameId: string,
  playerId: string,
  a: Pick<AnswerResultRow, "answer" | "correct" | "points" | "responseMs" | "answeredAt"> & { q: number },
): AnswerResultRow {
  return {
    gameId,
    questionIndex: a.q,
    playerId,
    answer: a.answer,
    correct: a.correct,
    points: a.points,
    responseMs: a.responseMs,
    answeredAt: a.answeredAt,
  };
}

/** What both rooms' configs say of the game, for its row. */
export interface ResultsGame {
  gameId: string;
  code: string;
  hostId: string;
  title: string;
  settings: (typeof games.$inferInsert)["settings"];
  questions: Question[];
  createdAt: number;
}

export interface RoomResults {
  game: ResultsGame;
  players: PlayerResultRow[];
  answers: AnswerResultRow[];
  playerCount: number;
  startedAt: number | null;
  endedAt: number;
  /** An assignment's row: its kind and deadline. */
  assignment?: { deadline: number };
  /** The game's earlier answers rows go first (an assignment's counted attempt can change after a reopen). */
  replaceAnswers?: boolean;
}

/**
 * A room's whole results write: the games row (recreated if the worker's insert was lost, so the
 * child rows always have their parent), the players and answers, then the row marked ended.
 */
export async function writeRoomResults(db: D1Database, r: RoomResults): Promise<void> {
  const d = drizzle(db);
  const { game, playerCount, startedAt } = r;
  const statements: Statement[] = [
    recreateGameRow(d, {
      id: game.gameId,
      code: game.code,
      quizId: null,
      hostId: game.hostId,
      title: game.title,
      settings: game.settings,
      snapshot: game.questions,
      ...(r.assignment ? { kind: "assignment" as const, deadline: r.assignment.deadline } : {}),
      playerCount,
      questionCount: game.questions.length,
      createdAt: game.createdAt,
      startedAt,
    }),
  ];
  if (r.replaceAnswers) statements.push(d.delete(answersTable).where(eq(answersTable.gameId, game.gameId)));
  statements.push(...resultStatements(d, r.players, r.answers));
  statements.push(endGameRow(d, game.gameId, { startedAt, endedAt: r.endedAt, playerCount }));
  await runInBatches(d, statements);
}
