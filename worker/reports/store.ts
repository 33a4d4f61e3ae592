// Reads games for reports. A teacher sees only the games they hosted; an admin every game.
// A game the reader may not see is reported as missing, never as forbidden: ids are not confirmed.
import { and, asc, desc, eq, gt, isNotNull, or, type SQL } from "drizzle-orm";
import { answers, gamePlayers, games, type GAME_STATUSES, users } from "../../schema/db.ts";
import { gameStatus, type GameList, type GameListQuery, type GameReport } from "../../schema/report.ts";
import type { CurrentUser } from "../app-env.ts";
import { type Db, olderThan } from "../db.ts";
import { pageOf, requireCursor, rowPosition } from "../logs/cursor.ts";
import { buildReport, gameSummary, type AnswerRow, type GameRow, type PlayerRow } from "./build.ts";
import { accountNames } from "./people.ts";
import { mathOf } from "../math/quiz-math.ts";

// The report schema repeats the table's statuses (zod only, for the web bundle): keep them equal.
const _sameStatuses: readonly (typeof GAME_STATUSES)[number][] = gameStatus.options;
void _sameStatuses;

export type Reader = Pick<CurrentUser, "id" | "role">;

/** The games a reader may see: an admin every game, a teacher those they hosted. */
export const visibleTo = (reader: Reader): SQL | undefined =>
  reader.role === "admin" ? undefined : eq(games.hostId, reader.id);

/** What a game's line in a list is made of (gameSummary) and who hosted it (games joined with users). */
export const listedGameColumns = {
  id: games.id,
  code: games.code,
  title: games.title,
  status: games.status,
  playerCount: games.playerCount,
  questionCount: games.questionCount,
  createdAt: games.createdAt,
  startedAt: games.startedAt,
  endedAt: games.endedAt,
  kind: games.kind,
  deadline: games.deadline,
  hostName: users.name,
};

export async function listGames(db: Db, reader: Reader, q: GameListQuery): Promise<GameList> {
  const where: (SQL | undefined)[] = [visibleTo(reader)];
  if (q.status) where.push(eq(games.status, q.status));
  // An empty lobby (never started, nobody in it) has no report worth a line.
  if (q.empty === "hide") where.push(or(isNotNull(games.startedAt), gt(games.playerCount, 0)));
  if (q.cursor) {
    where.push(olderThan(games.createdAt, games.id, requireCursor(rowPosition, q.cursor)));
  }
  const rows = await db
    .select(listedGameColumns)
    .from(games)
    .innerJoin(users, eq(users.id, games.hostId))
    .where(and(...where))
    .orderBy(desc(games.createdAt), desc(games.id))
    .limit(q.limit + 1);
  const { items, nextCursor } = pageOf(rows, q.limit, (r) => [r.createdAt, r.id]);
  return {
    items: items.map((r) => (reader.role === "admin" ? { ...gameSummary(r), hostName: r.hostName } : gameSummary(r))),
    nextCursor,
  };
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

/** The game's report as its host sees it (with the players' account names), and what it was built from. */
export async function loadReport(
  db: Db,
  reader: Reader,
  gameId: string,
  helpBelow: number,
): Promise<{ data: ReportData; report: GameReport } | null> {
  const data = await loadReportData(db, reader, gameId);
  if (!data) return null;
  const names = await accountNames(
    db,
    data.players.map((p) => p.userId),
  );
  const report = buildReport(data.game, data.players, data.answers, { helpBelow, accountNames: names });
  return { data, report: { ...report, ...mathOf(data.game.snapshot) } };
}
