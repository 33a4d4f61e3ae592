// Root and relays under faults (rooms/relay/): evicted or restarted roots and relays, a relay
// that opens late, a player who moves between relays, and the host's controls reaching relayed
// players. Nothing acknowledged is lost or doubled; the leaderboard agrees with storage.
import { evictDurableObject, runInDurableObject } from "cloudflare:test";
import { SILENT_AFTER_MS } from "../rooms/kit/presence.ts";
import type { Relay } from "../rooms/relay/relay.ts";
import { describe, expect, it } from "vitest";
import { CLOSE_CODES } from "../schema/messages.ts";
import { Client, host, hostedGames, idOf, roomOf } from "./helpers/room-client.ts";
import { makeQuiz, makeUser } from "./helpers/fixtures.ts";
import {
  clearRelayAlarms,
  joinAt,
  reconnect,
  relayedGame,
  relayOf,
  relaySeats,
  relaySockets,
  roomState,
  storedAnswers,
} from "./helpers/relays.ts";

const games = hostedGames();
clearRelayAlarms(games);

describe("relays: timing and repeats", () => {
  it("an answer is timed by its relay's durations, not by when the root got it; a repeated batch acknowledges without doubling", async () => {
    const { game, h } = await relayedGame({ mode: "force", perRelay: 1000 }, games);
    // No probe replies: no latency allowance, so the time credited is exactly the relay's duration.
    const { client, playerId } = await joinAt(game.code, "Tim", undefined, false);
    // Someone who does not answer keeps the question open.
    const other = await joinAt(game.code, "Other");
    h.send({ type: "start" });
    const view = await client.next("question");
    const { opensAt } = await roomState(game.code);
    const relay = (await relaySeats(game.code)).get(playerId)!;
    // As if the relay had the question's feed at opensAt and its player answered 1,500 ms later,
    // while the root hears of it only now, more than 1,500 ms on.
    await new Promise((r) => setTimeout(r, 1700));
    const batch = {
      relay,
      since: 0,
      retry: false,
      msgs: [
        {
          id: playerId,
          data: JSON.stringify({ type: "answer", q: 0, answer: { choice: idOf(view, "b") } }),
          anchor: opensAt,
          age: 1500,
        },
      ],
    };
    await roomOf(game.code).relayBatch(batch);
    expect(await client.next("answered")).toMatchObject({ index: 0 });
    expect((await storedAnswers(game.code))[0]).toMatchObject({ playerId, responseMs: 1500 });
    // The same batch again, as a relay sends it after a call whose reply it lost: acknowledged again, kept once.
    await roomOf(game.code).relayBatch({ ...batch, retry: true });
    expect(await client.next("answered")).toMatchObject({ index: 0 });
    // A player's own second answer is still refused.
    await roomOf(game.code).relayBatch(batch);
    expect((await client.next("error")).code).toBe("already-answered");
    expect(await storedAnswers(game.code)).toHaveLength(1);
    // Repeated once the question has closed: still acknowledged, not "too late".
    h.send({ type: "skip" });
    await client.next("result");
    await roomOf(game.code).relayBatch({ ...batch, retry: true });
    expect(await client.next("answered")).toMatchObject({ index: 0 });
    expect(await storedAnswers(game.code)).toHaveLength(1);
    for (const c of [client, other.client, h]) c.close();
  });
});

