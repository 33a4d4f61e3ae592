// A player's seat in one game, as a signed token: the worker signs it for an HTTP join and
// checks it on every connect; a room signs it for a join over the socket.
import { SignJWT, jwtVerify, errors as joseErrors } from "jose";
import { signingKey, TOKEN_ALG, TOKEN_ISSUER } from "./jwt.ts";

/** A player's token outlives any game; the room still decides whether the seat exists. */
const PLAYER_TOKEN_TTL_SECONDS = 24 * 3600;

export interface PlayerClaims {
  playerId: string;
  gameId: string;
  code: string;
}

export async function signPlayer(secret: string, claims: PlayerClaims): Promise<string> {
  return new SignJWT({ typ: "player", game: claims.gameId, code: claims.code })
    .setProtectedHeader({ alg: TOKEN_ALG })
    .setIssuer(TOKEN_ISSUER)
    .setAudience("player")
    .setSubject(claims.playerId)
    .setIssuedAt()
    .setExpirationTime(`${PLAYER_TOKEN_TTL_SECONDS}s`)
    .sign(await signingKey(secret));
}

/** Returns null for any bad token: expired, wrong key, wrong audience, malformed. */
export async function verifyPlayer(secret: string, token: string): Promise<PlayerClaims | null> {
  try {
    const { payload } = await jwtVerify(token, await signingKey(secret), {
      issuer: TOKEN_ISSUER,
      audience: "player",
      algorithms: [TOKEN_ALG],
    });
    if (
      payload.typ !== "player" ||
      typeof payload.sub !== "string" ||
      typeof payload.game !== "string" ||
      typeof payload.code !== "string"
    )
      return null;
    return { playerId: payload.sub, gameId: payload.game, code: payload.code };
  } catch (err) {
    if (err instanceof joseErrors.JOSEError) return null;
    throw err;
  }
}
