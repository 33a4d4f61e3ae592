// What a (re)connecting socket is sent: who may connect, the welcome, then whatever the current
// phase shows, so a returning client is where everyone else is. A player's socket is also sent
// a probe: its reply measures the round trip that later answers are allowed.
import { CLOSE_CODES, type ServerMessage, type ServerMessageOf } from "../../schema/messages.ts";
import { kindOf } from "../../schema/kinds/index.ts";
import type { GameContext } from "./context.ts";
import { errorMessage } from "../kit/frames.ts";
import { answerFeedback } from "../kit/feedback.ts";
import type { TeamPlay } from "./team-play.ts";
import type { AnswerRow, PlayerRow } from "./types.ts";
import { talkMs } from "./teams.ts";
import { podiumView, questionView } from "./views.ts";

/** A player's own result for the question just closed. */
export function resultFor(
  game: GameContext,
  p: PlayerRow,
  a: AnswerRow | undefined,
  playerCount: number,
): ServerMessageOf<"result"> {
  const { position } = game.state;
  const q = game.config.questions[position];
  return {
    type: "result",
    index: position,
    answered: !!a,
    // A poll is never right or wrong, answered or not.
    correct: !kindOf(q).scored ? null : a ? a.correct : false,
    ...(a && kindOf(q).scored ? { fraction: a.fraction } : {}),
    ...answerFeedback(q, a?.answer, game.config.math),
    points: a?.points ?? 0,
    streak: p.streak,
    score: p.score,
    rank: p.rank ?? playerCount,
    playerCount,
  };
}

/** `player.reconnect` events logged per seat; past it, one `player.reconnect_churn` row and then silence. */
export const RECONNECT_EVENTS_PER_SEAT = 20;

export class Connections {
  /** The latest probe sent to each player: only its reply counts. */
  private probes = new Map<string, { nonce: string; sentAt: number }>();

  constructor(
    private readonly game: GameContext,
    private readonly teams: TeamPlay,
  ) {}

  /** A new game in the same object. */
  reset(): void {
    this.probes.clear();
  }

  /** Host or admin? The worker passes the verified user; the room knows its host. */
  isHost(userId: string, role: string): boolean {
    const config = this.game.store.config();
    return !!config && (config.hostId === userId || role === "admin");
  }

  /** May this token's player open a socket? Checked before the socket is accepted as theirs. */
  playerRefusal(playerId: string, gameId: string): { message: ServerMessage; code: number; reason: string } | null {
    const config = this.game.store.config();
    const p = this.game.store.players().get(playerId);
    if (!config || config.gameId !== gameId || !p) {
      return {
        message: errorMessage("unknown-player", "this seat does not exist in this game"),
        code: CLOSE_CODES.unknownPlayer,
        reason: "unknown player",
      };
    }
    if (p.kicked) return { message: { type: "kicked" }, code: CLOSE_CODES.kicked, reason: "kicked" };
    return null;
  }

  /** The state at once for a new or returning socket: welcome, then the current phase. */
  hostConnected(): ServerMessage[] {
    const { store, outbox } = this.game;
    const state = this.game.state;
    const active = this.game.activePlayers();
    const connected = outbox.connected();
    const msgs: ServerMessage[] = [
      {
        ...this.welcomeBase("host", active.length),
        players: active.map((p) => this.game.playerInfo(p, connected.has(p.id))),
      },
    ];
    msgs.push(...this.phaseMessages(null));
    if (state.phase === "question") {
      const answered = store.answers(state.position).size;
      const expected = this.game.expectedPlayers().length;
      msgs.push({ type: "answerCount", index: state.position, answered, expected: Math.max(expected, answered) });
    }
    return msgs;
  }