describe("relays: eviction", () => {
  it("the root evicted or restarted in the lobby, mid-question and mid-reveal: relayed players carry on, nothing lost or doubled", async () => {
    const { game, h: h0, teacher } = await relayedGame({ mode: "force", perRelay: 2 }, games);
    const players: Awaited<ReturnType<typeof joinAt>>[] = [];
    for (const n of ["A", "B", "C", "D"]) players.push(await joinAt(game.code, n));
    const clients = players.map((p) => p.client);
    // Lobby: the root restarts (its own sockets, the host's, close).
    await evictDurableObject(roomOf(game.code), { webSockets: "close" });
    let h = await Client.host(game, teacher.token);
    expect((await h.next("welcome")).players!.filter((p) => p.connected)).toHaveLength(4);
    h0.close();
    h.send({ type: "start" });
    const views = await Promise.all(clients.map((c) => c.next("question")));
    clients[0].send({ type: "answer", q: 0, answer: { choice: idOf(views[0], "b") } });
    clients[1].send({ type: "answer", q: 0, answer: { choice: idOf(views[1], "a") } });
    await clients[0].next("answered");
    await clients[1].next("answered");
    // Mid-question: evicted in memory, then restarted.
    await evictDurableObject(roomOf(game.code));
    clients[2].send({ type: "answer", q: 0, answer: { choice: idOf(views[2], "b") } });
    await clients[2].next("answered");
    await evictDurableObject(roomOf(game.code), { webSockets: "close" });
    h = await Client.host(game, teacher.token);
    await h.next("welcome");
    clients[3].send({ type: "answer", q: 0, answer: { choice: idOf(views[3], "b") } });
    await clients[3].next("answered");
    // All four answered: the question closes by itself.
    const results = await Promise.all(clients.map((c) => c.next("result")));
    expect(results.map((r) => r.correct)).toEqual([true, false, true, true]);
    expect(await storedAnswers(game.code)).toHaveLength(4);
    // Mid-reveal: restarted; the host moves on and every relayed player follows.
    await evictDurableObject(roomOf(game.code), { webSockets: "close" });
    h = await Client.host(game, teacher.token);
    await h.next("welcome");
    h.send({ type: "next" });
    const boards = await Promise.all(clients.map((c) => c.next("leaderboard")));
    // Every relay showed the same board, and it agrees with each player's own result.
    for (const b of boards) expect(b).toEqual(boards[0]);
    for (let i = 0; i < 4; i++)
      expect(boards[0].top.find((e) => e.playerId === players[i].playerId)?.score).toBe(results[i].score);
    for (const c of [h, ...clients]) c.close();
  });

  it("a relay restarted in the lobby, mid-question and mid-reveal: its players come back with their tokens to a fresh relay and lose nothing", async () => {
    const { game, h } = await relayedGame({ mode: "force", perRelay: 1000 }, games);
    const players: Awaited<ReturnType<typeof joinAt>>[] = [];
    for (const n of ["E", "F", "G"]) players.push(await joinAt(game.code, n));
    const name = (await relaySeats(game.code)).get(players[0].playerId)!;
    const restart = async () => {
      await evictDurableObject(relayOf(name), { webSockets: "close" });
      for (const p of players) await p.client.waitClosed();
      for (const p of players) p.client = await reconnect(game.code, p.token);
      return Promise.all(players.map((p) => p.client.next("welcome")));
    };
    const lobby = await restart();
    expect(lobby.every((w) => w.phase === "lobby")).toBe(true);
    h.send({ type: "start" });
    const views = await Promise.all(players.map((p) => p.client.next("question")));
    players[0].client.send({ type: "answer", q: 0, answer: { choice: idOf(views[0], "b") } });
    await players[0].client.next("answered");
    const mid = await restart();
    expect(mid.map((w) => w.me!.answered)).toEqual([true, false, false]);
    // The kept answer is not taken twice; the others answer through the new relay.
    const again = await Promise.all(players.map((p) => p.client.next("question")));
    await players[0].client.expectError({ type: "answer", q: 0, answer: { choice: 0 } }, "already-answered");
    players[1].client.send({ type: "answer", q: 0, answer: { choice: idOf(again[1], "b") } });
    await players[1].client.next("answered");
    h.send({ type: "skip" });
    const results = await Promise.all(players.map((p) => p.client.next("result")));
    expect(results.map((r) => r.answered)).toEqual([true, true, false]);
    const reveal = await restart();
    expect(reveal.every((w) => w.phase === "reveal")).toBe(true);
    const back = await Promise.all(players.map((p) => p.client.next("result")));
    expect(back.map((r) => r.score)).toEqual(results.map((r) => r.score));
    expect(await storedAnswers(game.code)).toHaveLength(2);
    // The host sees everyone connected again.
    h.send({ type: "next" });
    await Promise.all(players.map((p) => p.client.next("leaderboard")));
    expect(await relaySockets(name)).toBe(3);
    for (const c of [h, ...players.map((p) => p.client)]) c.close();
  });

  it("a root that fails every batch: the relay gives up after its retries and has its players reconnect; nothing unkept was acknowledged, and they answer once the root works", async () => {
    const { game, h } = await relayedGame({ mode: "force", perRelay: 1000 }, games);
    const ann = await joinAt(game.code, "Ann");
    const ben = await joinAt(game.code, "Ben");
    h.send({ type: "start" });
    const views = await Promise.all([ann, ben].map((p) => p.client.next("question")));
    // The root's relay wiring taken away on purpose: every batch it gets throws, as a root with a
    // bug or out of resources would (the runtime logs each throw as an uncaught exception).
    type Wired = { relays: { room: unknown } };
    let wiring: unknown = null;
    await runInDurableObject(roomOf(game.code), (r) => {
      const hub = (r as unknown as Wired).relays;
      wiring = hub.room;
      hub.room = null;
    });
    ann.client.send({ type: "answer", q: 0, answer: { choice: idOf(views[0], "b") } });
    // Five tries (25 + 50 + 100 + 200 ms apart), then the relay closes the socket to reconnect.
    expect((await ann.client.waitClosed()).code).toBe(1012);
    expect(ann.client.all("answered")).toHaveLength(0);
    expect(await storedAnswers(game.code)).toHaveLength(0);
    await runInDurableObject(roomOf(game.code), (r) => {
      (r as unknown as Wired).relays.room = wiring;
    });
    // Ann comes back unanswered and answers once; so does Ben, whose socket is closed too if a
    // frame of his (a probe's reply) rode in the failed batch.
    const back = await reconnect(game.code, ann.token);
    expect((await back.next("welcome")).me!.answered).toBe(false);
    const q = await back.next("question");
    back.send({ type: "answer", q: 0, answer: { choice: idOf(q, "b") } });
    await back.next("answered");
    let benNow = ben.client;
    if (benNow.closed) {
      expect(benNow.closed.code).toBe(1012);
      benNow = await reconnect(game.code, ben.token);
      await benNow.next("welcome");
      await benNow.next("question");
    }
    benNow.send({ type: "answer", q: 0, answer: { choice: idOf(views[1], "a") } });
    await benNow.next("answered");
    const results = await Promise.all([back.next("result"), benNow.next("result")]);
    expect(results.map((r) => r.correct)).toEqual([true, false]);
    expect((await storedAnswers(game.code)).map((a) => a.playerId).sort()).toEqual([ann.playerId, ben.playerId].sort());
    for (const c of [h, back, benNow]) c.close();
  });

  it("a relay hibernating mid-question keeps its sockets and its players' answers go through", async () => {
    const { game, h } = await relayedGame({ mode: "force", perRelay: 1000 }, games);
    const p = await joinAt(game.code, "H");
    h.send({ type: "start" });
    const view = await p.client.next("question");
    const name = (await relaySeats(game.code)).get(p.playerId)!;
    await evictDurableObject(relayOf(name), { webSockets: "hibernate" });
    p.client.send({ type: "answer", q: 0, answer: { choice: idOf(view, "b") } });
    await p.client.next("answered");
    expect((await p.client.next("result")).correct).toBe(true);
    p.client.close();
    h.close();
  });
});

