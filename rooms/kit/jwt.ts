// What every token of this app shares (jose, HS256): the issuer, the algorithm and the signing
// key. The player's seat token (player-token.ts) and the worker's session token both use it.

export const TOKEN_ISSUER = "quickquiz";
export const TOKEN_ALG = "HS256";

// Imported once per isolate: jose would otherwise import the raw secret again for every token
// it signs or checks (every join and every request with a session).
const keys = new Map<string, Promise<CryptoKey>>();

export function signingKey(secret: string): Promise<CryptoKey> {
  let k = keys.get(secret);
  if (!k) {
    if (!secret || secret.length < 32) throw new Error("JWT_SECRET must be set to at least 32 characters");
    k = crypto.subtle.importKey("raw", new TextEncoder().encode(secret), { name: "HMAC", hash: "SHA-256" }, false, [
      "sign",
      "verify",
    ]);
    keys.set(secret, k);
  }
  return k;
}
