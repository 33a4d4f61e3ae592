// Reads games for reports. A teacher sees only the games they hosted; an admin every game.
// A game the reader may not see is reported as missing, never as forbidden: ids are not confirmed.
import { and, asc, desc, eq, gt, isNotNull, or, type SQL } from "drizzle-orm";
import { answers, gamePlayers, games, type GAME_STATUSES, users } from "../../schema/db";
import { gameStatus, type GameList, type GameListQuery } from "../../schema/report";
import type { CurrentUser } from "../app-env";
import { type Db, olderThan } from "../db";
import { encodeCursor, requireCursor, rowPosition } from "../logs/cursor";
import { gameSummary, type AnswerRow, type GameRow, type PlayerRow } from "./build";

// The report schema repeats the table's statuses (zod only, for the web bundle): keep them equal.
const _sameStatuses: readonly (typeof GAME_STATUSES)[number][] = gameStatus.options;
void _sameStatuses;

type Reader = Pick<CurrentUser, "id" | "role">;

const visibleTo = (reader: Reader): SQL | undefined =>
  reader.role === "admin" ? undefined : eq(games.hostId, reader.id);

export async function listGames(db: Db, reader: Reader, q: GameListQuery): Promise<GameList> {
  const where: (SQL | undefined)[] = [visibleTo(reader)];
  if (q.status) where.push(eq(games.status, q.status));
  // An empty lobby (never started, nobody in it) has no report worth a line.
  if (q.empty === "hide") where.push(or(isNotNull(games.startedAt), gt(games.playerCount, 0)));
  if (q.cursor) {
    where.push(olderThan(games.createdAt, games.id, requireCursor(rowPosition, q.cursor)));
  }
  const rows = await db
    .select({
      id: games.id,
      code: games.code,
      title: games.title,
      status: games.status,
      playerCount: games.playerCount,
      questionCount: games.questionCount,
      createdAt: games.createdAt,
      startedAt: games.startedAt,
      endedAt: games.endedAt,
      hostName: users.name,
      kind: games.kind,
      deadline: games.deadline,
    })
    .from(games)
    .innerJoin(users, eq(users.id, games.hostId))
    .where(and(...where))
    .orderBy(desc(games.createdAt), desc(games.id))
    .limit(q.limit + 1);
  const items = rows
    .slice(0, q.limit)
    .map((r) => (reader.role === "admin" ? { ...gameSummary(r), hostName: r.hostName } : gameSummary(r)));
  const last = items.at(-1);
  return { items, nextCursor: rows.length > q.limit && last ? encodeCursor([last.createdAt, last.id]) : null };
}

export interface ReportData {
  game: GameRow;
  players: PlayerRow[];
  answers: AnswerRow[];
}

/** Null when the game does not exist or the reader may not see it. */
export async function loadReportData(db: Db, reader: Reader, gameId: string): Promise<ReportData | null> {
  const [gameRows, players, answerRows] = await db.batch([
    db
      .select()
      .from(games)
      .where(and(eq(games.id, gameId), visibleTo(reader))),
    db.select().from(gamePlayers).where(eq(gamePlayers.gameId, gameId)),
    db
      .select()
      .from(answers)
      .where(eq(answers.gameId, gameId))
      .orderBy(asc(answers.questionIndex), asc(answers.answeredAt)),
  ]);
  const game = gameRows[0];
  return game ? { game, players, answers: answerRows } : null;
}
