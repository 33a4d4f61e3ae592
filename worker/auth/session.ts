// Sessions: a JWT checked against its signature, expiry, revocation and the user's current row;
// started with an HttpOnly cookie (the web app) plus the token itself (API clients), ended by
// revocation. Where the token is read from is auth/credentials.ts; the middleware that loads the
// user for each request is middleware/session.ts.
import type { Context } from "hono";
import { deleteCookie, setCookie } from "hono/cookie";
import { and, eq, lt, notExists } from "drizzle-orm";
import { revokedSessions, users } from "../../schema/db.ts";
import type { PublicUser, SessionResponse } from "../../schema/auth.ts";
import type { AppEnv, CurrentUser } from "../app-env.ts";
import type { Db } from "../db.ts";
import { SESSION_COOKIE } from "./credentials.ts";
import { type SessionClaims, signSession, verifySession } from "./tokens.ts";

export async function userFromToken(db: Db, secret: string, token: string | null): Promise<CurrentUser | null> {
  if (!token) return null;
  const claims = await verifySession(secret, token);
  return claims ? sessionUser(db, claims) : null;
}

/**
 * The user of a session whose token has been verified (or that a remote token names), or null
 * once the session has ended: revoked (logout), from before a password change, a reset or a
 * disabling, or its user disabled.
 */
export async function sessionUser(
  db: Db,
  claims: Pick<SessionClaims, "userId" | "jti" | "exp" | "issuedAtMs">,
): Promise<CurrentUser | null> {
  const row = await db
    .select({
      id: users.id,
      email: users.email,
      name: users.name,
      role: users.role,
      disabled: users.disabled,
      validAfter: users.sessionsValidAfter,
    })
    .from(users)
    .where(
      and(
        eq(users.id, claims.userId),
        notExists(
          db.select({ one: revokedSessions.jti }).from(revokedSessions).where(eq(revokedSessions.jti, claims.jti)),
        ),
      ),
    )
    .get();
  // A disabled account, or a session from before a password change, a reset or a disabling: refused at once.
  if (!row || row.disabled || (row.validAfter !== null && claims.issuedAtMs < row.validAfter)) return null;
  if (claims.exp * 1000 <= Date.now()) return null;
  // The role comes from the database, not the token: a changed role takes effect at once.
  return { id: row.id, email: row.email, name: row.name, role: row.role, jti: claims.jti, exp: claims.exp };
}

export function sessionTtlSeconds(env: AppEnv["Bindings"]): number {
  const ttl = Number(env.SESSION_TTL_SECONDS);
  return Number.isInteger(ttl) && ttl > 0 ? ttl : 12 * 3600;
}

/** Signs a session for `user`, sets the HttpOnly cookie (the web app) and returns the token too (API clients). */
export async function startSession(c: Context<AppEnv>, user: PublicUser): Promise<SessionResponse> {
  return (await startSessionWithId(c, user)).session;
}

/** `startSession`, and the new session's id (its jti), which the response does not carry. */
export async function startSessionWithId(
  c: Context<AppEnv>,
  user: PublicUser,
): Promise<{ session: SessionResponse; jti: string }> {
  const ttl = sessionTtlSeconds(c.env);
  const { token, claims } = await signSession(c.env.JWT_SECRET, user.id, user.role, ttl);
  setCookie(c, SESSION_COOKIE, token, { httpOnly: true, secure: true, sameSite: "Lax", path: "/", maxAge: ttl });
  return { session: { user, token, expiresAt: claims.exp * 1000 }, jti: claims.jti };
}

export function clearSessionCookie(c: Context<AppEnv>): void {
  deleteCookie(c, SESSION_COOKIE, { httpOnly: true, secure: true, sameSite: "Lax", path: "/" });
}

/** Ends one session before its JWT expires; rows of sessions that have expired anyway are dropped. */
export async function revokeSession(db: Db, jti: string, exp: number): Promise<void> {
  await db.batch([
    db
      .insert(revokedSessions)
      .values({ jti, expiresAt: exp * 1000 })
      .onConflictDoNothing(),
    db.delete(revokedSessions).where(lt(revokedSessions.expiresAt, Date.now())),
  ]);
}
