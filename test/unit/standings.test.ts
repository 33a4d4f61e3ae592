// The stored form of a close's standings (rooms/live/standings.ts): documents of at most 2,000
// players each, which give back every field a close changes and leave the rest of the seat alone.
import { describe, expect, it } from "vitest";
import { type Standing, standingsParts, withStanding } from "../../rooms/live/standings.ts";
import type { PlayerRow } from "../../rooms/live/types.ts";
import { newPlayer } from "../../rooms/live/joining.ts";

const seat = (i: number): PlayerRow => ({
  ...newPlayer(`p${i}`, { nickname: `N${i}`, skeleton: `n${i}` }, null, null, i),
  score: i * 10,
  streak: i % 3,
  correctCount: i % 5,
  answeredCount: 4,
  totalTimeMs: i * 7,
  rank: i + 1,
  prevRank: i === 0 ? null : i,
});

describe("standings documents", () => {
  it("4,500 players take three documents of at most 2,000, in the players' order", () => {
    const ps = Array.from({ length: 4_500 }, (_, i) => seat(i));
    const parts = standingsParts(ps).map((d) => JSON.parse(d) as Standing[]);
    expect(parts.map((p) => p.length)).toEqual([2_000, 2_000, 500]);
    expect(parts.flat().map((s) => s[0])).toEqual(ps.map((p) => p.id));
    expect(standingsParts([])).toEqual([]);
  });

  it("laid over an older row, a standing gives back the close's fields and keeps the seat's own", () => {
    const now = { ...seat(7), connects: 3, minRttMs: 40 };
    const [stored] = JSON.parse(standingsParts([now])[0]) as Standing[];
    const older = {
      ...now,
      score: 0,
      streak: 0,
      correctCount: 0,
      answeredCount: 0,
      totalTimeMs: 0,
      rank: null,
      prevRank: null,
      connects: 5,
    };
    expect(withStanding(older, stored)).toEqual({ ...now, connects: 5 });
  });
});
