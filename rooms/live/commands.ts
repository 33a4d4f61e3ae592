// The host's commands: start, skip, next, end, kick, lock, extra time. Each is checked against
// the phase; a command that does not fit is answered with an error and changes nothing.
import { CLOSE_CODES, type ClientMessage, type ServerMessage } from "../../schema/messages.ts";
import type { GameContext } from "./context.ts";
import { errorMessage } from "../kit/frames.ts";
import type { Flow } from "./flow.ts";
import type { TimeControl } from "./pause.ts";

/** Phases the host may pause: those with a countdown or an auto-advance to freeze. */
const PAUSABLE = new Set(["question", "reveal", "leaderboard"]);

export class HostCommands {
  constructor(
    private readonly game: GameContext,
    private readonly flow: Flow,
    private readonly time: TimeControl,
  ) {}

  /** Returns the replies for the host (errors); everything else goes out through the outbox. */
  run(userId: string, msg: ClientMessage): ServerMessage[] {
    const { store, outbox } = this.game;
    const state = this.game.state;
    const wrong = () => [errorMessage("wrong-phase", `"${msg.type}" is not possible during ${state.phase}`, msg.type)];
    // Checked before anything else: a repeated press must not lift a pause either.
    if (msg.type === "next" && msg.from && msg.from !== state.phase)
      return [errorMessage("moved-on", `the game has already moved on from ${msg.from}`, msg.type)];
    // Moving on lifts a pause: the host has taken the game forward by hand.
    const moves = (msg.type === "skip" && state.phase === "question") || msg.type === "next" || msg.type === "end";
    if (moves && state.paused && state.phase !== "ended") this.time.resume(userId);
    switch (msg.type) {
      case "start":
        if (state.phase !== "lobby") return wrong();
        this.flow.start(userId);
        return [];
      case "skip":
        if (state.phase !== "question") return wrong();
        this.game.event("question.skip", "user", userId, { q: state.position });
        this.flow.closeQuestion();
        return [];
      case "next":
        if (state.phase === "reveal") this.flow.afterReveal();
        else if (state.phase === "leaderboard") this.flow.showQuestion(state.position + 1);
        else if (state.phase === "podium") this.flow.finish("finished", userId);
        else return wrong();
        return [];
      case "end":
        if (state.phase === "ended") return wrong();
        this.flow.endEarly(userId);
        return [];
      case "kick":
        return this.kick(userId, msg.playerId);
      case "lock": {
        if (state.phase === "ended" || state.phase === "podium") return wrong();
        if (state.locked === msg.locked) return [];
        this.game.save({ locked: msg.locked });
        outbox.all({ type: "lobby", playerCount: this.game.activeCount(), locked: msg.locked });
        this.game.event(msg.locked ? "lobby.lock" : "lobby.unlock", "user", userId);
        this.game.effects.flushEvents();
        return [];
      }
      case "extraTime": {
        if (state.phase === "ended") return wrong();
        const p = store.players().get(msg.playerId);
        if (!p || p.kicked) return [errorMessage("unknown-player", "no such player", msg.type)];
        const updated = { ...p, extraTime: msg.factor };
        store.savePlayers([updated]);
        this.game.event("player.extra_time", "user", userId, { playerId: p.id, factor: msg.factor });
        const info = { type: "playerUpdated" as const, player: this.game.playerInfo(updated) };
        outbox.host(info);
        outbox.player(p.id, info);
        // During an open question it is that player's own deadline that moves.
        this.time.extraTimeChanged(updated);
        this.game.effects.flushEvents();
        return [];
      }
      case "pause":
        if (!PAUSABLE.has(state.phase) || state.paused) return wrong();
        this.time.pause(userId);
        return [];
      case "resume":
        if (!state.paused) return wrong();
        this.time.resume(userId);
        return [];
      case "addTime":
        if (state.phase !== "question") return wrong();
        this.time.addTime(userId, msg.seconds);
        return [];
      case "hideEntry":
        return this.hideEntry(userId, msg.index, msg.key);
      default:
        return [errorMessage("forbidden", "the host does not answer", msg.type)];
    }
  }

  /** Hides one typed answer from the host screens' reveal (kept hidden if the reveal is sent again). */
  private hideEntry(userId: string, index: number, key: string): ServerMessage[] {
    const { store, outbox } = this.game;
    const typed = store.shown("typed");
    if (!typed || typed.index !== index)
      return [errorMessage("wrong-question", "no typed answers shown for that question", "hideEntry")];
    if (!typed.entries.some((e) => e.key === key)) return [errorMessage("bad-message", "no such entry", "hideEntry")];
    const next = { ...typed, entries: typed.entries.filter((e) => e.key !== key) };
    store.saveShown(next);
    outbox.host(next);
    this.game.event("question.hide_entry", "user", userId, { q: index });
    this.game.effects.flushEvents();
    return [];
  }

  private kick(userId: string, playerId: string): ServerMessage[] {
    const { store, outbox } = this.game;
    const state = this.game.state;
    if (state.phase === "ended") return [errorMessage("wrong-phase", "the game is over", "kick")];
    const p = store.players().get(playerId);
    if (!p || p.kicked) return [errorMessage("unknown-player", "no such player", "kick")];
    store.savePlayers([{ ...p, kicked: true }]);
    outbox.sendAndClose(p.id, { type: "kicked" }, CLOSE_CODES.kicked, "kicked by the host");
    const count = this.game.activeCount();
    outbox.host({ type: "playerLeft", playerId, reason: "kicked", playerCount: count });
    if (state.phase === "lobby") outbox.lobbyCount({ type: "lobby", playerCount: count, locked: state.locked });
    this.game.event("player.kick", "user", userId, { playerId, nickname: p.nickname });
    this.game.effects.flushEvents();
    if (state.phase === "question") this.flow.closeIfAllAnswered();
    return [];
  }
}
