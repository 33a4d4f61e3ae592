// A whole game over real WebSockets through the worker: a host and three players play every
// question type, by the everyone-answered path and the timer path; nothing reveals an answer
// early; D1 ends up with the games, game_players and answers rows of what was played.
import { env } from "cloudflare:workers";
import { runDurableObjectAlarm } from "cloudflare:test";
import { describe, expect, it, vi } from "vitest";
import { drizzle } from "drizzle-orm/d1";
import { eq } from "drizzle-orm";
import { answers, events, gamePlayers, games } from "../schema/db.ts";
import { questionMsg, type ServerMessage } from "../schema/messages.ts";
import type { QuestionInput } from "../schema/quiz.ts";
import { Client, host, idOf, join, roomOf } from "./helpers/room-client.ts";
import { makeQuiz, makeUser } from "./helpers/fixtures.ts";

const QUESTIONS: QuestionInput[] = [
  { type: "single", text: "2+2?", options: ["3", "4", "5", "22"], correct: 1, explanation: "Arithmetic." },
  { type: "multi", text: "Primes?", options: ["2", "4", "5", "9"], correct: [0, 2], points: "double" },
  { type: "truefalse", text: "The sun is cold.", correct: false },
  { type: "text", text: "Capital of France?", accepted: ["Paris"] },
  { type: "order", text: "Smallest first", items: ["one", "two", "three", "four"] },
  { type: "slider", text: "How many?", min: 0, max: 100, step: 1, correct: 42, tolerance: 2 },
  { type: "poll", text: "Enjoying it?", options: ["Yes", "Very"] },
];

/** Strings or keys that would give an answer away if a player saw them before the reveal. */
function leaks(frame: ServerMessage, qi: number): string[] {
  const json = JSON.stringify(frame);
  const found: string[] = [];
  for (const key of ['"correct"', '"accepted"', '"tolerance"', '"explanation"', '"distribution"'])
    if (json.includes(key)) found.push(key);
  if (qi === 3 && json.includes("Paris")) found.push("Paris");
  if (qi === 0 && json.includes("Arithmetic")) found.push("explanation text");
  if (frame.type === "question") {
    // Exactly the public view: no extra field can carry anything.
    const strict = questionMsg.extend({ question: questionMsg.shape.question.strict() }).strict().safeParse(frame);
    if (!strict.success) found.push(`question shape: ${strict.error.message}`);
    // Whether the display order or the ids give the right order away is a property of their
    // distribution, not of one game: a uniform shuffle shows a 4-item ordering solved 1 time in 24.
    // test/rooms-ids.test.ts checks that over many games (and that the identity is as likely as any).
  }
  return found;
}

