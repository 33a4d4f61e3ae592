// Whether a game's room is still live. A code is reused once its room has been cleaned up, so the
// room under a code belongs to a game only if that game is the newest one D1 has for the code.
import { desc, eq } from "drizzle-orm";
import { games } from "../../schema/db.ts";
import type { Db } from "../db.ts";
import type { Env } from "../env.ts";
import { roomStub } from "./host.ts";

export type RoomPhase = "lobby" | "question" | "reveal" | "leaderboard" | "podium" | "ended";

/** Whether this game is the newest one D1 has for its code (the one an object under the code may hold). */
export async function newestOfCode(db: Db, game: { id: string; code: string }): Promise<boolean> {
  const newest = await db
    .select({ id: games.id })
    .from(games)
    .where(eq(games.code, game.code))
    .orderBy(desc(games.createdAt), desc(games.id))
    .limit(1)
    .get();
  return newest?.id === game.id;
}

/** The room's phase for this game, or null when no room holds it any more. */
export async function livePhase(env: Env, db: Db, game: { id: string; code: string }): Promise<RoomPhase | null> {
  if (!(await newestOfCode(db, game))) return null;
  const info = await roomStub(env, game.code).info();
  return info ? info.phase : null;
}
