// A teacher's/student's session token (jose, HS256). The player's seat token lives with the
// rooms (rooms/kit/player-token.ts), which sign it too; both share the key in rooms/kit/jwt.ts.
import { SignJWT, jwtVerify, errors as joseErrors } from "jose";
import type { Role } from "../../schema/db.ts";
import { signingKey, TOKEN_ALG, TOKEN_ISSUER } from "../../rooms/kit/jwt.ts";

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

export async function signSession(
  secret: string,
  userId: string,
  role: Role,
  ttlSeconds: number,
): Promise<{ token: string; claims: SessionClaims }> {
  const jti = crypto.randomUUID();
  const issuedAtMs = Date.now();
  const exp = Math.floor(issuedAtMs / 1000) + ttlSeconds;
  const token = await new SignJWT({ role, typ: "session", iat_ms: issuedAtMs })
    .setProtectedHeader({ alg: TOKEN_ALG })
    .setIssuer(TOKEN_ISSUER)
    .setAudience("session")
    .setSubject(userId)
    .setJti(jti)
    .setIssuedAt()
    .setExpirationTime(exp)
    .sign(await signingKey(secret));
  return { token, claims: { userId, role, jti, exp, issuedAtMs } };
}

/** Returns null for any bad token: expired, wrong key, wrong audience, malformed. */
export async function verifySession(secret: string, token: string): Promise<SessionClaims | null> {
  try {
    const { payload } = await jwtVerify(token, await signingKey(secret), {
      issuer: TOKEN_ISSUER,
      audience: "session",
      algorithms: [TOKEN_ALG],
    });
    if (payload.typ !== "session" || typeof payload.sub !== "string" || typeof payload.jti !== "string") return null;
    const issuedAtMs = typeof payload.iat_ms === "number" ? payload.iat_ms : (payload.iat ?? 0) * 1000;
    return { userId: payload.sub, role: payload.role as Role, jti: payload.jti, exp: payload.exp!, issuedAtMs };
  } catch (err) {
    if (err instanceof joseErrors.JOSEError) return null;
    throw err;
  }
}
