// The HTTP side of games: hosting (who may, which quizzes, bad settings), room info, joining
// (nicknames, look-alikes, generated names, rate limit) and who may open which WebSocket.
import { env } from "cloudflare:workers";
import { runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { drizzle } from "drizzle-orm/d1";
import { eq } from "drizzle-orm";
import { games } from "../schema/db.ts";
import { signPlayer } from "../rooms/kit/player-token.ts";
import { locationHintFor } from "../worker/games/location.ts";
import { randomCode } from "../worker/games/codes.ts";
import { CODE_ALPHABET } from "../schema/game.ts";
import { Client, host, join, joinRaw, roomOf, hostedGames } from "./helpers/room-client.ts";
import { makeQuiz, makeUser } from "./helpers/fixtures.ts";
import { api } from "./helpers/api.ts";

const ONE = [{ type: "single" as const, text: "Q?", options: ["a", "b"], correct: 0 }];
const used = hostedGames();

async function hosted(settings = {}) {
  const teacher = await makeUser("teacher");
  const quizId = await makeQuiz(teacher.id, ONE);
  const game = await host(teacher.token, quizId, settings);
  used.push(game);
  return { teacher, quizId, game };
}

describe("POST /api/games", () => {
  it("hosts a game: code, links, a lobby row in D1 with the snapshot", async () => {
    const { teacher, quizId, game } = await hosted({ maxPlayers: 50 });
    expect(game).toEqual({
      gameId: expect.any(String),
      code: expect.stringMatching(/^[2-9A-HJKMNP-Z]{6}$/),
      joinUrl: `http://qq.test/${game.code}`,
      hostWsUrl: `/ws/${game.code}/host`,
    });
    const row = await drizzle(env.DB).select().from(games).where(eq(games.id, game.gameId)).get();
    expect(row).toMatchObject({
      code: game.code,
      quizId,
      hostId: teacher.id,
      status: "lobby",
      questionCount: 1,
      title: "Test quiz",
    });
    expect((row!.settings as { maxPlayers: number }).maxPlayers).toBe(50);
    expect(row!.kind).toBe("live");
    expect(row!.snapshot).toEqual([expect.objectContaining({ text: "Q?", correct: 0 })]);
  });

  it("needs a teacher session", async () => {
    const owner = await makeUser("teacher");
    const quizId = await makeQuiz(owner.id, ONE, "public");
    expect((await api("/api/games", { method: "POST", json: { quizId } })).status).toBe(401);
    const student = await makeUser("student");
    expect((await api("/api/games", { method: "POST", token: student.token, json: { quizId } })).status).toBe(403);
  });

  it("hosts own, public and unlisted quizzes; another teacher's private quiz is not found", async () => {
    const owner = await makeUser("teacher");
    const other = await makeUser("teacher");
    for (const v of ["public", "unlisted"] as const) {
      const id = await makeQuiz(owner.id, ONE, v);
      const g = await host(other.token, id);
      used.push(g);
    }
    const secret = await makeQuiz(owner.id, ONE, "private");
    const res = await api("/api/games", { method: "POST", token: other.token, json: { quizId: secret } });
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ error: { code: "not_found" } });
    const admin = await makeUser("admin");
    used.push(await host(admin.token, secret));
  });

  it("refuses bad bodies with 400 naming the field", async () => {
    const teacher = await makeUser("teacher");
    const quizId = await makeQuiz(teacher.id, ONE);
    for (const [body, path] of [
      [{}, "quizId"],
      [{ quizId, settings: { readingTime: 99 } }, "settings.readingTime"],
      [{ quizId, settings: { maxPlayers: 0 } }, "settings.maxPlayers"],
      [{ quizId, locationHint: "mars" }, "locationHint"],
    ] as const) {
      const res = await api("/api/games", { method: "POST", token: teacher.token, json: body });
      expect(res.status).toBe(400);
      const e = (await res.json()) as { error: { issues: { path: string }[] } };
      expect(e.error.issues.map((i) => i.path)).toContain(path);
    }
  });
});

describe("placement and codes", () => {
  it("places a room near its host, or where the body says", async () => {
    expect(locationHintFor({ continent: "EU", longitude: 2.3 })).toBe("weur");
    expect(locationHintFor({ continent: "EU", longitude: 37.6 })).toBe("eeur");
    expect(locationHintFor({ continent: "NA", longitude: -122 })).toBe("wnam");
    expect(locationHintFor({ continent: "NA", longitude: -74 })).toBe("enam");
    expect(locationHintFor({ continent: "AS", country: "AE" })).toBe("me");
    expect(locationHintFor({ continent: "OC" })).toBe("oc");
    expect(locationHintFor({ continent: "AN" })).toBeUndefined();
    expect(locationHintFor(undefined)).toBeUndefined();
    const teacher = await makeUser("teacher");
    const quizId = await makeQuiz(teacher.id, ONE);
    const res = await api("/api/games", {
      method: "POST",
      token: teacher.token,
      json: { quizId, locationHint: "weur" },
    });
    expect(res.status).toBe(201);
    used.push(await res.json());
  });

  it("codes use only the look-alike-free alphabet", () => {
    for (let i = 0; i < 500; i++) {
      const code = randomCode();
      expect(code).toHaveLength(6);
      for (const ch of code) expect(CODE_ALPHABET).toContain(ch);
    }
  });
});

