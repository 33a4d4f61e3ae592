// What every part of the game rules works with: the room's store, outbox, effects and clock, and
// the few reads and writes they all make. No Workers API here.
import type { PlayerInfo } from "../../schema/messages.ts";
import type { Effects, GameConfig, GameState, GameStore, Outbox, PlayerRow, StoredEvent } from "./types.ts";

export class GameContext {
  /**
   * The lists below, derived from the players once per change of them: read for every answer
   * (its count, the early close) and every join, a fresh filter of every player would make a
   * burst of N answers cost N².
   */
  private activeCache: { version: number; list: readonly PlayerRow[] } | null = null;
  private expectedCache: { version: number; waived: GameState["waived"]; list: readonly PlayerRow[] } | null = null;

  constructor(
    readonly store: GameStore,
    readonly outbox: Outbox,
    readonly effects: Effects,
    readonly now: () => number,
  ) {}

  get config(): GameConfig {
    const c = this.store.config();
    if (!c) throw new Error("room has no game");
    return c;
  }

  get state(): GameState {
    return this.store.state()!;
  }

  /** Saves a change of state and moves the alarm to the next thing due. */
  save(patch: Partial<GameState>): GameState {
    const next = { ...this.state, ...patch };
    this.store.saveState(next);
    this.effects.setAlarm(this.nextWake(next));
    return next;
  }

  nextWake(s: GameState): number | null {
    const times = [s.timer?.at, s.resultsPending ? s.resultsRetryAt : null, s.cleanupAt].filter(
      (t): t is number => typeof t === "number",
    );
    return times.length ? Math.min(...times) : null;
  }

  /** `activePlayers().length`, kept by the store: a join wave asks on every seat and must not rebuild the list each time. */
  activeCount(): number {
    return this.store.activeCount();
  }

  activePlayers(): readonly PlayerRow[] {
    const version = this.store.playersVersion();
    if (this.activeCache?.version !== version)
      this.activeCache = { version, list: [...this.store.players().values()].filter((p) => !p.kicked) };
    return this.activeCache.list;
  }

  /**
   * Who the open question waits for before it closes early: every player still in the game
   * (not kicked), connected or not — a player who drops out is not done — except those waived:
   * away when the question was shown, or seated while it is open, until they connect. A Wi-Fi
   * blip that drops many sockets at once therefore never closes a question. `answerCount.expected`
   * counts this same set.
   */
  expectedPlayers(): readonly PlayerRow[] {
    const version = this.store.playersVersion();
    const waived = this.state.waived;
    const cached = this.expectedCache;
    if (cached?.version === version && cached.waived === waived) return cached.list;
    const skip = new Set(waived ?? []);
    const list = skip.size ? this.activePlayers().filter((p) => !skip.has(p.id)) : this.activePlayers();
    this.expectedCache = { version, waived, list };
    return list;
  }

  /** A player's own answering time on the open question, ms: the question's limit × their factor, plus time added for everyone. */
  limitMs(position: number, factor: number): number {
    return this.config.questions[position].timeLimit * 1000 * factor + (this.state.addedMs ?? 0);
  }

  /** The room's clock for countdowns: frozen at the moment of the pause while paused. */
  clock(): number {
    return this.state.paused?.at ?? this.now();
  }

  event(
    type: string,
    actorType: StoredEvent["actorType"],
    actorId: string | null,
    payload?: Record<string, unknown>,
  ): void {
    const role = actorType === "user" ? "host" : actorType === "player" ? "player" : null;
    this.store.addEvents([{ type, actorType, actorId, role, payload: payload ?? null, ts: this.now() }]);
  }

  playerInfo(p: PlayerRow, connected = this.outbox.connected().has(p.id)): PlayerInfo {
    return {
      playerId: p.id,
      nickname: p.nickname,
      connected,
      extraTime: p.extraTime,
      ...(p.teamId ? { teamId: p.teamId } : {}),
      ...(p.members?.length ? { members: p.members } : {}),
    };
  }
}
