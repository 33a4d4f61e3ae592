// The game rules as a state machine over a store, an outbox and effects: what the Durable Object
// (room.ts) calls. The parts live apart: joining.ts (seats and nicknames), connect.ts (what a
// socket is sent on connecting), frames.ts (decoding and the frame budget), flow.ts
// (transitions and the alarm), commands.ts (the host), answering.ts (the players). No Workers
// API here: the room supplies storage, sockets, the alarm and the clock.
import { HOST_COMMANDS, type ServerMessage } from "../../schema/messages.ts";
import { PlayerMessages } from "./answering.ts";
import { HostCommands } from "./commands.ts";
import { Connections, RECONNECT_EVENTS_PER_SEAT } from "./connect.ts";
import { GameContext } from "./context.ts";
import { errorMessage } from "../kit/frames.ts";
import { Flow } from "./flow.ts";
import { decodeFrame, FrameBudget, overBudget } from "../kit/frames.ts";
import { Joining, type JoinRequest, type JoinResult, type RoomInfo } from "./joining.ts";
import { TimeControl } from "./pause.ts";
import { TEAM_COMMANDS, TeamPlay } from "./team-play.ts";
import type { TeamRow } from "../kit/teams.ts";
import { displayOrders, optionIds } from "../kit/shuffle.ts";
import type { AnswerRow, Effects, GameConfig, GameState, GameStore, Outbox, PlayerRow, Sender } from "./types.ts";

/** What the Worker hands a room when it hosts a game; the room derives the rest of its config. */
export type InitInput = Omit<GameConfig, "display" | "ids" | "createdAt">;

export class Game {
  private readonly context: GameContext;
  private readonly budget = new FrameBudget();
  private readonly joining: Joining;
  private readonly connections: Connections;
  private readonly flow: Flow;
  private readonly hostCommands: HostCommands;
  private readonly playerMessages: PlayerMessages;
  private readonly time: TimeControl;
  private readonly teams: TeamPlay;

  constructor(store: GameStore, outbox: Outbox, effects: Effects, now: () => number) {
    this.context = new GameContext(store, outbox, effects, now);
    this.teams = new TeamPlay(this.context);
    this.joining = new Joining(this.context, this.teams);
    this.connections = new Connections(this.context, this.teams);
    this.flow = new Flow(this.context, this.teams);
    this.time = new TimeControl(this.context);
    this.hostCommands = new HostCommands(this.context, this.flow, this.time);
    this.playerMessages = new PlayerMessages(this.context, this.connections, this.flow, this.teams);
  }

  // ---------- set-up ----------

  /** Refuses when the room already holds a game that is not cleaned up: a live code is never handed out twice. */
  init(input: InitInput): { ok: true } | { ok: false; reason: "busy" } {
    const { store, effects } = this.context;
    if (store.config()) return { ok: false, reason: "busy" };
    // The same object may have held an earlier game under this code (cleaned up since).
    this.joining.reset();
    this.connections.reset();
    this.budget.clear();
    const now = this.context.now();
    const config: GameConfig = {
      ...input,
      display: displayOrders(input.questions, input.settings.shuffleOptions),
      ids: optionIds(input.questions, input.settings.shuffleOptions),
      createdAt: now,
    };
    const state: GameState = {
      phase: "lobby",
      position: -1,
      shownAt: 0,
      opensAt: 0,
      closesAt: 0,
      locked: false,
      startedAt: null,
      endedAt: null,
      endReason: null,
      // A lobby nobody starts does not hold its code and storage for ever.
      timer: { kind: "advance", phase: "lobby", position: -1, at: now + input.retentionMs },
      resultsPending: false,
      resultsAttempts: 0,
      resultsRetryAt: null,
      resultsFlushedAt: null,
      cleanupAt: null,
    };
    store.transaction(() => {
      store.saveConfig(config);
      store.saveState(state);
      this.teams.setUp();
    });
    effects.setAlarm(this.context.nextWake(state));
    return { ok: true };
  }

  info(): RoomInfo | null {
    return this.joining.info();
  }

  /**
   * The object started with no player socket open. With a question open that means the runtime
   * restarted (sockets survive hibernation, not a restart; a room whose players all left cleanly
   * gets the same harmless grace): players get `RESTART_GRACE_MS` to come back.
   */
  startedWithoutPlayers(): void {
    if (this.context.store.config() && this.context.store.state()) this.time.restarted();
  }

  /** When the rules want the alarm next (null: nothing pending, or no game). */
  wakeAt(): number | null {
    const { store } = this.context;
    const state = store.state();
    return store.config() && state ? this.context.nextWake(state) : null;
  }

  /** Lobby through leaderboard: a phase in which the host watches who is here. */
  isLive(): boolean {
    const phase = this.context.store.state()?.phase;
    return phase === "lobby" || phase === "question" || phase === "reveal" || phase === "leaderboard";
  }

