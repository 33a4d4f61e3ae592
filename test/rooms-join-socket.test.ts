// Joining over the socket itself (`/ws/:code/join`): the seat and the connection in one request,
// the same rules as the HTTP join (nicknames, limits, kicked players, the shared rate limit), a
// refusal as a frame that changes nothing, and a token that brings the player back to the seat.
import { env } from "cloudflare:workers";
import { evictDurableObject, runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { CLOSE_CODES } from "../schema/messages.ts";
import { verifyPlayer } from "../rooms/kit/player-token.ts";
import { Client, host, joinRaw, joinSocket, roomOf, hostedGames } from "./helpers/room-client.ts";
import { makeQuiz, makeUser } from "./helpers/fixtures.ts";
import { api } from "./helpers/api.ts";

const ONE = [{ type: "single" as const, text: "Q?", options: ["a", "b"], correct: 0 }];
const used = hostedGames();

async function hosted(settings = {}) {
  const teacher = await makeUser("teacher");
  const quizId = await makeQuiz(teacher.id, ONE);
  const game = await host(teacher.token, quizId, { readingTime: 0, ...settings });
  used.push(game);
  const h = await Client.host(game, teacher.token);
  await h.next("welcome");
  return { teacher, game, h };
}

/** The room's players as stored, without the RTT samples and connection counts a socket adds. */
function players(code: string) {
  return runInDurableObject(roomOf(code), (_r, s) =>
    s.storage.sql
      .exec<{ data: string }>("SELECT data FROM players ORDER BY id")
      .toArray()
      .map((r) => {
        const { minRttMs: _m, connects: _c, ...rest } = JSON.parse(r.data);
        return rest;
      }),
  );
}

async function expectRefused(c: Client, reason: string) {
  const msg = await c.next("joinRefused");
  expect(msg.reason).toBe(reason);
  expect(msg.message.length).toBeGreaterThan(0);
  expect((await c.waitClosed()).code).toBe(CLOSE_CODES.refused);
  expect(c.frames.map((f) => f.type)).toEqual(["joinRefused"]);
}

describe("join over the socket", () => {
  it("seats the player and connects in one request; the welcome carries a token that brings them back", async () => {
    const { game, h } = await hosted();
    const c = await joinSocket(game.code, "  Zoë  ");
    const welcome = await c.next("welcome");
    expect(welcome).toMatchObject({
      role: "player",
      phase: "lobby",
      playerCount: 1,
      me: { nickname: "Zoë", score: 0 },
    });
    const playerId = welcome.me!.playerId;
    expect(await verifyPlayer(env.JWT_SECRET, welcome.token!)).toEqual({
      playerId,
      gameId: game.gameId,
      code: game.code,
    });
    // The host hears of the new seat once, already connected (not joined, then a playerUpdated).
    expect((await h.next("playerJoined")).player).toMatchObject({ playerId, nickname: "Zoë", connected: true });
    // The seat is written by the time its welcome is out.
    expect((await players(game.code)).map((p) => p.id)).toEqual([playerId]);
    expect(await api(`/api/rooms/${game.code}`).then((r) => r.json())).toMatchObject({ playerCount: 1 });

    // Reconnecting with the token is the same seat; the older socket is replaced.
    const again = await Client.open(`/ws/${game.code}?token=${encodeURIComponent(welcome.token!)}`);
    const back = await again.next("welcome");
    expect(back.me?.playerId).toBe(playerId);
    expect(back.token).toBeUndefined();
    expect((await c.waitClosed()).code).toBe(CLOSE_CODES.replaced);

    // And the game goes on over it.
    h.send({ type: "start" });
    const q = await again.next("question");
    again.send({ type: "answer", q: 0, answer: { choice: q.question.options![0].id } });
    expect((await again.next("answered")).index).toBe(0);
    expect(h.all("playerUpdated")).toEqual([]);
    for (const x of [h, again]) x.close();
  });

  it("survives eviction right after the join: the seat was written before the welcome", async () => {
    const { game, h } = await hosted();
    const c = await joinSocket(game.code, "Ula");
    const { token, me } = await c.next("welcome");
    await evictDurableObject(roomOf(game.code));
    const back = await Client.open(`/ws/${game.code}?token=${encodeURIComponent(token!)}`);
    expect((await back.next("welcome")).me).toMatchObject({ playerId: me!.playerId, nickname: "Ula" });
    for (const x of [h, back]) x.close();
  });

  it("refuses taken, look-alike and invalid nicknames with a frame and a close, changing nothing", async () => {
    const { game, h } = await hosted();
    const first = await joinSocket(game.code, "Alice");
    await first.next("welcome");
    // The client's probe reply confirms the seat (docs/protocol.md §6): let it land before the snapshot.
    await first.next("probe");
    await first.expectError("{", "bad-json");
    const before = await players(game.code);
    for (const twin of ["alice", "Аlice" /* Cyrillic А */, "A1ice"])
      await expectRefused(await joinSocket(game.code, twin), "nickname-taken");
    for (const bad of ["", "   ", "x".repeat(21), "Bo\u200Bb"])
      await expectRefused(await joinSocket(game.code, bad), "nickname-invalid");
    await expectRefused(await joinSocket(game.code), "nickname-invalid");
    expect(await players(game.code)).toEqual(before);
    // The host heard of the one real join only.
    expect(h.all("playerJoined").map((m) => m.player.nickname)).toEqual(["Alice"]);
    for (const x of [h, first]) x.close();
  });

  it("refuses a full room, a locked lobby and a started game without late joins", async () => {
    const full = await hosted({ maxPlayers: 1 });
    await (await joinSocket(full.game.code, "One")).next("welcome");
    await expectRefused(await joinSocket(full.game.code, "Two"), "full");

    const locked = await hosted();
    locked.h.send({ type: "lock", locked: true });
    await locked.h.next("lobby");
    await expectRefused(await joinSocket(locked.game.code, "Late"), "locked");

    const started = await hosted({ lateJoin: false });
    await (await joinSocket(started.game.code, "Early")).next("welcome");
    started.h.send({ type: "start" });
    await started.h.next("question");
    await expectRefused(await joinSocket(started.game.code, "Late"), "late-join-closed");
    expect((await players(started.game.code)).map((p) => p.nickname)).toEqual(["Early"]);
    for (const x of [full.h, locked.h, started.h]) x.close();
  });

  it("an unknown code is refused as not found and leaves no room behind", async () => {
    const c = await joinSocket("ZZZZZX", "Nobody");
    await expectRefused(c, "not-found");
    const tables = await runInDurableObject(roomOf("ZZZZZX"), (_r, s) =>
      s.storage.sql
        .exec<{ name: string }>("SELECT name FROM sqlite_master WHERE type = 'table'")
        .toArray()
        .map((t) => t.name),
    );
    expect(tables).not.toContain("players");
    expect((await api("/api/rooms/ZZZZZX")).status).toBe(404);
  });

  it("recognises a kicked player by the old token under a new name", async () => {
    const { game, h } = await hosted();
    const c = await joinSocket(game.code, "Mallory");
    const { token, me } = await c.next("welcome");
    h.send({ type: "kick", playerId: me!.playerId });
    expect((await c.waitClosed()).code).toBe(CLOSE_CODES.kicked);
    await expectRefused(await joinSocket(game.code, "Innocent", { token }), "kicked");
    // Without the token it is a new player (a kick is not a ban of the device).
    const fresh = await joinSocket(game.code, "Innocent");
    expect((await fresh.next("welcome")).me?.playerId).not.toBe(me!.playerId);
    for (const x of [h, fresh]) x.close();
  });

  it("gives a logged-in student their seat back on another device, by the session cookie", async () => {
    const { game, h } = await hosted();
    const student = await makeUser("student");
    const cookie = { Cookie: `qq_session=${student.token}`, Origin: "http://qq.test" };
    const phone = await joinSocket(game.code, "Stu", { headers: cookie });
    const seat = (await phone.next("welcome")).me!;
    const laptop = await joinSocket(game.code, "Other", { headers: cookie });
    expect((await laptop.next("welcome")).me).toMatchObject({ playerId: seat.playerId, nickname: "Stu" });
    expect((await phone.waitClosed()).code).toBe(CLOSE_CODES.replaced);
    expect((await players(game.code)).map((p) => p.userId)).toEqual([student.id]);
    for (const x of [h, laptop]) x.close();
  });

  it("ignores identity headers a client forges", async () => {
    const { game, h } = await hosted();
    const victim = await joinSocket(game.code, "Victim");
    const v = (await victim.next("welcome")).me!;
    const student = await makeUser("student");
    const forged = await joinSocket(game.code, "Thief", {
      headers: { "X-QQ-Player": v.playerId, "X-QQ-User": student.id, "X-QQ-Role": "host", "X-QQ-Nickname": "Victim" },
    });
    const w = await forged.next("welcome");
    expect(w.role).toBe("player");
    expect(w.me).toMatchObject({ nickname: "Thief" });
    expect(w.me!.playerId).not.toBe(v.playerId);
    expect((await players(game.code)).find((p) => p.nickname === "Thief")?.userId).toBeNull();
    // A garbage token is no token.
    const junk = await joinSocket(game.code, "Junk", { token: "not-a-token" });
    expect((await junk.next("welcome")).me?.nickname).toBe("Junk");
    for (const x of [h, victim, forged, junk]) x.close();
  });

  it("refuses before the upgrade what is not a join at all: no upgrade, a bad code, an oversized query", async () => {
    const { game } = await hosted();
    const noUpgrade = await api(`/ws/${game.code}/join?nickname=x`);
    expect(noUpgrade.status).toBe(400);
    expect(await noUpgrade.json()).toMatchObject({ error: { code: "bad_request" } });
    const badCode = await api(`/ws/bad!/join?nickname=x`, { headers: { Upgrade: "websocket" } });
    expect(badCode.status).toBe(400);
    const long = await api(`/ws/${game.code}/join?nickname=${"x".repeat(201)}`, { headers: { Upgrade: "websocket" } });
    expect(long.status).toBe(400);
    expect(await long.json()).toMatchObject({ error: { code: "validation_failed", issues: [{ path: "nickname" }] } });
    expect(await players(game.code)).toEqual([]);
  });

  it("shares the per-address join budget with the HTTP join", async () => {
    const { game } = await hosted();
    const ip = "192.0.2.91";
    // Spend the budget with joins that are refused before the upgrade; windows align to the clock,
    // so keep going until the refusal comes (at most two budgets and a bit).
    let refusal: Response | undefined;
    for (let round = 0; round < 14 && !refusal; round++) {
      const batch = await Promise.all(
        Array.from({ length: 50 }, () =>
          api(`/ws/${game.code}/join?nickname=${"x".repeat(201)}`, {
            headers: { Upgrade: "websocket", "CF-Connecting-IP": ip },
          }),
        ),
      );
      expect(batch.filter((r) => r.status !== 400 && r.status !== 429).map((r) => r.status)).toEqual([]);
      refusal = batch.find((r) => r.status === 429);
    }
    expect(refusal).toBeDefined();
    expect(await refusal!.json()).toMatchObject({ error: { code: "rate_limited" } });
    expect((await joinRaw(game.code, { nickname: "Also" }, { ip })).status).toBe(429);
    // Another address still joins.
    const other = await joinSocket(game.code, "Fresh");
    expect((await other.next("welcome")).me?.nickname).toBe("Fresh");
    other.close();
  });

  it("a scan of made-up codes uses the address's budget; once spent, a live code is refused too", async () => {
    const { game } = await hosted();
    const ip = "192.0.2.92";
    const ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";
    let refusal: Response | undefined;
    const answers: number[] = [];
    for (let round = 0; round < 14 && !refusal; round++) {
      const batch = await Promise.all(
        Array.from({ length: 50 }, (_, i) =>
          api(`/ws/ZZ${ALPHABET[round]}${ALPHABET[i % 31]}${ALPHABET[Math.floor(i / 31)]}Q/join?nickname=Scan`, {
            headers: { Upgrade: "websocket", "CF-Connecting-IP": ip },
          }),
        ),
      );
      for (const r of batch) {
        answers.push(r.status);
        // A refused upgrade still opens, says why and closes: here, no such game.
        if (r.status === 101) {
          r.webSocket?.accept();
          r.webSocket?.close();
        }
      }
      refusal = batch.find((r) => r.status === 429);
    }
    expect(refusal, `${answers.length} scans, none refused`).toBeDefined();
    expect(answers.filter((s) => s !== 101 && s !== 429)).toEqual([]);
    expect(await refusal!.json()).toMatchObject({ error: { code: "rate_limited" } });
    // The live code answers the same 429: a spent budget tells nothing about which codes are live.
    const live = await api(`/ws/${game.code}/join?nickname=Scanner`, {
      headers: { Upgrade: "websocket", "CF-Connecting-IP": ip },
    });
    expect(live.status).toBe(429);
    expect(await players(game.code)).toEqual([]);
  });
});

describe("the host hears of a big room's join wave in batches", () => {
  it("one playerJoined each below 100 connected players, then playersJoined batches; every seat once, none overtaken", async () => {
    const { game, h } = await hosted();
    const N = 110;
    const clients: Client[] = [];
    // One after another: the first 100 are announced one by one, the room being small while they join.
    for (let i = 0; i < N; i++) {
      const c = await joinSocket(game.code, `P${i}`);
      await c.next("welcome");
      clients.push(c);
    }
    // A kick right after a gathered join: the batch must reach the host before the playerLeft.
    const last = await joinSocket(game.code, "Late");
    const lastId = (await last.next("welcome")).me!.playerId;
    h.send({ type: "kick", playerId: lastId });
    const left = await h.next("playerLeft");
    expect(left).toMatchObject({ playerId: lastId, reason: "kicked", playerCount: N });

    const singles = h.all("playerJoined");
    const batches = h.all("playersJoined");
    expect(singles.length).toBe(100);
    expect(batches.length).toBeGreaterThanOrEqual(1);
    const announced = [...singles.map((m) => m.player), ...batches.flatMap((b) => b.players)];
    expect(announced.map((p) => p.nickname)).toEqual([...Array.from({ length: N }, (_, i) => `P${i}`), "Late"]);
    expect(announced.every((p) => p.connected)).toBe(true);
    // In order: the kicked player's batch came before the playerLeft, and no single after a batch.
    const order = h.frames.filter((f) => f.type === "playersJoined" || f.type === "playerLeft").map((f) => f.type);
    expect(order.at(-1)).toBe("playerLeft");
    expect(batches.at(-1)!.players.map((p) => p.nickname)).toContain("Late");
    expect(batches.at(-1)!.playerCount).toBe(N + 1);
    for (const c of [h, last, ...clients]) c.close();
  });
});
