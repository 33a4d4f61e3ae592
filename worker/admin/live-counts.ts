// The players of a game still open, as its room counts them: D1's player_count is written when the
// results are, so a running game read 0 there while players were in it. A live room answers with
// the players it holds now; a game no room holds any more keeps D1's number.
import type { AdminGame } from "../../schema/admin.ts";
import type { Db } from "../db.ts";
import type { Env } from "../env.ts";
import { roomStub } from "../games/host.ts";
import { newestOfCode } from "../games/room-phase.ts";

async function roomCount(env: Env, db: Db, game: AdminGame): Promise<number | null> {
  if (game.kind !== "live" || game.status === "ended") return null;
  if (!(await newestOfCode(db, game))) return null;
  try {
    return (await roomStub(env, game.code).info())?.playerCount ?? null;
  } catch {
    // A room that cannot answer now: the list still shows, with D1's number.
    return null;
  }
}

/** The page with each open live game's player count taken from its room. */
export async function withLiveCounts(env: Env, db: Db, items: AdminGame[]): Promise<AdminGame[]> {
  const counts = await Promise.all(items.map((g) => roomCount(env, db, g)));
  return items.map((g, i) => (counts[i] === null ? g : { ...g, playerCount: counts[i] }));
}
