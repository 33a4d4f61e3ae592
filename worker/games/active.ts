// The teacher's games still going, so whoever logs in while one runs gets a link back to it: live
// games in their lobby or running (a link back to the host screen), and open assignments with how
// many students have finished (a link to the assignment's progress page).
import { and, desc, eq, gt, inArray, or } from "drizzle-orm";
import { Hono } from "hono";
import { games } from "../../schema/db.ts";
import type { AppEnv } from "../app-env.ts";
import { currentUser, requireUser } from "../middleware/session.ts";
import { assignmentStub } from "./codes.ts";

/** A lobby older than this is not offered as live any more (the room has expired it). */
const LIVE_WINDOW_MS = 24 * 3600_000;
const GOING = ["lobby", "running"] as const;

export const activeRoutes = new Hono<AppEnv>();

/** The caller's live games and open assignments, newest first; an assignment with its counts. */
activeRoutes.get("/live", requireUser("teacher"), async (c) => {
  const user = currentUser(c);
  const now = Date.now();
  const rows = await c.var.db
    .select({
      gameId: games.id,
      code: games.code,
      title: games.title,
      status: games.status,
      kind: games.kind,
      deadline: games.deadline,
      createdAt: games.createdAt,
    })
    .from(games)
    .where(
      and(
        eq(games.hostId, user.id),
        inArray(games.status, GOING),
        or(
          and(eq(games.kind, "live"), gt(games.createdAt, now - LIVE_WINDOW_MS)),
          // Open for days: its row says "running" until the close reaches D1, so the deadline decides.
          and(eq(games.kind, "assignment"), gt(games.deadline, now)),
        ),
      ),
    )
    .orderBy(desc(games.createdAt))
    .limit(10);
  const caller = { userId: user.id, role: user.role };
  const list = await Promise.all(
    rows.map(async (g) => {
      if (g.kind === "live") return { ...g, kind: "live" as const };
      // Counts are a courtesy: an object that cannot answer leaves them out, the link still works.
      const got = await assignmentStub(c.env, g.code)
        .counts(caller, g.gameId)
        .catch(() => null);
      return {
        ...g,
        kind: "assignment" as const,
        finished: got?.ok ? got.finished : null,
        started: got?.ok ? got.started : null,
      };
    }),
  );
  return c.json({ games: list });
});
