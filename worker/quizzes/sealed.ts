// Sealed quizzes: while a game of a quiz is live (its games row in the lobby or running), the quiz's
// questions and correct answers are not handed to anyone who could be playing it. Otherwise a
// student (or a second teacher) could open a public quiz in the catalog during the game and read
// the answers. The game's host, the quiz's owner and admins still read it: each of them can already
// see every answer (the host from the host screen, the owner wrote them, an admin edits any quiz).
import { and, eq, inArray } from "drizzle-orm";
import { games } from "../../schema/db.ts";
import type { CurrentUser } from "../app-env.ts";
import type { Db } from "../db.ts";
import { ApiError } from "../errors.ts";
import { canEdit } from "./store.ts";

const LIVE = ["lobby", "running"] as const;

/** The hosts of live games of `quizId` (usually none). */
async function liveHosts(db: Db, quizId: string): Promise<string[]> {
  const rows = await db
    .select({ hostId: games.hostId })
    .from(games)
    .where(and(eq(games.quizId, quizId), inArray(games.status, LIVE)))
    .all();
  return rows.map((r) => r.hostId);
}

/** 423 `sealed` unless `user` may read the answers of `quiz` while games of it are live. */
export async function assertNotSealed(
  db: Db,
  user: Pick<CurrentUser, "id" | "role">,
  quiz: { id: string; ownerId: string },
): Promise<void> {
  if (canEdit(user, quiz)) return;
  const hosts = await liveHosts(db, quiz.id);
  if (hosts.length === 0 || hosts.includes(user.id)) return;
  throw new ApiError(
    423,
    "sealed",
    "a live game is using this quiz: its questions and answers can be opened once that game has ended",
  );
}
