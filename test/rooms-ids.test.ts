// Option and item ids are per game, so an id never gives the answer away: ordering items are
// stored in their right order, and before ids were randomised "send the ids sorted ascending"
// was always correct. Pure properties of the mapping, then many real hosted games.
import { env } from "cloudflare:workers";
import { evictDurableObject, runInDurableObject } from "cloudflare:test";
import { describe, expect, it, vi } from "vitest";
import { drizzle } from "drizzle-orm/d1";
import { and, eq } from "drizzle-orm";
import fc from "fast-check";
import { answers, games } from "../schema/db";
import { question, type Question } from "../schema/quiz";
import { checkAnswer, correctAnswerOf, fromPlayerIds, toPlayerIds } from "../rooms/answers";
import { optionIds, scrambled } from "../rooms/shuffle";
import { Client, host, idOf, join, roomOf } from "./helpers/room-client";
import { makeQuiz, makeUser } from "./helpers/fixtures";

const identity = (n: number) => Array.from({ length: n }, (_, i) => i);

describe("per-game ids (pure)", () => {
  const orderQ = (n: number) =>
    question.parse({ type: "order", text: "o", items: identity(n).map((i) => `item ${i}`) }) as Question;

  it("ordering ids are a permutation that is never the identity, whatever the random source", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 3, max: 6 }),
        fc.array(fc.double({ min: 0, max: 0.999999, noNaN: true }), { minLength: 1, maxLength: 64 }),
        fc.boolean(),
        (n, draws, shuffle) => {
          let k = 0;
          const random = () => draws[k++ % draws.length];
          const [ids] = optionIds([orderQ(n)], shuffle, random);
          expect([...ids].sort()).toEqual(identity(n));
          expect(ids).not.toEqual(identity(n));
          // The ids sorted ascending, mapped back, are never the right order.
          expect(checkAnswer(orderQ(n), fromPlayerIds(ids, { order: identity(n) })).correct).toBe(false);
        },
      ),
    );
    // Even a source stuck on one value (Fisher–Yates then yields the identity).
    expect(scrambled(4, () => 0.999999)).not.toEqual(identity(4));
  });

  it("answers map back to quiz indexes and the reveal maps forward: the right answer in ids is scored right", () => {
    fc.assert(
      fc.property(fc.integer({ min: 3, max: 6 }), fc.integer({ min: 2, max: 6 }), fc.nat(), (n, m, seed) => {
        let x = seed;
        const random = () => (x = (x * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
        const qs = [
          orderQ(n),
          question.parse({
            type: "single",
            text: "s",
            options: identity(m).map(String),
            correct: seed % m,
          }) as Question,
          question.parse({
            type: "multi",
            text: "m",
            options: identity(m).map(String),
            correct: [0, m - 1],
          }) as Question,
        ];
        const ids = optionIds(qs, true, random);
        qs.forEach((q, i) => {
          const shown = toPlayerIds(ids[i], correctAnswerOf(q))!;
          const back = fromPlayerIds(
            ids[i],
            "order" in shown
              ? { order: shown.order }
              : "choice" in shown
                ? { choice: shown.choice }
                : { choices: (shown as { choices: number[] }).choices },
          );
          expect(checkAnswer(q, back).correct).toBe(true);
        });
        // An id that names nothing stays out of range.
        expect(fromPlayerIds(ids[1], { choice: 5 })).toEqual(m > 5 ? { choice: ids[1].indexOf(5) } : { choice: 5 + m });
      }),
    );
  });

  it("without shuffleOptions, choice ids are the indexes the display shows anyway; true/false is fixed", () => {
    const qs = [
      question.parse({ type: "single", text: "s", options: ["a", "b", "c"], correct: 0 }) as Question,
      question.parse({ type: "truefalse", text: "t", correct: true }) as Question,
    ];
    expect(optionIds(qs, false)).toEqual([
      [0, 1, 2],
      [0, 1],
    ]);
    expect(optionIds(qs, true)[1]).toEqual([0, 1]);
    // A game stored before ids existed keeps its indexes as ids.
    expect(fromPlayerIds(undefined, { order: [2, 0, 1] })).toEqual({ order: [2, 0, 1] });
  });
});

