// A player's own history (/api/me: any logged-in account, only its own games) and a teacher's
// students (/api/students: players of the teacher's own games; an admin sees everyone's).
import { Hono } from "hono";
import { historyQuery, myGameParam, studentListQuery, studentResultsQuery } from "../../schema/students.ts";
import type { AppEnv } from "../app-env.ts";
import { currentUser, requireUser } from "../middleware/session.ts";
import { notFound } from "../errors.ts";
import { validate } from "../validate.ts";
import { history, listStudents, myGame, studentResults } from "./store.ts";

export const meRoutes = new Hono<AppEnv>()
  .use("*", requireUser())
  .get("/games", validate("query", historyQuery), async (c) =>
    c.json(await history(c.var.db, currentUser(c).id, c.req.valid("query"))),
  )
  .get("/games/:id", validate("param", myGameParam), async (c) => {
    const game = await myGame(c.var.db, currentUser(c).id, c.req.valid("param").id);
    // Another player's game is as missing as one that never was.
    if (!game) throw notFound("no such game in your history");
    return c.json(game);
  });

export const studentRoutes = new Hono<AppEnv>()
  .use("*", requireUser("teacher"))
  .get("/", validate("query", studentListQuery), async (c) =>
    c.json(await listStudents(c.var.db, currentUser(c), c.req.valid("query").q)),
  )
  .get("/results", validate("query", studentResultsQuery), async (c) => {
    const results = await studentResults(c.var.db, currentUser(c), c.req.valid("query"));
    if (!results) throw notFound("no such student in your games");
    return c.json(results);
  });
