// Who may do what with an assignment, and the one shape of its refusals. Pure: the object reads
// its config, state and participants and asks here; the HTTP and the socket path get the same
// answers (sockets.ts turns a refusal into an error frame, the worker into a JSON error).
import { checkNickname } from "../kit/nickname.ts";
import * as rules from "./rules.ts";
import type { AssignmentConfig, AssignmentState, Participant } from "./types.ts";

export type Failure = { ok: false; status: 400 | 403 | 404 | 409 | 429; code: string; message: string };

export const fail = (status: Failure["status"], code: string, message: string): Failure => ({
  ok: false,
  status,
  code,
  message,
});

/** Who calls on the teacher's side (the worker verified the session). */
export interface Caller {
  userId: string;
  role: string;
}

/** What the object has in storage (nothing: no assignment under this code). */
export interface Loaded {
  cfg: AssignmentConfig | null;
  st: AssignmentState | null;
}

/** No assignment under this code (or none the caller may know of). */
export const missing = () => fail(404, "not_found", "no assignment with this code");
const removed = () => fail(403, "removed", "the teacher removed you from this assignment");

/** The assignment for its teacher or an admin; anyone else's is reported as missing (its existence is the teacher's business). */
export function asHost(
  { cfg, st }: Loaded,
  caller: Caller,
): { ok: true; cfg: AssignmentConfig; st: AssignmentState } | Failure {
  if (!cfg || !st) return missing();
  if (cfg.hostId !== caller.userId && caller.role !== "admin") return missing();
  return { ok: true, cfg, st };
}

/** A student's seat, from the token's participant and game: gone, never taken or removed are refused. */
export function asParticipant(
  { cfg, st }: Loaded,
  p: Participant | undefined,
  gameId: string,
): { ok: true; cfg: AssignmentConfig; st: AssignmentState; p: Participant } | Failure {
  if (!cfg || !st || cfg.gameId !== gameId) return missing();
  if (!p) return fail(404, "not_found", "you have not started this assignment");
  if (p.removed) return removed();
  return { ok: true, cfg, st, p };
}

/** A seat taken before may be taken again unless the teacher removed it. */
export const returning = (p: Participant): Failure | null => (p.removed ? removed() : null);

/** Answers and retries only while the assignment is open. */
export function whileOpen(st: AssignmentState, now: number): Failure | null {
  return rules.status(st, now) === "open" ? null : fail(403, "closed", "this assignment is closed");
}

export interface SeatRequest {
  nickname?: string;
  studentId?: string;
  userRole: string | null;
}

/**
 * A new seat: open, the audience, room left, a free valid nickname, the student ID when asked
 * for (required then; not kept otherwise). Checked in this order, so the first refusal is the one
 * the student can do least about.
 */
export function newSeat(
  cfg: AssignmentConfig,
  st: AssignmentState,
  input: SeatRequest,
  participants: ReadonlyMap<string, Participant>,
  now: number,
): { ok: true; nick: { nickname: string; skeleton: string }; studentId: string | null } | Failure {
  const status = rules.status(st, now);
  if (status === "closed") return fail(403, "closed", "this assignment is closed: its deadline has passed");
  if (status === "scheduled") return fail(403, "not_open", "this assignment has not opened yet");
  if (cfg.settings.audience === "students" && input.userRole !== "student")
    return fail(403, "students_only", "log in with a student account to take this assignment");
  if (participants.size >= cfg.settings.maxParticipants)
    return fail(403, "full", "this assignment has as many participants as it allows");
  const nick = checkNickname(input.nickname ?? "");
  if (!nick.ok) return fail(400, "nickname_invalid", nick.reason);
  for (const p of participants.values())
    if (p.skeleton === nick.skeleton) return fail(409, "nickname_taken", "this nickname is taken; pick another");
  const studentId = cfg.settings.askStudentId ? input.studentId?.trim() || null : null;
  if (cfg.settings.askStudentId && !studentId)
    return fail(400, "student_id_required", "give your name or student ID: the teacher asks for it");
  return { ok: true, nick: { nickname: nick.nickname, skeleton: nick.skeleton }, studentId };
}
