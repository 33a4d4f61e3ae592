// Faults a live room must ride out: eviction in the reveal and on the leaderboard, an alarm
// delivered twice or after the host has moved on, the host gone for a while (with and without
// auto-advance), and every player dropping and coming back at once. (Eviction in the lobby and
// mid-question: rooms-edge; D1 failing while results are written: rooms-results.)
import { PODIUM_REVEAL_MS } from "../rooms/live/views.ts";
import { env } from "cloudflare:workers";
import { evictDurableObject, runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { describe, expect, it, vi } from "vitest";
import { drizzle } from "drizzle-orm/d1";
import { eq } from "drizzle-orm";
import { answers, games } from "../schema/db.ts";
import type { GameSettingsInput } from "../schema/game.ts";
import type { Room } from "../rooms/live/room.ts";
import { Client, hostedRoom, idOf, roomOf, hostedGames } from "./helpers/room-client.ts";
import { allStoredAnswers } from "../rooms/live/answer-log.ts";

const QUIZ = [
  { type: "single" as const, text: "Largest planet?", options: ["Mars", "Jupiter", "Venus"], correct: 1 },
  { type: "truefalse" as const, text: "Water boils at 100 °C at sea level.", correct: true },
  { type: "single" as const, text: "Smallest prime?", options: ["1", "2", "3"], correct: 1 },
];

const used = hostedGames();

const setup = (names: string[], settings: GameSettingsInput = {}) => hostedRoom(used, QUIZ, names, settings);

/** Everything that matters in the room's storage, plus the alarm. */
async function snapshot(code: string) {
  return runInDurableObject(roomOf(code), async (_room, state) => {
    const sql = state.storage.sql;
    return {
      meta: sql.exec<{ key: string; value: string }>("SELECT key, value FROM meta ORDER BY key").toArray(),
      players: sql
        .exec<{ data: string }>("SELECT data FROM players ORDER BY id")
        .toArray()
        .map((r) => {
          const { minRttMs: _r, connects: _c, ...rest } = JSON.parse(r.data);
          return rest;
        }),
      answers: allStoredAnswers(sql),
      alarm: await state.storage.getAlarm(),
    };
  });
}

const phaseOf = async (code: string) =>
  JSON.parse((await snapshot(code)).meta.find((m) => m.key === "state")!.value).phase;

describe("eviction", () => {
  it("mid-reveal and mid-leaderboard loses nothing; hibernated sockets carry on and returning clients get the phase back", async () => {
    const { game, h, seats, clients, stub, teacher } = await setup(["Ann", "Ben"]);
    h.send({ type: "start" });
    const [view] = await Promise.all(clients.map((c) => c.next("question")));
    clients[0].send({ type: "answer", q: 0, answer: { choice: idOf(view, "Jupiter") } });
    clients[1].send({ type: "answer", q: 0, answer: { choice: idOf(view, "Mars") } });
    const reveal = await h.next("reveal");
    const [r0] = await Promise.all(clients.map((c) => c.next("result")));

    // Mid-reveal, sockets hibernating: storage intact, and the host's next still works.
    const inReveal = await snapshot(game.code);
    await evictDurableObject(stub, { webSockets: "hibernate" });
    expect(await snapshot(game.code)).toEqual(inReveal);
    // Mid-reveal, sockets closed: a returning player gets the reveal and their own result again.
    await evictDurableObject(stub, { webSockets: "close" });
    expect(await snapshot(game.code)).toEqual(inReveal);
    const ann = await Client.player(seats[0]);
    expect((await ann.next("welcome")).phase).toBe("reveal");
    expect(await ann.next("reveal")).toEqual(reveal);
    expect(await ann.next("result")).toEqual(r0);
    const h2 = await Client.host(game, teacher.token);
    expect((await h2.next("welcome")).phase).toBe("reveal");
    expect(await h2.next("reveal")).toEqual(reveal);

    h2.send({ type: "next" });
    const board = await h2.next("leaderboard");
    expect(board.top.map((e) => e.nickname)).toEqual(["Ann", "Ben"]);
    const onBoard = await snapshot(game.code);
    await evictDurableObject(stub, { webSockets: "hibernate" });
    expect(await snapshot(game.code)).toEqual(onBoard);
    await evictDurableObject(stub, { webSockets: "close" });
    expect(await snapshot(game.code)).toEqual(onBoard);
    const ben = await Client.player(seats[1]);
    expect((await ben.next("welcome")).me).toMatchObject({ score: 0, rank: 2 });
    expect(await ben.next("leaderboard")).toEqual(board);
    const h3 = await Client.host(game, teacher.token);
    await h3.next("welcome");
    expect(await h3.next("leaderboard")).toEqual(board);
    // And the game goes on.
    h3.send({ type: "next" });
    expect((await ben.next("question")).question.index).toBe(1);
    for (const c of [h3, ann, ben]) c.close();
  });
});

describe("alarms", () => {
  for (const autoAdvance of [false, true]) {
    it(`a deadline alarm delivered twice changes nothing the second time (autoAdvance ${autoAdvance})`, async () => {
      const { game, h, clients, stub } = await setup(["Cat", "Dan"], { autoAdvance });
      h.send({ type: "start" });
      const [view] = await Promise.all(clients.map((c) => c.next("question")));
      clients[0].send({ type: "answer", q: 0, answer: { choice: idOf(view, "Jupiter") } });
      await clients[0].next("answered");
      expect(await runDurableObjectAlarm(stub)).toBe(true);
      await h.next("reveal");
      await Promise.all(clients.map((c) => c.next("result")));
      const after = await snapshot(game.code);
      const frames = [h, ...clients].map((c) => c.frames.length);
      // The same delivery again (as at-least-once allows), straight into the handler.
      await runInDurableObject(stub, (room: Room) => room.alarm());
      expect(await snapshot(game.code)).toEqual(after);
      // Nothing was sent either: a second reveal, or a leaderboard cutting the pause short, would show here.
      await h.expectError({ type: "start" }, "wrong-phase");
      expect(h.frames.slice(frames[0]).map((f) => f.type)).toEqual(["error"]);
      for (const [k, c] of clients.entries()) expect(c.frames.length).toBe(frames[k + 1]);
      expect(JSON.parse(after.meta.find((m) => m.key === "state")!.value)).toMatchObject({ phase: "reveal", q: 0 });
      // The pending auto-advance still happens when it is due.
      if (autoAdvance) {
        expect(await runDurableObjectAlarm(stub)).toBe(true);
        expect((await h.next("leaderboard")).index).toBe(0);
      }
      for (const c of [h, ...clients]) c.close();
    });
  }

  it("an alarm that arrives after the host already moved on (skip, next) changes nothing", async () => {
    const { game, h, clients, stub } = await setup(["Eve"], { autoAdvance: true });
    h.send({ type: "start" });
    await clients[0].next("question");
    h.send({ type: "skip" });
    await h.next("reveal");
    h.send({ type: "next" });
    await h.next("leaderboard");
    const before = await snapshot(game.code);
    // The deadline alarm of question 0, late: by now the pending alarm is the leaderboard's pause.
    await runInDurableObject(stub, (room: Room) => room.alarm());
    expect(await snapshot(game.code)).toEqual(before);
    // With the pending alarm gone too (say the host's command deleted it just as the old one was dispatched).
    await runInDurableObject(stub, async (_room: Room, state) => {
      const st = JSON.parse(
        state.storage.sql.exec<{ value: string }>("SELECT value FROM meta WHERE key = 'state'").one().value,
      );
      // The stored timer is the leaderboard's; the late alarm was for question 0's deadline.
      expect(st.timer).toMatchObject({ kind: "advance", phase: "leaderboard", q: 0 });
      await state.storage.deleteAlarm();
    });
    const noAlarm = { ...before, alarm: null };
    expect(await snapshot(game.code)).toEqual(noAlarm);
    expect(await phaseOf(game.code)).toBe("leaderboard");
    for (const c of [h, ...clients]) c.close();
  });
});

describe("the host away", () => {
  it("without auto-advance the game waits in its phase, the deadline still closes the question, and the host comes back to the current state", async () => {
    const { game, h, seats, clients, stub, teacher } = await setup(["Fay", "Gus"]);
    h.send({ type: "start" });
    const [view] = await Promise.all(clients.map((c) => c.next("question")));
    h.close();
    await h.waitClosed();
    clients[0].send({ type: "answer", q: 0, answer: { choice: idOf(view, "Jupiter") } });
    await clients[0].next("answered");
    // The deadline passes with no host: the question closes and is scored.
    expect(await runDurableObjectAlarm(stub)).toBe(true);
    const [r0, r1] = await Promise.all(clients.map((c) => c.next("result")));
    expect([r0.correct, r1.answered]).toEqual([true, false]);
    // Then it waits: no alarm is pending, so nothing moves until the host says so.
    expect(await runDurableObjectAlarm(stub)).toBe(false);
    expect(await phaseOf(game.code)).toBe("reveal");
    const h2 = await Client.host(game, teacher.token);
    const w = await h2.next("welcome");
    expect(w).toMatchObject({ phase: "reveal", questionIndex: 0, playerCount: 2 });
    expect(w.players!.map((p) => [p.playerId, p.connected])).toEqual(
      expect.arrayContaining([
        [seats[0].playerId, true],
        [seats[1].playerId, true],
      ]),
    );
    expect((await h2.next("reveal")).answered).toBe(1);
    h2.send({ type: "next" });
    await h2.next("leaderboard");
    h2.send({ type: "next" });
    expect((await clients[0].next("question")).question.index).toBe(1);
    // Away again mid-question: back to the question with the live count.
    h2.close();
    await h2.waitClosed();
    clients[1].send({ type: "answer", q: 1, answer: { choice: 0 } });
    await clients[1].next("answered");
    const h3 = await Client.host(game, teacher.token);
    expect((await h3.next("welcome")).phase).toBe("question");
    expect((await h3.next("question")).question.index).toBe(1);
    expect(await h3.next("answerCount")).toMatchObject({ index: 1, answered: 1, expected: 2 });
    for (const c of [h3, ...clients]) c.close();
  });

  it("with auto-advance the room moves on by itself through every question to the podium, and D1 gets the results", async () => {
    const { game, h, clients, stub, teacher } = await setup(["Hal"], { autoAdvance: true });
    h.send({ type: "start" });
    await clients[0].next("question");
    h.close();
    await h.waitClosed();
    for (let qi = 0; qi < QUIZ.length; qi++) {
      // Hal never answers: the deadline closes each question, then the pauses pass by alarm.
      expect(await runDurableObjectAlarm(stub)).toBe(true);
      expect((await clients[0].next("reveal")).index).toBe(qi);
      expect(await runDurableObjectAlarm(stub)).toBe(true);
      if (qi < QUIZ.length - 1) {
        expect((await clients[0].next("leaderboard")).index).toBe(qi);
        expect(await runDurableObjectAlarm(stub)).toBe(true);
        expect((await clients[0].next("question")).question.index).toBe(qi + 1);
      }
    }
    const podium = await clients[0].next("podium");
    expect(podium.playerCount).toBe(1);
    // Phones hold the final rank for as long as the projector takes to raise first place.
    expect(podium.revealInMs).toBe(PODIUM_REVEAL_MS);
    const db = drizzle(env.DB);
    await vi.waitFor(
      async () => expect((await db.select().from(games).where(eq(games.id, game.gameId)).get())?.status).toBe("ended"),
      { timeout: 5000 },
    );
    // The host comes back to the podium.
    const h2 = await Client.host(game, teacher.token);
    expect((await h2.next("welcome")).phase).toBe("podium");
    const again = await h2.next("podium");
    expect(again.top[0].nickname).toBe("Hal");
    // Counted from when the room reached the podium, never restarted by a reconnect.
    expect(again.revealInMs).toBeGreaterThanOrEqual(0);
    expect(again.revealInMs).toBeLessThanOrEqual(PODIUM_REVEAL_MS);
    h2.send({ type: "next" });
    expect(await clients[0].next("ended")).toEqual({ type: "ended", reason: "finished" });
    for (const c of [h2, ...clients]) c.close();
  });
});

describe("everyone drops at once", () => {
  it("all players disconnect and reconnect together: same seats and scores, and the open question still closes correctly", async () => {
    const names = ["Ida", "Jay", "Kim", "Lea", "Max", "Ned"];
    const { game, h, seats, clients, teacher } = await setup(names);
    h.send({ type: "start" });
    const [v0] = await Promise.all(clients.map((c) => c.next("question")));
    clients.forEach((c, k) =>
      c.send({ type: "answer", q: 0, answer: { choice: idOf(v0, k % 2 ? "Mars" : "Jupiter") } }),
    );
    const r0 = await Promise.all(clients.map((c) => c.next("result")));
    h.send({ type: "next" });
    await h.next("leaderboard");
    h.send({ type: "next" });
    await Promise.all(clients.map((c) => c.next("question")));
    // Half answer question 1, then everyone's connection drops at once.
    for (const k of [0, 1, 2]) clients[k].send({ type: "answer", q: 1, answer: { choice: 0 } });
    await Promise.all([0, 1, 2].map((k) => clients[k].next("answered")));
    for (const c of clients) c.close();
    await Promise.all(clients.map((c) => c.waitClosed()));
    // With nobody connected the question stays open (nobody is left to complete it).
    expect(await phaseOf(game.code)).toBe("question");

    const back = await Promise.all(seats.map((s) => Client.player(s)));
    const welcomes = await Promise.all(back.map((c) => c.next("welcome")));
    welcomes.forEach((w, k) => {
      expect(w.me).toMatchObject({
        playerId: seats[k].playerId,
        nickname: names[k],
        score: r0[k].score,
        answered: k < 3,
      });
      expect(w.phase).toBe("question");
    });
    const views = await Promise.all(back.map((c) => c.next("question")));
    expect(views.every((v) => v.question.index === 1 && v.question.closesInMs > 0)).toBe(true);
    await back[0].expectError({ type: "answer", q: 1, answer: { choice: 1 } }, "already-answered");
    // The other half answer now: the question closes as soon as the last one does, scored for all six.
    for (const k of [3, 4, 5]) back[k].send({ type: "answer", q: 1, answer: { choice: 0 } });
    const r1 = await Promise.all(back.map((c) => c.next("result")));
    r1.forEach((r, k) => {
      expect(r).toMatchObject({ index: 1, answered: true, correct: true });
      expect(r.score).toBe(r0[k].score + r.points);
    });
    const reveal = await h.next("reveal");
    expect(reveal.answered).toBe(6);
    // Seats are the same: the host still sees six players, none new.
    const h2 = await Client.host(game, teacher.token);
    const w = await h2.next("welcome");
    expect(w.players!.map((p) => p.playerId).sort()).toEqual(seats.map((s) => s.playerId).sort());
    expect(w.players!.every((p) => p.connected)).toBe(true);
    const stored = await runInDurableObject(
      roomOf(game.code),
      (_r, s) => allStoredAnswers(s.storage.sql).filter((a) => a.q === 1).length,
    );
    expect(stored).toBe(6);
    for (const c of [h, h2, ...back]) c.close();
  });
});

// The D1 side of faults (a failed results write retried by the alarm until D1 has them, none
// lost or doubled) is rooms-results.test.ts; here only that a finished game's answers are there.
describe("results after faults", () => {
  it("a game played through an eviction in every phase writes every answer once", async () => {
    const { game, h, seats, clients, stub, teacher } = await setup(["Oli", "Pat"]);
    let host = h;
    let players = clients;
    const reopen = async () => {
      await evictDurableObject(stub, { webSockets: "close" });
      host = await Client.host(game, teacher.token);
      await host.next("welcome");
      players = await Promise.all(seats.map((s) => Client.player(s)));
      await Promise.all(players.map((p) => p.next("welcome")));
    };
    await reopen();
    host.send({ type: "start" });
    for (let qi = 0; qi < QUIZ.length; qi++) {
      const [view] = await Promise.all(players.map((p) => p.next("question")));
      const right = qi === 0 ? idOf(view, "Jupiter") : qi === 1 ? 0 : idOf(view, "2");
      players[0].send({ type: "answer", q: qi, answer: { choice: right } });
      await players[0].next("answered");
      await reopen();
      players[1].send({ type: "answer", q: qi, answer: { choice: right } });
      await host.next("reveal");
      await reopen();
      host.send({ type: "next" });
      if (qi < QUIZ.length - 1) {
        await host.next("leaderboard");
        await reopen();
        host.send({ type: "next" });
      }
    }
    await host.next("podium");
    const db = drizzle(env.DB);
    await vi.waitFor(
      async () => expect((await db.select().from(games).where(eq(games.id, game.gameId)).get())?.status).toBe("ended"),
      { timeout: 5000 },
    );
    const rows = await db.select().from(answers).where(eq(answers.gameId, game.gameId)).all();
    expect(rows).toHaveLength(2 * QUIZ.length);
    expect(rows.every((r) => r.correct)).toBe(true);
    for (const c of [host, ...players]) c.close();
  });
});