describe("GET /api/rooms/:code", () => {
  it("describes a room; a malformed code is 400, an unknown one 404", async () => {
    const { game } = await hosted({ nicknames: "generated" });
    expect(await api(`/api/rooms/${game.code.toLowerCase()}`).then((r) => r.json())).toEqual({
      kind: "game",
      code: game.code,
      title: "Test quiz",
      phase: "lobby",
      joinable: true,
      nicknames: "generated",
      requireStudentId: false,
      playerCount: 0,
    });
    expect((await api("/api/rooms/ABC")).status).toBe(400);
    expect((await api("/api/rooms/ABCDE0")).status).toBe(400);
    expect((await api("/api/rooms/ZZZZZZ")).status).toBe(404);
  });
});

describe("POST /api/rooms/:code/join", () => {
  it("gives a signed seat with a WebSocket URL", async () => {
    const { game } = await hosted();
    const res = await joinRaw(game.code, { nickname: "  Zoë  " });
    expect(res.status).toBe(201);
    const seat = (await res.json()) as { playerId: string; nickname: string; token: string; wsUrl: string };
    expect(seat.nickname).toBe("Zoë");
    expect(seat.wsUrl).toBe(`/ws/${game.code}?token=${encodeURIComponent(seat.token)}`);
    const c = await Client.open(seat.wsUrl);
    expect((await c.next("welcome")).me?.playerId).toBe(seat.playerId);
    c.close();
  });

  it("keeps nicknames unique by case and by look-alike characters, and valid", async () => {
    const { game } = await hosted();
    await join(game.code, "Alice");
    for (const twin of ["alice", "ALICE", "Аlice" /* Cyrillic А */, "A1ice", "Al ice"]) {
      const res = await joinRaw(game.code, { nickname: twin });
      expect(res.status, twin).toBe(409);
    }
    for (const bad of ["", "   ", "x".repeat(21), "Bo\u200Bb", "fuck you"]) {
      const res = await joinRaw(game.code, { nickname: bad });
      expect(res.status, JSON.stringify(bad)).toBe(400);
      expect(await res.json()).toMatchObject({ error: { issues: [{ path: "nickname" }] } });
    }
    expect((await joinRaw(game.code, { nickname: 42 })).status).toBe(400);
    expect(await api(`/api/rooms/${game.code}`).then((r) => r.json())).toMatchObject({ playerCount: 1 });
  });

  it("a join tried again with its key (its answer lost) gets the seat it took, not 'nickname taken'", async () => {
    const { game } = await hosted();
    const key = "k".repeat(8) + crypto.randomUUID().replaceAll("-", "");
    const first = await joinRaw(game.code, { nickname: "Retry", key });
    expect(first.status).toBe(201);
    const seat = (await first.json()) as { playerId: string };
    const again = await joinRaw(game.code, { nickname: "Retry", key });
    expect(again.status).toBe(201);
    expect(((await again.json()) as { playerId: string }).playerId).toBe(seat.playerId);
    // Another key is another person: the name is taken.
    expect((await joinRaw(game.code, { nickname: "Retry", key: `${key.slice(0, -1)}x` })).status).toBe(409);
    // A key must be long and URL-safe (a short one would be guessable).
    for (const bad of ["short", "x".repeat(65), `${"a".repeat(20)}/..`])
      expect((await joinRaw(game.code, { nickname: "Other", key: bad })).status, bad).toBe(400);
    expect(await api(`/api/rooms/${game.code}`).then((r) => r.json())).toMatchObject({ playerCount: 1 });
  });

  it("assigns friendly names in generated mode, ignoring the one given", async () => {
    const { game } = await hosted({ nicknames: "generated" });
    const a = await join(game.code, "Mallory");
    const b = await join(game.code);
    expect(a.nickname).not.toBe("Mallory");
    expect(a.nickname).toMatch(/^[A-Z][a-z]+ [A-Z][a-z]+( \d+)?$/);
    expect(b.nickname).not.toBe(a.nickname);
  });

  it("respects maxPlayers", async () => {
    const { game } = await hosted({ maxPlayers: 2 });
    await join(game.code, "One");
    await join(game.code, "Two");
    expect((await joinRaw(game.code, { nickname: "Three" })).status).toBe(403);
  });

  it("records a logged-in student's user id, and gives them their seat back", async () => {
    const { game } = await hosted();
    const student = await makeUser("student");
    const first = await joinRaw(game.code, { nickname: "Stu" }, { token: student.token });
    const seat = (await first.json()) as { playerId: string };
    const again = await joinRaw(game.code, { nickname: "Other" }, { token: student.token });
    expect(await again.json()).toMatchObject({ playerId: seat.playerId, nickname: "Stu" });
    const userId = await runInDurableObject(
      roomOf(game.code),
      (_r, s) => JSON.parse(s.storage.sql.exec<{ data: string }>("SELECT data FROM players").one().data).userId,
    );
    expect(userId).toBe(student.id);
  });

  it("is rate-limited per address (429), before the body is even read", async () => {
    const { game } = await hosted();
    const ip = "192.0.2.77";
    // The budget is generous (a lecture hall behind one NAT); spend it with cheap invalid requests.
    // The limiter's windows are aligned to the clock, so a flood may straddle two of them: keep
    // going until the refusal comes (at most two budgets and a bit).
    const statuses: number[] = [];
    let refusal: Response | undefined;
    for (let round = 0; round < 14 && !refusal; round++) {
      const batch = await Promise.all(Array.from({ length: 50 }, () => joinRaw(game.code, { nickname: 7 }, { ip })));
      statuses.push(...batch.map((r) => r.status));
      refusal = batch.find((r) => r.status === 429);
    }
    expect(statuses.filter((s) => s !== 400 && s !== 429)).toEqual([]);
    expect(refusal).toBeDefined();
    expect(await refusal!.json()).toMatchObject({ error: { code: "rate_limited" } });
    // Another address is not affected, and nobody joined through the flood.
    expect((await joinRaw(game.code, { nickname: "Fresh" })).status).toBe(201);
    expect(await api(`/api/rooms/${game.code}`).then((r) => r.json())).toMatchObject({ playerCount: 1 });
  });

  it("unknown room 404, malformed code 400", async () => {
    expect((await joinRaw("ZZZZZY", { nickname: "x" })).status).toBe(404);
    expect((await joinRaw("bad!", { nickname: "x" })).status).toBe(400);
  });
});

