// A crowded room: a hundred players join, get every broadcast, answer in one burst and are each
// scored once, with no answer lost; a player kicked mid-question is out of it.
import { env } from "cloudflare:workers";
import { runInDurableObject } from "cloudflare:test";
import { describe, expect, it, vi } from "vitest";
import { drizzle } from "drizzle-orm/d1";
import { eq } from "drizzle-orm";
import { answers, gamePlayers } from "../schema/db.ts";
import { Client, host, join, roomOf } from "./helpers/room-client.ts";
import { makeQuiz, makeUser } from "./helpers/fixtures.ts";

const N = 100;

describe("a crowded room", () => {
  it(`${N} players answer at once: every answer is scored, ranks are a permutation, D1 has them all`, async () => {
    const teacher = await makeUser("teacher");
    const quizId = await makeQuiz(teacher.id, [
      { type: "single", text: "Pick b", options: ["a", "b", "c", "d"], correct: 1 },
      { type: "multi", text: "Pick a and c", options: ["a", "b", "c", "d"], correct: [0, 2] },
    ]);
    const game = await host(teacher.token, quizId, { readingTime: 0, leaderboard: "end" });
    const h = await Client.host(game, teacher.token);
    await h.next("welcome");
    const seats = await Promise.all(Array.from({ length: N }, (_, i) => join(game.code, `Player ${i}`)));
    expect(new Set(seats.map((s) => s.playerId)).size).toBe(N);
    const players = await Promise.all(seats.map((s) => Client.player(s, { autoProbe: false })));
    await Promise.all(players.map((p) => p.next("welcome")));

    h.send({ type: "start" });
    await Promise.all(players.map((p) => p.next("question")));
    // Player i picks option i % 4: a quarter are right.
    players.forEach((p, i) => p.send({ type: "answer", q: 0, answer: { choice: i % 4 } }));
    await Promise.all(players.map((p) => p.next("answered")));
    const reveal = await h.next("reveal");
    expect(reveal.answered).toBe(N);
    expect(reveal.distribution.map((d) => d.count)).toEqual([N / 4, N / 4, N / 4, N / 4]);
    const results = await Promise.all(players.map((p) => p.next("result")));
    results.forEach((r, i) => expect(r.correct).toBe(i % 4 === 1));
    expect(results.map((r) => r.rank).sort((a, b) => a - b)).toEqual(Array.from({ length: N }, (_, i) => i + 1));
    // Every right answer outranks every wrong one.
    const worstRight = Math.max(...results.filter((r) => r.correct).map((r) => r.rank));
    const bestWrong = Math.min(...results.filter((r) => !r.correct).map((r) => r.rank));
    expect(worstRight).toBeLessThan(bestWrong);
    // Coalesced: the host never got more live counts than there were answers (plus the opening zero).
    expect(h.all("answerCount").length).toBeLessThanOrEqual(N + 1);
    expect(h.all("answerCount").at(-1)).toMatchObject({ index: 0 });
    // Nobody saw anyone else's answer or result: no frame so far names another player.
    const ids = seats.map((s) => s.playerId);
    for (const [i, p] of players.entries()) {
      expect(p.all("answered")).toHaveLength(1);
      expect(p.all("result")).toEqual([expect.objectContaining({ index: 0 })]);
      const seen = p.frames.map((f) => JSON.stringify(f)).join("\n");
      expect(ids.filter((id, j) => j !== i && seen.includes(id))).toEqual([]);
    }

    // Question 2: one player is kicked after answering; the rest answer and the question closes.
    h.send({ type: "next" });
    await Promise.all(players.map((p) => p.next("question")));
    players[0].send({ type: "answer", q: 1, answer: { choices: [0, 2] } });
    await players[0].next("answered");
    h.send({ type: "kick", playerId: seats[0].playerId });
    await players[0].next("kicked");
    players.slice(1).forEach((p, i) => p.send({ type: "answer", q: 1, answer: { choices: i % 2 ? [0, 2] : [0] } }));
    const reveal2 = await h.next("reveal");
    expect(reveal2.answered).toBe(N - 1);
    const results2 = await Promise.all(players.slice(1).map((p) => p.next("result")));
    expect(results2.every((r) => r.playerCount === N - 1)).toBe(true);
    h.send({ type: "next" });
    const podium = await h.next("podium");
    expect(podium.top).toHaveLength(3);
    expect(podium.top.map((t) => t.playerId)).not.toContain(seats[0].playerId);

    const db = drizzle(env.DB);
    await vi.waitFor(
      async () =>
        expect(await db.select().from(gamePlayers).where(eq(gamePlayers.gameId, game.gameId)).all()).toHaveLength(N),
      { timeout: 10_000 },
    );
    const rows = await db.select().from(answers).where(eq(answers.gameId, game.gameId)).all();
    expect(rows).toHaveLength(N + N);
    expect(rows.find((a) => a.questionIndex === 1 && a.playerId === seats[0].playerId)).toMatchObject({ points: 0 });
    const kicked = (await db.select().from(gamePlayers).where(eq(gamePlayers.gameId, game.gameId)).all()).find(
      (p) => p.playerId === seats[0].playerId,
    );
    expect(kicked).toMatchObject({ kicked: true, rank: 0 });
    await runInDurableObject(roomOf(game.code), (_r, s) => s.storage.deleteAlarm());
    for (const c of [h, ...players]) c.close();
  });
});

describe("the lobby count in a big room", () => {
  it("is sent less often as the room grows, so a join wave costs about 1,000 lobby frames a second", async () => {
    const { lobbyIntervalMs } = await import("../rooms/live/delivery.ts");
    expect(lobbyIntervalMs(0)).toBe(250);
    expect(lobbyIntervalMs(100)).toBe(250);
    expect(lobbyIntervalMs(1000)).toBe(1000);
    expect(lobbyIntervalMs(5000)).toBe(2000);
    for (const n of [300, 800, 1500]) expect((n * 1000) / lobbyIntervalMs(n)).toBeCloseTo(1000, -1);
    for (let n = 0; n < 3000; n += 250) expect(lobbyIntervalMs(n + 250)).toBeGreaterThanOrEqual(lobbyIntervalMs(n));
  });
});