describe("relays: placement", () => {
  it("a far player opens a relay late, mid-question; near players stay on the root; both see the same game", async () => {
    const { game, h } = await relayedGame({ mode: "auto", perRelay: 1000, rootHint: "weur" }, games);
    const near = await joinAt(game.code, "Near", "EU");
    h.send({ type: "start" });
    const nearView = await near.client.next("question");
    const far = await joinAt(game.code, "Far", "OC");
    const farView = await far.client.next("question");
    expect(farView.question.index).toBe(0);
    const seats = await relaySeats(game.code);
    expect(seats.has(near.playerId)).toBe(false);
    expect(seats.get(far.playerId)).toBe(`${game.code}:oc:0`);
    far.client.send({ type: "answer", q: 0, answer: { choice: idOf(farView, "b") } });
    near.client.send({ type: "answer", q: 0, answer: { choice: idOf(nearView, "b") } });
    await far.client.next("answered");
    await near.client.next("answered");
    const [rn, rf] = await Promise.all([near.client.next("result"), far.client.next("result")]);
    expect(rn.correct && rf.correct).toBe(true);
    expect(rn.playerCount).toBe(2);
    expect(rf.playerCount).toBe(2);
    for (const c of [h, near.client, far.client]) c.close();
  });

  it("a player moving between relays, and from a relay to the root: the old socket is replaced, the seat keeps its answer", async () => {
    const { game, h } = await relayedGame({ mode: "auto", perRelay: 1000, rootHint: "weur" }, games);
    const p = await joinAt(game.code, "Mover", "OC");
    // Someone who does not answer keeps the question open.
    const stay = await joinAt(game.code, "Stay", "EU");
    h.send({ type: "start" });
    const view = await p.client.next("question");
    p.client.send({ type: "answer", q: 0, answer: { choice: idOf(view, "b") } });
    await p.client.next("answered");
    // To Africa: another relay.
    const moved = await reconnect(game.code, p.token, "AF");
    const w = await moved.next("welcome");
    expect(w.me!.answered).toBe(true);
    await p.client.next("replaced");
    expect((await p.client.waitClosed()).code).toBe(CLOSE_CODES.replaced);
    expect((await relaySeats(game.code)).get(p.playerId)).toBe(`${game.code}:afr:0`);
    // Home, near the root: straight to the root.
    const home = await reconnect(game.code, p.token, "EU");
    expect((await home.next("welcome")).me!.answered).toBe(true);
    await moved.next("replaced");
    expect((await relaySeats(game.code)).has(p.playerId)).toBe(false);
    h.send({ type: "skip" });
    expect((await home.next("result")).correct).toBe(true);
    expect(await storedAnswers(game.code)).toHaveLength(1);
    // And out again, from the root to a relay: the root's socket is replaced, the seat stays connected.
    const away = await reconnect(game.code, p.token, "OC");
    await away.next("welcome");
    await home.next("replaced");
    expect((await relaySeats(game.code)).get(p.playerId)).toBe(`${game.code}:oc:0`);
    await home.waitClosed();
    const hw = await (await Client.host(game, (await makeUser("admin")).token)).next("welcome");
    expect(hw.players!.find((x) => x.playerId === p.playerId)?.connected).toBe(true);
    for (const c of [h, away, stay.client]) c.close();
  });
});

