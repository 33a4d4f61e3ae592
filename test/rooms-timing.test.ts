// Who a question waits for, the clock the host holds (pause, resume, added and extra time), the
// grace after a restart, ghost seats, the reconnect-event cap and the host's typed answers:
// against the real room in workerd, over real sockets.
import { env } from "cloudflare:workers";
import { evictDurableObject, runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import type { QuestionInput } from "../schema/quiz.ts";
import type { GameState } from "../rooms/live/types.ts";
import { RESTART_GRACE_MS } from "../rooms/live/pause.ts";
import { RECONNECT_EVENTS_PER_SEAT } from "../rooms/live/connect.ts";
import { GHOST_AFTER_MS } from "../rooms/live/joining.ts";
import { Client, hostedGames, hostedRoom, idOf, join, joinRaw, joinSocket, roomOf } from "./helpers/room-client.ts";
import { allStoredAnswers } from "../rooms/live/answer-log.ts";

const used = hostedGames();

const SINGLE: QuestionInput[] = [
  { type: "single", text: "First?", options: ["a", "b", "c"], correct: 2, timeLimit: 20 },
  { type: "single", text: "Second?", options: ["a", "b"], correct: 0, timeLimit: 20 },
];

type StoredState = Omit<GameState, "position" | "timer"> & { q: number; timer: { at: number } | null };

function roomState(code: string): Promise<StoredState> {
  return runInDurableObject(roomOf(code), (_r, s) => {
    const row = s.storage.sql.exec<{ value: string }>("SELECT value FROM meta WHERE key = 'state'").toArray()[0];
    return JSON.parse(row.value) as StoredState;
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("early close", () => {
  it("waits for every player still in the game: a Wi-Fi blip that drops most sockets closes nothing", async () => {
    const { game, h, seats, clients } = await hostedRoom(used, SINGLE, ["Ann", "Ben", "Cy", "Di"]);
    h.send({ type: "start" });
    const views = await Promise.all(clients.map((c) => c.next("question")));
    clients[0].send({ type: "answer", q: 0, answer: { choice: idOf(views[0], "c") } });
    await clients[0].next("answered");
    // Three of four drop at once: the one who answered is all that is left connected.
    for (const c of clients.slice(1)) c.close();
    await sleep(300);
    expect((await roomState(game.code)).phase).toBe("question");
    expect(h.all("reveal")).toHaveLength(0);
    const count = await h.next("answerCount");
    expect(count.expected).toBe(4);
    // They come back and answer: the last answer closes it, the final count first.
    const back = await Promise.all(seats.slice(1).map((s) => Client.player(s)));
    for (const c of back) {
      const v = await c.next("question");
      c.send({ type: "answer", q: 0, answer: { choice: idOf(v, "a") } });
      await c.next("answered");
    }
    await h.next("reveal");
    const frames = h.frames.map((f) => f.type);
    const revealAt = frames.indexOf("reveal");
    const last = h.frames
      .slice(0, revealAt)
      .filter((f) => f.type === "answerCount")
      .pop();
    expect(last).toMatchObject({ type: "answerCount", answered: 4, expected: 4 });
    expect(frames[revealAt - 1]).toBe("answerCount");
    for (const c of [h, clients[0], ...back]) c.close();
  });

  it("does not wait for a player already away when the question was shown, until they connect", async () => {
    const { game, h, clients } = await hostedRoom(used, SINGLE, ["Eve", "Fay"]);
    clients[1].close();
    await h.next("playerLeft");
    h.send({ type: "start" });
    const v = await clients[0].next("question");
    expect((await h.next("answerCount")).expected).toBe(1);
    expect((await roomState(game.code)).waived).toHaveLength(1);
    clients[0].send({ type: "answer", q: 0, answer: { choice: idOf(v, "c") } });
    expect((await h.next("reveal")).answered).toBe(1);
    for (const c of [h, clients[0]]) c.close();
  });

  it("a kicked player no longer counts: kicking the last one who has not answered closes the question", async () => {
    const { h, seats, clients } = await hostedRoom(used, SINGLE, ["Gil", "Hal"]);
    h.send({ type: "start" });
    const v = await clients[0].next("question");
    clients[0].send({ type: "answer", q: 0, answer: { choice: idOf(v, "c") } });
    await clients[0].next("answered");
    clients[1].close();
    await sleep(100);
    expect(h.all("reveal")).toHaveLength(0);
    h.send({ type: "kick", playerId: seats[1].playerId });
    await h.next("reveal");
    const frames = h.frames.slice(
      0,
      h.frames.findIndex((f) => f.type === "reveal"),
    );
    expect(frames.filter((f) => f.type === "answerCount").pop()).toMatchObject({ answered: 1, expected: 1 });
    for (const c of [h, clients[0]]) c.close();
  });
});

describe("restart grace", () => {
  it("after a restart with a question open, a deadline within the grace moves to its end; returners are answered", async () => {
    const { game, h, seats, clients } = await hostedRoom(
      used,
      [{ type: "single", text: "Quick?", options: ["a", "b"], correct: 1, timeLimit: 5 }],
      ["Ida", "Jo"],
    );
    h.send({ type: "start" });
    await Promise.all(clients.map((c) => c.next("question")));
    // The runtime dies: every socket is gone, the object starts again on its storage.
    for (const c of [h, ...clients]) c.close();
    await sleep(100);
    const before = await roomState(game.code);
    await evictDurableObject(roomOf(game.code));
    const after = await roomState(game.code);
    const now = Date.now();
    expect(before.timer!.at).toBeLessThan(now + RESTART_GRACE_MS - 1000);
    expect(after.timer!.at).toBeGreaterThanOrEqual(now + RESTART_GRACE_MS - 1500);
    expect(after.closesAt - before.closesAt).toBe(after.addedMs);
    expect(after.opensAt).toBe(before.opensAt);
    expect(after.closesAt).toBe(after.timer!.at);
    // A returner gets the true remaining time and is answered, not refused.
    const back = await Client.player(seats[0]);
    const v = await back.next("question");
    expect(v.question.closesInMs).toBeGreaterThan(RESTART_GRACE_MS - 2000);
    back.send({ type: "answer", q: 0, answer: { choice: idOf(v, "b") } });
    await back.next("answered").catch((e) => {
      throw new Error(`${e.message} ${JSON.stringify(back.all("error"))}`);
    });
    // The other never comes back: the (moved) deadline closes the question.
    expect(await runDurableObjectAlarm(roomOf(game.code))).toBe(true);
    expect((await back.next("result")).correct).toBe(true);
    back.close();
  });
});

describe("ghost seats", () => {
  it("a seat whose join never reached its client frees its nickname; a seat ever used never does; D1 has no ghost", async () => {
    const { game, h, clients } = await hostedRoom(used, SINGLE, ["Kim"]);
    // A socket join whose welcome is never answered (the client died): unconfirmed, then gone.
    const ghost = await joinSocket(game.code, "Lou", { headers: {} });
    const welcome = await ghost.next("welcome");
    ghost.close();
    await h.next("playerLeft");
    // An HTTP join that never connects is a ghost too.
    const httpGhost = await join(game.code, "Max");
    // A seat that connected with its token was used: its nickname stays taken.
    const used1 = await join(game.code, "Ned");
    const c = await Client.player(used1);
    await c.next("welcome");
    c.close();
    await h.next("playerLeft");
    // Too soon: a seat may still be on its way to its client (two players picking one name at once).
    expect((await joinRaw(game.code, { nickname: "Lou" })).status).toBe(409);
    await sleep(GHOST_AFTER_MS + 200);

    const lou = await joinSocket(game.code, "lou");
    const w2 = await lou.next("welcome");
    expect(w2.me!.playerId).not.toBe(welcome.me!.playerId);
    const left = h.all("playerLeft").find((m) => m.playerId === welcome.me!.playerId && m.reason === "abandoned");
    expect(left).toBeTruthy();
    const max = await joinRaw(game.code, { nickname: "Max" });
    expect(max.status).toBe(201);
    expect(((await max.json()) as { playerId: string }).playerId).not.toBe(httpGhost.playerId);
    expect((await joinRaw(game.code, { nickname: "Ned" })).status).toBe(409);
    // A connected but silent ghost is not replaced (it has a socket).
    expect((await joinRaw(game.code, { nickname: "Lou" })).status).toBe(409);

    // The game ends: D1's players are the real ones only (Kim, Lou again, Ned; not the old Lou or Max rows).
    h.send({ type: "end" });
    await h.next("ended");
    await sleep(500);
    const rows = await env.DB.prepare("SELECT player_id FROM game_players WHERE game_id = ?")
      .bind(game.gameId)
      .all<{ player_id: string }>();
    const ids = rows.results.map((r) => r.player_id);
    expect(ids).not.toContain(welcome.me!.playerId);
    expect(ids).not.toContain(httpGhost.playerId);
    expect(ids).toContain(used1.playerId);
    expect(ids).toContain(w2.me!.playerId);
    for (const x of [h, lou, ...clients]) x.close();
  }, 30_000);
});

describe("reconnect churn", () => {
  it("300 connect-and-drop cycles of one seat log at most the cap of reconnect events, then one summary", async () => {
    const { game, h, seats, clients } = await hostedRoom(used, SINGLE, ["Oz"]);
    clients[0].close();
    for (let i = 0; i < 300; i++) {
      const c = await Client.player(seats[0]);
      await c.next("welcome");
      c.close();
      await c.waitClosed().catch(() => {});
    }
    await sleep(1500);
    const inRoom = await runInDurableObject(roomOf(game.code), (_r, s) =>
      s.storage.sql
        .exec<{ data: string }>("SELECT data FROM events")
        .toArray()
        .map((r) => JSON.parse(r.data) as { type: string; actorId: string }),
    );
    const inD1 = await env.DB.prepare("SELECT type, actor_id AS actorId FROM events WHERE game_id = ?")
      .bind(game.gameId)
      .all<{ type: string; actorId: string }>();
    const all = [...inRoom, ...inD1.results].filter((e) => e.actorId === seats[0].playerId);
    expect(all.filter((e) => e.type === "player.reconnect")).toHaveLength(RECONNECT_EVENTS_PER_SEAT);
    expect(all.filter((e) => e.type === "player.reconnect_churn")).toHaveLength(1);
    // Leaving is capped alike: a few dozen rows, not hundreds.
    expect(all.length).toBeLessThan(3 * RECONNECT_EVENTS_PER_SEAT + 5);
    h.close();
  }, 60_000);
});

describe("pause, resume, added time", () => {
  it("pause freezes the countdown and refuses answers; it survives eviction and the alarm does not close; resume restores the exact time", async () => {
    const { teacher, game, h, seats, clients } = await hostedRoom(used, SINGLE, ["Pam", "Quy"]);
    h.send({ type: "start" });
    const [v] = await Promise.all(clients.map((c) => c.next("question")));
    await sleep(200);
    h.send({ type: "pause" });
    const t = await h.next("timer");
    expect(t.paused).toBe(true);
    const pt = await clients[0].next("timer");
    expect(pt.paused).toBe(true);
    expect(pt.closesInMs).toBeLessThan(v.question.closesInMs);
    await clients[0].expectError({ type: "answer", q: 0, answer: { choice: idOf(v, "c") } }, "paused");
    await h.expectError({ type: "pause" }, "wrong-phase");
    const paused = await roomState(game.code);
    expect(paused.timer).toBeNull();
    expect(paused.paused!.leftMs).toBe(paused.paused!.timer!.at - paused.paused!.at);

    // Eviction (and time passing) change nothing: no alarm closes it, the frozen time is the same.
    for (const c of [h, ...clients]) c.close();
    await evictDurableObject(roomOf(game.code));
    await sleep(400);
    expect(await runDurableObjectAlarm(roomOf(game.code))).toBe(false);
    const still = await roomState(game.code);
    expect(still.phase).toBe("question");
    expect(still.paused).toEqual(paused.paused);
    const back = await Client.player(seats[0]);
    const w = await back.next("welcome");
    expect(w.paused).toBe(true);
    const q = await back.next("question");
    expect(q.question.paused).toBe(true);
    expect(q.question.closesInMs).toBe(pt.closesInMs);
    // Add time while paused, then resume: the timer runs again with exactly what it had left, plus the added time.
    const teacherHost = await Client.host(game, teacher.token);
    expect((await teacherHost.next("welcome")).paused).toBe(true);
    teacherHost.send({ type: "addTime", seconds: 10 });
    expect((await back.next("timer")).closesInMs).toBe(pt.closesInMs + 10_000);
    const resumedAt = Date.now();
    teacherHost.send({ type: "resume" });
    const r = await back.next("timer");
    expect(r.paused).toBe(false);
    expect(r.closesInMs).toBeGreaterThan(pt.closesInMs + 10_000 - 300);
    const resumed = await roomState(game.code);
    expect(resumed.timer!.at - resumedAt).toBeGreaterThanOrEqual(paused.paused!.leftMs + 10_000 - 50);
    expect(resumed.timer!.at - resumedAt).toBeLessThanOrEqual(paused.paused!.leftMs + 10_000 + 300);
    // The pause is not response time: an answer right after resume is quick.
    back.send({ type: "answer", q: 0, answer: { choice: idOf(q, "c") } });
    await back.next("answered");
    const responseMs = await runInDurableObject(roomOf(game.code), (_r, s) => {
      const [row] = allStoredAnswers(s.storage.sql);
      return row.responseMs;
    });
    expect(responseMs).toBeLessThan(200 + 300);
    const events = await runInDurableObject(roomOf(game.code), (_r, s) =>
      s.storage.sql
        .exec<{ data: string }>("SELECT data FROM events")
        .toArray()
        .map((e) => (JSON.parse(e.data) as { type: string }).type),
    );
    const d1 = await env.DB.prepare("SELECT type FROM events WHERE game_id = ?")
      .bind(game.gameId)
      .all<{ type: string }>();
    const types = [...events, ...d1.results.map((e) => e.type)];
    for (const ty of ["game.pause", "game.resume", "question.add_time"]) expect(types).toContain(ty);
    for (const c of [teacherHost, back]) c.close();
  });
});

describe("typed answers for the host", () => {
  it("hosts get the most common typed answers grouped ignoring case, as most often written; players never; hideEntry hides one", async () => {
    const { teacher, game, h, clients } = await hostedRoom(
      used,
      [{ type: "text", text: "Capital of France?", accepted: ["Paris"], timeLimit: 20 }],
      ["Rae", "Sol", "Tam", "Uma"],
    );
    h.send({ type: "start" });
    await Promise.all(clients.map((c) => c.next("question")));
    ["paris", "Paris ", "paris", "Lyon"].forEach((text, i) =>
      clients[i].send({ type: "answer", q: 0, answer: { text } }),
    );
    await h.next("reveal");
    const typed = await h.next("typed");
    expect(typed.entries).toEqual([
      { key: "paris", text: "paris", count: 3, correct: true },
      { key: "lyon", text: "Lyon", count: 1, correct: false },
    ]);
    await Promise.all(clients.map((c) => c.next("result")));
    for (const c of clients) expect(c.all("typed")).toHaveLength(0);
    await clients[0].expectError({ type: "hideEntry", index: 0, key: "lyon" }, "forbidden");
    h.send({ type: "hideEntry", index: 0, key: "lyon" });
    expect((await h.next("typed")).entries.map((e) => e.key)).toEqual(["paris"]);
    await h.expectError({ type: "hideEntry", index: 0, key: "lyon" }, "bad-message");
    const h2 = await Client.host(game, teacher.token);
    expect((await h2.next("typed")).entries.map((e) => e.key)).toEqual(["paris"]);
    for (const c of [h, h2, ...clients]) c.close();
  });
});

describe("pause outside a question", () => {
  it("pause holds an auto-advancing reveal (no alarm while paused); resume gives back what it had left", async () => {
    const { h, clients, stub } = await hostedRoom(used, SINGLE, ["Vic"], { autoAdvance: true, leaderboard: "each" });
    h.send({ type: "start" });
    await clients[0].next("question");
    h.send({ type: "skip" });
    await h.next("reveal");
    await h.expectError({ type: "addTime", seconds: 10 }, "wrong-phase");
    h.send({ type: "pause" });
    const t = await clients[0].next("timer");
    expect(t).toMatchObject({ paused: true, closesInMs: 0 });
    expect(t.autoAdvanceInMs).toBeGreaterThan(4000);
    expect(t.autoAdvanceInMs).toBeLessThanOrEqual(5000);
    await sleep(300);
    expect(await runDurableObjectAlarm(stub)).toBe(false);
    h.send({ type: "resume" });
    const r = await clients[0].next("timer");
    expect(r.paused).toBe(false);
    expect(Math.abs(r.autoAdvanceInMs! - t.autoAdvanceInMs!)).toBeLessThan(100);
    expect(await runDurableObjectAlarm(stub)).toBe(true);
    await clients[0].next("leaderboard");
    for (const c of [h, ...clients]) c.close();
  });
});
