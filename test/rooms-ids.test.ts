// Option and item ids are per game, so an id never gives the answer away: ordering items are
// stored in their right order, and before ids were randomised "send the ids sorted ascending"
// was always correct. Pure properties of the mapping, then many real hosted games.
import { env } from "cloudflare:workers";
import { evictDurableObject, runInDurableObject } from "cloudflare:test";
import { describe, expect, it, vi } from "vitest";
import { drizzle } from "drizzle-orm/d1";
import { and, eq } from "drizzle-orm";
import fc from "fast-check";
import { answers, games } from "../schema/db.ts";
import { question, type Question } from "../schema/quiz.ts";
import { checkAnswer, correctAnswerOf, fromPlayerIds, toPlayerIds } from "../rooms/kit/answers.ts";
import { displayOrders, optionIds, secureRandom } from "../rooms/kit/shuffle.ts";
import { Client, host, idOf, join, roomOf } from "./helpers/room-client.ts";
import { makeQuiz, makeUser } from "./helpers/fixtures.ts";

const identity = (n: number) => Array.from({ length: n }, (_, i) => i);

describe("per-game ids (pure)", () => {
  const orderQ = (n: number) =>
    question.parse({ type: "order", text: "o", items: identity(n).map((i) => `item ${i}`) }) as Question;

  it("ordering ids are a permutation whatever the random source; the identity is as likely as any", () => {
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
        },
      ),
    );
    // A source stuck on its top value gives the identity (Fisher–Yates), like any other order.
    expect(optionIds([orderQ(4)], true, () => 0.999999)[0]).toEqual(identity(4));
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

  it("over many games, the ids sorted ascending are right only when chance made them so; the right order in ids always is", async () => {
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
      // Ids are a uniform permutation: sorting them solves the puzzle exactly when they happen to be in order (1 in 6).
      const solvedByChance = ITEMS.every((t, i) => idOf(view, t) === i);
      expect(await c.next("result")).toMatchObject({ answered: true, correct: solvedByChance });
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
    console.log(`rooms-ids: ${tried} hosted games, the ids-sorted ordering answer right only by chance`);
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

/**
 * Chi-square goodness-of-fit statistic of observed counts against equal expected counts.
 * Critical values (upper tail, α = 0.001 each; 6 checks, so a false alarm ≤ 0.6% of runs):
 * df 3 → 16.266, df 5 → 20.515, df 15 → 37.697, df 35 → 66.619.
 */
function chiSquareUniform(counts: number[]): number {
  const total = counts.reduce((a, b) => a + b, 0);
  const e = total / counts.length;
  return counts.reduce((sum, o) => sum + (o - e) ** 2 / e, 0);
}
const CRITICAL_001: Record<number, number> = { 3: 16.266, 5: 20.515, 15: 37.697, 35: 66.619 };
const PERMS3 = [
  [0, 1, 2],
  [0, 2, 1],
  [1, 0, 2],
  [1, 2, 0],
  [2, 0, 1],
  [2, 1, 0],
];
const permIndex = (p: number[]) => PERMS3.findIndex((x) => x.every((v, i) => v === p[i]));

describe("display order and ids carry no information (5,000 games, chi-square, α = 0.001 per check)", () => {
  const GAMES = 5000;
  const qs = [
    question.parse({ type: "order", text: "o", items: ["a", "b", "c"] }) as Question,
    question.parse({ type: "single", text: "s", options: ["w", "x", "y", "z"], correct: 1 }) as Question,
  ];
  // As the room draws them (rooms/game.ts init): display and ids separately, from the CSPRNG.
  const games = Array.from({ length: GAMES }, () => ({
    display: displayOrders(qs, true, secureRandom),
    ids: optionIds(qs, true, secureRandom),
  }));

  it("3-item ordering: the displayed order, the order by id, and both together are uniform over all orders", () => {
    const shown = new Array(6).fill(0);
    const byId = new Array(6).fill(0);
    const joint = new Array(36).fill(0);
    for (const g of games) {
      // Right ranks of the items in display order: the identity means "shown already solved".
      const s = permIndex(g.display[0]);
      // Right ranks of the items sorted by their id: the identity means "ids ascending solve it".
      const ids = g.ids[0];
      const i = permIndex([0, 1, 2].sort((a, b) => ids[a] - ids[b]));
      shown[s]++;
      byId[i]++;
      joint[s * 6 + i]++;
    }
    expect(chiSquareUniform(shown), `display ${shown}`).toBeLessThan(CRITICAL_001[5]);
    expect(chiSquareUniform(byId), `ids ${byId}`).toBeLessThan(CRITICAL_001[5]);
    expect(chiSquareUniform(joint), "display × ids").toBeLessThan(CRITICAL_001[35]);
  });

  it("4-option single: the right option's display position, its id, and both together are uniform", () => {
    const position = new Array(4).fill(0);
    const idValue = new Array(4).fill(0);
    const joint = new Array(16).fill(0);
    for (const g of games) {
      const p = g.display[1].indexOf(1);
      const id = g.ids[1][1];
      position[p]++;
      idValue[id]++;
      joint[p * 4 + id]++;
    }
    expect(chiSquareUniform(position), `positions ${position}`).toBeLessThan(CRITICAL_001[3]);
    expect(chiSquareUniform(idValue), `ids ${idValue}`).toBeLessThan(CRITICAL_001[3]);
    expect(chiSquareUniform(joint), "position × id").toBeLessThan(CRITICAL_001[15]);
  });
});