describe("a complete game", () => {
  it("host and three players through every question type; results land in D1", async () => {
    const teacher = await makeUser("teacher");
    const quizId = await makeQuiz(teacher.id, QUESTIONS);
    const game = await host(teacher.token, quizId, { readingTime: 0, shuffleOptions: true, leaderboard: "each" });
    expect(game.code).toMatch(/^[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{6}$/);
    expect(game.joinUrl).toBe(`http://qq.test/${game.code}`);
    const stub = roomOf(game.code);

    const h = await Client.host(game, teacher.token);
    const hw = await h.next("welcome");
    expect(hw).toMatchObject({ role: "host", phase: "lobby", questionCount: 7, playerCount: 0, players: [] });

    const seats = [await join(game.code, "Alice"), await join(game.code, "Bob"), await join(game.code, "Carol")];
    const [alice, bob, carol] = await Promise.all(seats.map((s) => Client.player(s)));
    for (const [i, c] of [alice, bob, carol].entries()) {
      const w = await c.next("welcome");
      expect(w).toMatchObject({
        role: "player",
        phase: "lobby",
        me: { nickname: seats[i].nickname, score: 0, streak: 0, answered: false },
      });
      expect(w.players).toBeUndefined();
    }
    expect((await h.next("playerJoined")).player.nickname).toBe("Alice");

    // Every frame a player receives is checked against the question being played until its reveal.
    const players = [alice, bob, carol];
    const checkedUpTo = [0, 0, 0];
    const assertNoLeak = (qi: number) => {
      players.forEach((p, k) => {
        for (const f of p.frames.slice(checkedUpTo[k]))
          expect(leaks(f, qi), `${f.type} before reveal ${qi}`).toEqual([]);
      });
    };
    const markRevealed = () => players.forEach((p, k) => (checkedUpTo[k] = p.frames.length));

    const scores = new Map<string, number>();
    const resultsOf = async (qi: number) => {
      const res = await Promise.all(players.map((p) => p.next("result")));
      for (const [k, r] of res.entries()) {
        expect(r.index).toBe(qi);
        expect(r.score).toBe((scores.get(seats[k].playerId) ?? 0) + r.points);
        scores.set(seats[k].playerId, r.score);
      }
      return res;
    };

    h.send({ type: "start" });
    // Picks are given by option text where ids matter: `id` finds the id this game shows for it.
    const play = async (
      qi: number,
      chooser: (unknown | null)[] | ((id: (text: string) => number) => (unknown | null)[]),
      close: "all" | "alarm",
    ) => {
      const views = await Promise.all(players.map((p) => p.next("question")));
      for (const v of views) expect(v.question.index).toBe(qi);
      const hq = await h.next("question");
      expect(hq.question.index).toBe(qi);
      // Everyone sees the same ids.
      for (const v of views) expect(v.question.options).toEqual(hq.question.options);
      const id = (text: string) => idOf(hq, text);
      const picks = typeof chooser === "function" ? chooser(id) : chooser;
      picks.forEach((answer, k) => answer !== null && players[k].send({ type: "answer", q: qi, answer }));
      for (const [k, answer] of picks.entries())
        if (answer !== null) expect((await players[k].next("answered")).index).toBe(qi);
      assertNoLeak(qi);
      if (close === "alarm") expect(await runDurableObjectAlarm(stub)).toBe(true);
      const reveal = await h.next("reveal");
      expect(reveal.index).toBe(qi);
      const results = await resultsOf(qi);
      markRevealed();
      return { views, reveal, results, id };
    };
    const toNext = async (qi: number) => {
      h.send({ type: "next" });
      const board = await h.next("leaderboard");
      expect(board.index).toBe(qi);
      h.send({ type: "next" });
    };

    // Q0 single, shuffled: ids are per game (a permutation of 0..n-1); the reveal speaks in them.
    let r = await play(0, (id) => [{ choice: id("4") }, { choice: id("3") }, { choice: id("4") }], "all");
    expect([...r.views[0].question.options!.map((o) => o.id)].sort()).toEqual([0, 1, 2, 3]);
    expect(r.reveal.correct).toEqual({ choice: r.id("4") });
    expect(r.reveal.explanation).toBe("Arithmetic.");
    expect(r.reveal.distribution.find((d) => d.id === r.id("4"))).toMatchObject({
      label: "4",
      count: 2,
      correct: true,
    });
    expect(r.reveal.distribution.find((d) => d.id === r.id("3"))).toMatchObject({
      label: "3",
      count: 1,
      correct: false,
    });
    expect(r.results.map((x) => [x.correct, x.streak])).toEqual([
      [true, 1],
      [false, 0],
      [true, 1],
    ]);
    for (const x of [r.results[0], r.results[2]])
      expect(x.points).toBeGreaterThanOrEqual(500), expect(x.points).toBeLessThanOrEqual(1000);
    expect(r.results[1].points).toBe(0);
    await toNext(0);

    // Q1 multi (double): exact set, partial set, a wrong pick.
    r = await play(
      1,
      (id) => [{ choices: [id("5"), id("2")] }, { choices: [id("2")] }, { choices: [id("2"), id("4")] }],
      "all",
    );
    expect(r.reveal.correct).toEqual({ choices: [r.id("2"), r.id("5")].sort() });
    expect(r.results.map((x) => [x.correct, x.streak])).toEqual([
      [true, 2],
      [false, 0],
      [false, 0],
    ]);
    expect(r.results[0].points).toBeGreaterThanOrEqual(1000 + 100);
    expect(r.results[1].points).toBeGreaterThanOrEqual(500);
    expect(r.results[1].points).toBeLessThanOrEqual(1000);
    expect(r.results[2].points).toBe(0);
    await toNext(1);

    // Q2 true/false: false is id 1.
    r = await play(2, [{ choice: 1 }, { choice: 1 }, { choice: 0 }], "all");
    expect(r.views[0].question.options).toEqual([
      { id: 0, labelKey: "true" },
      { id: 1, labelKey: "false" },
    ]);
    expect(r.reveal.correct).toEqual({ choice: 1 });
    expect(r.results.map((x) => [x.correct, x.streak])).toEqual([
      [true, 3],
      [true, 1],
      [false, 0],
    ]);
    expect(r.results[0].points).toBeGreaterThanOrEqual(500 + 200);
    await toNext(2);

    // Q3 text: case, spaces and diacritics do not matter.
    r = await play(3, [{ text: "  páris " }, { text: "Lyon" }, { text: "PARIS" }], "all");
    expect(r.reveal.correct).toEqual({ accepted: ["Paris"] });
    expect(r.reveal.distribution).toEqual([
      { labelKey: "correct", count: 2, correct: true },
      { labelKey: "wrong", count: 1, correct: false },
    ]);
    expect(r.results.map((x) => [x.correct, x.streak])).toEqual([
      [true, 4],
      [false, 0],
      [true, 1],
    ]);
    await toNext(3);

    // Q4 order: the exact order only, in the ids this game gave the items.
    const right = (id: (t: string) => number) => ["one", "two", "three", "four"].map(id);
    r = await play(
      4,
      (id) => [{ order: right(id) }, { order: ["two", "one", "three", "four"].map(id) }, { order: right(id) }],
      "all",
    );
    expect(r.reveal.correct).toEqual({ order: right(r.id) });
    expect(r.reveal.distribution.find((d) => d.id === r.id("three"))).toMatchObject({ label: "three", count: 3 });
    expect(r.reveal.distribution.find((d) => d.id === r.id("one"))).toMatchObject({ label: "one", count: 2 });
    expect(r.results.map((x) => x.correct)).toEqual([true, false, true]);
    await toNext(4);

    // Q5 slider, by the timer: Carol never answers.
    r = await play(5, [{ value: 43 }, { value: 50 }, null], "alarm");
    expect(r.reveal.correct).toEqual({ value: 42, tolerance: 2 });
    expect(r.results.map((x) => [x.answered, x.correct, x.streak])).toEqual([
      [true, true, 6],
      [true, false, 0],
      [false, false, 0],
    ]);
    expect(r.results[2].points).toBe(0);
    // Alice's sixth in a row: bonus capped at 500.
    expect(r.results[0].points).toBeGreaterThanOrEqual(500 + 500);
    await toNext(5);

    // Q6 poll: never correct, no points, streaks untouched; the last question goes to the podium.
    r = await play(6, (id) => [{ choice: id("Yes") }, { choice: id("Very") }, { choice: id("Very") }], "all");
    expect(r.reveal.correct).toBeNull();
    expect(r.reveal.distribution.map((d) => ["label" in d ? d.label : d.labelKey, d.count, d.correct])).toEqual(
      expect.arrayContaining([
        ["Yes", 1, null],
        ["Very", 2, null],
      ]),
    );
    expect(r.results.map((x) => [x.correct, x.points, x.streak])).toEqual([
      [null, 0, 6],
      [null, 0, 0],
      [null, 0, 0],
    ]);

    h.send({ type: "next" });
    const podium = await h.next("podium");
    const final = [...scores.entries()].sort((a, b) => b[1] - a[1]);
    expect(podium.top.map((e) => [e.playerId, e.score, e.rank])).toEqual(final.map(([id, s], i) => [id, s, i + 1]));
    expect(podium.top[0].nickname).toBe("Alice");
    for (const p of players) expect((await p.next("podium")).top).toEqual(podium.top);
    h.send({ type: "next" });
    expect(await h.next("ended")).toEqual({ type: "ended", reason: "finished" });

    // D1 has what was played.
    const db = drizzle(env.DB);
    await vi.waitFor(
      async () => expect((await db.select().from(games).where(eq(games.id, game.gameId)).get())?.status).toBe("ended"),
      { timeout: 5000 },
    );
    const row = (await db.select().from(games).where(eq(games.id, game.gameId)).get())!;
    expect(row).toMatchObject({ code: game.code, hostId: teacher.id, playerCount: 3, questionCount: 7 });
    expect(row.startedAt).toBeGreaterThan(0);
    expect(row.endedAt).toBeGreaterThanOrEqual(row.startedAt!);
    const gp = await db.select().from(gamePlayers).where(eq(gamePlayers.gameId, game.gameId)).all();
    expect(gp.map((p) => [p.playerId, p.score, p.rank]).sort()).toEqual(
      final.map(([id, s], i) => [id, s, i + 1]).sort(),
    );
    const aliceRow = gp.find((p) => p.playerId === seats[0].playerId)!;
    expect(aliceRow).toMatchObject({ nickname: "Alice", correctCount: 6, answeredCount: 7, kicked: false });
    const ans = await db.select().from(answers).where(eq(answers.gameId, game.gameId)).all();
    expect(ans).toHaveLength(20);
    const sumByPlayer = new Map<string, number>();
    for (const a of ans) sumByPlayer.set(a.playerId, (sumByPlayer.get(a.playerId) ?? 0) + a.points);
    for (const [id, s] of scores) expect(sumByPlayer.get(id)).toBe(s);
    expect(ans.find((a) => a.questionIndex === 3 && a.playerId === seats[1].playerId)).toMatchObject({
      answer: { text: "Lyon" },
      correct: false,
      points: 0,
    });
    expect(ans.filter((a) => a.questionIndex === 6).every((a) => a.correct === null)).toBe(true);
    // D1 keeps answers in the quiz's own indexes, whatever ids the game showed (reports rely on it).
    const stored = (qi: number, k: number) =>
      ans.find((a) => a.questionIndex === qi && a.playerId === seats[k].playerId)?.answer;
    expect(stored(0, 0)).toEqual({ choice: 1 });
    expect(stored(0, 1)).toEqual({ choice: 0 });
    expect(stored(1, 0)).toEqual({ choices: [2, 0] });
    expect(stored(4, 0)).toEqual({ order: [0, 1, 2, 3] });
    expect(stored(4, 1)).toEqual({ order: [1, 0, 2, 3] });
    expect(stored(6, 0)).toEqual({ choice: 0 });

    // Events: buffered in the room and flushed, one summary per question, never one row per answer.
    await vi.waitFor(
      async () => {
        const ev = await db.select().from(events).where(eq(events.gameId, game.gameId)).all();
        const types = ev.map((e) => e.type);
        expect(types.filter((t) => t === "answer.summary")).toHaveLength(7);
        expect(types.filter((t) => t === "question.show")).toHaveLength(7);
        expect(types).toEqual(
          expect.arrayContaining(["game.host", "game.start", "player.join", "question.reveal", "game.end"]),
        );
        expect(types).not.toContain("answer.submit");
        expect(ev.every((e) => e.ownerId === teacher.id)).toBe(true);
      },
      { timeout: 5000 },
    );
    // Nothing from the lobby reaches a player once the game has started (a stale count would confuse the screen).
    for (const p of players) {
      const firstQuestion = p.frames.findIndex((f) => f.type === "question");
      expect(p.frames.slice(firstQuestion).filter((f) => f.type === "lobby" || f.type === "playerJoined")).toEqual([]);
    }
    for (const c of [h, ...players]) c.close();
  });
});