describe("relays: the host's controls", () => {
  it("pause, +time, extra time and kick reach relayed players; a kicked player cannot come back through a relay", async () => {
    const { game, h } = await relayedGame({ mode: "force", perRelay: 1 }, games);
    const a = await joinAt(game.code, "Ann");
    const b = await joinAt(game.code, "Bob");
    h.send({ type: "extraTime", playerId: b.playerId, factor: 2 });
    expect((await b.client.next("playerUpdated")).player.extraTime).toBe(2);
    h.send({ type: "start" });
    const [qa, qb] = await Promise.all([a.client.next("question"), b.client.next("question")]);
    // Bob's own variant: twice the time.
    expect(qb.question.timeLimit).toBe(qa.question.timeLimit * 2);
    h.send({ type: "pause" });
    expect((await a.client.next("timer")).paused).toBe(true);
    expect((await b.client.next("timer")).paused).toBe(true);
    await a.client.expectError({ type: "answer", q: 0, answer: { choice: 0 } }, "paused");
    h.send({ type: "resume" });
    await a.client.next("timer");
    h.send({ type: "addTime", seconds: 10 });
    const ta = await a.client.next("timer");
    expect(ta.closesInMs).toBeGreaterThan(20_000);
    h.send({ type: "kick", playerId: b.playerId });
    await b.client.next("kicked");
    expect((await b.client.waitClosed()).code).toBe(CLOSE_CODES.kicked);
    const back = await reconnect(game.code, b.token);
    await back.next("kicked");
    expect((await back.waitClosed()).code).toBe(CLOSE_CODES.kicked);
    // Ann alone now: her answer completes the question.
    a.client.send({ type: "answer", q: 0, answer: { choice: idOf(qa, "b") } });
    expect((await a.client.next("result")).playerCount).toBe(1);
    for (const c of [h, a.client]) c.close();
  });
});

