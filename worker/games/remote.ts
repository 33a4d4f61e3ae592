// The phone remote of a live game (the teacher's live games are active.ts).
//
// A remote code is shown on the teacher's screen only when asked for ("Show remote code"), and
// is worth nothing on its own: the token in it names the session that showed it (and ends with
// it), and it is claimed once, by the first signed-in session of the game's teacher that opens
// it (a row in remote_claims). Only that session may then connect with it, for at most two hours.
import { and, desc, eq, inArray, isNull, lt } from "drizzle-orm";
import { Hono } from "hono";
import { SignJWT, jwtVerify, errors as joseErrors } from "jose";
import { z } from "zod";
import { games, remoteClaims } from "../../schema/db.ts";
import { gameCode } from "../../schema/game.ts";
import { signingKey, TOKEN_ALG, TOKEN_ISSUER } from "../../rooms/kit/jwt.ts";
import type { AppEnv, CurrentUser } from "../app-env.ts";
import type { Db } from "../db.ts";
import { sessionUser } from "../auth/session.ts";
import { ApiError, badRequest, conflict, forbidden, notFound } from "../errors.ts";
import { currentUser, requireUser } from "../middleware/session.ts";
import { validate } from "../validate.ts";

/** Long enough for a lesson, short enough that a photographed code soon stops working. */
export const REMOTE_TOKEN_TTL_SECONDS = 2 * 3600;
/** A code nobody claimed within this long is refused: it was shown, not used. */
export const REMOTE_CLAIM_WINDOW_MS = 10 * 60_000;

export interface RemoteClaims {
  code: string;
  userId: string;
  /** The id of its remote_claims row. */
  claimId: string;
  /** The session that made it (its jti). */
  jti: string;
  /**
   * When it was signed (ms). That session was alive then, so a password change, reset or
   * disabling after it (users.sessionsValidAfter) has ended that session: the token goes with it.
   */
  issuedAtMs: number;
  /** Seconds since the epoch: two hours at most, never after the session's own expiry. */
  exp: number;
}

export async function signRemote(secret: string, claims: RemoteClaims): Promise<string> {
  return new SignJWT({
    kind: "remote",
    code: claims.code,
    claim: claims.claimId,
    sid: claims.jti,
    iat_ms: claims.issuedAtMs,
  })
    .setProtectedHeader({ alg: TOKEN_ALG })
    .setIssuer(TOKEN_ISSUER)
    .setAudience("remote")
    .setSubject(claims.userId)
    .setIssuedAt()
    .setExpirationTime(claims.exp)
    .sign(await signingKey(secret));
}

/** Null for any bad token: expired, wrong key, wrong audience or kind, malformed. */
export async function verifyRemote(secret: string, token: string): Promise<RemoteClaims | null> {
  try {
    const { payload: p } = await jwtVerify(token, await signingKey(secret), {
      issuer: TOKEN_ISSUER,
      audience: "remote",
      algorithms: [TOKEN_ALG],
    });
    if (
      p.kind !== "remote" ||
      typeof p.code !== "string" ||
      typeof p.sub !== "string" ||
      typeof p.claim !== "string" ||
      typeof p.sid !== "string" ||
      typeof p.iat_ms !== "number" ||
      typeof p.exp !== "number"
    )
      return null;
    return { code: p.code, userId: p.sub, claimId: p.claim, jti: p.sid, issuedAtMs: p.iat_ms, exp: p.exp };
  } catch (err) {
    if (err instanceof joseErrors.JOSEError) return null;
    throw err;
  }
}

/** Why a remote is refused, for the phone's page to say (its HTTP status and code). */
const REFUSED = {
  signIn: () => new ApiError(401, "unauthorized", "sign in as the game's teacher to use this remote"),
  otherAccount: () => forbidden("this remote belongs to another account: sign in as the game's teacher"),
  ended: () => new ApiError(410, "gone", "this remote code has expired or its session ended: show a new code"),
  claimed: () => conflict("this remote code was opened on another device already: show a new code"),
};

/**
 * The remote token's claims while it holds: a good signature for this game, and the session that
 * made it not ended (logout, password change, disabling, expiry). Null otherwise.
 */
async function liveRemote(db: Db, secret: string, token: string, code: string) {
  const claims = await verifyRemote(secret, token);
  if (!claims || claims.code !== code) return null;
  const maker = await sessionUser(db, {
    userId: claims.userId,
    jti: claims.jti,
    exp: claims.exp,
    issuedAtMs: claims.issuedAtMs,
  });
  return maker ? { claims, maker } : null;
}

