// The game rules (product.md §4–5) as a state machine over a store, an outbox and effects.
// lobby → question → reveal → [leaderboard] → … → podium → ended. No Workers API here: the
// Durable Object (room.ts) supplies storage, sockets, the alarm and the clock.
import type { GameSettings } from "../schema/game";
import {
  clientMessage,
  CLOSE_CODES,
  HOST_COMMANDS,
  MAX_FRAME_BYTES,
  type ClientMessage,
  type ERROR_CODES,
  type JoinRefusal,
  type LeaderEntry,
  type PlayerInfo,
  type ServerMessage,
  type ServerMessageOf,
} from "../schema/messages";
import { answerProblem, checkAnswer, fromPlayerIds } from "./answers";
import { rank } from "./leaderboard";
import { checkNickname, generateNickname } from "./nickname";
import { answerPoints, rttCompensation, settle, timing } from "./scoring";
import { displayOrders, optionIds } from "./shuffle";
import type { AnswerRow, Effects, EndReason, GameConfig, GameState, GameStore, Outbox, PlayerRow, Sender, StoredEvent, Timer } from "./types";
import { questionView, revealMessage } from "./views";

/** Auto-advance pauses (ms) on the reveal and the leaderboard. */
export const REVEAL_PAUSE_MS = 5000;
export const LEADERBOARD_PAUSE_MS = 5000;
export const LEADERBOARD_TOP = 5;
export const PODIUM_TOP = 3;
/** Results retry backoff: 5 s, 10 s, 20 s … capped at 10 min. */
export const RESULTS_RETRY_BASE_MS = 5000;
export const RESULTS_RETRY_MAX_MS = 600_000;
/** A player may send this many frames per window; more are refused (answers need one a question). */
export const PLAYER_FRAME_BUDGET = 20;
export const PLAYER_FRAME_WINDOW_MS = 5000;

type ErrorCode = (typeof ERROR_CODES)[number];

/** What the Worker hands a room when it hosts a game; the room derives the rest of its config. */
export type InitInput = Omit<GameConfig, "display" | "ids" | "createdAt">;

export interface RoomInfo {
  code: string;
  title: string;
  phase: GameState["phase"];
  joinable: boolean;
  nicknames: GameSettings["nicknames"];
  playerCount: number;
}

export type JoinResult = { ok: true; playerId: string; nickname: string; gameId: string; code: string; rejoined: boolean } | { ok: false; reason: JoinRefusal; message: string };

const err = (code: ErrorCode, message: string, forType?: string): ServerMessageOf<"error"> => ({
  type: "error",
  code,
  message,
  ...(forType ? { for: forType } : {}),
});

function utf8Length(s: string): number {
  // Cheap bound first: a UTF-16 unit is at most 3 UTF-8 bytes.
  return s.length * 3 <= MAX_FRAME_BYTES ? s.length : new TextEncoder().encode(s).length;
}

/** The first `n` code points: never half a surrogate pair (an emoji cut in two is not Unicode). */
export function codePoints(s: string, n: number): string {
  let out = "";
  let count = 0;
  for (const ch of s) {
    if (count++ === n) break;
    out += ch;
  }
  return out;
}

export class Game {
  // Caches of what the store holds; rebuilt lazily after an eviction.
  private skeletons: Set<string> | null = null;
  private probes = new Map<string, { nonce: string; sentAt: number }>();
  private budgets = new Map<string, { start: number; count: number }>();

  constructor(
    private readonly store: GameStore,
    private readonly out: Outbox,
    private readonly fx: Effects,
    private readonly now: () => number,
  ) {}

  // ---------- set-up ----------

  /** Refuses when the room already holds a game that is not cleaned up: a live code is never handed out twice. */
  init(input: InitInput): { ok: true } | { ok: false; reason: "busy" } {
    if (this.store.config()) return { ok: false, reason: "busy" };
    // The same object may have held an earlier game under this code (cleaned up since).
    this.skeletons = null;
    this.probes.clear();
    this.budgets.clear();
    const now = this.now();
    const cfg: GameConfig = {
      ...input,
      display: displayOrders(input.questions, input.settings.shuffleOptions),
      ids: optionIds(input.questions, input.settings.shuffleOptions),
      createdAt: now,
    };
    const state: GameState = {
      phase: "lobby",
      q: -1,
      shownAt: 0,
      opensAt: 0,
      closesAt: 0,
      locked: false,
      startedAt: null,
      endedAt: null,
      endReason: null,
      // A lobby nobody starts does not hold its code and storage for ever.
      timer: { kind: "advance", phase: "lobby", q: -1, at: now + input.retentionMs },
      resultsPending: false,
      resultsAttempts: 0,
      resultsRetryAt: null,
      resultsFlushedAt: null,
      cleanupAt: null,
    };
    this.store.transaction(() => {
      this.store.saveConfig(cfg);
      this.store.saveState(state);
    });
    this.fx.setAlarm(this.nextWake(state));
    return { ok: true };
  }