describe("relays: presence and lost feed", () => {
  it("a relayed player who pinged and went quiet is swept by their relay; the host sees them leave and come back", async () => {
    const { game, h } = await relayedGame({ mode: "force", perRelay: 1000 }, games);
    const ann = await joinAt(game.code, "Ann");
    const ben = await joinAt(game.code, "Ben");
    const pong = new Promise<void>((resolve) =>
      ann.client.ws.addEventListener("message", (e) => e.data === "pong" && resolve()),
    );
    ann.client.ws.send("ping");
    await pong;
    const name = (await relaySeats(game.code)).get(ann.playerId)!;
    const sweep = (inMs: number) => runInDurableObject(relayOf(name), (r: Relay) => r.sweepSilent(Date.now() + inMs));
    expect(await sweep(0)).toBe(0);
    expect(await sweep(SILENT_AFTER_MS + 1000)).toBe(1);
    expect(await h.next("playerLeft")).toMatchObject({ playerId: ann.playerId, reason: "disconnected" });
    expect(ben.client.closed).toBeNull();
    expect((await relaySeats(game.code)).has(ann.playerId)).toBe(false);
    const back = await reconnect(game.code, ann.token);
    await back.next("welcome");
    expect((await h.next("playerUpdated")).player).toMatchObject({ playerId: ann.playerId, connected: true });
    for (const c of [h, back, ben.client]) c.close();
  });

  it("a relay that sees a gap in its feed (a root that committed entries it never sent) has its players reconnect and catch up", async () => {
    const { game, h } = await relayedGame({ mode: "force", perRelay: 1000 }, games);
    const p = await joinAt(game.code, "Gap");
    const name = (await relaySeats(game.code)).get(p.playerId)!;
    // A root run that numbers its entries past what this relay got.
    await relayOf(name).feed({ root: "another-run", seq: 1_000, sentAt: Date.now(), entries: [] });
    expect((await p.client.waitClosed()).code).toBe(1012);
    h.send({ type: "start" });
    const back = await reconnect(game.code, p.token);
    expect((await back.next("welcome")).phase).toBe("question");
    await back.next("question");
    for (const c of [h, back]) c.close();
  });
});

describe("relays: teams", () => {
  it("consensus picks reach exactly the team's members across relays, once each", async () => {
    const teacher = await makeUser("teacher");
    const quizId = await makeQuiz(teacher.id, [
      { type: "single", text: "First?", options: ["a", "b", "c"], correct: 2, timeLimit: 60 },
    ]);
    const game = await host(teacher.token, quizId, {
      readingTime: 0,
      teams: { mode: "consensus", count: 2 },
      accuracyOnly: true,
    });
    games.push(game);
    await roomOf(game.code).relayPolicy({ mode: "force", perRelay: 2 });
    const h = await Client.host(game, teacher.token);
    await h.next("welcome");
    // Placed t1, t2, t1, t2; relays fill in turn: Ann and Ben on one, Cat and Dan on another.
    const [ann, ben, cat, dan] = await Promise.all(
      ["Ann", "Ben", "Cat", "Dan"].map(async (n, i) => {
        await new Promise((r) => setTimeout(r, i * 30));
        return joinAt(game.code, n);
      }),
    );
    const seats = await relaySeats(game.code);
    expect(new Set(seats.values()).size).toBe(2);
    h.send({ type: "start" });
    const q = await ann.client.next("question");
    await Promise.all([ben, cat, dan].map((p) => p.client.next("question")));
    const first = ann;
    expect(first.team).toBeTruthy();
    first.client.send({ type: "answer", q: 0, answer: { choice: idOf(q, "a") } });
    await first.client.next("answered");
    const team = [ann, ben, cat, dan].filter((p) => p.team === first.team);
    const others = [ann, ben, cat, dan].filter((p) => p.team !== first.team);
    // The team's two members are on different relays.
    expect(team.length).toBe(2);
    expect(seats.get(team[0].playerId)).not.toBe(seats.get(team[1].playerId));
    for (const p of team) expect(await p.client.next("teamPick")).toMatchObject({ by: first.nickname });
    await new Promise((r) => setTimeout(r, 100));
    for (const p of team) expect(p.client.all("teamPick")).toHaveLength(1);
    for (const p of others) expect(p.client.all("teamPick")).toHaveLength(0);
    for (const c of [h, ann.client, ben.client, cat.client, dan.client]) c.close();
  });
});
