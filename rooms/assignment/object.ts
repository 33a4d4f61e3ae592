// One Durable Object per assignment code: wiring only. The rules are rules.ts (pure); state is
// store.ts on the object's SQLite, its writes committed through the commit-gated outbox
// (kit/outbox.ts) so that every answer is acknowledged only once it is durable; the deadline is
// the object's alarm (kit/alarm.ts); results go to D1 through kit/d1-sync.ts, retried with backoff
// from the alarm. Students play over one hibernatable socket each (sockets.ts: one frame per
// step) or over HTTP (one request per step); the teacher follows over a socket of their own. Both
// paths run the same methods below; the object is evicted and rebuilt from storage freely. Once D1
// has the results of a close, the storage is deleted after a retention period (the alarm again),
// as a live room's is.
import { DurableObject } from "cloudflare:workers";
import type { AnswerResult, PlayState, ProgressView } from "../../schema/assignment.ts";
import type { AnswerValue } from "../../schema/messages.ts";
import { AlarmClock } from "../kit/alarm.ts";
import { D1Sync } from "../kit/d1-sync.ts";
import { reopenGameRow } from "../kit/games-row.ts";
import { GatedOutbox } from "../kit/outbox.ts";
import { drizzle } from "drizzle-orm/d1";
import { checkNickname } from "../kit/nickname.ts";
import { writeAssignmentResults } from "./results.ts";
import * as rules from "./rules.ts";
import { AssignmentSockets, type StepOptions } from "./sockets.ts";
import { AssignmentStore } from "./store.ts";
import type { AssignmentConfig, AssignmentState, Participant } from "./types.ts";
import { playState, progress } from "./views.ts";

const RETRY_BASE_MS = 2_000;
const RETRY_MAX_MS = 10 * 60_000;

export type Failure = { ok: false; status: 400 | 403 | 404 | 409; code: string; message: string };
const fail = (status: Failure["status"], code: string, message: string): Failure => ({
  ok: false,
  status,
  code,
  message,
});

export type InitInput = Omit<AssignmentConfig, "createdAt">;
export interface StartInput {
  nickname?: string;
  studentId?: string;
  userId: string | null;
  userRole: string | null;
  /** From a token the client held: the same seat again. */
  participantId: string | null;
  /** The browser's key for this start: a start tried again after its answer was lost is the same seat. */
  startKey?: string | null;
}
export interface Caller {
  userId: string;
  role: string;
}

