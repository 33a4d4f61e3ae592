// The games row of a game or an assignment just set up in its Durable Object, written within the
// hosting quota: the insert counts the host's hour in the same statement (rooms/kit/games-row.ts),
// so requests racing each other past the quota's check cannot all be recorded; one that is not has
// its new room abandoned and gets the quota's 429.
import { insertGame } from "../../rooms/kit/games-row.ts";
import type { Db } from "../db.ts";
import { HOSTING_LIMIT, hostingQuotaError } from "../quotas.ts";

type GameRow = Parameters<typeof insertGame>[1];

export async function recordHosted(db: Db, room: { abandon(gameId: string): Promise<unknown> }, row: GameRow) {
  if (await insertGame(db, row, HOSTING_LIMIT)) return;
  await room.abandon(row.id);
  throw hostingQuotaError();
}
