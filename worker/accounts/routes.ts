// A user's own account, next to authRoutes at /api/auth: change the display name or the password,
// and set a new password through a reset link an admin issued.
import { Hono } from "hono";
import type { Context } from "hono";
import { eq } from "drizzle-orm";
import { changePasswordRequest, resetPasswordRequest, updateMeRequest } from "../../schema/accounts.ts";
import { users } from "../../schema/db.ts";
import type { AppEnv } from "../app-env.ts";
import { hashPassword, verifyPassword } from "../auth/password.ts";
import { startSessionWithId } from "../auth/session.ts";
import { closeHostSessions } from "../games/host-sessions.ts";
import { byAddress, clientAddress, enforceLimit, limitBy } from "../middleware/rate-limit.ts";
import { currentUser, requireUser } from "../middleware/session.ts";
import { toPublicUser } from "../auth/users.ts";
import { ApiError, badRequest, unauthorized } from "../errors.ts";
import { logLater } from "../logs/logger.ts";
import { validate } from "../validate.ts";
import { consumeResetLink, setPassword } from "./resets.ts";

function accountEvent(
  c: Context<AppEnv>,
  type: string,
  user: { id: string; role: string } | null,
  payload?: Record<string, unknown>,
) {
  logLater(c.executionCtx, c.env.DB, {
    type,
    actorType: "user",
    actorId: user?.id ?? null,
    role: user?.role ?? null,
    payload: payload ?? null,
  });
}

export const accountRoutes = new Hono<AppEnv>()
  .patch("/me", requireUser(), validate("json", updateMeRequest), async (c) => {
    const user = currentUser(c);
    const { name } = c.req.valid("json");
    await c.var.db.update(users).set({ name }).where(eq(users.id, user.id));
    accountEvent(c, "user.update", user, { fields: ["name"] });
    return c.json({ user: toPublicUser({ ...user, name }) });
  })

  .post("/password", requireUser(), validate("json", changePasswordRequest), async (c) => {
    const user = currentUser(c);
    const body = c.req.valid("json");
    // Per address and account, as login is: guessing the current password with a stolen session stays slow.
    await enforceLimit(c, "AUTH_LIMITER", `password:${clientAddress(c)}:${user.id}`);
    const row = await c.var.db
      .select({ passwordHash: users.passwordHash })
      .from(users)
      .where(eq(users.id, user.id))
      .get();
    if (!row) throw unauthorized();
    if (!(await verifyPassword(body.currentPassword, row.passwordHash))) {
      accountEvent(c, "auth.password_change_failed", user);
      // 400 naming the field, not 401: the session is fine, the form is not.
      throw new ApiError(400, "validation_failed", "the current password is wrong", [
        { path: "currentPassword", message: "the current password is wrong" },
      ]);
    }
    await setPassword(c.var.db, user.id, await hashPassword(body.newPassword));
    accountEvent(c, "auth.password_change", user);
    // Every other session ended with the change, their host sockets (phone remotes too) with them;
    // this browser gets a new one.
    const { session, jti } = await startSessionWithId(c, toPublicUser(user));
    await closeHostSessions(c.env, c.var.db, user.id, undefined, jti);
    return c.json(session);
  })

  // Per address, before anything is read: a token cannot be guessed, and a scan for one stays slow and visible.
  .post("/reset", limitBy("AUTH_LIMITER", byAddress("reset")), validate("json", resetPasswordRequest), async (c) => {
    const body = c.req.valid("json");
    const userId = await consumeResetLink(c.var.db, body.token);
    if (!userId) {
      accountEvent(c, "auth.password_reset_failed", null);
      throw badRequest("this reset link is not valid: it was used already, it has expired, or a newer one was issued");
    }
    await setPassword(c.var.db, userId, await hashPassword(body.password));
    const row = await c.var.db.select().from(users).where(eq(users.id, userId)).get();
    if (!row) throw unauthorized();
    const user = toPublicUser(row);
    accountEvent(c, "auth.password_reset", user);
    // As for a change: the sessions from before the reset end, host sockets included.
    const { session, jti } = await startSessionWithId(c, user);
    await closeHostSessions(c.env, c.var.db, user.id, undefined, jti);
    return c.json(session);
  });
