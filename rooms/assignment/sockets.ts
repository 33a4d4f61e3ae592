// An assignment's hibernatable sockets (docs/protocol.md §8 "Over a socket"): one per student,
// whose frames are the same steps as the HTTP path (the object's play/answer/retry, so one set of
// rules), and the teacher's, which receives the progress view, coalesced. The worker has verified
// who connects (identity headers, rooms/identity.ts); the object checks the seat or the host.
// Nothing here is kept that a wake-up cannot rebuild: a socket's attachment holds its ids.
import {
  type AssignmentClientMessage,
  type AssignmentErrorCode,
  type AssignmentServerMessage,
  assignmentClientMessage,
  type PlayState,
  type ProgressView,
  type AnswerResult,
} from "../../schema/assignment.ts";
import { CLOSE_CODES } from "../../schema/constants.ts";
import type { AnswerValue } from "../../schema/messages.ts";
import { FrameBudget, overBudget, decodeWith } from "../kit/frames.ts";
import { HOST_TAG, HostSockets, hostIdentity, notAnUpgrade, refuse } from "../kit/host-sockets.ts";
import { IDENTITY_HEADERS } from "../kit/identity.ts";
import type { Caller, Failure } from "./access.ts";
import { closeBack, closeQuietly, refuseSocket, send, SocketRegistry, type SeatRules } from "../kit/socket-registry.ts";
import type { AssignmentState } from "./types.ts";

/** At most one progress frame a second goes to the teacher, however many students answer. */
export const PROGRESS_EVERY_MS = 1000;

/** Options of a student's step: `show` the next question at once; `closed` their socket has just closed. */
export interface StepOptions {
  show?: boolean;
  closed?: boolean;
}

/** The object's methods the sockets drive (the HTTP path calls the same ones). */
export interface Steps {
  play(pid: string, gameId: string, opts?: StepOptions): Promise<{ ok: true; state: PlayState } | Failure>;
  answer(
    pid: string,
    gameId: string,
    q: number,
    value: AnswerValue,
    opts?: StepOptions,
  ): Promise<{ ok: true; result: AnswerResult; state: PlayState } | Failure>;
  retry(pid: string, gameId: string): Promise<{ ok: true; state: PlayState } | Failure>;
  progress(caller: Caller): Promise<{ ok: true; progress: ProgressView } | Failure>;
  view(pid: string): PlayState | null;
}

/**
 * What a socket remembers through hibernation: the student's seat, or the teacher's
 * (kit/host-sockets.ts `HostAttachment`: the user and the session it was opened with).
 */
export interface AssignmentAttachment {
  role: "student" | "host";
  id: string;
  gameId?: string;
  userRole?: string;
  jti?: string;
  exp?: number;
}

export const STUDENT_TAG = "student";
export { HOST_TAG };

const SEATS: SeatRules<AssignmentAttachment> = {
  presenceTag: STUDENT_TAG,
  isSeat: (att) => att.role === "student",
  seatTag: (id) => `s:${id}`,
  replaced: {
    frame: JSON.stringify({ type: "replaced" } satisfies AssignmentServerMessage),
    code: CLOSE_CODES.replaced,
    reason: "replaced by a newer connection",
  },
};

const frame = (msg: AssignmentServerMessage) => JSON.stringify(msg);
const error = (code: AssignmentErrorCode, message: string, forType?: string): AssignmentServerMessage => ({
  type: "error",
  code,
  message,
  ...(forType ? { for: forType } : {}),
});

/** A refusal of the object's (`wrong_question` …) as a socket error code; null: the seat is gone. */
function errorCode(code: string): AssignmentErrorCode | null {
  if (code === "not_found" || code === "removed") return null;
  const dashed = code.replace("_", "-") as AssignmentErrorCode;
  return dashed;
}

export class AssignmentSockets {
  readonly registry: SocketRegistry<AssignmentAttachment>;
  private readonly hosts: HostSockets;
  private readonly budget = new FrameBudget();
  private progressTimer: ReturnType<typeof setTimeout> | null = null;
  private progressSentAt = 0;
  /** The close the connected students were last told of; undefined until the object has read its state. */
  private closedSeen: number | null | undefined;

