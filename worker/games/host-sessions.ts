// A host socket lives no longer than the session it was opened with: when a session ends (logout,
// a password change, an account disabled), every object that may hold a teacher's socket of that
// user closes the sockets opened with it: the live rooms of their games and the objects of their
// assignments (the teacher's progress socket), both through the rooms' one kit/host-sockets.ts.
import { and, eq, gt, inArray, or } from "drizzle-orm";
import { games } from "../../schema/db.ts";
import { assignmentStub } from "./codes.ts";
import type { Db } from "../db.ts";
import type { Env } from "../env.ts";
import { retentionMs, roomStub } from "./host.ts";

/**
 * Closes the host sockets that session `jti` of `userId` has open (every session's if omitted),
 * except those of session `exceptJti` (the new session a password change hands out).
 */
export async function closeHostSessions(
  env: Env,
  db: Db,
  userId: string,
  jti?: string,
  exceptJti?: string,
): Promise<void> {
  // An object keeps its sockets until its storage goes, a retention period after D1 has its results.
  const since = Date.now() - retentionMs(env.ROOM_RETENTION_HOURS);
  const rows = await db
    .selectDistinct({ code: games.code, kind: games.kind })
    .from(games)
    .where(and(eq(games.hostId, userId), or(inArray(games.status, ["lobby", "running"]), gt(games.endedAt, since))))
    .all();
  const stub = (code: string, kind: string) =>
    kind === "assignment" ? assignmentStub(env, code) : roomStub(env, code);
  // One object failing must not keep the others (or the logout) from going through.
  await Promise.allSettled(rows.map(({ code, kind }) => stub(code, kind).closeHostSessions(userId, jti, exceptJti)));
}