/**
 * The host a remote socket stands for, or null: `token` holds (liveRemote), `phone` (the session
 * the socket came with) is the same account and claimed this code. Its jti is the session that
 * made the code, so a sweep of that session's sockets closes it; its exp the earliest of the
 * token's and both sessions'.
 */
export async function remoteUser(
  db: Db,
  secret: string,
  token: string,
  code: string,
  phone: CurrentUser | null,
): Promise<CurrentUser | null> {
  if (!phone) return null;
  const live = await liveRemote(db, secret, token, code);
  if (!live || live.maker.id !== phone.id) return null;
  const row = await db
    .select({ claimedBy: remoteClaims.claimedBy })
    .from(remoteClaims)
    .where(eq(remoteClaims.id, live.claims.claimId))
    .get();
  if (!row || row.claimedBy !== phone.jti) return null;
  return { ...live.maker, exp: Math.min(live.claims.exp, phone.exp) };
}

const LIVE = ["lobby", "running"] as const;

export const remoteRoutes = new Hono<AppEnv>();

/**
 * A remote code for a live game of the caller's (an admin may drive any): a claim row and the
 * token that names it and this session. Shown once, on the teacher's screen, when asked for.
 */
remoteRoutes.post("/:code/remote", requireUser("teacher"), async (c) => {
  const parsed = gameCode.safeParse(c.req.param("code"));
  if (!parsed.success) throw badRequest("invalid code: a game code is 6 letters and digits");
  const code = parsed.data;
  const user = currentUser(c);
  const db = c.var.db;
  const game = await db
    .select({ hostId: games.hostId })
    .from(games)
    .where(and(eq(games.code, code), inArray(games.status, LIVE)))
    .orderBy(desc(games.createdAt))
    .get();
  if (!game) throw notFound("no live game with this code");
  if (game.hostId !== user.id && user.role !== "admin") throw forbidden("only this game's host can have its remote");
  const now = Date.now();
  const exp = Math.min(Math.floor(now / 1000) + REMOTE_TOKEN_TTL_SECONDS, user.exp);
  const claimId = crypto.randomUUID();
  const row = { id: claimId, code, userId: user.id, sessionJti: user.jti, createdAt: now, expiresAt: exp * 1000 };
  // Rows of codes that have expired anyway go as a new one is made.
  await db.batch([db.insert(remoteClaims).values(row), db.delete(remoteClaims).where(lt(remoteClaims.expiresAt, now))]);
  const token = await signRemote(c.env.JWT_SECRET, {
    code,
    userId: user.id,
    claimId,
    jti: user.jti,
    issuedAtMs: now,
    exp,
  });
  return c.json(
    {
      token,
      expiresIn: exp - Math.floor(now / 1000),
      claimWithin: REMOTE_CLAIM_WINDOW_MS / 1000,
      url: `/host/${code}/remote#t=${token}`,
    },
    201,
  );
});

const claimBody = z.object({ token: z.string().min(1).max(4096) });

/**
 * The phone that opens a remote code claims it: the first signed-in session of the game's teacher
 * within the claim window; the same session again is fine (a reload), any other is refused.
 */
remoteRoutes.post("/:code/remote/claim", validate("json", claimBody), async (c) => {
  const parsed = gameCode.safeParse(c.req.param("code"));
  if (!parsed.success) throw badRequest("invalid code: a game code is 6 letters and digits");
  const phone = c.get("user");
  if (!phone) throw REFUSED.signIn();
  const live = await liveRemote(c.var.db, c.env.JWT_SECRET, c.req.valid("json").token, parsed.data);
  if (!live) throw REFUSED.ended();
  if (live.maker.id !== phone.id) throw REFUSED.otherAccount();
  const db = c.var.db;
  const id = live.claims.claimId;
  const row = await db.select().from(remoteClaims).where(eq(remoteClaims.id, id)).get();
  if (!row) throw REFUSED.ended();
  if (row.claimedBy !== phone.jti) {
    if (row.claimedBy !== null) throw REFUSED.claimed();
    const now = Date.now();
    if (now - row.createdAt > REMOTE_CLAIM_WINDOW_MS) throw REFUSED.ended();
    // Two phones at once: the update decides which one was first.
    const won = await db
      .update(remoteClaims)
      .set({ claimedBy: phone.jti, claimedAt: now })
      .where(and(eq(remoteClaims.id, id), isNull(remoteClaims.claimedBy)))
      .returning({ id: remoteClaims.id });
    if (won.length === 0) throw REFUSED.claimed();
  }
  return c.json({ code: parsed.data, expiresAt: Math.min(live.claims.exp, phone.exp) * 1000 });
});
