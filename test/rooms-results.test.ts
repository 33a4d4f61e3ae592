// The room keeps the results until D1 has them: a failed write stays pending and is retried by
// the alarm. Looking up a code that was never hosted leaves no storage behind.
import { env } from "cloudflare:workers";
import { runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { describe, expect, it, vi } from "vitest";
import { drizzle } from "drizzle-orm/d1";
import { eq } from "drizzle-orm";
import { answers, gamePlayers, games } from "../schema/db.ts";
import type { GameState } from "../rooms/live/types.ts";
import { Client, host, join, roomOf } from "./helpers/room-client.ts";
import { makeQuiz, makeUser } from "./helpers/fixtures.ts";
import { api } from "./helpers/api.ts";

const roomState = (code: string) =>
  runInDurableObject(
    roomOf(code),
    (_r, s) =>
      JSON.parse(
        s.storage.sql.exec<{ value: string }>("SELECT value FROM meta WHERE key = 'state'").one().value,
      ) as GameState,
  );

describe("results and storage", () => {
  it("a failed D1 write keeps the results in the room; the alarm retries until D1 has them", async () => {
    const teacher = await makeUser("teacher");
    const quizId = await makeQuiz(teacher.id, [{ type: "single", text: "Q", options: ["a", "b"], correct: 1 }]);
    const game = await host(teacher.token, quizId, { readingTime: 0 });
    const h = await Client.host(game, teacher.token);
    const seat = await join(game.code, "Vic");
    const p = await Client.player(seat);
    await p.next("welcome");
    h.send({ type: "start" });
    await p.next("question");
    p.send({ type: "answer", q: 0, answer: { choice: 1 } });
    const result = await p.next("result");

    // D1 refuses the write: the answers table is briefly missing.
    await env.DB.exec("ALTER TABLE answers RENAME TO answers_away");
    h.send({ type: "next" });
    await h.next("podium");
    await vi.waitFor(async () => expect((await roomState(game.code)).resultsAttempts).toBe(1), { timeout: 5000 });
    const pending = await roomState(game.code);
    expect(pending).toMatchObject({ phase: "podium", resultsPending: true });
    expect(pending.resultsRetryAt).toBeGreaterThan(Date.now());
    expect(await runInDurableObject(roomOf(game.code), (_r, s) => s.storage.getAlarm())).not.toBeNull();
    const db = drizzle(env.DB);
    expect((await db.select().from(games).where(eq(games.id, game.gameId)).get())?.status).toBe("running");
    expect(await db.select().from(gamePlayers).where(eq(gamePlayers.gameId, game.gameId)).all()).toEqual([]);

    // D1 is back; the retry alarm writes everything.
    await env.DB.exec("ALTER TABLE answers_away RENAME TO answers");
    expect(await runDurableObjectAlarm(roomOf(game.code))).toBe(true);
    const done = await roomState(game.code);
    expect(done).toMatchObject({ resultsPending: false });
    expect(done.cleanupAt).toBeGreaterThan(Date.now() + 3600_000);
    expect(await db.select().from(games).where(eq(games.id, game.gameId)).get()).toMatchObject({
      status: "ended",
      playerCount: 1,
    });
    expect(await db.select().from(gamePlayers).where(eq(gamePlayers.gameId, game.gameId)).all()).toEqual([
      expect.objectContaining({ playerId: seat.playerId, score: result.score, rank: 1, correctCount: 1 }),
    ]);
    expect(await db.select().from(answers).where(eq(answers.gameId, game.gameId)).all()).toEqual([
      expect.objectContaining({
        questionIndex: 0,
        playerId: seat.playerId,
        answer: { choice: 1 },
        correct: true,
        points: result.points,
      }),
    ]);
    // Writing again (a duplicate retry) changes nothing.
    await runInDurableObject(roomOf(game.code), async (room: import("../rooms/live/room.ts").Room) => {
      await room.flushResults();
    });
    expect(await db.select().from(answers).where(eq(answers.gameId, game.gameId)).all()).toHaveLength(1);
    await runInDurableObject(roomOf(game.code), (_r, s) => s.storage.deleteAlarm());
    h.close();
    p.close();
  });

  it("looking up, joining or connecting to a code never hosted leaves no storage", async () => {
    const code = "WXYZ23";
    expect((await api(`/api/rooms/${code}`)).status).toBe(404);
    expect(
      (
        await api(`/api/rooms/${code}/join`, {
          method: "POST",
          json: { nickname: "x" },
          headers: { "CF-Connecting-IP": "10.9.9.9" },
        })
      ).status,
    ).toBe(404);
    const tables = await runInDurableObject(roomOf(code), (_r, s) =>
      s.storage.sql
        .exec<{ name: string }>("SELECT name FROM sqlite_master WHERE type = 'table'")
        .toArray()
        .map((t) => t.name),
    );
    expect(tables).not.toContain("meta");
    expect(tables).not.toContain("players");
  });
});