  constructor(
    private readonly ctx: DurableObjectState,
    private readonly steps: Steps,
  ) {
    this.registry = new SocketRegistry(ctx, SEATS);
    this.hosts = new HostSockets(ctx, this.registry);
    // The keep-alive is answered without waking the object (it keeps the connection, not the clock).
    ctx.setWebSocketAutoResponse(new WebSocketRequestResponsePair("ping", "pong"));
  }

  /** The state as the object was built from storage: a later change of its close is news to the students. */
  watch(st: AssignmentState | null): void {
    this.closedSeen = st?.closedAt ?? null;
  }

  // ---------- connecting ----------

  async connect(request: Request): Promise<Response> {
    const notUpgrade = notAnUpgrade(request);
    if (notUpgrade) return notUpgrade;
    const h = request.headers;
    const host = hostIdentity(h);
    if (host) {
      // Someone else's assignment (or none) is refused as missing (access.ts `asHost`).
      const res = await this.steps.progress({ userId: host.userId, role: host.userRole });
      if (!res.ok) return refuse(res.status, res.code, res.message);
      const { socket, response } = this.hosts.accept(host);
      send([socket], frame({ type: "progress", progress: res.progress }));
      return response;
    }
    if (h.get(IDENTITY_HEADERS.role) === "player")
      return this.connectStudent(h.get(IDENTITY_HEADERS.player) ?? "", h.get(IDENTITY_HEADERS.game) ?? "");
    return refuse(400, "bad_request", "missing identity");
  }

  /** The student's socket: the current step at once (the shown question with the time already used, or the summary). */
  private async connectStudent(pid: string, gameId: string): Promise<Response> {
    const res = await this.steps.play(pid, gameId);
    if (!res.ok) {
      const removed = res.code === "removed";
      return refuseSocket({
        frame: frame({ type: "refused", reason: removed ? "removed" : "not-found", message: res.message }),
        code: removed ? CLOSE_CODES.kicked : CLOSE_CODES.unknownPlayer,
        reason: removed ? "removed" : "unknown participant",
      });
    }
    const { socket, response } = this.registry.acceptSeat({ role: "student", id: pid, gameId });
    send([socket], frame({ type: "state", state: res.state }));
    return response;
  }

  // ---------- frames ----------

  async message(ws: WebSocket, raw: string | ArrayBuffer): Promise<void> {
    const att = this.registry.attachment(ws);
    // A teacher's socket whose session expired is closed unheard.
    if (!att || !this.hosts.heard(ws)) return;
    const reply = (msg: AssignmentServerMessage) => send([ws], frame(msg));
    // Every frame counts against the budget, bad ones too: a flood costs no reply after the first.
    const take = this.budget.take(`${att.role}:${att.id}`, Date.now());
    if (take === "drop") return;
    if (take === "tell") return reply(error("rate-limited", overBudget().message));
    const decoded = decodeWith(raw, assignmentClientMessage);
    if (!decoded.ok) return reply(error(decoded.problem.code, decoded.problem.message, decoded.problem.for));
    const msg = decoded.msg;
    if (att.role !== "student")
      return reply(error("forbidden", "the teacher's socket only receives progress", msg.type));
    try {
      const out = await this.step(att, msg);
      if (out.ok) return reply(out.msg);
      const code = errorCode(out.code);
      if (code) return reply(error(code, out.message, msg.type));
      // Removed, or the assignment is gone: the socket has nothing more to do.
      reply({ type: "refused", reason: out.code === "removed" ? "removed" : "not-found", message: out.message });
      closeQuietly(ws, out.code === "removed" ? CLOSE_CODES.kicked : CLOSE_CODES.unknownPlayer, out.code);
    } catch (e) {
      // A failed write: nothing was acknowledged, the student sends again.
      console.error("assignment socket step failed", e);
    }
  }

