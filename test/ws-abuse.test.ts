// Abuse of a room by its own players and by strangers: a flood from one socket is throttled and
// starves nobody; look-alike and invisible-character nicknames cannot impersonate; room lookups
// are rate-limited per address (code scanning); the host socket of a missing game is a 404; an
// error frame never echoes half an emoji.
import { env } from "cloudflare:workers";
import { runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { describe, expect, it, vi } from "vitest";
import { drizzle } from "drizzle-orm/d1";
import { eq } from "drizzle-orm";
import fc from "fast-check";
import { answers, gamePlayers, games } from "../schema/db.ts";
import { MAX_FRAME_BYTES } from "../schema/messages.ts";
import { checkNickname, skeleton } from "../rooms/kit/nickname.ts";
import { codePoints, PLAYER_FRAME_BUDGET, PLAYER_FRAME_WINDOW_MS } from "../rooms/kit/frames.ts";
import type { GameSettingsInput } from "../schema/game.ts";
import { hostedRoom, idOf, joinRaw, roomOf, hostedGames } from "./helpers/room-client.ts";
import { makeUser } from "./helpers/fixtures.ts";
import { api } from "./helpers/api.ts";

const used = hostedGames();

const QUIZ = [
  { type: "single" as const, text: "Capital of Italy?", options: ["Rome", "Milan", "Turin"], correct: 0 },
  { type: "single" as const, text: "Capital of Spain?", options: ["Seville", "Madrid"], correct: 1 },
];
const setup = (names: string[], settings: GameSettingsInput = {}) => hostedRoom(used, QUIZ, names, settings);

describe("a flood from one socket", () => {
  it("is told rate-limited once a window and dropped; everyone else's answers and the host's commands still work", async () => {
    const { game, h, seats, clients } = await setup(["Flood", "Ann", "Ben", "Cal"]);
    const [flooder, ...honest] = clients;
    h.send({ type: "start" });
    const views = await Promise.all(clients.map((c) => c.next("question")));
    const rome = idOf(views[0], "Rome");
    // A mix of everything: garbage, binary, host commands, answers for the wrong question, a huge frame.
    const garbage: unknown[] = [
      "{not json",
      new Uint8Array([0, 1, 2]).buffer,
      { type: "start" },
      { type: "answer", q: 9, answer: { choice: 0 } },
      "x".repeat(MAX_FRAME_BYTES + 1),
      { type: "dance" },
    ];
    const CHUNK = 600;
    const CHUNKS = 5;
    const started = Date.now();
    let sent = 0;
    for (let k = 0; k < CHUNKS; k++) {
      for (let i = 0; i < CHUNK; i++, sent++) {
        // Its one real answer is inside its budget: it counts, once.
        flooder.send(sent === 3 ? { type: "answer", q: 0, answer: { choice: rome } } : garbage[sent % garbage.length]);
      }
      // The honest players answer in the middle of the flood.
      if (k < honest.length)
        honest[k].send({ type: "answer", q: 0, answer: { choice: k === 2 ? idOf(views[0], "Milan") : rome } });
    }
    for (const c of honest) expect((await c.next("answered")).index).toBe(0);
    const results = await Promise.all(honest.map((c) => c.next("result")));
    expect(results.map((r) => [r.answered, r.correct])).toEqual([
      [true, true],
      [true, true],
      [true, false],
    ]);
    expect(results[0].points).toBeGreaterThanOrEqual(500);
    // Every flood frame has been handled once the room has seen the socket close (frames of one socket stay in order).
    flooder.close();
    expect(await h.next("playerLeft", 30_000)).toMatchObject({ playerId: seats[0].playerId, reason: "disconnected" });
    await flooder.waitClosed(30_000);
    const elapsed = Date.now() - started;
    const windows = Math.floor(elapsed / PLAYER_FRAME_WINDOW_MS) + 1;
    const errors = flooder.all("error");
    const limited = errors.filter((e) => e.code === "rate-limited");
    console.log(
      `ws-abuse: ${sent} flood frames, ${errors.length} error frames back (${limited.length} rate-limited) in ${windows} window(s)`,
    );
    expect(sent).toBe(CHUNK * CHUNKS);
    expect(limited.length).toBeGreaterThanOrEqual(1);
    expect(limited.length).toBeLessThanOrEqual(windows);
    // At most a budget's worth of replies per window, not one per frame.
    expect(errors.length + flooder.all("answered").length).toBeLessThanOrEqual(windows * (PLAYER_FRAME_BUDGET + 1));
    expect(flooder.all("answered")).toEqual([{ type: "answered", index: 0 }]);

    // The host's commands work as ever: next, then a second question closed by skip.
    h.send({ type: "next" });
    await h.next("leaderboard");
    h.send({ type: "next" });
    const q1 = await Promise.all(honest.map((c) => c.next("question")));
    honest[0].send({ type: "answer", q: 1, answer: { choice: idOf(q1[0], "Madrid") } });
    await honest[0].next("answered");
    h.send({ type: "skip" });
    expect((await h.next("reveal")).answered).toBe(1);
    h.send({ type: "next" });
    const podium = await h.next("podium");
    expect(podium.top[0]).toMatchObject({ playerId: seats[1].playerId });
    // D1: the flooder's one answer, once; nobody lost.
    const db = drizzle(env.DB);
    await vi.waitFor(
      async () => expect((await db.select().from(games).where(eq(games.id, game.gameId)).get())?.status).toBe("ended"),
      { timeout: 5000 },
    );
    const rows = await db.select().from(answers).where(eq(answers.gameId, game.gameId)).all();
    expect(rows.filter((r) => r.playerId === seats[0].playerId)).toEqual([
      expect.objectContaining({ questionIndex: 0, answer: { choice: 0 }, correct: true }),
    ]);
    expect(rows).toHaveLength(5);
    expect(await db.select().from(gamePlayers).where(eq(gamePlayers.gameId, game.gameId)).all()).toHaveLength(4);
    for (const c of [h, ...honest]) c.close();
  });
});

describe("nicknames that impersonate", () => {
  // Ways to make "Alice" look like "Alice" to a person while differing in code points.
  const INVISIBLE = [
    "\u200b",
    "\u200c",
    "\u200d",
    "\u2060",
    "\ufeff",
    "\u00ad",
    "\u202e",
    "\u202d",
    "\u2066",
    "\u180e",
    "\u3164",
    "\u115f",
    "\u1160",
    "\uffa0",
    "\u0000",
    "\u034f",
    "\ufe0f",
    "\u0301",
  ];
  const LOOKS: Record<string, string[]> = {
    A: ["A", "a", "А" /* Cyrillic */, "Α" /* Greek */, "Ａ", "4", "@"],
    l: ["l", "L", "1", "I", "|", "ǀ", "Ⅰ", "ｌ", "ι"],
    i: ["i", "I", "1", "l", "і" /* Cyrillic */, "ı", "ï", "í"],
    c: ["c", "C", "с" /* Cyrillic */, "ｃ", "ç"],
    e: ["e", "E", "е" /* Cyrillic */, "ε", "3", "é", "ｅ"],
  };
  const impostor = fc
    .tuple(
      fc.tuple(...(["A", "l", "i", "c", "e"] as const).map((ch) => fc.constantFrom(...LOOKS[ch]))),
      fc.array(fc.tuple(fc.nat(5), fc.constantFrom(...INVISIBLE, " ", ".", "_", "-")), { maxLength: 3 }),
    )
    .map(([letters, inserts]) => {
      const chars: string[] = [...letters];
      for (const [at, ch] of inserts) chars.splice(Math.min(at, chars.length), 0, ch);
      return chars.join("");
    });

  it("every look-alike of a taken name is refused as invalid or taken (property, pure)", () => {
    const alice = skeleton("Alice");
    let tried = 0;
    fc.assert(
      fc.property(impostor, (name) => {
        tried++;
        const c = checkNickname(name);
        // Either refused outright (invisible or control characters), or it collides with Alice.
        if (c.ok) expect(c.skeleton, JSON.stringify(name)).toBe(alice);
      }),
      { numRuns: 2000 },
    );
    console.log(`ws-abuse: ${tried} look-alike nicknames of "Alice", none distinct`);
  });

  it("through the join endpoint: 400 or 409, never a seat", async () => {
    const { game, h } = await setup(["Alice"]);
    const samples = fc.sample(impostor, 40);
    for (const name of [...samples, "Alice\u3164", "Aǀice", "Al\u200dice", "\u202eecilA"]) {
      const res = await joinRaw(game.code, { nickname: name });
      expect([400, 409], JSON.stringify(name)).toContain(res.status);
    }
    expect(await api(`/api/rooms/${game.code}`).then((r) => r.json())).toMatchObject({ playerCount: 1 });
    h.close();
  });
});

describe("room lookups and the host socket", () => {
  it("GET /api/rooms/:code is limited per address: a class behind one NAT gets through, a scan is cut off, joins are unaffected", async () => {
    const { game, h } = await setup([]);
    const scanner = "203.0.113.77";
    const statuses: number[] = [];
    let refusal: Response | null = null;
    // Windows are aligned to the clock, so a scan may straddle two: the first 429 comes after
    // at least the limit (300) and at most twice that.
    for (let i = 0; i < 700 && !refusal; i++) {
      const code = i % 2 ? game.code : "ZZZZZ" + "23456789ABCDEFGHJKMNPQRSTUVWXYZ"[i % 31];
      const res = await api(`/api/rooms/${code}`, { headers: { "CF-Connecting-IP": scanner } });
      statuses.push(res.status);
      if (res.status === 429) refusal = res;
    }
    console.log(`ws-abuse: room lookup scan cut off after ${statuses.length - 1} lookups`);
    expect(refusal).not.toBeNull();
    expect(await refusal!.json()).toMatchObject({ error: { code: "rate_limited" } });
    expect(statuses.length - 1).toBeGreaterThanOrEqual(300);
    expect(statuses.slice(0, -1).filter((s) => s !== 200 && s !== 404)).toEqual([]);
    // Lookups have their own key: the same address can still join, and another address can look up.
    expect((await joinRaw(game.code, { nickname: "Scanner" }, { ip: scanner })).status).toBe(201);
    expect((await api(`/api/rooms/${game.code}`, { headers: { "CF-Connecting-IP": "203.0.113.78" } })).status).toBe(
      200,
    );
    h.close();
  });

  it("the host socket of a code with no game is a 404 in the JSON error shape (not a 403); after clean-up too", async () => {
    const teacher = await makeUser("teacher");
    const res = await api(`/ws/ZZZZZZ/host?token=${teacher.token}`, { headers: { Upgrade: "websocket" } });
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ error: { code: "not_found", message: expect.any(String) } });
    // A game that ended and was cleaned up.
    const { game, h, teacher: t2 } = await setup([]);
    h.send({ type: "end" });
    await h.next("ended");
    await vi.waitFor(async () =>
      expect(
        (
          await runInDurableObject(roomOf(game.code), (_r, s) =>
            JSON.parse(s.storage.sql.exec<{ value: string }>("SELECT value FROM meta WHERE key = 'state'").one().value),
          )
        ).cleanupAt,
      ).not.toBeNull(),
    );
    expect(await runDurableObjectAlarm(roomOf(game.code))).toBe(true);
    const gone = await api(`/ws/${game.code}/host?token=${t2.token}`, { headers: { Upgrade: "websocket" } });
    expect(gone.status).toBe(404);
    // Another teacher at a live game is still a 403: it exists, it is not theirs.
    const live = await setup([]);
    const stranger = await makeUser("teacher");
    expect(
      (await api(`/ws/${live.game.code}/host?token=${stranger.token}`, { headers: { Upgrade: "websocket" } })).status,
    ).toBe(403);
    live.h.close();
  });
});

describe("error frames", () => {
  it("echo the message type cut by code points: never half an emoji", async () => {
    const { h, clients } = await setup(["Emo"]);
    for (const type of ["😀".repeat(40), "a".repeat(31) + "😀😀", "🏳️‍🌈".repeat(10)]) {
      const e = await clients[0].expectError({ type }, "bad-message");
      expect(e.for).toBe(Array.from(type).slice(0, 32).join(""));
      expect(/\p{Cs}/u.test(e.for!)).toBe(false);
    }
    expect(codePoints("ab😀c", 3)).toBe("ab😀");
    expect(codePoints("😀".repeat(40), 32)).toHaveLength(64);
    for (const c of [h, ...clients]) c.close();
  });
});
