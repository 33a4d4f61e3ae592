// One Durable Object per game code: a thin shell around the game rules (game.ts). It owns the
// hibernatable sockets, the alarm, the SQLite storage and the writes to D1; every class field is
// a cache that the constructor or first use rebuilds from storage and the sockets' attachments.
import { DurableObject } from "cloudflare:workers";
import { drizzle } from "drizzle-orm/d1";
import { and, eq } from "drizzle-orm";
import { games } from "../schema/db";
import { CLOSE_CODES, type ServerMessage, type ServerMessageOf } from "../schema/messages";
import { writeEvents } from "./kit/events";
import { Game, type InitInput, type JoinResult, type RoomInfo } from "./game";
import { SqlGameStore } from "./store";
import { writeResults } from "./results";
import type { Effects, Outbox } from "./types";
import { IDENTITY_HEADERS } from "./identity";
import { signPlayer } from "./kit/player-token";


/** The host's live answer count and the players' lobby count go out at most this often. */
export const COALESCE_MS = 250;
/**
 * The lobby count goes to every player, so a big room sends it less often: about this many
 * frames a second whatever the room's size (up to one count every 2 s). A join wave of 1,000
 * players then spends its time seating them, not telling each of them about the others.
 */
const LOBBY_FRAMES_PER_SECOND = 1000;
export function lobbyIntervalMs(players: number): number {
  return Math.min(2000, Math.max(COALESCE_MS, Math.round((players * 1000) / LOBBY_FRAMES_PER_SECOND)));
}
/** Alarms are never set closer than this to now (an alarm set to now from inside alarm() can be dropped). */
const ALARM_LEAD_MS = 50;
const EVENTS_PER_FLUSH = 500;
/** A long burst is written in chunks of this many writes, so the first answers are acknowledged before the last arrive. */
const FLUSH_EVERY = 64;
/** The final results are written this long after the podium, once its frames are on their way. */
const RESULTS_AFTER_MS = 100;
/** Events go to D1 at most this often while joins or answers keep coming (one write per burst, not per join). */
const EVENTS_FLUSH_MS = 1000;

interface Attachment {
  role: "host" | "player";
  /** The user id (host) or player id. */
  id: string;
}