  private async step(
    att: AssignmentAttachment,
    msg: AssignmentClientMessage,
  ): Promise<{ ok: true; msg: AssignmentServerMessage } | Failure> {
    const gameId = att.gameId ?? "";
    switch (msg.type) {
      case "answer": {
        const res = await this.steps.answer(att.id, gameId, msg.q, msg.answer, { show: true });
        return res.ok ? { ok: true, msg: { type: "answered", result: res.result, state: res.state } } : res;
      }
      case "retry": {
        const res = await this.steps.retry(att.id, gameId);
        return res.ok ? { ok: true, msg: { type: "state", state: res.state } } : res;
      }
      case "play": {
        const res = await this.steps.play(att.id, gameId);
        return res.ok ? { ok: true, msg: { type: "state", state: res.state } } : res;
      }
    }
  }

  /** A socket closed: the server notes when (a quick return may be excused a few seconds, rules.ts). */
  async closed(ws: WebSocket, code: number): Promise<void> {
    const att = this.registry.attachment(ws);
    closeBack(ws, code);
    const pid = this.registry.left(ws);
    if (!pid || !att?.gameId) return;
    await this.steps
      .play(pid, att.gameId, { show: false, closed: true })
      .catch((e) => console.error("noting the close failed", e));
  }

  // ---------- what the object tells ----------

  /** The storage is gone (retention over): whoever is still connected is told the seat no longer exists. */
  closeAll(): void {
    for (const ws of this.ctx.getWebSockets()) closeQuietly(ws, CLOSE_CODES.unknownPlayer, "gone");
  }

  /** The teacher removed a student: their socket hears it and closes. */
  removed(pid: string): void {
    const msg: AssignmentServerMessage = { type: "removed" };
    for (const ws of this.registry.seatSockets(pid)) {
      send([ws], frame(msg));
      closeQuietly(ws, CLOSE_CODES.kicked, "removed");
    }
    this.registry.release(pid);
  }

  /**
   * After each commit. A close or reopen reaches every connected student at once (their summary or
   * their question); the teacher's progress goes out at most every PROGRESS_EVERY_MS, built when it
   * leaves, so a thousand answers a second cost one view a second.
   */
  changed(st: AssignmentState | null): void {
    const closedAt = st?.closedAt ?? null;
    if (this.closedSeen !== undefined && closedAt !== this.closedSeen) this.tellStudents();
    this.closedSeen = closedAt;
    if (this.progressTimer || !this.ctx.getWebSockets(HOST_TAG).length) return;
    const wait = Math.max(0, this.progressSentAt + PROGRESS_EVERY_MS - Date.now());
    this.progressTimer = setTimeout(() => void this.sendProgress(), wait);
  }

  /**
   * Every connected student hears where they stand now: after a close or reopen, and after the
   * teacher renames, moves or balances teams (a team's name, members and standing are on each
   * member's screen, so a move shows now rather than at the student's next step).
   */
  tellStudents(): void {
    for (const ws of this.ctx.getWebSockets(STUDENT_TAG)) {
      const att = this.registry.attachment(ws);
      const state = att && this.steps.view(att.id);
      if (state) send([ws], frame({ type: "state", state }));
    }
  }

  private async sendProgress(): Promise<void> {
    this.progressTimer = null;
    this.progressSentAt = Date.now();
    // Only sockets whose sessions are alive: an expired one is closed, not sent to.
    const hosts = this.hosts.live();
    const first = hosts.map((ws) => this.registry.attachment(ws)).find((a) => a?.role === "host");
    if (!first) return;
    const res = await this.steps.progress({ userId: first.id, role: first.userRole ?? "" });
    if (!res.ok) return;
    send(hosts, frame({ type: "progress", progress: res.progress }));
  }

  /** The teacher's sockets opened with session `jti` (any if omitted), except `exceptJti`'s: those sessions ended. */
  closeHostSessions(userId: string, jti?: string, exceptJti?: string): number {
    return this.hosts.closeSessions(userId, jti, exceptJti);
  }
}
