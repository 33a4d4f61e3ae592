// A player's seat in one game, as a signed token: the worker signs it for an HTTP join and
// checks it on every connect; a room signs it for a join over the socket.
import { jwtVerify, errors as joseErrors } from "jose";
import { signingKey, TOKEN_ALG, TOKEN_ISSUER } from "./jwt.ts";

/** A player's token outlives any game; the room still decides whether the seat exists. */
const PLAYER_TOKEN_TTL_SECONDS = 24 * 3600;

export interface PlayerClaims {
  playerId: string;
  gameId: string;
  code: string;
}

/** Printable ASCII: what JSON.stringify of ASCII claims gives (it escapes control characters). */
const ASCII = /^[ -~]*$/;

/** base64url without padding (RFC 7515 §2), of UTF-8 text or of bytes. */
function base64url(data: string | ArrayBuffer): string {
  let bin: string;
  // ASCII text (every claim here: ids and a game code) is its own UTF-8: no byte-by-byte copy.
  if (typeof data === "string" && ASCII.test(data)) bin = data;
  else {
    const bytes = typeof data === "string" ? new TextEncoder().encode(data) : new Uint8Array(data);
    bin = String.fromCharCode(...bytes);
  }
  return btoa(bin).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

const PROTECTED_HEADER = base64url(JSON.stringify({ alg: TOKEN_ALG }));

/**
 * A compact HS256 JWS of the claims, as jose's SignJWT builds it (header `{"alg":"HS256"}`, the
 * same claims, HMAC-SHA-256 by WebCrypto with the same key), built directly: every join over the
 * socket signs one, and jose's builder cost a wave of 1,000 joins ~20-30 ms of the room's time.
 * It is checked by jose (`verifyPlayer`), like every token; test/unit/player-token.test.ts holds
 * the two to the same bytes.
 */
export async function signPlayer(secret: string, claims: PlayerClaims, now = Date.now()): Promise<string> {
  const iat = Math.floor(now / 1000);
  const payload = base64url(
    JSON.stringify({
      typ: "player",
      game: claims.gameId,
      code: claims.code,
      iss: TOKEN_ISSUER,
      aud: "player",
      sub: claims.playerId,
      iat,
      exp: iat + PLAYER_TOKEN_TTL_SECONDS,
    }),
  );
  const input = `${PROTECTED_HEADER}.${payload}`;
  const mac = await crypto.subtle.sign("HMAC", await signingKey(secret), new TextEncoder().encode(input));
  return `${input}.${base64url(mac)}`;
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
