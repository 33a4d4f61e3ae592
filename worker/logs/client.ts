// Client-posted events (POST /api/logs): who sent them is decided here from the session or the
// player token, never from the body; the client's clock is kept only as information.
import { eq } from "drizzle-orm";
import { games } from "../../schema/db.ts";
import type { ClientEvent } from "../../schema/events.ts";
import type { CurrentUser } from "../app-env.ts";
import type { Db } from "../db.ts";
import type { PlayerClaims } from "../../rooms/kit/player-token.ts";
import type { EventInput } from "../../rooms/kit/events.ts";

export interface ClientActor {
  user: Pick<CurrentUser, "id" | "role"> | null;
  player: PlayerClaims | null;
}

/** Pure: one stored row per client event, stamped with the server's time. */
export function clientEventRows(
  batch: ClientEvent[],
  actor: ClientActor,
  now: number,
  ownerId: string | null,
): EventInput[] {
  const who = actor.user
    ? { actorId: actor.user.id, role: actor.user.role }
    : actor.player
      ? { actorId: actor.player.playerId, role: "player" }
      : { actorId: null, role: null };
  return batch.map((e) => {
    const payload: Record<string, unknown> = {};
    if (e.ts !== undefined) payload.clientTs = e.ts;
    if (e.path !== undefined) payload.path = e.path;
    if (e.message !== undefined) payload.message = e.message;
    if (e.detail !== undefined) payload.detail = e.detail;
    return {
      ts: now,
      type: e.type,
      actorType: "client",
      ...who,
      gameId: actor.player?.gameId ?? null,
      ownerId,
      payload,
    };
  });
}

/** A player's client events belong to the game's host too, so the teacher sees their players' errors. */
export async function gameOwner(db: Db, gameId: string | undefined): Promise<string | null> {
  if (!gameId) return null;
  const row = await db.select({ hostId: games.hostId }).from(games).where(eq(games.id, gameId)).get();
  return row?.hostId ?? null;
}