describe("WebSocket entry", () => {
  it("players need a valid token for this very game", async () => {
    const { game } = await hosted();
    const seat = await join(game.code, "Pat");
    const plain = await api(`/ws/${game.code}`, { headers: { Upgrade: "websocket" } });
    expect(plain.status).toBe(400);
    const forged = await api(`/ws/${game.code}?token=not-a-token`, { headers: { Upgrade: "websocket" } });
    expect(forged.status).toBe(401);
    const other = await hosted();
    const wrongCode = await api(`/ws/${other.game.code}?token=${seat.token}`, { headers: { Upgrade: "websocket" } });
    expect(wrongCode.status).toBe(401);
    // A token for an earlier game under the same code (or a made-up seat) is refused by the room.
    const stale = await signPlayer(env.JWT_SECRET, { playerId: seat.playerId, gameId: "old-game", code: game.code });
    const c = await Client.open(`/ws/${game.code}?token=${stale}`);
    expect((await c.next("error")).code).toBe("unknown-player");
    expect((await c.waitClosed()).code).toBe(4004);
    expect((await api(`/ws/${game.code}?token=${seat.token}`)).status).toBe(400);
  });

  it("only the game's host (or an admin) opens the host socket", async () => {
    const { teacher, game } = await hosted();
    const seat = await join(game.code, "Pam");
    expect((await api(`/ws/${game.code}/host`, { headers: { Upgrade: "websocket" } })).status).toBe(401);
    expect((await api(`/ws/${game.code}/host?token=${seat.token}`, { headers: { Upgrade: "websocket" } })).status).toBe(
      401,
    );
    const stranger = await makeUser("teacher");
    expect(
      (await api(`/ws/${game.code}/host?token=${stranger.token}`, { headers: { Upgrade: "websocket" } })).status,
    ).toBe(403);
    const student = await makeUser("student");
    expect(
      (await api(`/ws/${game.code}/host?token=${student.token}`, { headers: { Upgrade: "websocket" } })).status,
    ).toBe(403);
    const viaBearer = await Client.open(`/ws/${game.code}/host`, {
      headers: { Authorization: `Bearer ${teacher.token}` },
    });
    expect((await viaBearer.next("welcome")).role).toBe("host");
    const viaCookie = await Client.open(`/ws/${game.code}/host`, {
      headers: { Cookie: `qq_session=${teacher.token}`, Origin: "http://qq.test" },
    });
    expect((await viaCookie.next("welcome")).role).toBe("host");
    viaCookie.close();
    const admin = await makeUser("admin");
    const asAdmin = await Client.open(`/ws/${game.code}/host?token=${admin.token}`);
    expect((await asAdmin.next("welcome")).players).toEqual([expect.objectContaining({ nickname: "Pam" })]);
    viaBearer.close();
    asAdmin.close();
  });

  it("refuses a cross-origin WebSocket (the session cookie must not be usable from another site)", async () => {
    const { teacher, game } = await hosted();
    const res = await api(`/ws/${game.code}/host`, {
      headers: { Upgrade: "websocket", Cookie: `qq_session=${teacher.token}`, Origin: "https://evil.example" },
    });
    expect(res.status).toBe(403);
  });
});
