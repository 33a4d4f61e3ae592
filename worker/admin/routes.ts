// The admin console's API (/api/admin, admins only): users (role, disable, reset link), every
// quiz (unpublish with a reason), every game (who hosted it, end it). Each change is an event,
// owned by the user or teacher it concerns so they can read it in their own log.
import { Hono } from "hono";
import type { Context } from "hono";
import { eq } from "drizzle-orm";
import {
  adminGameQuery,
  adminIdParam,
  adminQuizQuery,
  adminUserPatch,
  adminUserQuery,
  unpublishRequest,
  type EndGameResult,
} from "../../schema/admin.ts";
import { games, quizzes } from "../../schema/db.ts";
import type { AppEnv } from "../app-env.ts";
import { issueResetLink } from "../accounts/resets.ts";
import { currentUser, requireUser } from "../middleware/session.ts";
import { conflict, notFound } from "../errors.ts";
import { closeHostSessions } from "../games/host-sessions.ts";
import type { EventInput } from "../../rooms/kit/events.ts";
import { logLater } from "../logs/logger.ts";
import { validate } from "../validate.ts";
import { endGame } from "./end-game.ts";
import { withLiveCounts } from "./live-counts.ts";
import { allowRepublishing, findUser, listGames, listQuizzes, listUsers, patchUser, unpublishQuiz } from "./store.ts";

function adminEvent(c: Context<AppEnv>, type: string, e: Omit<EventInput, "type" | "actorType" | "actorId" | "role">) {
  const admin = currentUser(c);
  logLater(c.executionCtx, c.env.DB, { type, actorType: "user", actorId: admin.id, role: admin.role, ...e });
}

/** The target user, never the admin themselves: an admin cannot lock themselves out or demote the last admin by accident. */
async function otherUser(c: Context<AppEnv>, id: string) {
  const user = await findUser(c.var.db, id);
  if (!user) throw notFound("no such user");
  if (user.id === currentUser(c).id) throw conflict("you cannot change your own account here");
  return user;
}

export const adminRoutes = new Hono<AppEnv>()
  .use("*", requireUser("admin"))

  .get("/users", validate("query", adminUserQuery), async (c) =>
    c.json(await listUsers(c.var.db, c.req.valid("query"))),
  )

  .patch("/users/:id", validate("param", adminIdParam), validate("json", adminUserPatch), async (c) => {
    const target = await otherUser(c, c.req.valid("param").id);
    const patch = c.req.valid("json");
    await patchUser(c.var.db, target.id, patch);
    // A disabled account's sessions are refused from the next request; its open host sockets too, now.
    if (patch.disabled === true) await closeHostSessions(c.env, c.var.db, target.id);
    const changes: Record<string, unknown> = {};
    if (patch.role !== undefined && patch.role !== target.role) changes.role = { from: target.role, to: patch.role };
    if (patch.disabled !== undefined && patch.disabled !== target.disabled) changes.disabled = patch.disabled;
    adminEvent(c, "admin.user_update", { ownerId: target.id, payload: { userId: target.id, ...changes } });
    const after = await findUser(c.var.db, target.id);
    return c.json({
      user: {
        id: after!.id,
        email: after!.email,
        name: after!.name,
        role: after!.role,
        disabled: after!.disabled,
        createdAt: after!.createdAt,
      },
    });
  })

  .post("/users/:id/reset-link", validate("param", adminIdParam), async (c) => {
    const target = await otherUser(c, c.req.valid("param").id);
    if (target.disabled) throw conflict("this account is disabled: enable it first");
    const link = await issueResetLink(c.var.db, target.id, currentUser(c).id, new URL(c.req.url).origin);
    // The link itself is never logged: whoever reads the log must not be able to use it.
    adminEvent(c, "admin.reset_link", {
      ownerId: target.id,
      payload: { userId: target.id, expiresAt: link.expiresAt },
    });
    return c.json(link, 201);
  })

  .get("/quizzes", validate("query", adminQuizQuery), async (c) =>
    c.json(await listQuizzes(c.var.db, c.req.valid("query"))),
  )

  .post("/quizzes/:id/unpublish", validate("param", adminIdParam), validate("json", unpublishRequest), async (c) => {
    const quiz = await c.var.db
      .select({ id: quizzes.id, title: quizzes.title, ownerId: quizzes.ownerId, visibility: quizzes.visibility })
      .from(quizzes)
      .where(eq(quizzes.id, c.req.valid("param").id))
      .get();
    if (!quiz) throw notFound("no such quiz");
    const { reason } = c.req.valid("json");
    if (!(await unpublishQuiz(c.var.db, quiz.id, reason)))
      throw conflict(`this quiz is not public (it is ${quiz.visibility})`);
    adminEvent(c, "admin.quiz_unpublish", {
      quizId: quiz.id,
      ownerId: quiz.ownerId,
      payload: { title: quiz.title, reason },
    });
    return c.json({ quiz: { id: quiz.id, visibility: "private", unpublishedReason: reason } });
  })

  .post("/quizzes/:id/allow-republish", validate("param", adminIdParam), async (c) => {
    const quiz = await c.var.db
      .select({ id: quizzes.id, title: quizzes.title, ownerId: quizzes.ownerId })
      .from(quizzes)
      .where(eq(quizzes.id, c.req.valid("param").id))
      .get();
    if (!quiz) throw notFound("no such quiz");
    if (!(await allowRepublishing(c.var.db, quiz.id))) throw conflict("this quiz was not unpublished by an admin");
    adminEvent(c, "admin.quiz_republish_allowed", {
      quizId: quiz.id,
      ownerId: quiz.ownerId,
      payload: { title: quiz.title },
    });
    return c.json({ quiz: { id: quiz.id, unpublishedReason: null } });
  })

  .get("/games", validate("query", adminGameQuery), async (c) => {
    const page = await listGames(c.var.db, c.req.valid("query"));
    const admin = currentUser(c);
    const reader = { userId: admin.id, role: admin.role };
    return c.json({ ...page, items: await withLiveCounts(c.env, c.var.db, page.items, reader) });
  })

  .post("/games/:id/end", validate("param", adminIdParam), async (c) => {
    const game = await c.var.db
      .select()
      .from(games)
      .where(eq(games.id, c.req.valid("param").id))
      .get();
    if (!game) throw notFound("no such game");
    const via = await endGame(c.env, c.var.db, game, currentUser(c).id);
    adminEvent(c, "admin.game_end", {
      gameId: game.id,
      quizId: game.quizId,
      ownerId: game.hostId,
      payload: { code: game.code, title: game.title, status: game.status, via },
    });
    return c.json({ via } satisfies EndGameResult);
  });