  private get cfg(): GameConfig {
    const c = this.store.config();
    if (!c) throw new Error("room has no game");
    return c;
  }

  private get st(): GameState {
    return this.store.state()!;
  }

  private save(patch: Partial<GameState>): GameState {
    const next = { ...this.st, ...patch };
    this.store.saveState(next);
    this.fx.setAlarm(this.nextWake(next));
    return next;
  }

  private nextWake(s: GameState): number | null {
    const times = [s.timer?.at, s.resultsPending ? s.resultsRetryAt : null, s.cleanupAt].filter((t): t is number => typeof t === "number");
    return times.length ? Math.min(...times) : null;
  }

  private activePlayers(): PlayerRow[] {
    return [...this.store.players().values()].filter((p) => !p.kicked);
  }

  private event(type: string, actorType: StoredEvent["actorType"], actorId: string | null, payload?: Record<string, unknown>): void {
    this.store.addEvents([{ type, actorType, actorId, role: actorType === "user" ? "host" : actorType === "player" ? "player" : null, payload: payload ?? null, ts: this.now() }]);
  }

  info(): RoomInfo | null {
    const cfg = this.store.config();
    if (!cfg) return null;
    const s = this.st;
    const count = this.activePlayers().length;
    return { code: cfg.code, title: cfg.title, phase: s.phase, joinable: this.joinRefusal(count) === null, nicknames: cfg.settings.nicknames, playerCount: count };
  }

  private joinRefusal(count: number): { reason: JoinRefusal; message: string } | null {
    const s = this.st;
    const set = this.cfg.settings;
    if (s.phase === "podium" || s.phase === "ended") return { reason: "ended", message: "this game is over" };
    if (s.locked) return { reason: "locked", message: "the host has locked this game" };
    if (s.phase !== "lobby" && !set.lateJoin) return { reason: "late-join-closed", message: "this game has started and does not take late players" };
    if (count >= set.maxPlayers) return { reason: "full", message: "this game is full" };
    return null;
  }

  // ---------- joining ----------

  join(req: { nickname?: string; userId?: string | null; playerId?: string | null }, newId: () => string = () => crypto.randomUUID()): JoinResult {
    const cfg = this.store.config();
    if (!cfg) return { ok: false, reason: "not-found", message: "no game with this code" };
    const players = this.store.players();
    // The same seat again: a player who holds a token, or a logged-in student on another device.
    const seat = (req.playerId ? players.get(req.playerId) : undefined) ?? (req.userId ? [...players.values()].find((p) => p.userId === req.userId) : undefined);
    if (seat?.kicked) return { ok: false, reason: "kicked", message: "you were removed from this game" };
    if (seat) return { ok: true, playerId: seat.id, nickname: seat.nickname, gameId: cfg.gameId, code: cfg.code, rejoined: true };

    const active = this.activePlayers();
    const refusal = this.joinRefusal(active.length);
    if (refusal) return { ok: false, ...refusal };
    this.skeletons ??= new Set([...players.values()].map((p) => p.skeleton));
    const taken = this.skeletons;
    let name: { nickname: string; skeleton: string };
    if (cfg.settings.nicknames === "generated") {
      name = generateNickname((s) => taken.has(s));
    } else {
      const checked = checkNickname(req.nickname ?? "");
      if (!checked.ok) return { ok: false, reason: "nickname-invalid", message: checked.reason };
      if (taken.has(checked.skeleton)) return { ok: false, reason: "nickname-taken", message: "that nickname (or one that looks just like it) is taken" };
      name = checked;
    }
    const p: PlayerRow = {
      id: newId(),
      nickname: name.nickname,
      skeleton: name.skeleton,
      userId: req.userId ?? null,
      joinedAt: this.now(),
      score: 0,
      streak: 0,
      correctCount: 0,
      answeredCount: 0,
      totalTimeMs: 0,
      rank: null,
      prevRank: null,
      extraTime: 1,
      kicked: false,
      minRttMs: null,
      connects: 0,
    };
    this.store.savePlayers([p]);
    taken.add(p.skeleton);
    const count = active.length + 1;
    this.out.host({ type: "playerJoined", player: this.playerInfo(p), playerCount: count });
    // Players only watch the count in the lobby; late joins do not interrupt a running game.
    if (this.st.phase === "lobby") this.out.lobbyCount({ type: "lobby", playerCount: count, locked: this.st.locked });
    this.event("player.join", "player", p.id, { nickname: p.nickname, userId: p.userId, late: this.st.phase !== "lobby" });
    // A join changes the room; the flush coalesces a burst of joins into few writes.
    this.fx.flushEvents();
    return { ok: true, playerId: p.id, nickname: p.nickname, gameId: cfg.gameId, code: cfg.code, rejoined: false };
  }

