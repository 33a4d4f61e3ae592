// What every part of the game rules works with: the room's store, outbox, effects and clock, and
// the few reads and writes they all make. No Workers API here.
import type { ERROR_CODES, PlayerInfo, ServerMessageOf } from "../schema/messages";
import type { Effects, GameConfig, GameState, GameStore, Outbox, PlayerRow, StoredEvent } from "./types";

type ErrorCode = (typeof ERROR_CODES)[number];

/** An error frame; `forType` names the message type it answers. */
export const errorMessage = (code: ErrorCode, message: string, forType?: string): ServerMessageOf<"error"> => ({
  type: "error",
  code,
  message,
  ...(forType ? { for: forType } : {}),
});

export class GameContext {
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

  activePlayers(): PlayerRow[] {
    return [...this.store.players().values()].filter((p) => !p.kicked);
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
    return { playerId: p.id, nickname: p.nickname, connected, extraTime: p.extraTime };
  }
}
