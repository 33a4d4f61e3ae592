// The players of a game still open, as its room counts them: D1's player_count is written when the
// results are, so a running game read 0 there while players were in it. A live room answers with
// the players it holds now; a homework object with the students who have started (the count its
// teacher's banner shows, worker/games/active.ts); a game nothing holds any more keeps D1's number.
import type { AdminGame } from "../../schema/admin.ts";
import type { Db } from "../db.ts";
import type { Env } from "../env.ts";
import { assignmentStub } from "../games/codes.ts";
import { roomStub } from "../games/host.ts";
import { newestOfCode } from "../games/room-phase.ts";

/** The admin who reads the list: an assignment's object answers an admin as it answers the teacher. */
type Reader = { userId: string; role: string };

async function roomCount(env: Env, db: Db, game: AdminGame, reader: Reader): Promise<number | null> {
  if (game.status === "ended") return null;
  try {
    if (game.kind === "assignment") {
      // The object checks the game id itself: a code reused by a newer assignment answers "not found".
      const got = await assignmentStub(env, game.code).counts(reader, game.id);
      return got.ok ? got.started : null;
    }
    if (!(await newestOfCode(db, game))) return null;
    return (await roomStub(env, game.code).info())?.playerCount ?? null;
  } catch {
    // A room that cannot answer now: the list still shows, with D1's number.
    return null;
  }
}

/** The page with each open game's player count taken from its room or homework object. */
export async function withLiveCounts(env: Env, db: Db, items: AdminGame[], reader: Reader): Promise<AdminGame[]> {
  const counts = await Promise.all(items.map((g) => roomCount(env, db, g, reader)));
  return items.map((g, i) => (counts[i] === null ? g : { ...g, playerCount: counts[i] }));
}
