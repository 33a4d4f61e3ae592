// Who is calling, for every API request: c.var.user is the session's user or null. Routes then
// demand a user, and a role, with requireUser; the role is checked here, on the server, always.
import type { Context } from "hono";
import { createMiddleware } from "hono/factory";
import type { Role } from "../../schema/db.ts";
import type { AppEnv, CurrentUser } from "../app-env.ts";
import { sessionToken } from "../auth/credentials.ts";
import { userFromToken } from "../auth/session.ts";
import { forbidden, unauthorized } from "../errors.ts";

/** Sets c.var.user (or null). Needs c.var.db (middleware/database.ts) first. */
export const loadUser = createMiddleware<AppEnv>(async (c, next) => {
  c.set("user", await userFromToken(c.var.db, c.env.JWT_SECRET, sessionToken(c)));
  await next();
});

/** 401 without a valid session; 403 unless the user has one of `roles` (an admin has every role). */
export function requireUser(...roles: Role[]) {
  return createMiddleware<AppEnv>(async (c, next) => {
    const user = c.get("user");
    if (!user) throw unauthorized();
    if (roles.length && user.role !== "admin" && !roles.includes(user.role)) {
      throw forbidden(`this needs the ${roles.join(" or ")} role`);
    }
    await next();
  });
}

/** The user of a route behind requireUser. */
export function currentUser(c: Context<AppEnv>): CurrentUser {
  const user = c.get("user");
  if (!user) throw unauthorized();
  return user;
}
