// The room under stress of every kind: bad frames, out-of-turn messages, reconnects, eviction
// and hibernation, late joins, kicks, locks, extra time, auto-advance, ending early, clean-up.
import { env } from "cloudflare:workers";
import { evictDurableObject, runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { afterEach, describe, expect, it, vi } from "vitest";
import { drizzle } from "drizzle-orm/d1";
import { eq } from "drizzle-orm";
import { games } from "../schema/db.ts";
import { MAX_FRAME_BYTES, CLOSE_CODES } from "../schema/messages.ts";
import type { QuestionInput } from "../schema/quiz.ts";
import type { GameSettingsInput } from "../schema/game.ts";
import type { Room } from "../rooms/live/room.ts";
import { Client, host, join, joinRaw, roomOf, type Hosted } from "./helpers/room-client.ts";
import { makeQuiz, makeUser } from "./helpers/fixtures.ts";
import { api } from "./helpers/api.ts";
import { allStoredAnswers } from "../rooms/live/answer-log.ts";

const QUIZ: QuestionInput[] = [
  { type: "single", text: "First?", options: ["a", "b", "c"], correct: 2 },
  { type: "single", text: "Second?", options: ["a", "b"], correct: 0 },
  { type: "truefalse", text: "Third?", correct: true },
];

const used: Hosted[] = [];
afterEach(async () => {
  // Alarms are not reset between tests: remove each room's pending alarm.
  for (const g of used.splice(0)) {
    await runInDurableObject(roomOf(g.code), async (_room, state) => {
      await state.storage.deleteAlarm();
    }).catch(() => {});
  }
});

async function setup(settings: GameSettingsInput = {}, names = ["Ann", "Ben"], opts: { autoProbe?: boolean } = {}) {
  const teacher = await makeUser("teacher");
  const quizId = await makeQuiz(teacher.id, QUIZ);
  const game = await host(teacher.token, quizId, { readingTime: 0, ...settings });
  used.push(game);
  const h = await Client.host(game, teacher.token);
  await h.next("welcome");
  const seats = [];
  const clients = [];
  for (const n of names) {
    const seat = await join(game.code, n);
    seats.push(seat);
    const c = await Client.player(seat, opts);
    await c.next("welcome");
    clients.push(c);
  }
  return { teacher, game, h, seats, clients, stub: roomOf(game.code) };
}

/** What matters in the room's storage: the state, the players (without RTT samples) and the answers. */
async function snapshot(code: string) {
  return runInDurableObject(roomOf(code), (_room, state) => {
    const sql = state.storage.sql;
    const meta = sql.exec<{ key: string; value: string }>("SELECT key, value FROM meta WHERE key = 'state'").toArray();
    const players = sql
      .exec<{ data: string }>("SELECT data FROM players ORDER BY id")
      .toArray()
      .map((r) => {
        const { minRttMs: _r, connects: _c, ...rest } = JSON.parse(r.data);
        return rest;
      });
    const answers = allStoredAnswers(sql);
    return { state: meta.map((m) => JSON.parse(m.value)), players, answers };
  });
}

describe("bad and out-of-turn frames", () => {
  it("each gets an error frame and changes nothing", async () => {
    const { game, h, clients, stub } = await setup({ readingTime: 0 });
    const [ann, ben] = clients;
    // In the lobby.
    await ann.expectError({ type: "answer", q: 0, answer: { choice: 0 } }, "wrong-phase");
    await ann.expectError({ type: "start" }, "forbidden");
    await h.expectError({ type: "next" }, "wrong-phase");
    await h.expectError({ type: "answer", q: 0, answer: { choice: 0 } }, "forbidden");
    h.send({ type: "start" });
    await ann.next("question");
    await ben.next("question");
    ann.send({ type: "answer", q: 0, answer: { choice: 2 } });
    await ann.next("answered");
    const before = await snapshot(game.code);

    await ann.expectError("{not json", "bad-json");
    await ann.expectError({ type: "dance" }, "bad-message");
    await ann.expectError({ type: "answer", q: 0 }, "bad-message");
    await ann.expectError({ type: "answer", q: 0, answer: { choice: 1 }, extra: true }, "bad-message");
    await ann.expectError({ type: "answer", q: 0, answer: { choice: 1 } }, "already-answered");
    await ben.expectError({ type: "answer", q: 1, answer: { choice: 0 } }, "wrong-question");
    await ben.expectError({ type: "answer", q: 0, answer: { choices: [0] } }, "bad-message");
    await ben.expectError({ type: "answer", q: 0, answer: { choice: 5 } }, "bad-message");
    await ben.expectError(
      JSON.stringify({ type: "answer", q: 0, answer: { text: "x".repeat(MAX_FRAME_BYTES) } }),
      "too-large",
    );
    await ben.expectError(new Uint8Array([1, 2, 3]).buffer, "bad-message");
    await ben.expectError(new Uint8Array(MAX_FRAME_BYTES + 1).buffer, "too-large");
    for (const cmd of [
      { type: "start" },
      { type: "next" },
      { type: "skip" },
      { type: "end" },
      { type: "lock", locked: true },
      { type: "kick", playerId: "x" },
      { type: "extraTime", playerId: "x", factor: 2 },
      { type: "pause" },
      { type: "resume" },
      { type: "addTime", seconds: 10 },
      { type: "hideEntry", index: 0, key: "x" },
    ]) {
      const e = await ben.expectError(cmd, "forbidden");
      expect(e.for).toBe(cmd.type);
    }
    await h.expectError({ type: "start" }, "wrong-phase");
    await h.expectError({ type: "next" }, "wrong-phase");
    await h.expectError({ type: "kick", playerId: "nobody" }, "unknown-player");
    // Extra time is possible in any phase but the end: an unknown player is the error now.
    await h.expectError({ type: "extraTime", playerId: "nobody", factor: 2 }, "unknown-player");
    await h.expectError({ type: "resume" }, "wrong-phase");
    await h.expectError({ type: "hideEntry", index: 0, key: "x" }, "wrong-question");
    expect(await snapshot(game.code)).toEqual(before);

    // The deadline passes (the alarm): a late answer is refused and changes nothing.
    expect(await runDurableObjectAlarm(stub)).toBe(true);
    await ben.next("reveal");
    expect(await ben.next("result")).toMatchObject({ answered: false, points: 0 });
    const afterReveal = await snapshot(game.code);
    await ben.expectError({ type: "answer", q: 0, answer: { choice: 2 } }, "too-late");
    expect(await snapshot(game.code)).toEqual(afterReveal);
    for (const c of [h, ...clients]) c.close();
  });

  it("refuses answers during the reading time with not-open", async () => {
    const { h, clients } = await setup({ readingTime: 10 }, ["Cat"]);
    h.send({ type: "start" });
    const q = await clients[0].next("question");
    expect(q.question.opensInMs).toBeGreaterThan(5000);
    expect(q.question.closesInMs).toBeGreaterThan(q.question.opensInMs);
    await clients[0].expectError({ type: "answer", q: 0, answer: { choice: 2 } }, "not-open");
    // Skipping closes it at once.
    h.send({ type: "skip" });
    expect((await clients[0].next("result")).answered).toBe(false);
    for (const c of [h, ...clients]) c.close();
  });

  it("ignores identity headers a client sends: a player stays a player", async () => {
    const { game, seats } = await setup({}, ["Dee"]);
    const spoof = await Client.open(seats[0].wsUrl, { headers: { "X-QQ-Role": "host", "X-QQ-User": "someone" } });
    expect((await spoof.next("welcome")).role).toBe("player");
    await spoof.expectError({ type: "start" }, "forbidden");
    expect((await snapshot(game.code)).state[0].phase).toBe("lobby");
    spoof.close();
  });
});

describe("reconnect, replacement, eviction", () => {
  it("a player who reconnects mid-question keeps score and state", async () => {
    const { game, h, seats, clients } = await setup();
    const [ann, ben] = clients;
    h.send({ type: "start" });
    await ann.next("question");
    ann.send({ type: "answer", q: 0, answer: { choice: 2 } });
    ben.send({ type: "answer", q: 0, answer: { choice: 0 } });
    const r0 = await ann.next("result");
    expect(r0.correct).toBe(true);
    h.send({ type: "next" });
    await h.next("leaderboard");
    h.send({ type: "next" });
    await ann.next("question");
    ann.send({ type: "answer", q: 1, answer: { choice: 0 } });
    await ann.next("answered");
    ann.close();
    expect((await h.next("playerLeft")).reason).toBe("disconnected");

    const again = await Client.player(seats[0]);
    const w = await again.next("welcome");
    expect(w).toMatchObject({
      phase: "question",
      questionIndex: 1,
      me: { score: r0.score, streak: 1, answered: true },
    });
    const q = await again.next("question");
    expect(q.question.index).toBe(1);
    expect(q.question.closesInMs).toBeGreaterThan(0);
    expect((await h.next("playerUpdated")).player).toMatchObject({ playerId: seats[0].playerId, connected: true });
    await again.expectError({ type: "answer", q: 1, answer: { choice: 1 } }, "already-answered");
    ben.send({ type: "answer", q: 1, answer: { choice: 1 } });
    const r1 = await again.next("result");
    expect(r1).toMatchObject({ correct: true, streak: 2 });
    expect(r1.score).toBe(r0.score + r1.points);
    // The room's stored answers hold the points shown, the streak's bonus included (the settle
    // writes again only the answers whose points it changed).
    const stored = await runInDurableObject(roomOf(game.code), (_r: Room, st) =>
      allStoredAnswers(st.storage.sql).filter((a) => a.playerId === seats[0].playerId),
    );
    expect(stored.map((x) => [x.q, x.points])).toEqual([
      [0, r0.points],
      [1, r1.points],
    ]);
    expect(stored[1].points).toBe(stored[1].basePoints + 100);
    for (const c of [h, again, ben]) c.close();
  });

  it("after hibernation the deadline alarm still closes the question and reaches every socket", async () => {
    const { h, clients, stub } = await setup({}, ["Wes", "Xia"]);
    h.send({ type: "start" });
    await Promise.all(clients.map((c) => c.next("question")));
    clients[0].send({ type: "answer", q: 0, answer: { choice: 2 } });
    await clients[0].next("answered");
    await evictDurableObject(stub, { webSockets: "hibernate" });
    expect(await runDurableObjectAlarm(stub)).toBe(true);
    const [r0, r1] = await Promise.all(clients.map((c) => c.next("result")));
    expect(r0).toMatchObject({ answered: true, correct: true, rank: 1 });
    expect(r1).toMatchObject({ answered: false, rank: 2 });
    expect((await h.next("reveal")).answered).toBe(1);
    for (const c of [h, ...clients]) c.close();
  });

  it("a second connection of the same player replaces the first", async () => {
    const { seats, clients } = await setup({}, ["Eve"]);
    const second = await Client.player(seats[0]);
    expect((await second.next("welcome")).me?.nickname).toBe("Eve");
    // Told at once by a frame, then closed.
    await clients[0].next("replaced");
    expect((await clients[0].waitClosed()).code).toBe(CLOSE_CODES.replaced);
    second.close();
  });

  it("eviction in the lobby and mid-question loses nothing", async () => {
    const { game, h, seats, clients, stub } = await setup({}, ["Fay", "Gus"]);
    const [fay, gus] = clients;
    const lobby = await snapshot(game.code);
    await evictDurableObject(stub);
    expect(await snapshot(game.code)).toEqual(lobby);
    // The hibernated sockets still work after the object comes back.
    h.send({ type: "start" });
    await fay.next("question");
    await gus.next("question");
    fay.send({ type: "answer", q: 0, answer: { choice: 2 } });
    await fay.next("answered");
    const mid = await snapshot(game.code);
    await evictDurableObject(stub);
    expect(await snapshot(game.code)).toEqual(mid);
    // Fay's answer survived: Gus answering now completes the question.
    gus.send({ type: "answer", q: 0, answer: { choice: 1 } });
    const [rf, rg] = await Promise.all([fay.next("result"), gus.next("result")]);
    expect(rf).toMatchObject({ answered: true, correct: true, rank: 1 });
    expect(rg).toMatchObject({ answered: true, correct: false, rank: 2 });
    // A host who reloads gets the state back.
    h.close();
    await evictDurableObject(stub, { webSockets: "close" });
    const h2 = await Client.host(game, (await makeHostToken(game)).token);
    const hw = await h2.next("welcome");
    expect(hw.phase).toBe("reveal");
    expect(hw.players!.map((p) => p.nickname).sort()).toEqual(["Fay", "Gus"]);
    expect((await h2.next("reveal")).index).toBe(0);
    const fay2 = await Client.player(seats[0]);
    expect((await fay2.next("welcome")).me).toMatchObject({ score: rf.score, rank: 1 });
    expect(await fay2.next("result")).toMatchObject({ index: 0, correct: true, score: rf.score });
    for (const c of [h2, fay2]) c.close();
  });
});

describe("standings", () => {
  it("two closes' standings survive eviction, with a seat's row written between them and a kicked player's score kept; D1 agrees", async () => {
    const { game, h, seats, clients, stub } = await setup({ leaderboard: "end" }, ["Kit", "Lou", "Max"]);
    const [kit, lou, max] = clients;
    h.send({ type: "start" });
    for (const c of clients) await c.next("question");
    kit.send({ type: "answer", q: 0, answer: { choice: 2 } });
    lou.send({ type: "answer", q: 0, answer: { choice: 2 } });
    max.send({ type: "answer", q: 0, answer: { choice: 0 } });
    const first = await Promise.all(clients.map((c) => c.next("result")));
    // Lou reconnects between the closes: the seat's row is written again (its connect count).
    lou.close();
    const lou2 = await Client.player(seats[1]);
    await lou2.next("welcome");
    h.send({ type: "next" });
    await kit.next("question");
    await lou2.next("question");
    kit.send({ type: "answer", q: 1, answer: { choice: 1 } });
    lou2.send({ type: "answer", q: 1, answer: { choice: 0 } });
    max.send({ type: "answer", q: 1, answer: { choice: 0 } });
    const second = await Promise.all([kit.next("result"), lou2.next("result"), max.next("result")]);
    expect(second[1]).toMatchObject({ correct: true, score: first[1].score + second[1].points });
    // Max is kicked after the second close: his row keeps his score.
    h.send({ type: "kick", playerId: seats[2].playerId });
    await max.next("kicked");
    await h.next("playerLeft");
    const mine = async () =>
      runInDurableObject(stub, (room: Room) =>
        (
          room as unknown as {
            store: { players(): ReadonlyMap<string, { score: number; streak: number; rank: number | null }> };
          }
        ).store.players(),
      );
    const before = new Map(await mine());
    await evictDurableObject(stub);
    const after = await mine();
    for (const [i, r] of second.entries())
      expect(after.get(seats[i].playerId)).toMatchObject({
        score: r.score,
        streak: before.get(seats[i].playerId)!.streak,
      });
    expect([...after.values()].map((p) => [p.score, p.rank])).toEqual(
      [...before.values()].map((p) => [p.score, p.rank]),
    );
    // The rest of the game and its results in D1 come from those standings.
    h.send({ type: "next" });
    await kit.next("question");
    kit.send({ type: "answer", q: 2, answer: { choice: 0 } });
    lou2.send({ type: "answer", q: 2, answer: { choice: 1 } });
    const third = await Promise.all([kit.next("result"), lou2.next("result")]);
    expect(third[0].score).toBe(second[0].score + third[0].points);
    h.send({ type: "next" });
    await h.next("podium");
    await vi.waitFor(
      async () => {
        const rows = await env.DB.prepare("SELECT player_id, score FROM game_players WHERE game_id = ?")
          .bind(game.gameId)
          .all<{ player_id: string; score: number }>();
        const score = new Map(rows.results.map((r) => [r.player_id, r.score]));
        expect(score.get(seats[0].playerId)).toBe(third[0].score);
        expect(score.get(seats[1].playerId)).toBe(third[1].score);
        expect(score.get(seats[2].playerId)).toBe(second[2].score);
      },
      { timeout: 5_000 },
    );
    for (const c of [h, kit, lou2]) c.close();
  });
});

/** The game's host signs in again (the host of `game`). */
async function makeHostToken(game: Hosted) {
  const row = await drizzle(env.DB).select().from(games).where(eq(games.id, game.gameId)).get();
  const { signSession } = await import("../worker/auth/tokens.ts");
  return signSession(env.JWT_SECRET, row!.hostId, "teacher", 3600);
}

describe("joining rules during a game", () => {
  it("late join is allowed when the settings say so, with the current question at once", async () => {
    const { game, h } = await setup({ lateJoin: true }, ["Hal"]);
    h.send({ type: "start" });
    await h.next("question");
    const late = await join(game.code, "Ivy");
    const c = await Client.player(late);
    expect((await c.next("welcome")).phase).toBe("question");
    expect((await c.next("question")).question.index).toBe(0);
    c.send({ type: "answer", q: 0, answer: { choice: 2 } });
    await c.next("answered");
    c.close();
    h.close();
  });

  it("late join is refused when the settings say so", async () => {
    const { game, h } = await setup({ lateJoin: false }, ["Jon"]);
    h.send({ type: "start" });
    await h.next("question");
    const res = await joinRaw(game.code, { nickname: "Kim" });
    expect(res.status).toBe(403);
    expect((await api(`/api/rooms/${game.code}`).then((r) => r.json())) as object).toMatchObject({
      phase: "question",
      joinable: false,
    });
    h.close();
  });

  it("kick: the player is told and closed; the token is refused on reconnect and on rejoin", async () => {
    const { game, h, seats, clients } = await setup({}, ["Lou", "Max"]);
    h.send({ type: "kick", playerId: seats[0].playerId });
    expect(await clients[0].next("kicked")).toEqual({ type: "kicked" });
    expect((await clients[0].waitClosed()).code).toBe(CLOSE_CODES.kicked);
    expect(await h.next("playerLeft")).toMatchObject({ playerId: seats[0].playerId, reason: "kicked", playerCount: 1 });
    const back = await Client.player(seats[0]);
    expect((await back.next("kicked")).type).toBe("kicked");
    expect((await back.waitClosed()).code).toBe(CLOSE_CODES.kicked);
    const rejoin = await joinRaw(game.code, { nickname: "Lou2", token: seats[0].token });
    expect(rejoin.status).toBe(403);
    // Max, not kicked, gets the same seat back with his token.
    const same = await joinRaw(game.code, { token: seats[1].token });
    expect(same.status).toBe(201);
    expect(await same.json()).toMatchObject({ playerId: seats[1].playerId, nickname: "Max" });
    await h.expectError({ type: "kick", playerId: seats[0].playerId }, "unknown-player");
    h.close();
    clients[1].close();
  });

  it("lock refuses new players until unlocked; everyone hears of it", async () => {
    const { game, h, clients } = await setup({}, ["Ned"]);
    h.send({ type: "lock", locked: true });
    expect(await clients[0].next("lobby")).toMatchObject({ locked: true });
    expect((await joinRaw(game.code, { nickname: "Olga" })).status).toBe(403);
    expect(await api(`/api/rooms/${game.code}`).then((r) => r.json())).toMatchObject({
      joinable: false,
      playerCount: 1,
    });
    h.send({ type: "lock", locked: false });
    await clients[0].next("lobby");
    expect((await joinRaw(game.code, { nickname: "Olga" })).status).toBe(201);
    h.close();
    clients[0].close();
  });

  it("extra time: granted in the lobby or mid-question (not once ended), and the player's own limit and deadline grow", async () => {
    const { h, seats, clients } = await setup({}, ["Pia", "Quin"]);
    h.send({ type: "extraTime", playerId: seats[0].playerId, factor: 2 });
    expect((await clients[0].next("playerUpdated")).player.extraTime).toBe(2);
    h.send({ type: "start" });
    const [slow, normal] = await Promise.all(clients.map((c) => c.next("question")));
    expect(slow.question.timeLimit).toBe(2 * normal.question.timeLimit);
    expect(slow.question.closesInMs).toBeGreaterThan(normal.question.closesInMs + 10_000);
    // Mid-question: only that player's own deadline moves, told by a `timer` with their own times.
    h.send({ type: "extraTime", playerId: seats[1].playerId, factor: 1.5 });
    const t = await clients[1].next("timer");
    expect(t.closesInMs).toBeGreaterThan(normal.question.closesInMs + 0.4 * normal.question.timeLimit * 1000);
    expect(t.paused).toBe(false);
    h.send({ type: "end" });
    await h.next("ended");
    await h.expectError({ type: "extraTime", playerId: seats[1].playerId, factor: 1.5 }, "wrong-phase");
    for (const c of [h, ...clients]) c.close();
  });
});

describe("flow", () => {
  it("auto-advance moves reveal → leaderboard → next question by the alarm", async () => {
    const { h, clients, stub } = await setup({ autoAdvance: true }, ["Ray"]);
    h.send({ type: "start" });
    await clients[0].next("question");
    clients[0].send({ type: "answer", q: 0, answer: { choice: 2 } });
    await h.next("reveal");
    expect(await runDurableObjectAlarm(stub)).toBe(true);
    expect((await h.next("leaderboard")).top[0]).toMatchObject({ nickname: "Ray", rank: 1, prevRank: null });
    expect(await runDurableObjectAlarm(stub)).toBe(true);
    expect((await clients[0].next("question")).question.index).toBe(1);
    for (const c of [h, ...clients]) c.close();
  });

  it("leaderboard 'end' skips the leaderboards; a stale alarm does nothing", async () => {
    const { h, clients, stub } = await setup({ leaderboard: "end" }, ["Sam"]);
    h.send({ type: "start" });
    await clients[0].next("question");
    h.send({ type: "skip" });
    await h.next("reveal");
    // No timer is pending in reveal without auto-advance: the alarm has nothing to run.
    expect(await runDurableObjectAlarm(stub)).toBe(false);
    h.send({ type: "next" });
    expect((await clients[0].next("question")).question.index).toBe(1);
    expect(clients[0].all("leaderboard")).toEqual([]);
    for (const c of [h, ...clients]) c.close();
  });

  it("the host ends early: podium, ended, results in D1, and the room cleans up after retention", async () => {
    const { game, h, clients, stub } = await setup({}, ["Tia"]);
    h.send({ type: "start" });
    await clients[0].next("question");
    clients[0].send({ type: "answer", q: 0, answer: { choice: 2 } });
    await h.next("reveal");
    h.send({ type: "end" });
    expect((await clients[0].next("podium")).top[0].nickname).toBe("Tia");
    expect(await clients[0].next("ended")).toEqual({ type: "ended", reason: "ended-by-host" });
    const db = drizzle(env.DB);
    await vi.waitFor(
      async () => expect((await db.select().from(games).where(eq(games.id, game.gameId)).get())?.status).toBe("ended"),
      { timeout: 5000 },
    );
    await vi.waitFor(async () =>
      expect(await runInDurableObject(stub, (_r, s) => s.storage.getAlarm())).not.toBeNull(),
    );
    expect(await api(`/api/rooms/${game.code}`).then((r) => r.json())).toMatchObject({
      phase: "ended",
      joinable: false,
    });
    // The next alarm is the clean-up (retention): afterwards the code is free.
    expect(await runDurableObjectAlarm(stub)).toBe(true);
    expect((await api(`/api/rooms/${game.code}`)).status).toBe(404);
    const fresh = await runInDurableObject(stub, (room: Room) =>
      room.init({
        gameId: "g2",
        code: game.code,
        hostId: "h",
        quizId: null,
        title: "again",
        settings: {
          shuffleQuestions: false,
          shuffleOptions: false,
          readingTime: 0,
          leaderboard: "each",
          autoAdvance: false,
          lateJoin: true,
          nicknames: "free",
          maxPlayers: 10,
          accuracyOnly: false,
        },
        questions: [],
        order: [],
        retentionMs: 1000,
      }),
    );
    expect(fresh).toEqual({ ok: true });
  });

  it("a lobby nobody starts expires by the alarm: ended, recorded in D1, code freed later", async () => {
    const { game, clients, stub } = await setup({}, ["Vin"]);
    expect(await runInDurableObject(stub, (_r, s) => s.storage.getAlarm())).toBeGreaterThan(Date.now() + 3600_000);
    expect(await runDurableObjectAlarm(stub)).toBe(true);
    expect(await clients[0].next("ended")).toEqual({ type: "ended", reason: "expired" });
    const db = drizzle(env.DB);
    await vi.waitFor(
      async () => expect((await db.select().from(games).where(eq(games.id, game.gameId)).get())?.status).toBe("ended"),
      { timeout: 5000 },
    );
    expect((await joinRaw(game.code, { nickname: "Late" })).status).toBe(403);
    clients[0].close();
  });

  it("a live room refuses a second init: a code in use is never handed out twice", async () => {
    const { game, stub } = await setup({}, []);
    const again = await runInDurableObject(stub, (room: Room) =>
      room.init({
        gameId: "other",
        code: game.code,
        hostId: "h",
        quizId: null,
        title: "x",
        settings: {
          shuffleQuestions: false,
          shuffleOptions: false,
          readingTime: 0,
          leaderboard: "each",
          autoAdvance: false,
          lateJoin: true,
          nicknames: "free",
          maxPlayers: 10,
          accuracyOnly: false,
        },
        questions: [],
        order: [],
        retentionMs: 1000,
      }),
    );
    expect(again).toEqual({ ok: false, reason: "busy" });
    expect(await api(`/api/rooms/${game.code}`).then((r) => r.json())).toMatchObject({
      code: game.code,
      phase: "lobby",
    });
  });

  it("measures the round trip from the probe reply and keeps the minimum", async () => {
    const { game, seats } = await setup({}, ["Uma"], { autoProbe: true });
    await vi.waitFor(async () => {
      const rtt = await runInDurableObject(
        roomOf(game.code),
        (_r, s) =>
          JSON.parse(
            s.storage.sql.exec<{ data: string }>("SELECT data FROM players WHERE id = ?", seats[0].playerId).one().data,
          ).minRttMs,
      );
      expect(rtt).toBeTypeOf("number");
      expect(rtt).toBeGreaterThanOrEqual(0);
    });
  });
});
