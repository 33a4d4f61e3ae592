// The player's token is built without jose's builder (rooms/kit/player-token.ts) but must stay the
// very JWT jose would build, and jose must accept it: the same bytes, the same checks.
import { SignJWT } from "jose";
import { describe, expect, it } from "vitest";
import { signingKey } from "../../rooms/kit/jwt.ts";
import { signPlayer, verifyPlayer } from "../../rooms/kit/player-token.ts";

const SECRET = "a-test-secret-that-is-at-least-32-characters-long";
const claims = { playerId: "3f1c2a8e-6b1d-4c7e-9f00-123456789abc", gameId: "g-0042", code: "K7M2QX" };

describe("signPlayer", () => {
  it("builds byte for byte the token jose's SignJWT builds (ASCII claims, and any text)", async () => {
    const now = 1_765_000_000_123;
    const iat = Math.floor(now / 1000);
    for (const c of [claims, { playerId: "Zoë 🎈", gameId: "g-ü", code: "K7M2QX" }]) {
      const jose = await new SignJWT({ typ: "player", game: c.gameId, code: c.code })
        .setProtectedHeader({ alg: "HS256" })
        .setIssuer("quickquiz")
        .setAudience("player")
        .setSubject(c.playerId)
        .setIssuedAt(iat)
        .setExpirationTime(iat + 24 * 3600)
        .sign(await signingKey(SECRET));
      expect(await signPlayer(SECRET, c, now)).toBe(jose);
    }
  });

  it("is accepted by verifyPlayer, and refused once altered or signed with another key", async () => {
    const token = await signPlayer(SECRET, claims);
    expect(await verifyPlayer(SECRET, token)).toEqual(claims);
    const text = { playerId: "Zoë 🎈", gameId: "g-ü", code: "K7M2QX" };
    expect(await verifyPlayer(SECRET, await signPlayer(SECRET, text))).toEqual(text);
    const [h, p, s] = token.split(".");
    const flipped = s[0] === "A" ? `B${s.slice(1)}` : `A${s.slice(1)}`;
    expect(await verifyPlayer(SECRET, `${h}.${p}.${flipped}`)).toBeNull();
    expect(await verifyPlayer(`${SECRET}-other`, token)).toBeNull();
    // Expired a day after it was issued.
    expect(await verifyPlayer(SECRET, await signPlayer(SECRET, claims, Date.now() - 25 * 3600 * 1000))).toBeNull();
  });
});