  private playerInfo(p: PlayerRow, connected = this.out.connected().has(p.id)): PlayerInfo {
    return { playerId: p.id, nickname: p.nickname, connected, extraTime: p.extraTime };
  }

  // ---------- connections ----------

  /** Host or admin? The worker passes the verified user; the room knows its host. */
  isHost(userId: string, role: string): boolean {
    const cfg = this.store.config();
    return !!cfg && (cfg.hostId === userId || role === "admin");
  }

  gameId(): string | null {
    return this.store.config()?.gameId ?? null;
  }

  /** May this token's player open a socket? Checked before the socket is accepted as theirs. */
  playerRefusal(playerId: string, gameId: string): { message: ServerMessage; code: number; reason: string } | null {
    const cfg = this.store.config();
    const p = this.store.players().get(playerId);
    if (!cfg || cfg.gameId !== gameId || !p) {
      return { message: err("unknown-player", "this seat does not exist in this game"), code: CLOSE_CODES.unknownPlayer, reason: "unknown player" };
    }
    if (p.kicked) return { message: { type: "kicked" }, code: CLOSE_CODES.kicked, reason: "kicked" };
    return null;
  }

  /** The state at once for a new or returning socket: welcome, then the current phase. */
  hostConnected(): ServerMessage[] {
    const s = this.st;
    const active = this.activePlayers();
    const conn = this.out.connected();
    const msgs: ServerMessage[] = [
      {
        ...this.welcomeBase("host", active.length),
        players: active.map((p) => this.playerInfo(p, conn.has(p.id))),
      },
    ];
    msgs.push(...this.phaseMessages(null));
    if (s.phase === "question") msgs.push({ type: "answerCount", index: s.q, answered: this.store.answers(s.q).size, expected: Math.max(conn.size, this.store.answers(s.q).size) });
    return msgs;
  }

  /**
   * `wasConnected`: another socket of this player was open (a replaced connection, not a return).
   * `token`: the seat's token, for a socket that took the seat itself (it has no other way to learn it).
   */
  playerConnected(playerId: string, wasConnected: boolean, token?: string): ServerMessage[] {
    const p = this.store.players().get(playerId)!;
    const s = this.st;
    const updated = { ...p, connects: p.connects + 1 };
    this.store.savePlayers([updated]);
    if (!wasConnected) {
      this.out.host({ type: "playerUpdated", player: this.playerInfo(updated, true) });
      if (p.connects > 0) this.event("player.reconnect", "player", p.id);
    }
    const answered = s.phase === "question" && this.store.answers(s.q).has(p.id);
    const msgs: ServerMessage[] = [
      {
        ...this.welcomeBase("player", this.activePlayers().length),
        me: { playerId: p.id, nickname: p.nickname, score: p.score, streak: p.streak, rank: p.rank, extraTime: p.extraTime, answered },
        ...(token ? { token } : {}),
      },
      ...this.phaseMessages(updated),
    ];
    msgs.push(this.probe(p.id));
    return msgs;
  }

