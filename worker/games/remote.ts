// The phone remote of a live game: a short-lived token that lets a phone (not logged in) drive the
// game as its host, carried in a QR code shown on the presenter's panel. (The teacher's live games
// are active.ts.)
import { and, desc, eq, inArray } from "drizzle-orm";
import { Hono } from "hono";
import { SignJWT, jwtVerify, errors as joseErrors } from "jose";
import { games, users } from "../../schema/db.ts";
import { gameCode } from "../../schema/game.ts";
import { signingKey, TOKEN_ALG, TOKEN_ISSUER } from "../../rooms/kit/jwt.ts";
import type { AppEnv, CurrentUser } from "../app-env.ts";
import type { Db } from "../db.ts";
import { badRequest, forbidden, notFound } from "../errors.ts";
import { currentUser, requireUser } from "../middleware/session.ts";

/** Long enough for a lesson, short enough that a photographed QR code soon stops working. */
export const REMOTE_TOKEN_TTL_SECONDS = 2 * 3600;

export interface RemoteClaims {
  code: string;
  userId: string;
}

export async function signRemote(secret: string, claims: RemoteClaims): Promise<string> {
  return new SignJWT({ kind: "remote", code: claims.code, userId: claims.userId })
    .setProtectedHeader({ alg: TOKEN_ALG })
    .setIssuer(TOKEN_ISSUER)
    .setAudience("remote")
    .setSubject(claims.userId)
    .setIssuedAt()
    .setExpirationTime(`${REMOTE_TOKEN_TTL_SECONDS}s`)
    .sign(await signingKey(secret));
}

/** Null for any bad token: expired, wrong key, wrong audience or kind, malformed. */
export async function verifyRemote(secret: string, token: string): Promise<RemoteClaims | null> {
  try {
    const { payload } = await jwtVerify(token, await signingKey(secret), {
      issuer: TOKEN_ISSUER,
      audience: "remote",
      algorithms: [TOKEN_ALG],
    });
    if (payload.kind !== "remote" || typeof payload.code !== "string" || typeof payload.userId !== "string")
      return null;
    return { code: payload.code, userId: payload.userId };
  } catch (err) {
    if (err instanceof joseErrors.JOSEError) return null;
    throw err;
  }
}

/** The user a remote token stands for, with the role from the database (as a session would). */
export async function remoteUser(db: Db, secret: string, token: string, code: string): Promise<CurrentUser | null> {
  const claims = await verifyRemote(secret, token);
  if (!claims || claims.code !== code) return null;
  const row = await db
    .select({ id: users.id, email: users.email, name: users.name, role: users.role, disabled: users.disabled })
    .from(users)
    .where(eq(users.id, claims.userId))
    .get();
  if (!row || row.disabled) return null;
  return { id: row.id, email: row.email, name: row.name, role: row.role, jti: "", exp: 0 };
}

const LIVE = ["lobby", "running"] as const;

export const remoteRoutes = new Hono<AppEnv>();

/** A remote token for a live game of the caller's (an admin may drive any). */
remoteRoutes.post("/:code/remote", requireUser("teacher"), async (c) => {
  const parsed = gameCode.safeParse(c.req.param("code"));
  if (!parsed.success) throw badRequest("invalid code: a game code is 6 letters and digits");
  const code = parsed.data;
  const user = currentUser(c);
  const game = await c.var.db
    .select({ hostId: games.hostId })
    .from(games)
    .where(and(eq(games.code, code), inArray(games.status, LIVE)))
    .orderBy(desc(games.createdAt))
    .get();
  if (!game) throw notFound("no live game with this code");
  if (game.hostId !== user.id && user.role !== "admin") throw forbidden("only this game's host can have its remote");
  const token = await signRemote(c.env.JWT_SECRET, { code, userId: user.id });
  return c.json({ token, expiresIn: REMOTE_TOKEN_TTL_SECONDS, url: `/host/${code}/remote#t=${token}` }, 201);
});
