// One Durable Object per game code: wiring only. The game rules (game.ts) talk to the room's
// parts through ports: the store (store.ts) on the object's SQLite, the commit-gated outbox
// (kit/outbox.ts) on its hibernatable sockets (kit/socket-registry.ts), and effects: the alarm
// (kit/alarm.ts) and the writes to D1 (kit/d1-sync.ts). Every class field is a cache that the
// constructor or first use rebuilds from storage and the sockets' attachments.
import { DurableObject } from "cloudflare:workers";
import { CLOSE_CODES, type ServerMessage } from "../../schema/messages.ts";
import { type GameAttachment, gameOutbox, HOST_TAG, SEATS } from "./delivery.ts";
import { Game, type InitInput } from "./game.ts";
import { HostSockets, hostIdentity, notAnUpgrade, refuse } from "../kit/host-sockets.ts";
import { clientAddressHeader, IDENTITY_HEADERS, nicknameHeader, textHeader } from "../kit/identity.ts";
import type { JoinRequest, JoinResult, RoomInfo } from "./joining.ts";
import { AlarmClock } from "../kit/alarm.ts";
import { D1Sync } from "../kit/d1-sync.ts";
import type { GatedOutbox } from "../kit/outbox.ts";
import { anyPinging, EARLY_MS, earliest, SWEEP_EVERY_MS, SweepLook, silentSockets } from "../kit/presence.ts";
import { signPlayer } from "../kit/player-token.ts";
import { closeBack, closeQuietly, refuseSocket, type SocketRegistry } from "../kit/socket-registry.ts";
import { writeResults } from "./results.ts";
import { teamTag } from "./team-play.ts";
import { SqlGameStore } from "./store.ts";
import type { Effects } from "./types.ts";
import { RelayHub, type RelayPolicy } from "../relay/hub.ts";
import { hubRoom, RelayingOutbox, RootRegistry } from "../relay/root-wiring.ts";
import type { Batch, Feed, RelayPlan } from "../relay/wire.ts";

/** A long burst is written in chunks of this many writes, so the first answers are acknowledged before the last arrive. */
const FLUSH_EVERY = 64;
/** The final results are written this long after the podium, once its frames are on their way. */
const RESULTS_AFTER_MS = 100;

