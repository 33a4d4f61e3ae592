// One Durable Object per assignment code: wiring only. The rules are rules.ts and who may do what
// access.ts (both pure, with the refusals' one shape); state is store.ts on the object's SQLite, its writes committed through the commit-gated outbox
// (kit/outbox.ts) so that every answer is acknowledged only once it is durable; the deadline is
// the object's alarm (kit/alarm.ts); results go to D1 through kit/d1-sync.ts, retried from the
// alarm with the rooms' one backoff (results.ts, kit/results-retry.ts). The teacher's sockets are
// kit/host-sockets.ts's, as a live host's are. Students play over one hibernatable socket each (sockets.ts: one frame per
// step) or over HTTP (one request per step); the teacher follows over a socket of their own. Both
// paths run the same methods below; the object is evicted and rebuilt from storage freely. Once D1
// has the results of a close, the storage is deleted after a retention period (the alarm again),
// as a live room's is.
import { DurableObject } from "cloudflare:workers";
import type { AnswerResult, AssignmentTeamCommand, PlayState, ProgressView } from "../../schema/assignment.ts";
import type { AnswerValue } from "../../schema/messages.ts";
import { AddressBudget, SEATS_SPENT } from "../kit/address-budget.ts";
import { AlarmClock } from "../kit/alarm.ts";
import { D1Sync } from "../kit/d1-sync.ts";
import { reopenGameRow } from "../kit/games-row.ts";
import { GatedOutbox } from "../kit/outbox.ts";
import { drizzle } from "drizzle-orm/d1";
import * as access from "./access.ts";
import type { Caller, Failure } from "./access.ts";
import { AssignmentD1Writes } from "./d1-results.ts";
import * as rules from "./rules.ts";
import { AssignmentSockets, type StepOptions } from "./sockets.ts";
import { AssignmentStore } from "./store.ts";
import * as teams from "./teams.ts";
import type { AssignmentConfig, AssignmentState } from "./types.ts";
import { playState, progress } from "./views.ts";

