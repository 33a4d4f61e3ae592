// The pure game rules: answer checking for every question type, scoring, streaks, nicknames,
// standings and shuffles.
import { describe, expect, it } from "vitest";
import { question, type Question, type QuestionInput } from "../../schema/quiz.ts";
import { answerProblem, checkAnswer, correctAnswerOf } from "../../rooms/kit/answers.ts";
import { normaliseTyped } from "../../schema/kinds/text.ts";
import { answerPoints, rttCompensation, settle, streakBonus, timing } from "../../rooms/kit/scoring.ts";
import { checkNickname, generateNickname, isBlocked, skeleton } from "../../rooms/kit/nickname.ts";
import { rank } from "../../rooms/kit/ranking.ts";
import { displayOrders, permutation } from "../../rooms/kit/shuffle.ts";

const q = (input: QuestionInput): Question => question.parse(input);

describe("answer checking per type", () => {
  it("single choice: only the correct index", () => {
    const s = q({ type: "single", text: "2+2", options: ["3", "4", "5"], correct: 1 });
    expect(checkAnswer(s, { choice: 1 })).toEqual({ correct: true, fraction: 1 });
    expect(checkAnswer(s, { choice: 0 })).toEqual({ correct: false, fraction: 0 });
    expect(answerProblem(s, { choice: 3 })).toMatch(/no such option/);
    expect(answerProblem(s, { choices: [1] })).toMatch(/choice/);
  });

  it("true/false: id 0 is true, 1 is false", () => {
    const t = q({ type: "truefalse", text: "sky is blue", correct: true });
    const f = q({ type: "truefalse", text: "sky is green", correct: false });
    expect(checkAnswer(t, { choice: 0 }).correct).toBe(true);
    expect(checkAnswer(t, { choice: 1 }).correct).toBe(false);
    expect(checkAnswer(f, { choice: 1 }).correct).toBe(true);
    expect(correctAnswerOf(f)).toEqual({ choice: 1 });
    expect(answerProblem(t, { choice: 2 })).not.toBeNull();
  });

  it("multi select: exact set is correct, a subset without wrong picks is partial, any wrong pick is zero", () => {
    const m = q({ type: "multi", text: "primes", options: ["2", "3", "4", "5"], correct: [0, 1, 3] });
    expect(checkAnswer(m, { choices: [3, 0, 1] })).toEqual({ correct: true, fraction: 1 });
    const partial = checkAnswer(m, { choices: [0, 1] });
    expect(partial.correct).toBe(false);
    expect(partial.fraction).toBeCloseTo(2 / 3);
    expect(checkAnswer(m, { choices: [0, 1, 2] })).toEqual({ correct: false, fraction: 0 });
    expect(checkAnswer(m, { choices: [2] })).toEqual({ correct: false, fraction: 0 });
    expect(answerProblem(m, { choices: [0, 0] })).toMatch(/twice/);
    expect(answerProblem(m, { choice: 0 })).not.toBeNull();
  });

  it("type answer: ignores case, spaces and diacritics", () => {
    const t = q({ type: "text", text: "capital of France", accepted: ["Paris", "Paříž"] });
    for (const ok of ["paris", "  PARIS ", "Pàris", "pariz", "PARIZ"])
      expect(checkAnswer(t, { text: ok }).correct, ok).toBe(true);
    for (const bad of ["", "   ", "Lyon", "par is"]) expect(checkAnswer(t, { text: bad }).correct, bad).toBe(false);
    expect(normaliseTyped("  São   Paulo ")).toBe("sao paulo");
    const spaced = q({ type: "text", text: "city", accepted: ["New  York"] });
    expect(checkAnswer(spaced, { text: "new york" }).correct).toBe(true);
  });

  it("ordering: only the exact order, and the answer must be a permutation", () => {
    const o = q({ type: "order", text: "sort", items: ["a", "b", "c", "d"] });
    expect(checkAnswer(o, { order: [0, 1, 2, 3] }).correct).toBe(true);
    expect(checkAnswer(o, { order: [1, 0, 2, 3] }).correct).toBe(false);
    expect(answerProblem(o, { order: [0, 1, 2] })).not.toBeNull();
    expect(answerProblem(o, { order: [0, 1, 2, 2] })).not.toBeNull();
    expect(answerProblem(o, { order: [0, 1, 2, 4] })).not.toBeNull();
    expect(correctAnswerOf(o)).toEqual({ order: [0, 1, 2, 3] });
  });

  it("slider: within tolerance, and inside the range", () => {
    const s = q({ type: "slider", text: "pi", min: 0, max: 10, step: 0.1, correct: 3.1, tolerance: 0.2 });
    expect(checkAnswer(s, { value: 3.3 }).correct).toBe(true);
    expect(checkAnswer(s, { value: 2.9 }).correct).toBe(true);
    expect(checkAnswer(s, { value: 3.4 }).correct).toBe(false);
    expect(answerProblem(s, { value: 11 })).toMatch(/within/);
    const exact = q({ type: "slider", text: "n", min: 0, max: 100, step: 1, correct: 42 });
    expect(checkAnswer(exact, { value: 42 }).correct).toBe(true);
    expect(checkAnswer(exact, { value: 43 }).correct).toBe(false);
  });

  it("poll: never correct, never points", () => {
    const p = q({ type: "poll", text: "favourite", options: ["x", "y"] });
    expect(checkAnswer(p, { choice: 1 })).toEqual({ correct: null, fraction: 0 });
    expect(correctAnswerOf(p)).toBeNull();
  });
});

