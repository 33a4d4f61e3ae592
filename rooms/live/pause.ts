// The host's hold on the clock: pause / resume, time added for everyone, a player's extra time
// changed mid-question, and the grace a room gives its players after a restart. A pause takes the
// phase's timer off the alarm and keeps what it had left in state; resume puts it back that far
// ahead and shifts the question's opening and closing times by as much, so a response time never
// includes the pause and an eviction in between changes nothing.
import type { ServerMessage, ServerMessageOf } from "../../schema/messages.ts";
import type { GameContext } from "./context.ts";
import type { GameState, PlayerRow } from "./types.ts";

/**
 * After a restart (the runtime died: every socket gone), players get this long to come back
 * before the room closes anything on their behalf: a deadline that falls inside it moves to its end.
 */
export const RESTART_GRACE_MS = 10_000;
/**
 * More grace per seat, up to 20 s more: 2,000 phones coming back with backoff after a restart
 * took longer than 10 s (the chaos run at 2,000 players, with or without relays).
 */
export function restartGraceMs(seats: number): number {
  return RESTART_GRACE_MS + Math.min(20_000, seats * 10);
}

export class TimeControl {
  constructor(private readonly game: GameContext) {}

  pause(userId: string): void {
    const state = this.game.state;
    if (state.paused) return;
    const now = this.game.now();
    const timer = state.timer;
    this.game.save({ paused: { at: now, timer, leftMs: timer ? Math.max(0, timer.at - now) : 0 }, timer: null });
    this.game.event("game.pause", "user", userId, { phase: state.phase, q: state.position });
    this.broadcast();
    this.game.effects.flushEvents();
  }

  resume(userId: string | null): void {
    const state = this.game.state;
    const paused = state.paused;
    if (!paused) return;
    const now = this.game.now();
    // The timer runs again with exactly what it had left (kept in state); everything timed moves by as much.
    const shift = paused.timer ? now + paused.leftMs - paused.timer.at : now - paused.at;
    this.game.save({
      paused: null,
      ...this.shifted(state, shift),
      timer: paused.timer && { ...paused.timer, at: paused.timer.at + shift },
    });
    if (userId) this.game.event("game.resume", "user", userId, { phase: state.phase, q: state.position });
    this.broadcast();
    this.game.effects.flushEvents();
  }

  /** Everyone gets `seconds` more on the open question (paused or not). */
  addTime(userId: string, seconds: number): void {
    const state = this.game.state;
    const ms = seconds * 1000;
    const patch: Partial<GameState> = { addedMs: (state.addedMs ?? 0) + ms, closesAt: state.closesAt + ms };
    // A paused timer keeps `at = paused.at + leftMs`: both grow.
    if (state.paused?.timer)
      patch.paused = {
        ...state.paused,
        timer: { ...state.paused.timer, at: state.paused.timer.at + ms },
        leftMs: state.paused.leftMs + ms,
      };
    if (state.timer) patch.timer = { ...state.timer, at: state.timer.at + ms };
    this.game.save(patch);
    this.game.event("question.add_time", "user", userId, { q: state.position, seconds });
    this.broadcast();
    this.game.effects.flushEvents();
  }

  /** A player's factor changed while a question is open: their own deadline moves, the room's close with it if later. */
  extraTimeChanged(p: PlayerRow): void {
    const state = this.game.state;
    if (state.phase !== "question") return;
    const own = state.opensAt + this.game.limitMs(state.position, p.extraTime);
    if (own > state.closesAt) {
      const shift = own - state.closesAt;
      const patch: Partial<GameState> = { closesAt: own };
      if (state.timer) patch.timer = { ...state.timer, at: state.timer.at + shift };
      if (state.paused?.timer)
        patch.paused = {
          ...state.paused,
          timer: { ...state.paused.timer, at: state.paused.timer.at + shift },
          leftMs: state.paused.leftMs + shift,
        };
      this.game.save(patch);
    }
    this.game.outbox.player(p.id, this.timerFor(p.extraTime));
  }

  /**
   * The object started again with a question open and no player socket: the runtime restarted
   * (sockets survive hibernation, not a restart). A deadline inside the grace moves to its end.
   */
  restarted(): void {
    const state = this.game.state;
    if (state.phase !== "question" || state.paused || !state.timer) return;
    const graceEnd = this.game.now() + restartGraceMs(this.game.activePlayers().length);
    if (state.timer.at >= graceEnd) return;
    const shift = graceEnd - state.timer.at;
    // Added for everyone like `addTime` (the options stay open: shifting their opening would
    // make returners wait through a second reading time).
    this.game.save({
      addedMs: (state.addedMs ?? 0) + shift,
      closesAt: state.closesAt + shift,
      timer: { ...state.timer, at: graceEnd },
    });
    this.game.event("question.restart_grace", "system", null, { q: state.position, shiftMs: shift });
    this.game.effects.flushEvents();
  }

  /** `timer` to everyone, each with their own times: one serialisation per extra-time factor. */
  broadcast(): void {
    const { outbox } = this.game;
    const standard = this.timerFor(1);
    const extra = this.game.activePlayers().filter((p) => p.extraTime !== 1);
    outbox.host(standard);
    outbox.players(standard, new Set(extra.map((p) => p.id)));
    const byFactor = new Map<number, ServerMessage>();
    for (const p of extra) {
      let m = byFactor.get(p.extraTime);
      if (!m) byFactor.set(p.extraTime, (m = this.timerFor(p.extraTime)));
      outbox.player(p.id, m);
    }
  }

  /** What the countdowns say now for a client with this factor. */
  timerFor(factor: number): ServerMessageOf<"timer"> {
    const state = this.game.state;
    const clock = this.game.clock();
    const question = state.phase === "question";
    const timer = state.paused ? state.paused.timer : state.timer;
    const advanceIn = state.paused ? state.paused.leftMs : timer ? Math.max(0, timer.at - clock) : 0;
    return {
      type: "timer",
      index: state.position,
      paused: !!state.paused,
      opensInMs: question ? Math.max(0, state.opensAt - clock) : 0,
      closesInMs: question ? Math.max(0, state.opensAt + this.game.limitMs(state.position, factor) - clock) : 0,
      ...(question ? {} : { autoAdvanceInMs: timer?.kind === "advance" ? advanceIn : null }),
    };
  }

  private shifted(state: GameState, shift: number): Partial<GameState> {
    if (state.phase !== "question") return {};
    return { shownAt: state.shownAt + shift, opensAt: state.opensAt + shift, closesAt: state.closesAt + shift };
  }
}
