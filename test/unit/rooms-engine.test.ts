// The game rules driven directly, with an in-memory store and a clock the test moves: exact
// points from the room's clock (reading time, speed, RTT allowance, extra time, deadlines),
// and the state machine's phases, without sockets.
import { describe, expect, it } from "vitest";
import { rig } from "../helpers/game-rig.ts";

const SINGLE = { type: "single" as const, text: "?", options: ["a", "b"], correct: 1, timeLimit: 20 };

describe("game rules on the room's clock", () => {
  it("scores by response time after the reading time, exactly", async () => {
    const r = rig([SINGLE], { readingTime: 5 });
    const a = r.add("Ann");
    const b = r.add("Bob");
    r.hostSays({ type: "start" });
    expect(r.store.st).toMatchObject({ phase: "question", opensAt: r.now() + 5000, closesAt: r.now() + 25_000 });
    expect(r.alarms.at(-1)).toBe(r.now() + 25_000);
    r.advance(4999);
    expect(r.says(a, { type: "answer", q: 0, answer: { choice: 1 } })).toEqual([
      expect.objectContaining({ code: "not-open" }),
    ]);
    r.advance(1 + 5000); // 5 s after the options opened
    expect(r.says(a, { type: "answer", q: 0, answer: { choice: 1 } })).toEqual([]);
    expect(r.last(a, "answered")).toEqual({ type: "answered", index: 0 });
    r.advance(15_000); // exactly at the deadline: still in time, the slowest correct answer
    r.says(b, { type: "answer", q: 0, answer: { choice: 1 } });
    expect(r.last(a, "result")).toMatchObject({ correct: true, points: 875, rank: 1 });
    expect(r.last(b, "result")).toMatchObject({ correct: true, points: 500, rank: 2 });
  });

  it("an answer past the player's own limit is too late; extra time extends it", async () => {
    const r = rig([SINGLE], { readingTime: 0 });
    const a = r.add("Ann");
    const slow = r.add("Sol");
    r.hostSays({ type: "extraTime", playerId: slow, factor: 2 });
    r.hostSays({ type: "start" });
    // The question closes for everyone at the largest factor present.
    expect(r.store.st!.closesAt - r.store.st!.opensAt).toBe(40_000);
    expect(r.last(slow, "question").question).toMatchObject({ timeLimit: 40, closesInMs: 40_000 });
    expect(r.last(a, "question").question).toMatchObject({ timeLimit: 20, closesInMs: 20_000 });
    r.advance(20_001);
    expect(r.says(a, { type: "answer", q: 0, answer: { choice: 1 } })).toEqual([
      expect.objectContaining({ code: "too-late" }),
    ]);
    r.says(slow, { type: "answer", q: 0, answer: { choice: 1 } });
    // Ann can no longer answer, so Sol's answer completes the question without waiting for the alarm.
    expect(r.store.st!.phase).toBe("reveal");
    // 20 s of a 40 s limit: 750.
    expect(r.last(slow, "result")).toMatchObject({ correct: true, points: 750 });
    expect(r.last(a, "result")).toMatchObject({ answered: false, points: 0 });
  });

  it("subtracts half the best measured round trip, capped at 150 ms", async () => {
    const r = rig([SINGLE], { readingTime: 0 });
    const a = r.add("Ann");
    const probe = r.last(a, "probe");
    r.advance(200);
    r.says(a, { type: "probe", nonce: "wrong" });
    expect(r.store.ps.get(a)!.minRttMs).toBeNull();
    r.says(a, { type: "probe", nonce: probe.nonce });
    expect(r.store.ps.get(a)!.minRttMs).toBe(200);
    r.hostSays({ type: "start" });
    r.advance(4100);
    r.says(a, { type: "answer", q: 0, answer: { choice: 1 } });
    // 4100 − 100 = 4000 ms of 20 000: 1000 × (1 − 0.1) = 900.
    expect(r.last(a, "result")).toMatchObject({ points: 900 });
    expect(r.store.ans.get(0)!.get(a)!.responseMs).toBe(4000);
  });

  it("streak bonuses, partial multi-select and accuracy-only through the state machine", async () => {
    const qs = [
      SINGLE,
      SINGLE,
      { type: "multi" as const, text: "m", options: ["a", "b", "c"], correct: [0, 1] },
      SINGLE,
    ];
    const r = rig(qs, { readingTime: 0, accuracyOnly: true, leaderboard: "end" });
    const a = r.add("Ann");
    r.hostSays({ type: "start" });
    const play = (answer: object) => {
      r.advance(10_000);
      r.says(a, { type: "answer", q: r.store.st!.position, answer });
      const res = r.last(a, "result");
      r.hostSays({ type: "next" });
      return res;
    };
    expect(play({ choice: 1 })).toMatchObject({ points: 1000, streak: 1 });
    expect(play({ choice: 1 })).toMatchObject({ points: 1100, streak: 2 });
    // Half the right picks, no wrong one: half the points, and the streak resets.
    expect(play({ choices: [0] })).toMatchObject({ correct: false, points: 500, streak: 0 });
    expect(play({ choice: 1 })).toMatchObject({ points: 1000, streak: 1, score: 3600 });
    expect(r.store.st!.phase).toBe("podium");
    expect(r.last("host", "podium").top).toEqual([expect.objectContaining({ playerId: a, score: 3600, rank: 1 })]);
  });

  it("a next pressed again from a phase the game left moves nothing and lifts no pause", async () => {
    const r = rig([SINGLE, SINGLE], { readingTime: 0, leaderboard: "each" });
    const a = r.add("Ann");
    r.hostSays({ type: "start" });
    r.says(a, { type: "answer", q: 0, answer: { choice: 1 } });
    expect(r.store.st!.phase).toBe("reveal");
    expect(r.hostSays({ type: "next", from: "reveal" })).toEqual([]);
    expect(r.store.st!.phase).toBe("leaderboard");
    // The double click's second press: refused, the leaderboard stays.
    expect(r.hostSays({ type: "next", from: "reveal" })).toEqual([
      expect.objectContaining({ type: "error", code: "moved-on", for: "next" }),
    ]);
    expect(r.store.st).toMatchObject({ phase: "leaderboard", position: 0 });
    r.hostSays({ type: "pause" });
    r.hostSays({ type: "next", from: "reveal" });
    expect(r.store.st).toMatchObject({ phase: "leaderboard", paused: expect.objectContaining({ at: r.now() }) });
    // A press from the phase shown moves on (and lifts the pause, as any move by hand does).
    expect(r.hostSays({ type: "next", from: "leaderboard" })).toEqual([]);
    expect(r.store.st).toMatchObject({ phase: "question", position: 1, paused: null });
    r.says(a, { type: "answer", q: 1, answer: { choice: 1 } });
    r.hostSays({ type: "next", from: "reveal" });
    expect(r.store.st!.phase).toBe("podium");
    // The last reveal's double click no longer ends the game on its podium.
    expect(r.hostSays({ type: "next", from: "reveal" })).toEqual([expect.objectContaining({ code: "moved-on" })]);
    expect(r.store.st!.phase).toBe("podium");
    r.hostSays({ type: "next", from: "podium" });
    expect(r.store.st!.phase).toBe("ended");
  });

  it("ties break by lower total response time", async () => {
    const r = rig([SINGLE], { readingTime: 0 });
    const a = r.add("Ann");
    const b = r.add("Bob");
    r.hostSays({ type: "start" });
    r.advance(2000);
    r.says(b, { type: "answer", q: 0, answer: { choice: 0 } });
    r.advance(8000);
    r.says(a, { type: "answer", q: 0, answer: { choice: 0 } });
    // Both wrong, 0 points each: Bob answered faster.
    expect(r.last(b, "result")).toMatchObject({ score: 0, rank: 1 });
    expect(r.last(a, "result")).toMatchObject({ score: 0, rank: 2 });
  });

  it("a flood is told once per window and then dropped unanswered; bad frames count too; the next window is fresh", async () => {
    const r = rig([SINGLE], { readingTime: 0 });
    const a = r.add("Ann");
    const b = r.add("Bob");
    r.hostSays({ type: "start" });
    const replies = Array.from({ length: 1000 }, (_, i) =>
      r.says(a, i % 2 ? { type: "dance" } : { type: "answer", q: 7, answer: { choice: 0 } }),
    );
    // The first 20 frames are answered on their merits …
    expect(
      replies.slice(0, 20).every((x) => x.length === 1 && x[0].type === "error" && x[0].code !== "rate-limited"),
    ).toBe(true);
    // … the 21st is told it is over the limit, and the other 979 cost no reply at all.
    expect(replies[20]).toEqual([expect.objectContaining({ code: "rate-limited" })]);
    expect(replies.slice(21).every((x) => x.length === 0)).toBe(true);
    // Another player is not affected.
    expect(r.says(b, { type: "answer", q: 0, answer: { choice: 1 } })).toEqual([]);
    expect(r.last(b, "answered")).toEqual({ type: "answered", index: 0 });
    // Ann's budget comes back after the window; her answer then counts.
    r.advance(5000);
    expect(r.says(a, { type: "answer", q: 0, answer: { choice: 1 } })).toEqual([]);
    expect(r.store.st!.phase).toBe("reveal");
    expect(r.last(a, "result")).toMatchObject({ answered: true, correct: true });
  });

  it("a stale alarm does nothing; the alarm closes only the question it was set for", async () => {
    const r = rig([SINGLE, SINGLE], { readingTime: 0, autoAdvance: true });
    const a = r.add("Ann");
    r.hostSays({ type: "start" });
    r.hostSays({ type: "skip" });
    expect(r.store.st).toMatchObject({ phase: "reveal", timer: { kind: "advance", phase: "reveal" } });
    r.game.alarm(); // reveal → leaderboard
    expect(r.store.st!.phase).toBe("leaderboard");
    r.game.alarm(); // leaderboard → question 1
    expect(r.store.st).toMatchObject({ phase: "question", position: 1 });
    const before = structuredClone(r.store.st);
    r.advance(5000);
    r.says(a, { type: "answer", q: 1, answer: { choice: 1 } });
    expect(r.store.st!.phase).toBe("reveal");
    // The host moved on: an alarm for the closed question must not close anything again.
    r.store.st = { ...r.store.st!, timer: before!.timer };
    const revealsBefore = r.sent.filter((s) => s.msg.type === "reveal").length;
    r.game.alarm();
    expect(r.sent.filter((s) => s.msg.type === "reveal").length).toBe(revealsBefore);
    expect(r.store.st!.phase).toBe("reveal");
  });
});