describe("scoring", () => {
  it("speed points: 1000 instant, 500 at the last moment, double doubles, none is zero", () => {
    expect(answerPoints("standard", 1, 0, 20_000, false)).toBe(1000);
    expect(answerPoints("standard", 1, 20_000, 20_000, false)).toBe(500);
    expect(answerPoints("standard", 1, 5_000, 20_000, false)).toBe(875);
    expect(answerPoints("double", 1, 5_000, 20_000, false)).toBe(1750);
    expect(answerPoints("none", 1, 0, 20_000, false)).toBe(0);
    expect(answerPoints("standard", 0, 0, 20_000, false)).toBe(0);
    expect(answerPoints("standard", 2 / 3, 10_000, 20_000, false)).toBe(500);
  });

  it("accuracy only: full points for any correct answer", () => {
    expect(answerPoints("standard", 1, 19_000, 20_000, true)).toBe(1000);
    expect(answerPoints("double", 0.5, 19_000, 20_000, true)).toBe(1000);
  });

  it("timing: RTT compensation is half the best RTT, capped at 150 ms, never negative; late past the limit", () => {
    expect(rttCompensation(null)).toBe(0);
    expect(rttCompensation(-5)).toBe(0);
    expect(rttCompensation(80)).toBe(40);
    expect(rttCompensation(10_000)).toBe(150);
    expect(timing(10_000, 8_000, 20_000, 100)).toEqual({ responseMs: 1950, late: false });
    expect(timing(8_010, 8_000, 20_000, 100)).toEqual({ responseMs: 0, late: false });
    expect(timing(28_100, 8_000, 20_000, 400)).toEqual({ responseMs: 19_950, late: false });
    expect(timing(28_200, 8_000, 20_000, 0)).toEqual({ responseMs: 20_000, late: true });
  });

  it("streaks: bonus 100×(streak−1) from the second correct answer, capped at 500", () => {
    expect([1, 2, 3, 6, 7, 20].map(streakBonus)).toEqual([0, 100, 200, 500, 500, 500]);
    expect(settle(0, { correct: true, basePoints: 900, mode: "standard" })).toEqual({ streak: 1, points: 900 });
    expect(settle(2, { correct: true, basePoints: 900, mode: "standard" })).toEqual({ streak: 3, points: 1100 });
    expect(settle(3, { correct: false, basePoints: 0, mode: "standard" })).toEqual({ streak: 0, points: 0 });
    expect(settle(3, { correct: undefined, basePoints: 0, mode: "standard" })).toEqual({ streak: 0, points: 0 });
    // Partial multi-select: points, but the streak resets.
    expect(settle(3, { correct: false, basePoints: 400, mode: "standard" })).toEqual({ streak: 0, points: 400 });
    // Polls leave the streak alone.
    expect(settle(3, { correct: null, basePoints: 0, mode: "standard" })).toEqual({ streak: 3, points: 0 });
    // A no-points question keeps the streak going but pays nothing.
    expect(settle(3, { correct: true, basePoints: 0, mode: "none" })).toEqual({ streak: 4, points: 0 });
  });
});

