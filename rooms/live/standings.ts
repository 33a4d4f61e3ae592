// A question's close changes every player's standing. Written as a row per player, that is
// thousands of statements, and a page of the players table per few players, in every commit of a
// close; written as documents of STANDINGS_PER_ROW players each, a few statements (a row stays far
// below SQLite's 2 MB limit at tens of thousands of players). A player row keeps the standing it
// was last written with; the store lays the last close's standings over the rows it reads.
import type { PlayerRow } from "./types.ts";

const STANDINGS_PER_ROW = 2_000;
export const STANDINGS_TABLE = "CREATE TABLE IF NOT EXISTS standings (part INTEGER PRIMARY KEY, data TEXT NOT NULL)";

/** One player's standing after a close, as stored: [id, score, streak, correct, answered, time, rank, prevRank]. */
export type Standing = [string, number, number, number, number, number, number | null, number | null];

const standingOf = (p: PlayerRow): Standing => [
  p.id,
  p.score,
  p.streak,
  p.correctCount,
  p.answeredCount,
  p.totalTimeMs,
  p.rank,
  p.prevRank,
];

/** The stored documents of these players' standings, in order (the row `part` is the index). */
export function standingsParts(ps: readonly PlayerRow[]): string[] {
  const parts: string[] = [];
  for (let i = 0; i < ps.length; i += STANDINGS_PER_ROW)
    parts.push(JSON.stringify(ps.slice(i, i + STANDINGS_PER_ROW).map(standingOf)));
  return parts;
}

export const withStanding = (
  p: PlayerRow,
  [, score, streak, correctCount, answeredCount, totalTimeMs, rank, prevRank]: Standing,
): PlayerRow => ({ ...p, score, streak, correctCount, answeredCount, totalTimeMs, rank, prevRank });
