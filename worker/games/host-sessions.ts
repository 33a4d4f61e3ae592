// A host socket lives no longer than the session it was opened with: when a session ends (logout,
// revocation), the rooms of that user's live games close the sockets opened with it.
import { and, eq, inArray } from "drizzle-orm";
import { games } from "../../schema/db.ts";
import type { Db } from "../db.ts";
import type { Env } from "../env.ts";
import { roomStub } from "./host.ts";

/** Closes the host sockets that session `jti` of `userId` has open (every session's if omitted). */
export async function closeHostSessions(env: Env, db: Db, userId: string, jti?: string): Promise<void> {
  const live = await db
    .select({ code: games.code })
    .from(games)
    .where(and(eq(games.hostId, userId), inArray(games.status, ["lobby", "running"])))
    .all();
  // One room failing must not keep the others (or the logout) from going through.
  await Promise.allSettled(live.map(({ code }) => roomStub(env, code).closeHostSessions(userId, jti)));
}