  private welcomeBase(role: "host" | "player", playerCount: number): ServerMessageOf<"welcome"> {
    const cfg = this.cfg;
    const s = this.st;
    const { leaderboard, autoAdvance, accuracyOnly, readingTime } = cfg.settings;
    return {
      type: "welcome",
      role,
      code: cfg.code,
      title: cfg.title,
      phase: s.phase,
      questionIndex: s.q,
      questionCount: cfg.questions.length,
      locked: s.locked,
      playerCount,
      settings: { leaderboard, autoAdvance, accuracyOnly, readingTime },
    };
  }

  /** What the current phase shows; `p` null for the host. */
  private phaseMessages(p: PlayerRow | null): ServerMessage[] {
    const s = this.st;
    switch (s.phase) {
      case "lobby":
        return [];
      case "question":
        return [{ type: "question", question: questionView(this.cfg, s.q, s.opensAt, p?.extraTime ?? 1, this.now()) }];
      case "reveal": {
        const reveal = this.store.blob<ServerMessageOf<"reveal">>("reveal");
        const msgs: ServerMessage[] = reveal ? [reveal] : [];
        if (p) msgs.push(this.resultFor(p, this.store.answers(s.q).get(p.id), this.activePlayers().length));
        return msgs;
      }
      case "leaderboard": {
        const board = this.store.blob<ServerMessageOf<"leaderboard">>("board");
        return board ? [board] : [];
      }
      case "podium":
      case "ended": {
        const podium = this.store.blob<ServerMessageOf<"podium">>("podium");
        const msgs: ServerMessage[] = podium ? [podium] : [];
        if (s.phase === "ended") msgs.push({ type: "ended", reason: s.endReason ?? "finished" });
        return msgs;
      }
    }
  }

  private resultFor(p: PlayerRow, a: AnswerRow | undefined, playerCount: number): ServerMessageOf<"result"> {
    return {
      type: "result",
      index: this.st.q,
      answered: !!a,
      // A poll is never right or wrong, answered or not.
      correct: this.cfg.questions[this.st.q].type === "poll" ? null : a ? a.correct : false,
      points: a?.points ?? 0,
      streak: p.streak,
      score: p.score,
      rank: p.rank ?? playerCount,
      playerCount,
    };
  }

  private probe(playerId: string): ServerMessageOf<"probe"> {
    const nonce = crypto.randomUUID().slice(0, 8);
    this.probes.set(playerId, { nonce, sentAt: this.now() });
    return { type: "probe", nonce };
  }

  playerDisconnected(playerId: string): void {
    const p = this.store.players().get(playerId);
    if (!p || p.kicked) return;
    this.out.host({ type: "playerLeft", playerId, reason: "disconnected", playerCount: this.activePlayers().length });
    this.event("player.leave", "player", playerId);
    this.probes.delete(playerId);
    if (this.st.phase === "question") this.closeIfAllAnswered();
  }

  // ---------- messages ----------

