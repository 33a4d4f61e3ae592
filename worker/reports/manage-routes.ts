// More of the teacher's reports, next to reportRoutes at /api/games: one player's answers, the
// xlsx download, several games as one report, and deleting a report. A game the reader may not
// see is "not found", as in the other report routes.
import { Hono } from "hono";
import type { Context } from "hono";
import { and, eq, inArray } from "drizzle-orm";
import { answers as answersTable, gamePlayers, games } from "../../schema/db.ts";
import { helpBelowQuery } from "../../schema/insights.ts";
import { gameIdParam } from "../../schema/report.ts";
import { combinedQuery, gamePlayerParam, type CombinedReport, type PlayerDrillDown } from "../../schema/students.ts";
import type { AppEnv } from "../app-env.ts";
import { currentUser, requireUser } from "../middleware/session.ts";
import { conflict, notFound } from "../errors.ts";
import { livePhase } from "../games/room-phase.ts";
import { logLater } from "../logs/logger.ts";
import { validate } from "../validate.ts";
import { answerSheet } from "./answer-sheet.ts";
import { playerReports } from "./build.ts";
import { combineGames, gameHeader } from "./combined.ts";
import { toCsv, type Cell } from "./csv.ts";
import { accountNames } from "./people.ts";
import { loadReport, loadReportData, visibleTo } from "./store.ts";
import { csvFilename } from "./tables.ts";
import { combinedSheets, reportSheets, toXlsx, XLSX_TYPE } from "./workbook.ts";
import { mathOf } from "../math/quiz-math.ts";

export const reportManageRoutes = new Hono<AppEnv>();

const download = (c: Context<AppEnv>, body: Uint8Array | string, type: string, filename: string) =>
  c.body(typeof body === "string" ? body : (body as Uint8Array<ArrayBuffer>), 200, {
    "content-type": type,
    "content-disposition": `attachment; filename="${filename}"`,
    // Results are personal data: never kept by a shared cache.
    "cache-control": "private, no-store",
  });

async function loadCombined(c: Context<AppEnv>, ids: string[], helpBelow: number): Promise<CombinedReport> {
  const d = c.var.db;
  const [gameRows, playerRows] = await d.batch([
    d
      .select()
      .from(games)
      .where(and(inArray(games.id, ids), visibleTo(currentUser(c)))),
    d.select().from(gamePlayers).where(inArray(gamePlayers.gameId, ids)),
  ]);
  const found = new Set(gameRows.map((g) => g.id));
  const missing = ids.find((id) => !found.has(id));
  if (missing) throw notFound(`no such game: ${missing}`);
  const names = await accountNames(
    c.var.db,
    playerRows.map((p) => p.userId),
  );
  return combineGames(
    gameRows.map((game) => ({ game, players: playerRows.filter((p) => p.gameId === game.id) })),
    helpBelow,
    names,
  );
}

function combinedCsv(r: CombinedReport): string {
  const header = [
    "name",
    "student_id",
    "matched_by",
    ...r.games.flatMap((_, i) => [`game${i + 1}_score`, `game${i + 1}_correct`]),
    "correct",
    "questions",
    "share",
    "needs_help",
  ];
  const rows: Cell[][] = r.players.map((p) => [
    p.name,
    p.studentId,
    p.matchedBy,
    ...p.perGame.flatMap((g) => (g ? [g.score, g.correctCount] : [null, null])),
    p.correct,
    p.questions,
    p.share === null ? null : Math.round(p.share * 1000) / 1000,
    p.needsHelp ? "yes" : "no",
  ]);
  const legend = r.games.map((g, i) => [`game${i + 1}`, g.title, g.code, new Date(g.playedAt).toISOString()]);
  return toCsv(header, [...rows, [], ...legend]);
}

const combinedName = (ext: string) => `quickquiz-combined-${new Date().toISOString().slice(0, 10)}.${ext}`;

reportManageRoutes.get("/combined", requireUser("teacher"), validate("query", combinedQuery), async (c) => {
  const { ids, helpBelow } = c.req.valid("query");
  return c.json(await loadCombined(c, ids, helpBelow));
});

reportManageRoutes.get("/combined.csv", requireUser("teacher"), validate("query", combinedQuery), async (c) => {
  const { ids, helpBelow } = c.req.valid("query");
  return download(
    c,
    combinedCsv(await loadCombined(c, ids, helpBelow)),
    "text/csv; charset=utf-8",
    combinedName("csv"),
  );
});

reportManageRoutes.get("/combined.xlsx", requireUser("teacher"), validate("query", combinedQuery), async (c) => {
  const { ids, helpBelow } = c.req.valid("query");
  return download(
    c,
    await toXlsx(combinedSheets(await loadCombined(c, ids, helpBelow))),
    XLSX_TYPE,
    combinedName("xlsx"),
  );
});

reportManageRoutes.get(
  "/:id/report.xlsx",
  requireUser("teacher"),
  validate("param", gameIdParam),
  validate("query", helpBelowQuery),
  async (c) => {
    const found = await loadReport(c.var.db, currentUser(c), c.req.valid("param").id, c.req.valid("query").helpBelow);
    if (!found) throw notFound("no such game");
    const { data, report } = found;
    const bytes = await toXlsx(reportSheets(report, data.game, data.players, data.answers));
    return download(c, bytes, XLSX_TYPE, csvFilename(data.game, "players").replace(/-players\.csv$/, ".xlsx"));
  },
);

reportManageRoutes.get(
  "/:id/players/:playerId",
  requireUser("teacher"),
  validate("param", gamePlayerParam),
  async (c) => {
    const { id, playerId } = c.req.valid("param");
    const data = await loadReportData(c.var.db, currentUser(c), id);
    const row = data?.players.find((p) => p.playerId === playerId);
    if (!data || !row) throw notFound("no such player in this game");
    const mine = data.answers.filter((a) => a.playerId === playerId);
    const names = await accountNames(c.var.db, [row.userId]);
    const body: PlayerDrillDown = {
      game: gameHeader(data.game),
      player: {
        ...playerReports([row], mine)[0],
        studentId: row.studentId,
        userId: row.userId,
        accountName: row.userId ? (names.get(row.userId) ?? null) : null,
      },
      questions: answerSheet(data.game.snapshot, mine, true),
      ...mathOf(data.game.snapshot),
    };
    return c.json(body);
  },
);

reportManageRoutes.delete("/:id", requireUser("teacher"), validate("param", gameIdParam), async (c) => {
  const user = currentUser(c);
  const d = c.var.db;
  const game = await d
    .select()
    .from(games)
    .where(and(eq(games.id, c.req.valid("param").id), visibleTo(user)))
    .get();
  if (!game) throw notFound("no such game");
  // A live room would write its results back into a deleted game: it is ended first.
  if (game.status !== "ended" && (await livePhase(c.env, c.var.db, game)))
    throw conflict("this game is still open: end it first");
  await d.batch([
    d.delete(answersTable).where(eq(answersTable.gameId, game.id)),
    d.delete(gamePlayers).where(eq(gamePlayers.gameId, game.id)),
    d.delete(games).where(eq(games.id, game.id)),
  ]);
  logLater(c.executionCtx, c.env.DB, {
    type: "game.delete",
    actorType: "user",
    actorId: user.id,
    role: user.role,
    gameId: game.id,
    quizId: game.quizId,
    ownerId: game.hostId,
    payload: { title: game.title, code: game.code, status: game.status, players: game.playerCount },
  });
  return c.body(null, 204);
});