export class Assignment extends DurableObject<Env> {
  private readonly outbox: GatedOutbox<unknown>;
  private readonly store: AssignmentStore;
  private readonly d1: D1Sync;
  private readonly alarmClock: AlarmClock;
  private readonly live: AssignmentSockets;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.live = new AssignmentSockets(ctx, this);
    this.outbox = new GatedOutbox<unknown>({
      storage: ctx.storage,
      sockets: this.live.registry,
      onRollback: () => this.store.forget(),
      isStale: () => false,
    });
    this.store = new AssignmentStore(ctx.storage, this.outbox);
    this.d1 = new D1Sync(ctx, env.DB, { pendingEvents: () => null, dropEvents: () => {} });
    this.alarmClock = new AlarmClock(ctx.storage);
    this.live.watch(this.store.state());
  }

  // ---------- setting up ----------

  async init(input: InitInput): Promise<{ ok: true } | { ok: false; reason: "busy" }> {
    if (this.store.config()) return { ok: false, reason: "busy" };
    const now = Date.now();
    this.store.saveConfig({ ...input, createdAt: now });
    const s = input.settings;
    const st: AssignmentState = {
      opensAt: s.opensAt ?? now,
      deadline: s.deadline,
      closedAt: null,
      resultsPending: false,
      resultsAttempts: 0,
      resultsRetryAt: null,
    };
    this.store.saveState(st);
    this.scheduleAlarm(st);
    await this.commit();
    return { ok: true };
  }

  async info() {
    const cfg = this.store.config();
    const st = this.store.state();
    if (!cfg || !st) return null;
    const now = Date.now();
    return {
      kind: "assignment" as const,
      code: cfg.code,
      title: cfg.title,
      status: rules.status(st, now),
      opensAt: st.opensAt,
      deadline: st.deadline,
      now,
      questionCount: cfg.questions.length,
      audience: cfg.settings.audience,
      askStudentId: cfg.settings.askStudentId,
    };
  }

  // ---------- the student's path ----------

  /** A seat (a new one, or the caller's again) and its first screen, in one call: one commit for both. */
  async start(
    input: StartInput,
  ): Promise<{ ok: true; participantId: string; gameId: string; state: PlayState } | Failure> {
    const { cfg, st } = this.loaded();
    if (!cfg || !st) return fail(404, "not_found", "no assignment with this code");
    const now = Date.now();
    const known =
      (input.participantId && this.store.participants().get(input.participantId)) ||
      (input.userId && this.store.byUser(input.userId)) ||
      (input.startKey && this.store.byStartKey(input.startKey)) ||
      null;
    if (known) {
      if (known.removed) return fail(403, "removed", "the teacher removed you from this assignment");
      const res = await this.play(known.id, cfg.gameId);
      return res.ok ? { ok: true, participantId: known.id, gameId: cfg.gameId, state: res.state } : res;
    }
    const status = rules.status(st, now);
    if (status === "closed") return fail(403, "closed", "this assignment is closed: its deadline has passed");
    if (status === "scheduled") return fail(403, "not_open", "this assignment has not opened yet");
    if (cfg.settings.audience === "students" && input.userRole !== "student")
      return fail(403, "students_only", "log in with a student account to take this assignment");
    if (this.store.participants().size >= cfg.settings.maxParticipants)
      return fail(403, "full", "this assignment has as many participants as it allows");
    const nick = checkNickname(input.nickname ?? "");
    if (!nick.ok) return fail(400, "nickname_invalid", nick.reason);
    for (const p of this.store.participants().values())
      if (p.skeleton === nick.skeleton) return fail(409, "nickname_taken", "this nickname is taken; pick another");
    // Asked for: required (as in a live game that requires it); not asked for: not kept.
    const studentId = cfg.settings.askStudentId ? input.studentId?.trim() || null : null;
    if (cfg.settings.askStudentId && !studentId)
      return fail(400, "student_id_required", "give your name or student ID: the teacher asks for it");
    // The first question is shown at once: its time starts with the seat.
    const p = rules.touch(
      cfg,
      {
        ...rules.newParticipant(crypto.randomUUID(), nick, input.userId, studentId, now),
        startKey: input.startKey ?? null,
      },
      now,
    );
    this.store.saveParticipant(p);
    await this.commit();
    return { ok: true, participantId: p.id, gameId: cfg.gameId, state: playState(cfg, st, this.store, p, now) };
  }

  /** The student's screen, and their heartbeat: time on the shown question is charged here. */
  async play(
    participantId: string,
    gameId: string,
    opts: StepOptions = {},
  ): Promise<{ ok: true; state: PlayState } | Failure> {
    const got = this.participant(participantId, gameId);
    if (!got.ok) return got;
    const { cfg, st, p } = got;
    const now = Date.now();
    const open = rules.status(st, now) === "open";
    // After the close nothing moves: the summary shows what was played.
    const cur = open ? rules.touch(cfg, p, now, opts.show ?? true, opts.present) : p;
    if (open) this.store.saveParticipant(cur);
    await this.commit();
    return { ok: true, state: playState(cfg, st, this.store, cur, now) };
  }

  async answer(
    participantId: string,
    gameId: string,
    q: number,
    value: AnswerValue,
    opts: StepOptions = {},
  ): Promise<{ ok: true; result: AnswerResult; state: PlayState } | Failure> {
    const got = this.participant(participantId, gameId);
    if (!got.ok) return got;
    const { cfg, st, p } = got;
    const now = Date.now();
    if (rules.status(st, now) !== "open")
      return fail(403, "closed", "this assignment is closed: its deadline has passed");
    // Time that ran out while the student was away is settled first (the question may have closed).
    const settled = rules.touch(cfg, p, now, false, opts.present);
    const out = rules.answer(cfg, settled, q, value, now);
    if (!out.ok) {
      if (settled !== p) this.store.saveParticipant(settled);
      await this.commit();
      return fail(out.code === "bad-answer" ? 400 : 409, out.code.replace("-", "_"), out.message);
    }
    if (out.answer) this.store.saveAnswer(out.answer);
    // Over a socket the acknowledgement shows the next question too (its time starts now): one frame a step.
    const next = opts.show ? rules.touch(cfg, out.participant, now) : out.participant;
    this.store.saveParticipant(next);
    // The acknowledgement leaves only once the answer is durable.
    await this.commit();
    return { ok: true, result: out.result, state: playState(cfg, st, this.store, next, now) };
  }

  async retry(participantId: string, gameId: string): Promise<{ ok: true; state: PlayState } | Failure> {
    const got = this.participant(participantId, gameId);
    if (!got.ok) return got;
    const { cfg, st, p } = got;
    const now = Date.now();
    if (rules.status(st, now) !== "open") return fail(403, "closed", "this assignment is closed");
    const next = rules.retry(cfg, p, now);
    if (!next) return fail(409, "no_attempts", "no attempt left");
    this.store.saveParticipant(next);
    await this.commit();
    return { ok: true, state: playState(cfg, st, this.store, next, now) };
  }

  /** The student's screen as it is, changing nothing (sent to their socket when the assignment closes or reopens). */
  view(participantId: string): PlayState | null {
    const { cfg, st } = this.loaded();
    const p = this.store.participants().get(participantId);
    if (!cfg || !st || !p || p.removed) return null;
    return playState(cfg, st, this.store, p, Date.now());
  }

  // ---------- the teacher's side ----------

  async progress(caller: Caller): Promise<{ ok: true; progress: ProgressView } | Failure> {
    const got = this.asHost(caller);
    if (!got.ok) return got;
    return { ok: true, progress: progress(got.cfg, got.st, this.store.participants().values(), Date.now()) };
  }

  /** How many have started (removed ones left out) and finished, for the teacher's banner: no roster. */
  async counts(caller: Caller, gameId: string): Promise<{ ok: true; started: number; finished: number } | Failure> {
    const got = this.asHost(caller);
    if (!got.ok) return got;
    if (got.cfg.gameId !== gameId) return fail(404, "not_found", "no assignment with this code");
    const seats = [...this.store.participants().values()].filter((p) => !p.removed);
    return { ok: true, started: seats.length, finished: seats.filter((p) => rules.isFinished(got.cfg, p)).length };
  }

  /** The teacher's close, or an admin's from the console (`gameId`: only if this object still holds that game). */
  async close(caller: Caller, gameId?: string): Promise<{ ok: true; progress: ProgressView } | Failure> {
    const got = this.asHost(caller);
    if (!got.ok) return got;
    if (gameId !== undefined && got.cfg.gameId !== gameId)
      return fail(404, "not_found", "no assignment with this code");
    if (rules.status(got.st, Date.now()) !== "closed") this.closeNow();
    await this.commit();
    return this.progress(caller);
  }

  /** A new deadline: extends an open assignment, or reopens a closed one. */
  async setDeadline(caller: Caller, deadline: number): Promise<{ ok: true; progress: ProgressView } | Failure> {
    const got = this.asHost(caller);
    if (!got.ok) return got;
    const next = rules.withDeadline(got.st, deadline, Date.now());
    if (!next) return fail(400, "bad_deadline", "the new deadline must be in the future and at most 120 days away");
    this.store.saveState(next);
    this.scheduleAlarm(next);
    await this.commit();
    await reopenGameRow(drizzle(this.env.DB), got.cfg.gameId, deadline).catch((e) =>
      console.error("reopening the assignment's row failed", e),
    );
    return this.progress(caller);
  }

  async remove(caller: Caller, participantId: string): Promise<{ ok: true; progress: ProgressView } | Failure> {
    const got = this.asHost(caller);
    if (!got.ok) return got;
    const p = this.store.participants().get(participantId);
    if (!p) return fail(404, "not_found", "no such participant");
    this.store.saveParticipant({ ...p, removed: true });
    this.live.removed(participantId);
    // After the close D1 has results that still rank this student: they are written again.
    if (rules.status(got.st, Date.now()) === "closed") this.closeNow();
    await this.commit();
    return this.progress(caller);
  }

  // ---------- deadline, results ----------

  override async alarm(): Promise<void> {
    if (await this.alarmClock.isRepeat()) return;
    const { cfg, st } = this.loaded();
    if (!cfg || !st) return;
    const now = Date.now();
    if (st.closedAt === null && now >= st.deadline) this.closeNow();
    else if (st.resultsPending) await this.flushResults();
    else if (rules.cleanupDue(st, now)) return this.destroy();
    else this.scheduleAlarm(st);
    await this.commit();
    await this.d1.resultsPending();
  }

  /**
   * The retention after the close is over and D1 has the results: the storage goes. The code then
   * answers "not found" (the landing page reads the ended row in D1) and may be handed out again.
   */
  private async destroy(): Promise<void> {
    await this.commit();
    await this.alarmClock.clear();
    await this.ctx.storage.deleteAll();
    this.live.closeAll();
    this.store.reset();
    this.outbox.reset();
    this.d1.reset();
  }

  private closeNow(): void {
    const st = rules.closed(this.store.state()!, Date.now());
    this.store.saveState(st);
    this.scheduleAlarm(st);
    this.ctx.waitUntil(this.commit().then(() => this.flushResults()));
  }

  /** Writes the results of the close to D1 once; a failure is retried by the alarm with backoff. */
  flushResults(): Promise<void> {
    return this.d1.flushResults(
      (db) => {
        const cfg = this.store.config()!;
        const st = this.store.state()!;
        return writeAssignmentResults(db, {
          config: cfg,
          state: st,
          participants: [...this.store.participants().values()],
          answers: this.store.allAnswers(),
        });
      },
      (ok) => {
        const st = this.store.state();
        const cfg = this.store.config();
        if (!st || !cfg) return;
        const attempts = st.resultsAttempts + 1;
        const next: AssignmentState = ok
          ? rules.resultsSaved(st, Date.now(), cfg.retentionMs ?? rules.DEFAULT_RETENTION_MS)
          : {
              ...st,
              resultsAttempts: attempts,
              resultsRetryAt: Date.now() + Math.min(RETRY_MAX_MS, RETRY_BASE_MS * 2 ** (attempts - 1)),
            };
        this.store.saveState(next);
        this.scheduleAlarm(next);
        this.outbox.flushOrLog();
        // Reopened while these results were being written: their batch marked the row ended.
        if (ok && next.closedAt === null)
          this.ctx.waitUntil(
            reopenGameRow(drizzle(this.env.DB), cfg.gameId, next.deadline).catch((e) =>
              console.error("reopening the assignment's row failed", e),
            ),
          );
      },
    );
  }

  private scheduleAlarm(st: AssignmentState): void {
    this.alarmClock.set(rules.nextWake(st));
  }

  // ---------- helpers ----------

  private loaded() {
    return { cfg: this.store.config(), st: this.store.state() };
  }

  private participant(
    participantId: string,
    gameId: string,
  ): { ok: true; cfg: AssignmentConfig; st: AssignmentState; p: Participant } | Failure {
    const { cfg, st } = this.loaded();
    if (!cfg || !st || cfg.gameId !== gameId) return fail(404, "not_found", "no assignment with this code");
    const p = this.store.participants().get(participantId);
    if (!p) return fail(404, "not_found", "you have not started this assignment");
    if (p.removed) return fail(403, "removed", "the teacher removed you from this assignment");
    return { ok: true, cfg, st, p };
  }

  private asHost(caller: Caller): { ok: true; cfg: AssignmentConfig; st: AssignmentState } | Failure {
    const { cfg, st } = this.loaded();
    if (!cfg || !st) return fail(404, "not_found", "no assignment with this code");
    // Someone else's assignment is reported as missing: its existence is the teacher's business.
    if (cfg.hostId !== caller.userId && caller.role !== "admin")
      return fail(404, "not_found", "no assignment with this code");
    return { ok: true, cfg, st };
  }

  /**
   * Everything queued is committed before the caller answers (the runtime's output gate then holds
   * the answer until the commit is durable). Requests that arrive together share one commit: the
   * outbox commits its queue on the next turn.
   */
  private async commit(): Promise<void> {
    await this.outbox.written();
    this.live.changed(this.store.state());
  }

  // ---------- sockets (sockets.ts) ----------

  override async fetch(request: Request): Promise<Response> {
    return this.live.connect(request);
  }

  override async webSocketMessage(ws: WebSocket, message: string | ArrayBuffer): Promise<void> {
    await this.live.message(ws, message);
  }

  override async webSocketClose(ws: WebSocket, code: number): Promise<void> {
    await this.live.closed(ws, code);
  }

  override async webSocketError(ws: WebSocket): Promise<void> {
    await this.live.closed(ws, 1011);
  }
}