export class Room extends DurableObject<Env> {
  private readonly sockets: SocketRegistry<GameAttachment>;
  private readonly hosts: HostSockets;
  private readonly outbox: GatedOutbox<ServerMessage>;
  /** The relays holding some of this game's player sockets (rooms/relay/), if any. */
  private readonly relays: RelayHub;
  private readonly store: SqlGameStore;
  private readonly d1: D1Sync;
  private readonly alarmClock: AlarmClock;
  private readonly game: Game;
  private destroying: Promise<void> | null = null;
  /** The next presence sweep (kit/presence.ts); null while none is wanted. A cache: an alarm re-arms it. */
  private sweepAt: number | null = null;
  private readonly sweepLook = new SweepLook();

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.relays = new RelayHub(ctx.id.toString(), ctx.storage.sql, relayStubs(env), {
      mode: env.RELAY_MODE === "force" || env.RELAY_MODE === "off" ? env.RELAY_MODE : "auto",
      // Unset or not a number: relays of 1,000 (BENCHMARKS.md "Capacity model"), never 1 a relay.
      perRelay: Number(env.RELAY_SEATS) || 1000,
    });
    const sockets = new RootRegistry(ctx, SEATS, this.relays);
    this.sockets = sockets;
    this.hosts = new HostSockets(ctx, this.sockets);
    const outbox = new RelayingOutbox(
      {
        storage: ctx.storage,
        sockets: this.sockets,
        onRollback: () => {
          this.store.forget();
          this.relays.forget();
        },
        isStale: (msg) => this.game.isStale(msg),
      },
      this.relays,
      SEATS.presenceTag,
    );
    this.outbox = outbox;
    this.store = new SqlGameStore(ctx.storage, this.outbox);
    this.d1 = new D1Sync(ctx, env.DB, this.store);
    this.alarmClock = new AlarmClock(ctx.storage);
    this.game = new Game(
      this.store,
      gameOutbox(this.outbox, this.sockets, (ws) => ctx.getTags(ws)),
      this.effects(),
      // A relayed frame is timed by when its relay received it (rooms/relay/hub.ts).
      () => this.relays.now(),
    );
    this.relays.room = hubRoom(
      this.game,
      outbox,
      sockets,
      () => (this.game.gameId() ? this.store.players().size : 0),
      (playerId, q) => !!this.game.gameId() && this.store.answers(q).has(playerId),
    );
    // Keep-alive pings are answered without waking the object.
    ctx.setWebSocketAutoResponse(new WebSocketRequestResponsePair("ping", "pong"));
    // Sockets outlive hibernation but not a restart: none left means players are on their way back.
    // (Relayed players included: the root cannot tell a relay's restart from its own eviction, and
    // the grace only ever gives everyone more time.)
    if (ctx.getWebSockets(SEATS.presenceTag).length === 0)
      void ctx.blockConcurrencyWhile(async () => {
        this.game.startedWithoutPlayers();
        this.outbox.flushOrLog();
      });
  }

  // ---------- RPC from the worker ----------

  async init(input: InitInput): Promise<{ ok: true } | { ok: false; reason: "busy" }> {
    return this.game.init(input);
  }

  /**
   * The worker could not record the game it just set up here (its host is at the hosting quota):
   * the room forgets it at once, as if never hosted. Only for the game it holds, before anyone joined.
   */
  async abandon(gameId: string): Promise<void> {
    if (this.game.gameId() !== gameId) return;
    await this.alarmClock.clear();
    await this.ctx.storage.deleteAll();
    this.store.reset();
    this.outbox.reset();
    this.d1.reset();
  }

  async info(): Promise<RoomInfo | null> {
    return this.game.info();
  }

  /** Closes the host sockets of `userId` opened with session `jti` (any if omitted), except `exceptJti`'s: those sessions ended. */
  async closeHostSessions(userId: string, jti?: string, exceptJti?: string): Promise<number> {
    return this.hosts.closeSessions(userId, jti, exceptJti);
  }

  async join(req: JoinRequest): Promise<JoinResult> {
    return (await this.joinMany([req]))[0];
  }

  /** Seats in the order asked (a relay gathers the joins that open while its last call is out). */
  async joinMany(reqs: JoinRequest[]): Promise<JoinResult[]> {
    this.relays.counts.joinCalls++;
    const res = reqs.map((req) => this.game.join(req));
    // The seats are promised only once they are written.
    await this.outbox.written();
    return res;
  }

  // ---------- relays (rooms/relay/) ----------

  /** Where the worker should put a player's socket: asked once per code every few seconds, not per join. */
  async relayPlan(): Promise<RelayPlan> {
    return this.relays.plan();
  }

  /** Set when hosting (the root's location) and by tests and benchmarks (forcing relays). */
  async relayPolicy(policy: RelayPolicy): Promise<void> {
    this.relays.policy(policy);
  }

  async relayBatch(b: Batch): Promise<void> {
    await this.relays.batch(b);
  }

  /** For the game's host (the benchmark): the root's own sockets and relay work, and its relays' names. */
  async relayStats(userId: string, role: string) {
    if (!this.game.gameId() || !this.game.isHost(userId, role)) return null;
    return { sockets: this.ctx.getWebSockets().length, ...this.relays.counts, relays: this.relays.relays() };
  }

  // ---------- sockets ----------

  override async fetch(request: Request): Promise<Response> {
    const notUpgrade = notAnUpgrade(request);
    if (notUpgrade) return notUpgrade;
    const h = request.headers;
    const host = hostIdentity(h);
    if (host) {
      // No game under this code (never hosted, or cleaned up): missing, not forbidden.
      if (!this.game.gameId()) return refuse(404, "not_found", "no game with this code");
      if (!this.game.isHost(host.userId, host.userRole))
        return refuse(403, "forbidden", "only the game's host may connect here");
      const { socket, response } = this.hosts.accept(host);
      this.outbox.toSocket(socket, this.game.hostConnected());
      this.maybeArmSweep();
      return response;
    }
    const role = h.get(IDENTITY_HEADERS.role);
    if (role === "player")
      return this.connectPlayer(h.get(IDENTITY_HEADERS.player) ?? "", h.get(IDENTITY_HEADERS.game) ?? "");
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
      nickname: nicknameHeader(h),
      studentId: textHeader(h, IDENTITY_HEADERS.studentId),
      userId: h.get(IDENTITY_HEADERS.user) || null,
      playerId: h.get(IDENTITY_HEADERS.player) || null,
      joinKey: h.get(IDENTITY_HEADERS.joinKey) || null,
      address: clientAddressHeader(h),
      connecting: true,
    });
    if (!res.ok)
      return refuseSocket({
        frame: frame({ type: "joinRefused", reason: res.reason, message: res.message }),
        code: CLOSE_CODES.refused,
        reason: res.reason,
      });
    const token = await signPlayer(this.env.JWT_SECRET, { playerId: res.playerId, gameId: res.gameId, code: res.code });
    // The welcome (with the token) is held until the seat is written, like an HTTP join's answer.
    return this.connectPlayer(res.playerId, res.gameId, token, !res.rejoined);
  }

  /**
   * A player's socket, once the worker (token) or the room (join) has said who it is. A newer socket replaces an older one.
   * `announced`: a seat this socket's join just took, whose `playerJoined` said it is connected.
   */
  private connectPlayer(playerId: string, gameId: string, token?: string, announced = false): Response {
    const refusal = this.game.playerRefusal(playerId, gameId);
    if (refusal) return refuseSocket({ frame: frame(refusal.message), code: refusal.code, reason: refusal.reason });
    // A team's members share a tag: a team's frame is serialised once for all of them.
    const team = this.game.teamOf(playerId);
    const { socket, response, wasConnected } = this.sockets.acceptSeat(
      { role: "player", id: playerId },
      team ? [teamTag(team)] : [],
    );
    this.outbox.toSocket(socket, this.game.playerConnected(playerId, wasConnected, token, announced));
    this.maybeArmSweep();
    return response;
  }

  override async webSocketMessage(ws: WebSocket, message: string | ArrayBuffer): Promise<void> {
    const att = this.sockets.attachment(ws);
    if (!att) return;
    // A host frame outlives no session: once it expired, the socket is closed unheard.
    if (!this.hosts.heard(ws)) return;
    try {
      const replies = this.game.receive(
        att.role === "host" ? { role: "host", userId: att.id } : { role: "player", playerId: att.id },
        message,
      );
      this.outbox.toSocket(ws, replies);
      // A host command changes the phase for everyone: written and broadcast now, not after
      // whatever else is queued on the object (a timer turn can wait behind a burst).
      if (att.role === "host" || this.outbox.pendingWrites() >= FLUSH_EVERY) this.outbox.flushOrLog();
      this.maybeArmSweep();
    } catch (e) {
      // A bug must not take the socket down with it; the log has the details.
      console.error("room message handler failed", e);
    }
  }

  override async webSocketClose(ws: WebSocket, code: number): Promise<void> {
    this.socketGone(ws);
    closeBack(ws, code);
  }

  override async webSocketError(ws: WebSocket): Promise<void> {
    this.socketGone(ws);
  }

  private socketGone(ws: WebSocket): void {
    const playerId = this.sockets.left(ws);
    if (playerId) this.game.playerDisconnected(playerId);
  }

  // ---------- effects, alarm, clean-up ----------

  private effects(): Effects {
    return {
      setAlarm: (at) => this.alarmClock.set(earliest(at, this.sweepAt)),
      flushEvents: () => this.d1.flushEventsSoon(),
      markRunning: (startedAt) => {
        const gameId = this.game.gameId();
        if (gameId) this.d1.markRunning(gameId, startedAt);
      },
      // Reading every answer back and building the inserts takes a while in a big room: the podium
      // this event broadcasts goes out first.
      writeResults: () => this.ctx.waitUntil(this.flushResults(RESULTS_AFTER_MS)),
      destroy: () => this.destroy(),
    };
  }

  /** Writes the final results to D1 once; a failure is retried by the alarm with backoff. */
  flushResults(afterMs = 0): Promise<void> {
    return this.d1.flushResults(
      (db) => writeResults(db, this.game.results()),
      (ok) => this.game.resultsWritten(ok),
      afterMs,
    );
  }

  override async alarm(): Promise<void> {
    if (await this.alarmClock.isRepeat()) return;
    const now = Date.now();
    // Only pinging players make a sweep (and so a wake for it) possible; without them alarms are the rules' alone.
    const sweeping = anyPinging(this.ctx, SEATS.presenceTag);
    if (sweeping) this.sweepSilent(now);
    // A wake that came for the sweep leaves the rules alone (they would run their earliest item early).
    const rulesAt = this.game.wakeAt();
    if (!sweeping || rulesAt === null || rulesAt <= now + EARLY_MS) this.game.alarm();
    this.armSweep();
    // What the alarm changed is written before it counts as handled.
    this.outbox.flushOrLog();
    // Await what the alarm started, so a failure is handled while the object is surely awake.
    await this.d1.resultsPending();
    await this.destroying;
  }

  /**
   * Players whose sockets pinged and then went quiet are gone (a lost network sends no close): the
   * socket is closed and the host told, as for a close. They come back by reconnecting.
   */
  sweepSilent(now = Date.now()): number {
    const silent = silentSockets(this.ctx, SEATS.presenceTag, now);
    for (const ws of silent) {
      this.socketGone(ws);
      closeQuietly(ws, 1001, "silent");
    }
    if (silent.length) this.outbox.flushOrLog();
    return silent.length;
  }

  /** Keeps the sweep going while someone watches a live game with pinging players; stops it otherwise. */
  private armSweep(): void {
    const wanted =
      this.game.isLive() && this.ctx.getWebSockets(HOST_TAG).length > 0 && anyPinging(this.ctx, SEATS.presenceTag);
    if (!wanted && this.sweepAt === null) return;
    this.sweepAt = wanted ? Date.now() + SWEEP_EVERY_MS : null;
    this.alarmClock.set(earliest(this.game.wakeAt(), this.sweepAt));
  }

  /**
   * Pings never wake the object, so the sweep starts when something else does (a join, a
   * message, a host). Looking at every player socket is not free in a big room: at most once per
   * sweep interval.
   */
  private maybeArmSweep(): void {
    if (this.sweepLook.due(this.sweepAt !== null)) this.armSweep();
  }

  private destroy(): void {
    this.destroying = (async () => {
      await this.d1.flushEvents();
      this.sockets.closeAll(1001, "the game is over");
      this.relays.closeAll(1001, "the game is over");
      await this.alarmClock.clear();
      await this.ctx.storage.deleteAll();
      this.store.reset();
      this.outbox.reset();
      this.sockets.reset();
      this.relays.reset();
      this.d1.reset();
    })();
  }
}

const frame = (msg: ServerMessage) => JSON.stringify(msg);

function relayStubs(env: Env) {
  return { feed: (name: string, f: Feed) => env.RELAYS.get(env.RELAYS.idFromName(name)).feed(f) };
}
