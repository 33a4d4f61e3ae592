// Signed tokens (jose, HS256): a teacher's/student's session, and a player's seat in one game.
import { SignJWT, jwtVerify, errors as joseErrors } from "jose";
import type { Role } from "../../schema/db";

const ISSUER = "quickquiz";
const ALG = "HS256";
/** A player's token outlives any game; the room still decides whether the seat exists. */
export const PLAYER_TOKEN_TTL_SECONDS = 24 * 3600;

// Imported once per isolate: jose would otherwise import the raw secret again for every token
// it signs or checks (every join and every request with a session).
const keys = new Map<string, Promise<CryptoKey>>();
function key(secret: string): Promise<CryptoKey> {
  let k = keys.get(secret);
  if (!k) {
    if (!secret || secret.length < 32) throw new Error("JWT_SECRET must be set to at least 32 characters");
    k = crypto.subtle.importKey("raw", new TextEncoder().encode(secret), { name: "HMAC", hash: "SHA-256" }, false, ["sign", "verify"]);
    keys.set(secret, k);
  }
  return k;
}

export interface SessionClaims {
  userId: string;
  role: Role;
  jti: string;
  exp: number;
  /**
   * When it was signed, in ms (`iat` counts whole seconds): a session from before a password
   * change must be refused while the one the change hands back, a moment later, is not.
   */
  issuedAtMs: number;
}

export async function signSession(secret: string, userId: string, role: Role, ttlSeconds: number): Promise<{ token: string; claims: SessionClaims }> {
  const jti = crypto.randomUUID();
  const issuedAtMs = Date.now();
  const exp = Math.floor(issuedAtMs / 1000) + ttlSeconds;
  const token = await new SignJWT({ role, typ: "session", iat_ms: issuedAtMs })
    .setProtectedHeader({ alg: ALG })
    .setIssuer(ISSUER)
    .setAudience("session")
    .setSubject(userId)
    .setJti(jti)
    .setIssuedAt()
    .setExpirationTime(exp)
    .sign(await key(secret));
  return { token, claims: { userId, role, jti, exp, issuedAtMs } };
}

/** Returns null for any bad token: expired, wrong key, wrong audience, malformed. */
export async function verifySession(secret: string, token: string): Promise<SessionClaims | null> {
  try {
    const { payload } = await jwtVerify(token, await key(secret), { issuer: ISSUER, audience: "session", algorithms: [ALG] });
    if (payload.typ !== "session" || typeof payload.sub !== "string" || typeof payload.jti !== "string") return null;
    const issuedAtMs = typeof payload.iat_ms === "number" ? payload.iat_ms : (payload.iat ?? 0) * 1000;
    return { userId: payload.sub, role: payload.role as Role, jti: payload.jti, exp: payload.exp!, issuedAtMs };
  } catch (err) {
    if (err instanceof joseErrors.JOSEError) return null;
    throw err;
  }
}

export interface PlayerClaims {
  playerId: string;
  gameId: string;
  code: string;
}

export async function signPlayer(secret: string, claims: PlayerClaims): Promise<string> {
  return new SignJWT({ typ: "player", game: claims.gameId, code: claims.code })
    .setProtectedHeader({ alg: ALG })
    .setIssuer(ISSUER)
    .setAudience("player")
    .setSubject(claims.playerId)
    .setIssuedAt()
    .setExpirationTime(`${PLAYER_TOKEN_TTL_SECONDS}s`)
    .sign(await key(secret));
}

export async function verifyPlayer(secret: string, token: string): Promise<PlayerClaims | null> {
  try {
    const { payload } = await jwtVerify(token, await key(secret), { issuer: ISSUER, audience: "player", algorithms: [ALG] });
    if (payload.typ !== "player" || typeof payload.sub !== "string" || typeof payload.game !== "string" || typeof payload.code !== "string") return null;
    return { playerId: payload.sub, gameId: payload.game, code: payload.code };
  } catch (err) {
    if (err instanceof joseErrors.JOSEError) return null;
    throw err;
  }
}
