// Sealed quizzes: while the quiz's OWNER has a game of it live (a live game in the lobby or running,
// or an assignment still open, both a games row in "lobby"/"running"), the quiz's questions and
// correct answers are not handed to anyone else who could be playing it. Otherwise a student could
// open the quiz in the catalog during the game and read the answers.
//
// Only the owner's games seal: another teacher's game or assignment of a public/unlisted quiz plays
// the snapshot frozen into its room when it was hosted, and must not lock the original for
// everyone else (a 119-day assignment of someone else's public quiz used to make it answer 423 to
// every student and teacher until its deadline). Such a host who wants the answers hidden copies
// the quiz (a private copy is theirs, so their games of it seal it).
//
// The owner and admins still read a sealed quiz: they can see every answer anyway (the owner wrote
// them, an admin edits any quiz).
import { and, eq, inArray } from "drizzle-orm";
import { games } from "../../schema/db.ts";
import type { CurrentUser } from "../app-env.ts";
import type { Db } from "../db.ts";
import { ApiError } from "../errors.ts";
import { canEdit } from "./store.ts";

const LIVE = ["lobby", "running"] as const;

/** Whether the owner of the quiz has a live game or an open assignment of it. */
async function ownerPlaysIt(db: Db, quiz: { id: string; ownerId: string }): Promise<boolean> {
  const row = await db
    .select({ id: games.id })
    .from(games)
    .where(and(eq(games.quizId, quiz.id), eq(games.hostId, quiz.ownerId), inArray(games.status, LIVE)))
    .limit(1)
    .get();
  return row !== undefined;
}

/** 423 `sealed` unless `user` may read the answers of `quiz` while its owner plays it. */
export async function assertNotSealed(
  db: Db,
  user: Pick<CurrentUser, "id" | "role">,
  quiz: { id: string; ownerId: string },
): Promise<void> {
  if (canEdit(user, quiz)) return;
  if (!(await ownerPlaysIt(db, quiz))) return;
  throw new ApiError(
    423,
    "sealed",
    "the quiz's owner is playing it with a class: its questions and answers can be opened once that game has ended or that assignment has closed",
  );
}
