// One code space, looked up in one place: the code in a path checked, then the live room that
// holds it, else the assignment's object, else (once an assignment's object has deleted its
// storage after the retention) the ended assignment D1 remembers under that code, so a late
// visitor is told it is over rather than that the code is unknown.
import { desc, eq } from "drizzle-orm";
import type { Assignment } from "../../rooms/assignment/object.ts";
import type { Room } from "../../rooms/live/room.ts";
import type { AssignmentSettings } from "../../schema/assignment.ts";
import { games } from "../../schema/db.ts";
import { gameCode } from "../../schema/game.ts";
import type { Db } from "../db.ts";
import type { Env } from "../env.ts";
import { ApiError, zodIssues } from "../errors.ts";
import { assignmentStub } from "./codes.ts";
import { roomStub } from "./host.ts";

/** The code of a path, or a 400 naming it (`noun`: how the message calls it). */
export function parseCode(raw: string, noun = "a code"): string {
  const parsed = gameCode.safeParse(raw);
  if (!parsed.success)
    throw new ApiError(
      400,
      "validation_failed",
      `invalid code: ${noun} is 6 letters and digits`,
      zodIssues(parsed.error).map((i) => ({ ...i, path: "code" })),
    );
  return parsed.data;
}

type RoomInfo = NonNullable<Awaited<ReturnType<Room["info"]>>>;
type AssignmentInfo = NonNullable<Awaited<ReturnType<Assignment["info"]>>>;

/** What holds a code now, as the landing page reads it; null when nothing does. */
export async function lookupCode(
  env: Env,
  db: Db,
  code: string,
): Promise<({ kind: "game" } & RoomInfo) | AssignmentInfo | null> {
  const info = await roomStub(env, code).info();
  if (info) return { kind: "game", ...info };
  const assignment = await assignmentStub(env, code).info();
  if (assignment) return assignment;
  return endedAssignment(db, code);
}

/** The newest game under this code, if it is an assignment that has ended: what its object showed when closed. */
async function endedAssignment(db: Db, code: string): Promise<AssignmentInfo | null> {
  const row = await db
    .select()
    .from(games)
    .where(eq(games.code, code))
    .orderBy(desc(games.createdAt), desc(games.id))
    .limit(1)
    .get();
  if (row?.kind !== "assignment" || row.status !== "ended") return null;
  const settings = row.settings as AssignmentSettings;
  return {
    kind: "assignment",
    code: row.code,
    title: row.title,
    status: "closed",
    opensAt: row.startedAt ?? row.createdAt,
    deadline: row.deadline ?? row.endedAt ?? row.createdAt,
    now: Date.now(),
    questionCount: row.questionCount,
    audience: settings.audience,
    askStudentId: settings.askStudentId,
    // Closed: nobody picks a team any more.
    teams: null,
  };
}