describe("per-game ids (hosted games)", () => {
  const ITEMS = ["alpha", "beta", "gamma"];

  it("over many games, an ordering answer of the ids sorted ascending is never correct; the right order in ids always is", async () => {
    const GAMES = 30;
    const teacher = await makeUser("teacher");
    // Three items: the fewest orders, so an identity-by-chance would show up (1 game in 6).
    const quizId = await makeQuiz(teacher.id, [
      { type: "order", text: "Sort", items: ITEMS },
      { type: "single", text: "Pick", options: ["w", "x", "y", "z"], correct: 0 },
    ]);
    const firstIds = new Set<number>();
    const firstOptionIds = new Set<number>();
    let tried = 0;
    for (let g = 0; g < GAMES; g++) {
      const game = await host(teacher.token, quizId, { readingTime: 0, shuffleOptions: true, leaderboard: "end" });
      const h = await Client.host(game, teacher.token);
      await h.next("welcome");
      const [cheat, honest] = await Promise.all([join(game.code, "Cheat"), join(game.code, "Honest")]);
      const [c, o] = await Promise.all([Client.player(cheat), Client.player(honest)]);
      await Promise.all([c.next("welcome"), o.next("welcome")]);
      h.send({ type: "start" });
      const view = await c.next("question");
      await o.next("question");
      const ids = view.question.options!.map((x) => x.id);
      expect([...ids].sort()).toEqual([0, 1, 2]);
      c.send({ type: "answer", q: 0, answer: { order: [0, 1, 2] } });
      o.send({ type: "answer", q: 0, answer: { order: ITEMS.map((t) => idOf(view, t)) } });
      const reveal = await h.next("reveal");
      expect(reveal.correct).toEqual({ order: ITEMS.map((t) => idOf(view, t)) });
      expect(await c.next("result")).toMatchObject({ answered: true, correct: false });
      expect(await o.next("result")).toMatchObject({ answered: true, correct: true });
      tried++;
      firstIds.add(idOf(view, ITEMS[0]));
      h.send({ type: "next" });
      const q1 = await c.next("question");
      firstOptionIds.add(idOf(q1, "w"));
      h.send({ type: "end" });
      await h.next("ended");
      for (const x of [h, c, o]) x.close();
      await runInDurableObject(roomOf(game.code), (_r, s) => s.storage.deleteAlarm());
    }
    console.log(`rooms-ids: ${tried} hosted games, the ids-sorted ordering answer never correct`);
    expect(tried).toBe(GAMES);
    // The ids are random per game, not a function of the answer: the first item's id varies,
    // and so does the id of a shuffled question's first option (the one a sheet's author often marks right).
    expect(firstIds.size).toBeGreaterThan(1);
    expect(firstOptionIds.size).toBeGreaterThan(1);
  });

  it("the ids are stored with the game: the same after eviction and for a reconnecting player; D1 keeps quiz indexes", async () => {
    const teacher = await makeUser("teacher");
    const quizId = await makeQuiz(teacher.id, [{ type: "order", text: "Sort", items: ["a", "b", "c", "d"] }]);
    const game = await host(teacher.token, quizId, { readingTime: 0 });
    const h = await Client.host(game, teacher.token);
    await h.next("welcome");
    const seats = [await join(game.code, "Ada"), await join(game.code, "Bo")];
    const [ada, bo] = await Promise.all(seats.map((s) => Client.player(s)));
    await Promise.all([ada.next("welcome"), bo.next("welcome")]);
    h.send({ type: "start" });
    const before = await ada.next("question");
    await bo.next("question");
    await evictDurableObject(roomOf(game.code), { webSockets: "close" });
    const again = await Client.player(seats[0]);
    const after = await again.next("question");
    expect(after.question.options).toEqual(before.question.options);
    const bo2 = await Client.player(seats[1]);
    await bo2.next("question");
    again.send({ type: "answer", q: 0, answer: { order: ["a", "b", "c", "d"].map((t) => idOf(after, t)) } });
    bo2.send({ type: "answer", q: 0, answer: { order: ["b", "a", "c", "d"].map((t) => idOf(after, t)) } });
    expect((await again.next("result")).correct).toBe(true);
    expect((await bo2.next("result")).correct).toBe(false);
    const h2 = await Client.host(game, teacher.token);
    await h2.next("welcome");
    h2.send({ type: "next" });
    await h2.next("podium");
    const db = drizzle(env.DB);
    await vi.waitFor(
      async () => expect((await db.select().from(games).where(eq(games.id, game.gameId)).get())?.status).toBe("ended"),
      { timeout: 5000 },
    );
    const row = (k: number) =>
      db
        .select()
        .from(answers)
        .where(and(eq(answers.gameId, game.gameId), eq(answers.playerId, seats[k].playerId)))
        .get();
    expect((await row(0))?.answer).toEqual({ order: [0, 1, 2, 3] });
    expect((await row(1))?.answer).toEqual({ order: [1, 0, 2, 3] });
    for (const x of [h, h2, ada, bo, again, bo2]) x.close();
  });
});