export class Room extends DurableObject<Env> {
  private readonly store: SqlGameStore;
  private readonly game: Game;
  private connectedIds: Set<string> | null = null;
  /** undefined: unknown (after eviction), so the next set always writes. */
  private alarmAt: number | null | undefined = undefined;
  private pending = new Map<"answerCount" | "lobby", { msg: ServerMessage; timer: ReturnType<typeof setTimeout> | null; last: number }>();
  private resultsInFlight: Promise<void> | null = null;
  private eventsInFlight: Promise<void> | null = null;
  private eventsAgain = false;
  private destroying: Promise<void> | null = null;
  /**
   * Messages that must not leave before the store's queued writes are written (an answer's
   * acknowledgement, a welcome that shows it): sent, in order, right after the flush. The
   * output gate then holds them until the write is durable, as it would any send after a write.
   */
  private held: (() => void)[] = [];
  private waiting: { resolve: () => void; reject: (e: unknown) => void }[] = [];
  private eventsTimer: ReturnType<typeof setTimeout> | null = null;
  private eventsLast = 0;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.store = new SqlGameStore(ctx.storage);
    // Writes of one burst of messages share one commit: flushed after the messages already
    // delivered have run (a timer, which also keeps the object awake until then).
    this.store.onQueued = () => setTimeout(() => this.flushStore(), 0);
    this.store.onFlushed = (ok) => this.release(ok);
    this.game = new Game(this.store, this.outbox(), this.effects(), () => Date.now());
    // Keep-alive pings are answered without waking the object.
    ctx.setWebSocketAutoResponse(new WebSocketRequestResponsePair("ping", "pong"));
  }

  // ---------- RPC from the worker ----------

  async init(input: InitInput): Promise<{ ok: true } | { ok: false; reason: "busy" }> {
    return this.game.init(input);
  }

  async info(): Promise<RoomInfo | null> {
    return this.game.info();
  }

  async join(req: { nickname?: string; userId?: string | null; playerId?: string | null }): Promise<JoinResult> {
    const res = this.game.join(req);
    // The seat is promised only once it is written.
    await this.written();
    return res;
  }

  // ---------- sockets ----------

  override async fetch(request: Request): Promise<Response> {
    if (request.headers.get("Upgrade")?.toLowerCase() !== "websocket") return refuse(426, "bad_request", "expected a WebSocket upgrade");
    const h = request.headers;
    const role = h.get(IDENTITY_HEADERS.role);
    if (role === "host") {
      // No game under this code (never hosted, or cleaned up): missing, not forbidden.
      if (!this.game.gameId()) return refuse(404, "not_found", "no game with this code");
      const userId = h.get(IDENTITY_HEADERS.user) ?? "";
      if (!this.game.isHost(userId, h.get(IDENTITY_HEADERS.userRole) ?? "")) return refuse(403, "forbidden", "only the game's host may connect here");
      const [client, server] = Object.values(new WebSocketPair());
      this.ctx.acceptWebSocket(server, ["host"]);
      server.serializeAttachment({ role: "host", id: userId } satisfies Attachment);
      this.sendAll(server, this.game.hostConnected());
      return new Response(null, { status: 101, webSocket: client });
    }
    if (role === "player") return this.connectPlayer(h.get(IDENTITY_HEADERS.player) ?? "", h.get(IDENTITY_HEADERS.game) ?? "");
    if (role === "join") return this.joinOverSocket(h);
    return refuse(400, "bad_request", "missing identity");
  }

  /**
   * Joining and connecting in one request: the seat is taken as `join()` would take it and the
   * socket is the player's at once, its welcome carrying the seat's token. A refusal is a
   * `joinRefused` frame and a close, since a browser cannot read an HTTP refusal of an upgrade.
   */
  private async joinOverSocket(h: Headers): Promise<Response> {
    const res = this.game.join({
      nickname: decodeHeader(h.get(IDENTITY_HEADERS.nickname)),
      userId: h.get(IDENTITY_HEADERS.user) || null,
      playerId: h.get(IDENTITY_HEADERS.player) || null,
    });
    if (!res.ok) {
      const msg: ServerMessage = { type: "joinRefused", reason: res.reason, message: res.message };
      return this.refuseSocket(msg, CLOSE_CODES.refused, res.reason);
    }
    const token = await signPlayer(this.env.JWT_SECRET, { playerId: res.playerId, gameId: res.gameId, code: res.code });
    // The welcome (with the token) is held until the seat is written, like an HTTP join's answer.
    return this.connectPlayer(res.playerId, res.gameId, token);
  }

  /** A player's socket, once the worker (token) or the room (join) has said who it is. */
  private connectPlayer(playerId: string, gameId: string, token?: string): Response {
    const refusal = this.game.playerRefusal(playerId, gameId);
    if (refusal) return this.refuseSocket(refusal.message, refusal.code, refusal.reason);
    const [client, server] = Object.values(new WebSocketPair());
    const older = this.ctx.getWebSockets(`p:${playerId}`);
    const connected = this.connected();
    const wasConnected = connected.has(playerId);
    this.ctx.acceptWebSocket(server, ["player", `p:${playerId}`]);
    server.serializeAttachment({ role: "player", id: playerId } satisfies Attachment);
    connected.add(playerId);
    // A second connection of the same player replaces the first. The frame says so at once: the
    // close of a hibernatable socket can reach the client seconds later.
    const replaced = JSON.stringify({ type: "replaced" } satisfies ServerMessage);
    for (const ws of older) {
      try {
        ws.send(replaced);
      } catch {
        // Closing already.
      }
      closeQuietly(ws, CLOSE_CODES.replaced, "replaced by a newer connection");
    }
    this.sendAll(server, this.game.playerConnected(playerId, wasConnected, token));
    return new Response(null, { status: 101, webSocket: client });
  }

  /**
   * Accepted only to tell the client why (a browser cannot read an HTTP refusal of an upgrade).
   * Not a hibernatable socket: it lives for one frame, and a hibernatable one's close reached
   * the client ~10 s late in wrangler dev (the frame at once, the TCP close only then).
   */
  private refuseSocket(msg: ServerMessage, code: number, reason: string): Response {
    const [client, server] = Object.values(new WebSocketPair());
    server.accept();
    server.send(JSON.stringify(msg));
    server.close(code, reason);
    return new Response(null, { status: 101, webSocket: client });
  }

  override async webSocketMessage(ws: WebSocket, message: string | ArrayBuffer): Promise<void> {
    const att = ws.deserializeAttachment() as Attachment | null;
    if (!att) return;
    try {
      const replies = this.game.receive(att.role === "host" ? { role: "host", userId: att.id } : { role: "player", playerId: att.id }, message);
      this.sendAll(ws, replies);
      // A host command changes the phase for everyone: written and broadcast now, not after
      // whatever else is queued on the object (a timer turn can wait behind a burst).
      if (att.role === "host" || this.store.queuedCount() >= FLUSH_EVERY) this.flushStore();
    } catch (e) {
      // A bug must not take the socket down with it; the log has the details.
      console.error("room message handler failed", e);
    }
  }

  override async webSocketClose(ws: WebSocket, code: number): Promise<void> {
    this.gone(ws);
    // 1005/1006 are reserved and cannot be sent back.
    closeQuietly(ws, code === 1005 || code === 1006 ? 1000 : code, "closed");
  }

  override async webSocketError(ws: WebSocket): Promise<void> {
    this.gone(ws);
  }

  private gone(ws: WebSocket): void {
    const att = ws.deserializeAttachment() as Attachment | null;
    if (att?.role !== "player") return;
    const stillOpen = this.ctx.getWebSockets(`p:${att.id}`).some((o) => o !== ws && o.readyState === WebSocket.OPEN);
    if (stillOpen || !this.connected().has(att.id)) return;
    this.connected().delete(att.id);
    this.game.playerDisconnected(att.id);
  }

  /** Rebuilt from the sockets themselves, which survive hibernation. */
  private connected(): Set<string> {
    if (!this.connectedIds) {
      this.connectedIds = new Set();
      for (const ws of this.ctx.getWebSockets("player")) {
        if (ws.readyState !== WebSocket.OPEN) continue;
        const att = ws.deserializeAttachment() as Attachment | null;
        if (att) this.connectedIds.add(att.id);
      }
    }
    return this.connectedIds;
  }

  // ---------- sending after writes ----------

  /** Sends now, or after the queued writes if there are any. */
  private emit(send: () => void): void {
    if (this.store.hasQueued()) this.held.push(send);
    else send();
  }

  private sendAll(ws: WebSocket, msgs: ServerMessage[]): void {
    if (!msgs.length) return;
    const data = msgs.map((m) => JSON.stringify(m));
    this.emit(() => {
      for (const d of data) {
        try {
          ws.send(d);
        } catch {
          // Closed meanwhile.
        }
      }
    });
  }

  /** Resolves once everything queued so far is written. */
  private written(): Promise<void> {
    if (!this.store.hasQueued()) return Promise.resolve();
    return new Promise((resolve, reject) => this.waiting.push({ resolve, reject }));
  }

  private flushStore(): void {
    try {
      this.store.flush();
    } catch (e) {
      console.error("room write failed", e);
    }
  }

  /** After a flush: the held messages go out in order; if it failed, they never do (nothing they say was kept). */
  private release(ok: boolean): void {
    const held = this.held;
    const waiting = this.waiting;
    this.held = [];
    this.waiting = [];
    if (ok) for (const send of held) send();
    for (const w of waiting) ok ? w.resolve() : w.reject(new Error("the room could not save this"));
  }

  private broadcast(tag: string, data: string, except?: ReadonlySet<string>): void {
    // The recipients are those connected now, even if the message waits for a write.
    const targets: WebSocket[] = [];
    for (const ws of this.ctx.getWebSockets(tag)) {
      if (except?.size) {
        const att = ws.deserializeAttachment() as Attachment | null;
        if (att && except.has(att.id)) continue;
      }
      targets.push(ws);
    }
    if (!targets.length) return;
    this.emit(() => {
      for (const ws of targets) {
        try {
          ws.send(data);
        } catch {
          // A socket that is closing; its close handler does the bookkeeping.
        }
      }
    });
  }

  private outbox(): Outbox {
    return {
      host: (msg) => this.broadcast("host", JSON.stringify(msg)),
      players: (msg, except) => this.broadcast("player", JSON.stringify(msg), except),
      all: (msg) => {
        const data = JSON.stringify(msg);
        this.broadcast("host", data);
        this.broadcast("player", data);
      },
      player: (id, msg) => this.broadcast(`p:${id}`, JSON.stringify(msg)),
      drop: (id, msg, code, reason) => {
        const data = JSON.stringify(msg);
        const sockets = this.ctx.getWebSockets(`p:${id}`);
        this.emit(() => {
          for (const ws of sockets) {
            try {
              ws.send(data);
            } catch {}
            closeQuietly(ws, code, reason);
          }
        });
        this.connected().delete(id);
      },
      connected: () => this.connected(),
      answerCount: (msg) => this.coalesce("answerCount", "host", msg),
      lobbyCount: (msg) => this.coalesce("lobby", "player", msg),
    };
  }

  /** Sends at once if the last one went out long enough ago; otherwise only the latest, a little later. */
  private coalesce(key: "answerCount" | "lobby", tag: string, msg: ServerMessage): void {
    const now = Date.now();
    const slot = this.pending.get(key) ?? { msg, timer: null, last: 0 };
    slot.msg = msg;
    this.pending.set(key, slot);
    if (slot.timer) return;
    const send = () => {
      slot.timer = null;
      // A lobby count that was waiting when the game started is stale: the question says more.
      const st = this.store.state();
      if (key === "lobby" && st?.phase !== "lobby") return;
      // Likewise a live count for a question that has closed.
      if (slot.msg.type === "answerCount" && (st?.phase !== "question" || st.q !== slot.msg.index)) return;
      slot.last = Date.now();
      this.broadcast(tag, JSON.stringify(slot.msg));
    };
    const interval = key === "lobby" ? lobbyIntervalMs(this.connected().size) : COALESCE_MS;
    if (now - slot.last >= interval) send();
    else slot.timer = setTimeout(send, interval - (now - slot.last));
  }

  // ---------- effects ----------

  private effects(): Effects {
    return {
      setAlarm: (at) => {
        if (at !== null) at = Math.max(at, Date.now() + ALARM_LEAD_MS);
        if (at === this.alarmAt) return;
        this.alarmAt = at;
        if (at === null) void this.ctx.storage.deleteAlarm();
        else void this.ctx.storage.setAlarm(at);
      },
      flushEvents: () => this.flushEventsSoon(),
      markRunning: (startedAt) => {
        const gameId = this.game.gameId();
        if (!gameId) return;
        this.ctx.waitUntil(
          drizzle(this.env.DB)
            .update(games)
            .set({ status: "running", startedAt })
            .where(and(eq(games.id, gameId), eq(games.status, "lobby")))
            .run()
            .then(() => undefined)
            .catch((e) => console.error("marking the game running failed", e)),
        );
      },
      // Reading every answer back and building the inserts takes a while in a big room: the podium
      // this event broadcasts goes out first.
      writeResults: () => this.ctx.waitUntil(this.flushResults(RESULTS_AFTER_MS)),
      destroy: () => this.destroy(),
    };
  }

  /** Writes the final results to D1 once; a failure is retried by the alarm with backoff. */
  flushResults(afterMs = 0): Promise<void> {
    this.resultsInFlight ??= (async () => {
      if (afterMs > 0) await new Promise((r) => setTimeout(r, afterMs));
      try {
        await writeResults(this.env.DB, this.game.results());
        this.game.resultsWritten(true);
      } catch (e) {
        console.error("writing results to D1 failed; will retry", e);
        this.game.resultsWritten(false);
      } finally {
        this.resultsInFlight = null;
      }
      await this.flushEvents();
    })();
    return this.resultsInFlight;
  }

  /** At once if the last flush was a while ago, else once the interval has passed: a burst of joins is one D1 write. */
  private flushEventsSoon(): void {
    if (this.eventsTimer) return;
    const wait = Math.max(0, this.eventsLast + EVENTS_FLUSH_MS - Date.now());
    this.eventsTimer = setTimeout(() => {
      this.eventsTimer = null;
      this.eventsLast = Date.now();
      this.ctx.waitUntil(this.flushEvents());
    }, wait);
  }

  /** Buffered events go to D1 in one batch; a failed write stays buffered for the next state change. */
  flushEvents(): Promise<void> {
    if (this.eventsInFlight) {
      this.eventsAgain = true;
      return this.eventsInFlight;
    }
    const cfg = this.store.config();
    const batch = this.store.pendingEvents(EVENTS_PER_FLUSH);
    if (!cfg || !batch) return Promise.resolve();
    this.eventsInFlight = (async () => {
      try {
        await writeEvents(this.env.DB, batch.events.map((e) => ({ ...e, gameId: cfg.gameId, ownerId: cfg.hostId })));
        this.store.dropEvents(batch.upTo);
      } catch (e) {
        console.error("event flush failed; kept for later", e);
        this.eventsAgain = false;
      } finally {
        this.eventsInFlight = null;
      }
      if (this.eventsAgain) {
        this.eventsAgain = false;
        await this.flushEvents();
      }
    })();
    return this.eventsInFlight;
  }

  override async alarm(): Promise<void> {
    // While an alarm runs, getAlarm() is null until something sets the next one. A later alarm
    // already pending means this is a repeated delivery (alarms are at-least-once) of one whose
    // work is done: running the earliest item now would cut the next pause or question short.
    // The pending alarm does that work on time.
    const pending = await this.ctx.storage.getAlarm();
    if (pending !== null && pending > Date.now()) return;
    // The alarm that woke us is spent.
    this.alarmAt = null;
    this.game.alarm();
    // What the alarm changed is written before it counts as handled.
    this.flushStore();
    // Await what the alarm started, so a failure is handled while the object is surely awake.
    if (this.resultsInFlight) await this.resultsInFlight;
    if (this.destroying) await this.destroying;
  }

  private destroy(): void {
    this.destroying = (async () => {
      await this.flushEvents();
      for (const ws of this.ctx.getWebSockets()) closeQuietly(ws, 1001, "the game is over");
      await this.ctx.storage.deleteAlarm();
      await this.ctx.storage.deleteAll();
      this.store.reset();
      this.held = [];
      this.connectedIds = null;
      this.alarmAt = null;
    })();
  }
}

/** Refusals in the API's one JSON error shape. */
function refuse(status: number, code: string, message: string): Response {
  return Response.json({ error: { code, message } }, { status });
}

function decodeHeader(v: string | null): string | undefined {
  if (v === null) return undefined;
  try {
    return decodeURIComponent(v);
  } catch {
    return v;
  }
}

function closeQuietly(ws: WebSocket, code: number, reason: string): void {
  try {
    ws.close(code, reason);
  } catch {
    // Already closed.
  }
}