  /** The player's team (the socket tag their sockets carry), null without teams. */
  teamOf(playerId: string): string | null {
    if (!this.context.store.config()) return null;
    return this.context.store.players().get(playerId)?.teamId ?? null;
  }

  gameId(): string | null {
    return this.context.store.config()?.gameId ?? null;
  }

  // ---------- seats and connections ----------

  join(req: JoinRequest, newId: () => string = () => crypto.randomUUID()): JoinResult {
    return this.joining.join(req, newId);
  }

  isHost(userId: string, role: string): boolean {
    return this.connections.isHost(userId, role);
  }

  playerRefusal(playerId: string, gameId: string) {
    return this.connections.playerRefusal(playerId, gameId);
  }

  hostConnected(): ServerMessage[] {
    return this.connections.hostConnected();
  }

  playerConnected(playerId: string, wasConnected: boolean, token?: string, announced = false): ServerMessage[] {
    return this.connections.playerConnected(playerId, wasConnected, token, announced);
  }

  playerDisconnected(playerId: string): void {
    const p = this.context.store.players().get(playerId);
    if (!p || p.kicked) return;
    this.context.outbox.host({
      type: "playerLeft",
      playerId,
      reason: "disconnected",
      playerCount: this.context.activeCount(),
    });
    // Capped like reconnects (connect.ts): a connect-and-drop loop must not fill the log.
    if (p.connects <= RECONNECT_EVENTS_PER_SEAT + 1) this.context.event("player.leave", "player", playerId);
    this.connections.playerLeft(playerId);
    // A player who drops out has not answered: the open question keeps waiting for them.
  }

  // ---------- messages ----------

  /** Handles one frame; returns the replies for the sender (errors included). Nothing changes on an error. */
  receive(sender: Sender, raw: string | ArrayBuffer): ServerMessage[] {
    if (sender.role === "player") {
      const budget = this.budget.take(sender.playerId, this.context.now());
      if (budget !== "ok") return budget === "tell" ? [overBudget()] : [];
    }
    if (sender.role === "player") this.confirm(sender.playerId);
    const decoded = decodeFrame(raw);
    if (!decoded.ok) return [decoded.error];
    const msg = decoded.msg;
    const isHostCommand = (HOST_COMMANDS as readonly string[]).includes(msg.type);
    if (isHostCommand !== (sender.role === "host")) {
      return [
        errorMessage(
          "forbidden",
          sender.role === "host" ? "the host does not answer" : "only the host may do that",
          msg.type,
        ),
      ];
    }
    if ((TEAM_COMMANDS as readonly string[]).includes(msg.type)) {
      const teamMsg = msg as Parameters<TeamPlay["run"]>[1];
      if (sender.role === "host") return this.teams.run({ host: sender.userId }, teamMsg);
      const p = this.context.store.players().get(sender.playerId);
      if (!p || p.kicked) return [errorMessage("unknown-player", "you are not in this game", msg.type)];
      return this.teams.run({ player: p }, teamMsg);
    }
    if (sender.role === "player") return this.playerMessages.run(sender.playerId, msg);
    return this.hostCommands.run(sender.userId, msg);
  }

  /** Any frame from a seat's socket shows its welcome (and token) arrived: the seat is no ghost. */
  private confirm(playerId: string): void {
    const p = this.context.store.players().get(playerId);
    if (p && p.confirmed === false) this.context.store.savePlayers([{ ...p, confirmed: true }]);
  }

  /**
   * Whether a coalesced count has been overtaken by the time it would leave: a lobby count once
   * the game has started (the question says more), a live answer count once its question closed.
   */
  isStale(msg: ServerMessage): boolean {
    const state = this.context.store.state();
    if (msg.type === "lobby") return state?.phase !== "lobby";
    if (msg.type === "answerCount") return state?.phase !== "question" || state.position !== msg.index;
    return false;
  }

  // ---------- alarm and results ----------

  alarm(): void {
    this.flow.alarm();
  }

  /** The Durable Object reports how writing the results to D1 went. */
  resultsWritten(ok: boolean): void {
    this.flow.resultsWritten(ok);
  }

  /** Everything D1 keeps of the game. */
  results(): {
    config: GameConfig;
    state: GameState;
    players: PlayerRow[];
    answers: AnswerRow[];
    teams: readonly TeamRow[];
  } {
    const { store } = this.context;
    return {
      config: this.context.config,
      state: this.context.state,
      // Ghost seats (never confirmed) were never anyone's: D1 does not record them as players.
      players: [...store.players().values()].filter((p) => p.confirmed !== false),
      answers: store.allAnswers(),
      teams: store.teams(),
    };
  }
}