describe("nicknames", () => {
  it("normalises and accepts ordinary names", () => {
    expect(checkNickname("  Alice  ")).toMatchObject({ ok: true, nickname: "Alice" });
    expect(checkNickname("Ｂｏｂ")).toMatchObject({ ok: true, nickname: "Bob" });
    expect(checkNickname("Анна   Петрова")).toMatchObject({ ok: true, nickname: "Анна Петрова" });
    expect(checkNickname("x".repeat(20)).ok).toBe(true);
  });

  it("refuses empty, too long, invisible and control characters", () => {
    for (const bad of ["", "   ", "x".repeat(21), "Al\u200Bice", "Bob\u0007", "a\u202Eb", "\u2028x", "..."]) {
      expect(checkNickname(bad).ok, JSON.stringify(bad)).toBe(false);
    }
  });

  it("folds look-alikes into one skeleton", () => {
    const alice = skeleton("Alice");
    for (const twin of ["alice", "ALICE", "Аlice", "A1ice", "Al1ce", "Alicé", "A l i c e", "Ａlice"])
      expect(skeleton(twin), twin).toBe(alice);
    expect(skeleton("B0b")).toBe(skeleton("bob"));
    expect(skeleton("rnary")).toBe(skeleton("mary"));
    expect(skeleton("Bob")).not.toBe(skeleton("Rob"));
  });

  it("folds look-alikes from the Unicode confusables data and the small capitals", () => {
    // Latin small capital A, Cherokee A, Armenian Se, Armenian oh: accepted on their own, but taken beside their twin.
    const pairs: [string, string][] = [
      ["ᴀlice", "Alice"],
      ["Ꭺlice", "Alice"],
      ["Սsa", "Usa"],
      ["օlga", "olga"],
      ["ʙᴏʙ", "Bob"],
      ["ᴍᴀʀʏ", "Mary"],
      ["Ꮪam", "Sam"],
    ];
    for (const [twin, name] of pairs) {
      expect(checkNickname(twin).ok, twin).toBe(true);
      expect(skeleton(twin), twin).toBe(skeleton(name));
    }
    for (const small of "ᴀʙᴄᴅᴇꜰɢʜɪᴊᴋʟᴍɴᴏᴘʀꜱᴛᴜᴠᴡʏᴢ") expect(skeleton(small), small).toMatch(/^[a-z]+$/);
    // Distinct names stay distinct.
    expect(skeleton("Olga")).not.toBe(skeleton("Olya"));
    expect(skeleton("Sam")).not.toBe(skeleton("Pam"));
  });

  it("filters a few words, also disguised", () => {
    expect(isBlocked("Fuck")).toBe(true);
    expect(isBlocked("F.U.C.K")).toBe(true);
    expect(isBlocked("sh1t")).toBe(true);
    expect(isBlocked("хуй")).toBe(true);
    expect(checkNickname("Shit happens").ok).toBe(false);
    expect(isBlocked("Alice")).toBe(false);
  });

  it("generates friendly unique names", () => {
    const taken = new Set<string>();
    for (let i = 0; i < 1000; i++) {
      const g = generateNickname((s) => taken.has(s));
      expect(taken.has(g.skeleton)).toBe(false);
      expect(checkNickname(g.nickname)).toMatchObject({ ok: true, nickname: g.nickname });
      taken.add(g.skeleton);
    }
  });
});

describe("standings and shuffles", () => {
  it("ranks by score, then lower total time, then join order", () => {
    const players = [
      { id: "a", score: 900, totalTimeMs: 5000, joinedAt: 1 },
      { id: "b", score: 1200, totalTimeMs: 9000, joinedAt: 2 },
      { id: "c", score: 900, totalTimeMs: 3000, joinedAt: 3 },
      { id: "d", score: 900, totalTimeMs: 3000, joinedAt: 0 },
    ];
    expect(rank(players).map((p) => p.id)).toEqual(["b", "d", "c", "a"]);
  });

  it("permutations are permutations; ordering items always shuffled (uniformly: test/rooms-ids); true/false never shuffled", () => {
    for (let n = 2; n <= 6; n++) {
      for (let k = 0; k < 50; k++) {
        expect([...permutation(n)].sort()).toEqual(Array.from({ length: n }, (_, i) => i));
      }
    }
    const qs = [
      q({ type: "truefalse", text: "t", correct: true }),
      q({ type: "single", text: "s", options: ["a", "b", "c", "d"], correct: 0 }),
      q({ type: "text", text: "x", accepted: ["y"] }),
    ];
    const reversed = displayOrders(qs, true, () => 0);
    expect(reversed[0]).toEqual([0, 1]);
    expect([...reversed[1]].sort()).toEqual([0, 1, 2, 3]);
    expect(reversed[1]).not.toEqual([0, 1, 2, 3]);
    expect(reversed[2]).toEqual([]);
    expect(displayOrders(qs, false)[1]).toEqual([0, 1, 2, 3]);
  });
});

describe("scoring properties", async () => {
  const fc = await import("fast-check");
  it("a correct answer earns between P/2 and P, never more for a slower answer", () => {
    fc.assert(
      fc.property(
        fc.constantFrom("standard" as const, "double" as const),
        fc.integer({ min: 5, max: 240 }),
        fc.nat(),
        fc.nat(),
        (mode, limitS, a, b) => {
          const T = limitS * 1000;
          const [t1, t2] = [a % (T + 1), b % (T + 1)].sort((x, y) => x - y);
          const P = mode === "double" ? 2000 : 1000;
          const p1 = answerPoints(mode, 1, t1, T, false);
          const p2 = answerPoints(mode, 1, t2, T, false);
          return p1 >= p2 && p2 >= P / 2 && p1 <= P;
        },
      ),
    );
  });

  it("the response time credited is within 0..limit and never more than the true time", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10_000_000 }),
        fc.integer({ min: 0, max: 300_000 }),
        fc.integer({ min: 1000, max: 480_000 }),
        fc.option(fc.integer({ min: -100, max: 100_000 })),
        (opensAt, dt, limit, rtt) => {
          const t = timing(opensAt + dt, opensAt, limit, rtt);
          return (
            t.responseMs >= 0 &&
            t.responseMs <= limit &&
            t.responseMs <= dt &&
            dt - t.responseMs <= 150 + Math.max(0, dt - limit)
          );
        },
      ),
    );
  });
});