export type { Caller, Failure };

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
  /** Team mode, `assign: "pick"`: the student's team. */
  team?: string;
  /** The client's network address: new seats from one address share a budget (kit/address-budget.ts). */
  address?: string;
}
export class Assignment extends DurableObject<Env> {
  private readonly outbox: GatedOutbox<unknown>;
  /** New seats per network address (in memory: the accuracy of a brake, kit/address-budget.ts). */
  private readonly seatBudget = new AddressBudget();
  private readonly store: AssignmentStore;
  private readonly d1: D1Sync;
  private readonly alarmClock: AlarmClock;
  private readonly live: AssignmentSockets;
  private readonly results: AssignmentD1Writes;

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
    this.results = new AssignmentD1Writes({
      ctx,
      db: env.DB,
      store: this.store,
      d1: this.d1,
      scheduleAlarm: (st) => this.scheduleAlarm(st),
      flushOrLog: () => this.outbox.flushOrLog(),
    });
    this.live.watch(this.store.state());
  }

  // ---------- setting up ----------

  async init(input: InitInput): Promise<{ ok: true } | { ok: false; reason: "busy" }> {
    if (this.store.config()) return { ok: false, reason: "busy" };
    const now = Date.now();
    this.store.saveConfig({ ...input, createdAt: now });
    this.store.saveTeams(teams.startingTeams(input));
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

  /** The worker could not record the assignment just set up here (hosting quota): forgotten at once. */
  async abandon(gameId: string): Promise<void> {
    if (this.store.config()?.gameId === gameId) await this.destroy();
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
      teams: teams.choice(cfg, this.store.teams(), this.store.participants().values()),
    };
  }

  // ---------- the student's path ----------

  /** A seat (a new one, or the caller's again) and its first screen, in one call: one commit for both. */
  async start(
    input: StartInput,
  ): Promise<{ ok: true; participantId: string; gameId: string; state: PlayState } | Failure> {
    const { cfg, st } = this.loaded();
    if (!cfg || !st) return access.missing();
    const now = Date.now();
    const known =
      (input.participantId && this.store.participants().get(input.participantId)) ||
      (input.userId && this.store.byUser(input.userId)) ||
      (input.startKey && this.store.byStartKey(input.startKey)) ||
      null;
    if (known) {
      const refused = access.returning(known);
      if (refused) return refused;
      const res = await this.play(known.id, cfg.gameId);
      return res.ok ? { ok: true, participantId: known.id, gameId: cfg.gameId, state: res.state } : res;
    }
    const seat = access.newSeat(cfg, st, input, this.store.participants(), now);
    if (!seat.ok) return seat;
    const placed = teams.placeNew(cfg, this.store.teams(), this.store.participants().values(), input.team);
    if (!placed.ok) return placed;
    // Only a new seat uses the address's budget, as a live game's join does: a student coming back
    // (token, account or the same start again) is not counted, and a refused start is the worker's.
    if (input.address && !this.seatBudget.take(input.address, now))
      return access.fail(429, "rate_limited", SEATS_SPENT);
    // The first question is shown at once: its time starts with the seat.
    const p = rules.touch(
      cfg,
      {
        ...rules.newParticipant(crypto.randomUUID(), seat.nick, input.userId, seat.studentId, now),
        startKey: input.startKey ?? null,
        teamId: placed.teamId,
      },
      now,
    );
    this.store.saveParticipant(p);
    await this.commit();
    return { ok: true, participantId: p.id, gameId: cfg.gameId, state: playState(cfg, st, this.store, p, now) };
  }

  /** The student's screen (a timed-out question moves on); `closed`: their socket closed (sockets.ts). */
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
    const cur = !open ? p : opts.closed ? rules.socketClosed(cfg, p, now) : rules.touch(cfg, p, now, opts.show ?? true);
    if (open) this.store.saveParticipant(cur);
    await this.commit();
    if (open && rules.isFinished(cfg, cur) && !rules.isFinished(cfg, p)) this.results.finished(p.id);
    return { ok: true, state: playState(cfg, st, this.store, cur, now) };
  }

  async answer(
    participantId: string,
    gameId: string,
    q: number,
    value: AnswerValue,
    opts: StepOptions = {},
  ): Promise<{ ok: true; result: AnswerResult; state: PlayState } | Failure> {
    const got = this.openSeat(participantId, gameId);
    if (!got.ok) return got;
    const { cfg, st, p, now } = got;
    // rules.answer reads the question's clock itself: an answer to the shown question after its
    // limit is "too late" (accepted: false, counted unanswered), not a wrong question.
    const out = rules.answer(cfg, p, q, value, now);
    if (!out.ok) {
      await this.commit();
      return access.fail(out.code === "bad-answer" ? 400 : 409, out.code.replace("-", "_"), out.message);
    }
    if (out.answer) this.store.saveAnswer(out.answer);
    // Over a socket the acknowledgement shows the next question too (its time starts now): one frame a step.
    const next = opts.show ? rules.touch(cfg, out.participant, now) : out.participant;
    this.store.saveParticipant(next);
    // The acknowledgement leaves only once the answer is durable.
    await this.commit();
    if (rules.isFinished(cfg, next) && !rules.isFinished(cfg, p)) this.results.finished(p.id);
    return { ok: true, result: out.result, state: playState(cfg, st, this.store, next, now) };
  }

  async retry(participantId: string, gameId: string): Promise<{ ok: true; state: PlayState } | Failure> {
    const got = this.openSeat(participantId, gameId);
    if (!got.ok) return got;
    const { cfg, st, p, now } = got;
    const again = rules.retry(cfg, p, now);
    if (!again) return access.fail(409, "no_attempts", "no attempt left");
    // The new attempt's first question is shown at once (its time starts now), as at the start:
    // the screen that asked for it has a question to draw, not a spinner.
    const next = rules.touch(cfg, again, now);
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
    const { cfg, st } = got;
    return {
      ok: true,
      progress: progress(cfg, st, this.store.participants().values(), Date.now(), this.store.teams()),
    };
  }

  /** Team mode: the teacher renames a team, moves a student or balances the teams (teams.ts), until the close. */
  async teamCommand(
    caller: Caller,
    msg: AssignmentTeamCommand,
  ): Promise<{ ok: true; progress: ProgressView } | Failure> {
    const got = this.asHost(caller);
    if (!got.ok) return got;
    if (rules.status(got.st, Date.now()) === "closed") return access.fail(403, "closed", "this assignment is closed");
    const change = teams.command(got.cfg, this.store.teams(), this.store.participants(), msg);
    if (!change.ok) return change;
    this.store.saveTeams(change.teams);
    for (const p of change.moved) this.store.saveParticipant(p);
    await this.commit();
    this.live.tellStudents();
    return this.progress(caller);
  }

  /** How many have started (removed ones left out) and finished, for the teacher's banner: no roster. */
  async counts(caller: Caller, gameId: string): Promise<{ ok: true; started: number; finished: number } | Failure> {
    const got = this.asHost(caller);
    if (!got.ok) return got;
    if (got.cfg.gameId !== gameId) return access.fail(404, "not_found", "no assignment with this code");
    const seats = [...this.store.participants().values()].filter((p) => !p.removed);
    return { ok: true, started: seats.length, finished: seats.filter((p) => rules.isFinished(got.cfg, p)).length };
  }

  /** The teacher's close, or an admin's from the console (`gameId`: only if this object still holds that game). */
  async close(caller: Caller, gameId?: string): Promise<{ ok: true; progress: ProgressView } | Failure> {
    const got = this.asHost(caller);
    if (!got.ok) return got;
    if (gameId !== undefined && got.cfg.gameId !== gameId) return access.missing();
    if (rules.status(got.st, Date.now()) !== "closed") this.closeNow();
    await this.commit();
    return this.progress(caller);
  }

  /** A new deadline: extends an open assignment, or reopens a closed one. */
  async setDeadline(caller: Caller, deadline: number): Promise<{ ok: true; progress: ProgressView } | Failure> {
    const got = this.asHost(caller);
    if (!got.ok) return got;
    const next = rules.withDeadline(got.st, deadline, Date.now());
    if (!next)
      return access.fail(400, "bad_deadline", "the new deadline must be in the future and at most 120 days away");
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
    if (!p) return access.fail(404, "not_found", "no such participant");
    this.store.saveParticipant({ ...p, removed: true });
    this.live.removed(participantId);
    // After the close D1 has results that still rank this student: they are written again.
    if (rules.status(got.st, Date.now()) === "closed") this.closeNow();
    // Open: a row written when they finished says "removed" now too.
    else if (rules.isFinished(got.cfg, p) || p.past.length) this.results.finished(participantId);
    await this.commit();
    return this.progress(caller);
  }

  /** The teacher's session ended (logout, password change, account disabled): their progress sockets close. */
  async closeHostSessions(userId: string, jti?: string, exceptJti?: string): Promise<number> {
    return this.live.closeHostSessions(userId, jti, exceptJti);
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

  /** Writes the results of the close to D1 once (d1-results.ts); the alarm retries a failure. */
  flushResults(): Promise<void> {
    return this.results.flush();
  }

  private scheduleAlarm(st: AssignmentState): void {
    this.alarmClock.set(rules.nextWake(st));
  }

  // ---------- helpers ----------

  private loaded() {
    return { cfg: this.store.config(), st: this.store.state() };
  }

  /** The caller's seat while the assignment is open (answers and retries need both). */
  private openSeat(participantId: string, gameId: string) {
    const got = this.participant(participantId, gameId);
    if (!got.ok) return got;
    const now = Date.now();
    return access.whileOpen(got.st, now) ?? { ...got, now };
  }

  private participant(participantId: string, gameId: string) {
    return access.asParticipant(this.loaded(), this.store.participants().get(participantId), gameId);
  }

  private asHost(caller: Caller) {
    return access.asHost(this.loaded(), caller);
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
