// Who is calling: the session JWT from the HttpOnly cookie or a Bearer header, checked on every
// request against its signature, expiry, revocation and the user's current row.
import { createMiddleware } from "hono/factory";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import type { Context } from "hono";
import { and, eq, lt, notExists } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import { revokedSessions, users, type Role } from "../../schema/db";
import type { AppEnv, CurrentUser } from "../app-env";
import { forbidden, unauthorized } from "../errors";
import { signSession, verifySession } from "./tokens";
import type { PublicUser, SessionResponse } from "../../schema/auth";

export const SESSION_COOKIE = "qq_session";

export function bearerOrCookie(c: Context<AppEnv>): string | null {
  const auth = c.req.header("authorization");
  if (auth) {
    const m = /^Bearer\s+(\S+)$/i.exec(auth);
    return m ? m[1] : null;
  }
  return getCookie(c, SESSION_COOKIE) ?? null;
}

export async function userFromToken(env: AppEnv["Bindings"], token: string | null): Promise<CurrentUser | null> {
  if (!token) return null;
  const claims = await verifySession(env.JWT_SECRET, token);
  if (!claims) return null;
  const db = drizzle(env.DB);
  const row = await db
    .select({ id: users.id, email: users.email, name: users.name, role: users.role, disabled: users.disabled, validAfter: users.sessionsValidAfter })
    .from(users)
    .where(
      and(
        eq(users.id, claims.userId),
        notExists(db.select({ one: revokedSessions.jti }).from(revokedSessions).where(eq(revokedSessions.jti, claims.jti))),
      ),
    )
    .get();
  // A disabled account, or a session from before a password change, a reset or a disabling: refused at once.
  if (!row || row.disabled || (row.validAfter !== null && claims.issuedAtMs < row.validAfter)) return null;
  // The role comes from the database, not the token: a changed role takes effect at once.
  return { id: row.id, email: row.email, name: row.name, role: row.role, jti: claims.jti, exp: claims.exp };
}

/** Sets c.var.user (or null) for every API request. */
export const loadUser = createMiddleware<AppEnv>(async (c, next) => {
  c.set("user", await userFromToken(c.env, bearerOrCookie(c)));
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

export function currentUser(c: Context<AppEnv>): CurrentUser {
  const user = c.get("user");
  if (!user) throw unauthorized();
  return user;
}

export function sessionTtlSeconds(env: AppEnv["Bindings"]): number {
  const ttl = Number(env.SESSION_TTL_SECONDS);
  return Number.isInteger(ttl) && ttl > 0 ? ttl : 12 * 3600;
}

/** Signs a session for `user`, sets the HttpOnly cookie (the web app) and returns the token too (API clients). */
export async function startSession(c: Context<AppEnv>, user: PublicUser): Promise<SessionResponse> {
  const ttl = sessionTtlSeconds(c.env);
  const { token, claims } = await signSession(c.env.JWT_SECRET, user.id, user.role, ttl);
  setCookie(c, SESSION_COOKIE, token, { httpOnly: true, secure: true, sameSite: "Lax", path: "/", maxAge: ttl });
  return { user, token, expiresAt: claims.exp * 1000 };
}

export function clearSessionCookie(c: Context<AppEnv>): void {
  deleteCookie(c, SESSION_COOKIE, { httpOnly: true, secure: true, sameSite: "Lax", path: "/" });
}

/** Ends one session before its JWT expires; rows of sessions that have expired anyway are dropped. */
export async function revokeSession(db: D1Database, jti: string, exp: number): Promise<void> {
  const d = drizzle(db);
  await d.batch([
    d.insert(revokedSessions).values({ jti, expiresAt: exp * 1000 }).onConflictDoNothing(),
    d.delete(revokedSessions).where(lt(revokedSessions.expiresAt, Date.now())),
  ]);
}