  /**
   * `wasConnected`: another socket of this player was open (a replaced connection, not a return).
   * `token`: the seat's token, for a socket that took the seat itself (it has no other way to learn it).
   * `announced`: that seat is new and its `playerJoined` already told the host it is connected.
   */
  playerConnected(playerId: string, wasConnected: boolean, token?: string, announced = false): ServerMessage[] {
    const { store, outbox } = this.game;
    const p = store.players().get(playerId)!;
    const state = this.game.state;
    // A connect with the seat's token (no token handed out here) proves the seat reached its client.
    const updated = { ...p, connects: p.connects + 1, ...(token ? {} : { confirmed: true }) };
    store.savePlayers([updated]);
    if (!wasConnected) {
      if (!announced) outbox.playerUpdated({ type: "playerUpdated", player: this.game.playerInfo(updated, true) });
      // A phone stuck in a connect-and-drop loop must not fill the log: the first few returns one
      // by one, then one summary row.
      if (p.connects > 0 && p.connects <= RECONNECT_EVENTS_PER_SEAT)
        this.game.event("player.reconnect", "player", p.id);
      else if (p.connects === RECONNECT_EVENTS_PER_SEAT + 1)
        this.game.event("player.reconnect_churn", "player", p.id, { logged: RECONNECT_EVENTS_PER_SEAT });
    }
    // Back during a question that was shown while they were away: it waits for them again.
    if (state.phase === "question" && state.waived?.includes(p.id))
      this.game.save({ waived: state.waived.filter((id) => id !== p.id) });
    const answered = state.phase === "question" && store.answers(state.position).has(p.id);
    const msgs: ServerMessage[] = [
      {
        ...this.welcomeBase("player", this.game.activeCount()),
        me: {
          playerId: p.id,
          nickname: p.nickname,
          score: p.score,
          streak: p.streak,
          rank: p.rank,
          extraTime: p.extraTime,
          answered,
          ...(this.teams.active() ? { team: this.teams.mine(updated) } : {}),
          ...(p.members?.length ? { members: p.members } : {}),
        },
        ...(token ? { token } : {}),
      },
      ...this.phaseMessages(updated),
    ];
    msgs.push(this.probe(p.id));
    return msgs;
  }

  /** The player's reply to a probe; only the reply to the latest one counts (an old nonce cannot shrink the measurement). */
  probeReplied(p: PlayerRow, nonce: string): void {
    const sent = this.probes.get(p.id);
    if (!sent || sent.nonce !== nonce) return;
    this.probes.delete(p.id);
    const rtt = this.game.now() - sent.sentAt;
    if (p.minRttMs === null || rtt < p.minRttMs) this.game.store.savePlayers([{ ...p, minRttMs: rtt }]);
  }

  playerLeft(playerId: string): void {
    this.probes.delete(playerId);
  }

  private probe(playerId: string): ServerMessageOf<"probe"> {
    const nonce = crypto.randomUUID().slice(0, 8);
    this.probes.set(playerId, { nonce, sentAt: this.game.now() });
    return { type: "probe", nonce };
  }

  private welcomeBase(role: "host" | "player", playerCount: number): ServerMessageOf<"welcome"> {
    const config = this.game.config;
    const state = this.game.state;
    const { leaderboard, autoAdvance, accuracyOnly, readingTime } = config.settings;
    const teams = this.teams.welcome();
    return {
      type: "welcome",
      role,
      code: config.code,
      title: config.title,
      phase: state.phase,
      questionIndex: state.position,
      questionCount: config.questions.length,
      locked: state.locked,
      paused: !!state.paused,
      playerCount,
      settings: { leaderboard, autoAdvance, accuracyOnly, readingTime },
      ...(teams ? { teams } : {}),
    };
  }

  /** What the current phase shows; `p` null for the host. */
  private phaseMessages(p: PlayerRow | null): ServerMessage[] {
    const { store } = this.game;
    const state = this.game.state;
    switch (state.phase) {
      case "lobby":
        return [];
      case "question":
        return [
          {
            type: "question",
            question: questionView(
              this.game.config,
              state.position,
              state.opensAt,
              p?.extraTime ?? 1,
              this.game.clock(),
              {
                addedMs: state.addedMs,
                paused: !!state.paused,
                talkMs: talkMs(this.game.config.settings),
              },
            ),
          },
        ];
      case "reveal": {
        const reveal = store.shown("reveal");
        const msgs: ServerMessage[] = reveal ? [reveal] : [];
        const typed = store.shown("typed");
        if (!p && typed?.index === state.position) msgs.push(typed);
        const teamReveal = store.shown("teamReveal");
        if (teamReveal?.index === state.position) msgs.push(teamReveal);
        if (p)
          msgs.push({
            ...resultFor(this.game, p, store.answers(state.position).get(p.id), this.game.activeCount()),
            ...(this.teams.active() ? { team: this.teams.mine(p) } : {}),
          });
        return msgs;
      }
      case "leaderboard": {
        const board = store.shown("leaderboard");
        return board ? [board] : [];
      }
      case "podium":
      case "ended": {
        const podium = store.shown("podium");
        const msgs: ServerMessage[] = podium ? [podiumView(podium, state.endedAt, this.game.now())] : [];
        if (state.phase === "ended") msgs.push({ type: "ended", reason: state.endReason ?? "finished" });
        return msgs;
      }
    }
  }
}