  /** Handles one frame; returns the replies for the sender (errors included). Nothing changes on an error. */
  receive(sender: Sender, raw: string | ArrayBuffer): ServerMessage[] {
    // Every frame counts, bad ones too, or a flood of garbage would cost a reply each. Past the
    // budget the sender is told once per window; the rest are dropped without a reply.
    if (sender.role === "player") {
      const budget = this.spend(sender.playerId);
      if (budget !== "ok") return budget === "tell" ? [err("rate-limited", `too many messages: at most ${PLAYER_FRAME_BUDGET} in ${PLAYER_FRAME_WINDOW_MS / 1000} s, slow down`)] : [];
    }
    if (typeof raw !== "string") {
      return [raw.byteLength > MAX_FRAME_BYTES ? err("too-large", `frames are limited to ${MAX_FRAME_BYTES} bytes`) : err("bad-message", "send JSON text frames, not binary")];
    }
    if (utf8Length(raw) > MAX_FRAME_BYTES) return [err("too-large", `frames are limited to ${MAX_FRAME_BYTES} bytes`)];
    let data: unknown;
    try {
      data = JSON.parse(raw);
    } catch {
      return [err("bad-json", "the frame is not valid JSON")];
    }
    const parsed = clientMessage.safeParse(data);
    const typeName = typeof (data as { type?: unknown })?.type === "string" ? codePoints((data as { type: string }).type, 32) : undefined;
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      return [err("bad-message", `invalid message: ${issue.path.join(".") || "(root)"}: ${issue.message}`, typeName)];
    }
    const msg = parsed.data;
    const isHostCommand = (HOST_COMMANDS as readonly string[]).includes(msg.type);
    if (isHostCommand !== (sender.role === "host")) {
      return [err("forbidden", sender.role === "host" ? "the host does not answer" : "only the host may do that", msg.type)];
    }
    if (sender.role === "player") return this.playerMessage(sender.playerId, msg);
    return this.hostCommand(sender.userId, msg);
  }

  /** "ok" within the budget; "tell" for the first frame over it in a window; "drop" after that. */
  private spend(playerId: string): "ok" | "tell" | "drop" {
    const now = this.now();
    const b = this.budgets.get(playerId);
    if (!b || now - b.start >= PLAYER_FRAME_WINDOW_MS) {
      this.budgets.set(playerId, { start: now, count: 1 });
      return "ok";
    }
    b.count++;
    return b.count <= PLAYER_FRAME_BUDGET ? "ok" : b.count === PLAYER_FRAME_BUDGET + 1 ? "tell" : "drop";
  }

  private playerMessage(playerId: string, msg: ClientMessage): ServerMessage[] {
    const p = this.store.players().get(playerId);
    if (!p || p.kicked) return [err("unknown-player", "you are not in this game", msg.type)];
    if (msg.type === "probe") {
      const sent = this.probes.get(playerId);
      // Only the reply to the latest probe counts: an old nonce cannot shrink the measurement.
      if (sent && sent.nonce === msg.nonce) {
        this.probes.delete(playerId);
        const rtt = this.now() - sent.sentAt;
        if (p.minRttMs === null || rtt < p.minRttMs) this.store.savePlayers([{ ...p, minRttMs: rtt }]);
      }
      return [];
    }
    if (msg.type !== "answer") return [];
    return this.answer(p, msg);
  }

  private answer(p: PlayerRow, msg: Extract<ClientMessage, { type: "answer" }>): ServerMessage[] {
    const s = this.st;
    const now = this.now();
    if (s.phase !== "question") {
      const closed = (s.phase === "reveal" || s.phase === "leaderboard") && msg.q === s.q;
      return [closed ? err("too-late", "this question has closed", "answer") : err("wrong-phase", "no question is open", "answer")];
    }
    if (msg.q !== s.q) return [err("wrong-question", `question ${s.q} is open, not ${msg.q}`, "answer")];
    if (now < s.opensAt) return [err("not-open", "the options are not open yet", "answer")];
    const answers = this.store.answers(s.q);
    if (answers.has(p.id)) return [err("already-answered", "you have already answered this question", "answer")];
    const q = this.cfg.questions[s.q];
    // From here on (scoring, storage, D1) the answer is in the quiz's own indexes.
    const answer = fromPlayerIds(this.cfg.ids?.[s.q], msg.answer);
    const problem = answerProblem(q, answer);
    if (problem) return [err("bad-message", problem, "answer")];
    const limitMs = q.timeLimit * 1000 * p.extraTime;
    const t = timing(now, s.opensAt, limitMs, p.minRttMs);
    if (t.late) return [err("too-late", "time is up for this question", "answer")];
    const checked = checkAnswer(q, answer);
    const basePoints = answerPoints(q.points, checked.fraction, t.responseMs, limitMs, this.cfg.settings.accuracyOnly);
    // Written before the acknowledgement: the output gate holds the reply until it is durable.
    this.store.saveAnswers([{ q: s.q, playerId: p.id, answer, correct: checked.correct, fraction: checked.fraction, basePoints, points: basePoints, responseMs: t.responseMs, answeredAt: now }]);
    const count = answers.size;
    this.out.answerCount({ type: "answerCount", index: s.q, answered: count, expected: Math.max(count, this.out.connected().size) });
    // Acknowledged here rather than returned: if this answer completes the question, the
    // acknowledgement must reach the player before the reveal does.
    this.out.player(p.id, { type: "answered", index: s.q });
    this.closeIfAllAnswered();
    return [];
  }

  private closeIfAllAnswered(): void {
    const s = this.st;
    if (s.phase !== "question") return;
    const conn = this.out.connected();
    const answers = this.store.answers(s.q);
    if (conn.size === 0) return;
    // Cheap test first: with fewer answers than open sockets someone has not answered, and
    // unless extra time is in play (the question outlasting some players' own limits), they still can.
    const outlasts = s.closesAt > s.opensAt + this.cfg.questions[s.q].timeLimit * 1000;
    if (answers.size < conn.size && !outlasts) return;
    const players = this.store.players();
    const limitMs = this.cfg.questions[s.q].timeLimit * 1000;
    const now = this.now();
    for (const id of conn) {
      const p = players.get(id);
      // Someone whose own time is up (a shorter limit than the room's longest) cannot answer any more.
      const stillCan = p && now <= s.opensAt + limitMs * p.extraTime + rttCompensation(p.minRttMs);
      if (p && !p.kicked && !answers.has(id) && stillCan) return;
    }
    this.closeQuestion();
  }

  // ---------- host commands ----------

  private hostCommand(userId: string, msg: ClientMessage): ServerMessage[] {
    const s = this.st;
    const wrong = () => [err("wrong-phase", `"${msg.type}" is not possible during ${s.phase}`, msg.type)];
    switch (msg.type) {
      case "start":
        if (s.phase !== "lobby") return wrong();
        this.start(userId);
        return [];
      case "skip":
        if (s.phase !== "question") return wrong();
        this.event("question.skip", "user", userId, { q: s.q });
        this.closeQuestion();
        return [];
      case "next":
        if (s.phase === "reveal") this.afterReveal();
        else if (s.phase === "leaderboard") this.showQuestion(s.q + 1);
        else if (s.phase === "podium") this.finish("finished", userId);
        else return wrong();
        return [];
      case "end":
        if (s.phase === "ended") return wrong();
        this.endEarly(userId);
        return [];
      case "kick":
        return this.kick(userId, msg.playerId);
      case "lock": {
        if (s.phase === "ended" || s.phase === "podium") return wrong();
        if (s.locked === msg.locked) return [];
        this.save({ locked: msg.locked });
        this.out.all({ type: "lobby", playerCount: this.activePlayers().length, locked: msg.locked });
        this.event(msg.locked ? "lobby.lock" : "lobby.unlock", "user", userId);
        this.fx.flushEvents();
        return [];
      }
      case "extraTime": {
        if (s.phase !== "lobby") return wrong();
        const p = this.store.players().get(msg.playerId);
        if (!p || p.kicked) return [err("unknown-player", "no such player", msg.type)];
        const updated = { ...p, extraTime: msg.factor };
        this.store.savePlayers([updated]);
        this.event("player.extra_time", "user", userId, { playerId: p.id, factor: msg.factor });
        const info = { type: "playerUpdated" as const, player: this.playerInfo(updated) };
        this.out.host(info);
        this.out.player(p.id, info);
        return [];
      }
      default:
        return [err("forbidden", "the host does not answer", msg.type)];
    }
  }

  private start(userId: string): void {
    const now = this.now();
    this.save({ startedAt: now });
    this.event("game.start", "user", userId, { players: this.activePlayers().length });
    this.fx.markRunning(now);
    this.showQuestion(0);
  }

  private showQuestion(index: number): void {
    const cfg = this.cfg;
    const q = cfg.questions[index];
    const now = this.now();
    const active = this.activePlayers();
    const factors = new Set(active.map((p) => p.extraTime));
    const maxFactor = Math.max(1, ...factors);
    const opensAt = now + cfg.settings.readingTime * 1000;
    const closesAt = opensAt + q.timeLimit * 1000 * maxFactor;
    const timer: Timer = { kind: "close", phase: "question", q: index, at: closesAt };
    this.save({ phase: "question", q: index, shownAt: now, opensAt, closesAt, timer });
    // One serialisation per extra-time factor present, not one per player.
    const standard: ServerMessage = { type: "question", question: questionView(cfg, index, opensAt, 1, now) };
    const extra = active.filter((p) => p.extraTime !== 1);
    this.out.host(standard);
    this.out.players(standard, new Set(extra.map((p) => p.id)));
    const byFactor = new Map<number, ServerMessage>();
    for (const p of extra) {
      let m = byFactor.get(p.extraTime);
      if (!m) byFactor.set(p.extraTime, (m = { type: "question", question: questionView(cfg, index, opensAt, p.extraTime, now) }));
      this.out.player(p.id, m);
    }
    this.out.answerCount({ type: "answerCount", index, answered: 0, expected: this.out.connected().size });
    this.event("question.show", "system", null, { q: index, quizIndex: cfg.order[index], type: q.type });
    this.fx.flushEvents();
  }

  /** Scores the open question once for everyone, ranks once, reveals. */
  private closeQuestion(): void {
    const cfg = this.cfg;
    const s = this.st;
    const index = s.q;
    const q = cfg.questions[index];
    const answers = this.store.answers(index);
    const active = this.activePlayers();
    const settledPlayers: PlayerRow[] = [];
    const settledAnswers: AnswerRow[] = [];
    let correctCount = 0;
    let timeSum = 0;
    for (const p of active) {
      const a = answers.get(p.id);
      const r = settle(p.streak, { correct: a ? a.correct : undefined, basePoints: a?.basePoints ?? 0, mode: q.points });
      if (a) {
        settledAnswers.push({ ...a, points: r.points });
        timeSum += a.responseMs;
        if (a.correct) correctCount++;
      }
      settledPlayers.push({
        ...p,
        streak: r.streak,
        score: p.score + r.points,
        correctCount: p.correctCount + (a?.correct ? 1 : 0),
        answeredCount: p.answeredCount + (a ? 1 : 0),
        // Polls are not a race: their time does not count towards the tie-break.
        totalTimeMs: p.totalTimeMs + (a && a.correct !== null ? a.responseMs : 0),
      });
    }
    const ranked = rank(settledPlayers).map((p, i) => ({ ...p, prevRank: p.rank, rank: i + 1 }));
    // A player kicked while the question was open is out of it: their answer earns nothing and is not counted.
    const live = new Set(active.map((p) => p.id));
    for (const a of answers.values()) if (!live.has(a.playerId)) settledAnswers.push({ ...a, points: 0 });
    const counted = [...answers.values()].filter((a) => live.has(a.playerId));
    const reveal = revealMessage(cfg, index, counted);
    const board: ServerMessageOf<"leaderboard"> = { type: "leaderboard", index, top: this.top(ranked, LEADERBOARD_TOP), playerCount: ranked.length };
    const auto = cfg.settings.autoAdvance;
    this.store.transaction(() => {
      this.store.savePlayers(ranked);
      this.store.saveAnswers(settledAnswers);
      this.store.saveBlob("reveal", reveal);
      this.store.saveBlob("board", board);
      this.save({ phase: "reveal", timer: auto ? { kind: "advance", phase: "reveal", q: index, at: this.now() + REVEAL_PAUSE_MS } : null });
    });
    this.out.all(reveal);
    const byId = new Map(settledAnswers.map((a) => [a.playerId, a]));
    for (const p of ranked) this.out.player(p.id, this.resultFor(p, byId.get(p.id), ranked.length));
    this.event("question.reveal", "system", null, { q: index, quizIndex: cfg.order[index] });
    this.event("answer.summary", "system", null, {
      q: index,
      quizIndex: cfg.order[index],
      type: q.type,
      answered: counted.length,
      correct: q.type === "poll" ? null : correctCount,
      players: active.length,
      avgResponseMs: counted.length ? Math.round(timeSum / counted.length) : null,
    });
    this.fx.flushEvents();
  }

  private top(ranked: PlayerRow[], n: number): LeaderEntry[] {
    return ranked.slice(0, n).map((p) => ({ playerId: p.id, nickname: p.nickname, score: p.score, rank: p.rank!, prevRank: p.prevRank }));
  }

  private afterReveal(): void {
    const cfg = this.cfg;
    const s = this.st;
    const last = s.q >= cfg.questions.length - 1;
    if (last) return this.podium();
    if (cfg.settings.leaderboard === "each") {
      const board = this.store.blob<ServerMessageOf<"leaderboard">>("board")!;
      this.save({ phase: "leaderboard", timer: cfg.settings.autoAdvance ? { kind: "advance", phase: "leaderboard", q: s.q, at: this.now() + LEADERBOARD_PAUSE_MS } : null });
      this.out.all(board);
      this.fx.flushEvents();
      return;
    }
    this.showQuestion(s.q + 1);
  }

  private podium(): void {
    const ranked = rank(this.activePlayers());
    const podium: ServerMessageOf<"podium"> = { type: "podium", top: this.top(ranked, PODIUM_TOP), playerCount: ranked.length };
    const now = this.now();
    this.store.transaction(() => {
      this.store.saveBlob("podium", podium);
      this.save({ phase: "podium", timer: null, endedAt: now, resultsPending: true, resultsAttempts: 0, resultsRetryAt: now + RESULTS_RETRY_BASE_MS });
    });
    this.out.all(podium);
    this.fx.writeResults();
  }

  private finish(reason: EndReason, userId: string | null): void {
    this.save({ phase: "ended", endReason: reason, timer: null });
    this.out.all({ type: "ended", reason });
    this.event("game.end", userId ? "user" : "system", userId, { reason, players: this.activePlayers().length });
    this.fx.flushEvents();
  }

  private endEarly(userId: string): void {
    const s = this.st;
    if (s.phase === "question") this.closeQuestion();
    if (this.st.phase !== "podium") this.podium();
    this.finish("ended-by-host", userId);
  }

  private kick(userId: string, playerId: string): ServerMessage[] {
    const s = this.st;
    if (s.phase === "ended") return [err("wrong-phase", "the game is over", "kick")];
    const p = this.store.players().get(playerId);
    if (!p || p.kicked) return [err("unknown-player", "no such player", "kick")];
    this.store.savePlayers([{ ...p, kicked: true }]);
    this.out.drop(p.id, { type: "kicked" }, CLOSE_CODES.kicked, "kicked by the host");
    const count = this.activePlayers().length;
    this.out.host({ type: "playerLeft", playerId, reason: "kicked", playerCount: count });
    if (s.phase === "lobby") this.out.lobbyCount({ type: "lobby", playerCount: count, locked: s.locked });
    this.event("player.kick", "user", userId, { playerId, nickname: p.nickname });
    this.fx.flushEvents();
    if (s.phase === "question") this.closeIfAllAnswered();
    return [];
  }

  // ---------- alarm and results ----------

  /** The alarm fired: run what is due. The earliest pending item runs even if the clock says it is early. */
  alarm(): void {
    const s = this.st;
    const now = this.now();
    const items: { at: number; run: () => void }[] = [];
    if (s.timer) items.push({ at: s.timer.at, run: () => this.timerFired(s.timer!) });
    if (s.resultsPending && s.resultsRetryAt !== null) items.push({ at: s.resultsRetryAt, run: () => this.fx.writeResults() });
    if (s.cleanupAt !== null) items.push({ at: s.cleanupAt, run: () => this.cleanup() });
    items.sort((a, b) => a.at - b.at);
    items.forEach((item, i) => {
      if (i === 0 || item.at <= now) item.run();
    });
    if (this.store.config()) this.fx.setAlarm(this.nextWake(this.st));
  }

  private timerFired(t: Timer): void {
    const s = this.st;
    // Stale timers (the phase moved on by a command) do nothing: the handler is idempotent.
    if (s.phase !== t.phase || s.q !== t.q || s.timer?.at !== t.at) return;
    this.save({ timer: null });
    if (t.kind === "close") this.closeQuestion();
    else if (t.phase === "reveal") this.afterReveal();
    else if (t.phase === "leaderboard") this.showQuestion(s.q + 1);
    else if (t.phase === "lobby") {
      this.podium();
      this.finish("expired", null);
    }
  }

  /** The Durable Object reports how writing the results to D1 went. */
  resultsWritten(ok: boolean): void {
    const s = this.st;
    if (!s.resultsPending) return;
    const now = this.now();
    if (ok) {
      this.save({ resultsPending: false, resultsRetryAt: null, resultsFlushedAt: now, cleanupAt: now + this.cfg.retentionMs });
      this.event("game.results_saved", "system", null, { attempts: s.resultsAttempts + 1 });
    } else {
      const attempts = s.resultsAttempts + 1;
      this.event("room.error", "system", null, { what: "results write failed", attempts });
      this.save({ resultsAttempts: attempts, resultsRetryAt: now + Math.min(RESULTS_RETRY_MAX_MS, RESULTS_RETRY_BASE_MS * 2 ** attempts) });
    }
  }

  private cleanup(): void {
    const s = this.st;
    if (s.resultsPending || (s.phase !== "ended" && s.phase !== "podium")) return;
    this.fx.destroy();
  }

  /** Everything D1 keeps of the game. */
  results(): { config: GameConfig; state: GameState; players: PlayerRow[]; answers: AnswerRow[] } {
    const players = [...this.store.players().values()];
    return { config: this.cfg, state: this.st, players, answers: this.store.allAnswers() };
  }
}
