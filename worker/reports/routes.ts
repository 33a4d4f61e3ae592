// Reports of past games (docs/product.md §2 "Afterwards"). Mounted at /api/games next to the game
// routes: only GETs live here, so POST /api/games and the rest reach their own router.
import { Hono } from "hono";
import { gameIdParam, gameListQuery, reportCsvQuery } from "../../schema/report.ts";
import { helpBelowQuery } from "../../schema/insights.ts";
import type { AppEnv } from "../app-env.ts";
import { currentUser, requireUser } from "../middleware/session.ts";
import { notFound } from "../errors.ts";
import { validate } from "../validate.ts";
import { listGames, loadReport, loadReportData } from "./store.ts";
import { answersTable, csvFilename, playersTable, teamsTable } from "./tables.ts";
import { teamReport, teamScoring } from "./teams.ts";

export const reportRoutes = new Hono<AppEnv>();

reportRoutes.get("/", requireUser("teacher"), validate("query", gameListQuery), async (c) => {
  return c.json(await listGames(c.var.db, currentUser(c), c.req.valid("query")));
});

reportRoutes.get(
  "/:id/report",
  requireUser("teacher"),
  validate("param", gameIdParam),
  validate("query", helpBelowQuery),
  async (c) => {
    const found = await loadReport(c.var.db, currentUser(c), c.req.valid("param").id, c.req.valid("query").helpBelow);
    if (!found) throw notFound("no such game");
    return c.json(found.report);
  },
);

reportRoutes.get(
  "/:id/report.csv",
  requireUser("teacher"),
  validate("param", gameIdParam),
  validate("query", reportCsvQuery),
  async (c) => {
    const data = await loadReportData(c.var.db, currentUser(c), c.req.valid("param").id);
    if (!data) throw notFound("no such game");
    const { table } = c.req.valid("query");
    const scoring = teamScoring(data.game.settings);
    const teams = scoring ? teamReport(data.players, scoring) : null;
    const body =
      table === "players"
        ? playersTable(data.players, data.answers, teams)
        : table === "teams"
          ? teamsTable(teams)
          : answersTable(data.game, data.players, data.answers);
    return c.body(body, 200, {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="${csvFilename(data.game, table)}"`,
      // Results are personal data: never kept by a shared cache.
      "cache-control": "private, no-store",
    });
  },
);
