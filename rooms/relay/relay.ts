// A relay: holds some of a live game's player sockets, near those players, for the game's root
// (rooms/live/room.ts, one per code). It keeps nothing that matters only in memory: the root
// owns seats, answers and state; a relay that restarts loses its sockets, and the players come
// back with their tokens, to it or to another relay. Wire types: wire.ts; docs/protocol.md.
//
// Root to relay: `feed()`, one call per burst of events, each frame serialised once by the root.
// Relay to root: new sockets and the players' frames, batched (`relayBatch`), sent again if a
// call fails (the root takes a repeat without doubling anything).
import { DurableObject } from "cloudflare:workers";
import { CLOSE_CODES, type ServerMessage } from "../../schema/messages.ts";
import { clientAddressHeader, IDENTITY_HEADERS, nicknameHeader, textHeader } from "../kit/identity.ts";
import { notAnUpgrade, refuse } from "../kit/host-sockets.ts";
import { signPlayer } from "../kit/player-token.ts";
import { anyPinging, SWEEP_EVERY_MS, SweepLook, silentSockets } from "../kit/presence.ts";
import { closeBack, closeQuietly, refuseSocket, send, sendAndClose, SocketRegistry } from "../kit/socket-registry.ts";
import { type GameAttachment, SEATS } from "../live/delivery.ts";
import type { JoinRequest, JoinResult } from "../live/joining.ts";
import type { Batch, Feed, FeedEntry, FeedReply, Relayed } from "./wire.ts";

/** Headers the worker adds when it hands a socket to a relay (after the identity headers). */
export const RELAY_HEADERS = { code: "X-QQ-Relay-Code", name: "X-QQ-Relay-Name" } as const;

/**
 * Frames wait at most this long before going up (a burst goes at BATCH_MAX): 4 ms for a few
 * sockets, growing with the relay to 50 ms at 1,000, so a full relay makes at most ~20 calls a
 * second to the root whatever its players do (the root's ~1,000 requests/s are shared by its relays).
 */
export function batchMs(sockets: number): number {
  return Math.min(50, Math.max(4, Math.round(sockets / 20)));
}
const BATCH_MAX = 256;
const RETRIES = 5;
/** A relay that lost part of its feed closes its sockets with this: the clients reconnect and get the state again. */
const RESYNC = { code: 1012, reason: "reconnect" };

export class Relay extends DurableObject<Env> {
  private readonly sockets: SocketRegistry<GameAttachment>;
  /** Since when (this relay's clock) it holds its current sockets: a restart starts a new set. */
  private readonly since: number;
  private meta: { code: string; name: string } | null = null;
  /** The last feed applied: its root's run and the seq of its last entry (unknown after a wake-up). */
  private lastFeed: { root: string; seq: number } | null = null;
  /** The root's clock at the last feed and this relay's when it arrived: durations count from it. */
  private anchor = { root: 0, local: 0 };
  /** Seats whose sockets wait for their attach entry: they hear no broadcast until then. */
  private readonly pending = new Set<string>();
  private readonly sweepLook = new SweepLook();
  private queue: Relayed[] = [];
  /** Sockets that join here, waiting for their seats (seatFor). */
  private joins: { req: JoinRequest; resolve: (r: JoinResult) => void; reject: (e: unknown) => void }[] = [];
  private joining: Promise<void> | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private pumping: Promise<void> | null = null;
  /** Since this instance started: frames in from sockets, out to sockets, calls each way (the benchmark reads it). */
  /** The isolate's counts for this relay (kept across hibernation, which re-runs the constructor). */
  private get counts(): RelayCounts {
    const key = this.ctx.id.toString();
    let c = RELAY_COUNTS.get(key);
    if (!c)
      RELAY_COUNTS.set(
        key,
        (c = { framesIn: 0, framesOut: 0, feedCalls: 0, batchCalls: 0, joinCalls: 0, peakSockets: 0 }),
      );
    return c;
  }

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.sockets = new SocketRegistry(ctx, SEATS);
    ctx.setWebSocketAutoResponse(new WebSocketRequestResponsePair("ping", "pong"));
    const sql = ctx.storage.sql;
    sql.exec("CREATE TABLE IF NOT EXISTS relay_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)");
    const read = (k: string) =>
      sql.exec<{ value: string }>("SELECT value FROM relay_meta WHERE key = ?", k).toArray()[0]?.value ?? null;
    const code = read("code");
    if (code) this.meta = { code, name: read("name") ?? "" };
    // Sockets outlive hibernation, not a restart: with none, whatever the root thinks is here is gone.
    const stored = Number(read("since"));
    if (ctx.getWebSockets().length === 0 || !stored) {
      this.since = Date.now();
      sql.exec("INSERT OR REPLACE INTO relay_meta (key, value) VALUES ('since', ?)", String(this.since));
    } else this.since = stored;
  }

  private root() {
    return this.env.ROOMS.get(this.env.ROOMS.idFromName(this.meta!.code));
  }

  /**
   * Asks the root for a seat. The first join goes at once; those that open while a call is out
   * wait for it to return and then go together: a join wave costs the root a call per round
   * trip, not one per socket.
   */
  private seatFor(req: JoinRequest): Promise<JoinResult> {
    return new Promise((resolve, reject) => {
      this.joins.push({ req, resolve, reject });
      if (!this.joining) this.askForSeats();
    });
  }

  private askForSeats(): void {
    this.joining = (async () => {
      while (this.joins.length) {
        const asked = this.joins.splice(0, BATCH_MAX);
        this.counts.joinCalls++;
        try {
          const seats = await this.root().joinMany(asked.map((j) => j.req));
          asked.forEach((j, i) => j.resolve(seats[i]));
        } catch (e) {
          for (const j of asked) j.reject(e);
        }
      }
    })().finally(() => {
      this.joining = null;
      // A join that came in as the last call returned.
      if (this.joins.length) this.askForSeats();
    });
  }

  // ---------- sockets ----------

  override async fetch(request: Request): Promise<Response> {
    const notUpgrade = notAnUpgrade(request);
    if (notUpgrade) return notUpgrade;
    const h = request.headers;
    const code = h.get(RELAY_HEADERS.code);
    const name = h.get(RELAY_HEADERS.name);
    if (!code || !name) return refuse(400, "bad_request", "missing relay");
    if (!this.meta) {
      this.meta = { code, name };
      const sql = this.ctx.storage.sql;
      for (const [k, v] of Object.entries(this.meta))
        sql.exec("INSERT OR REPLACE INTO relay_meta (key, value) VALUES (?, ?)", k, v);
    }
    const role = h.get(IDENTITY_HEADERS.role);
    let seat: { playerId: string; gameId: string; token?: string };
    if (role === "join") {
      const res = await this.seatFor({
        nickname: nicknameHeader(h),
        studentId: textHeader(h, IDENTITY_HEADERS.studentId),
        userId: h.get(IDENTITY_HEADERS.user) || null,
        playerId: h.get(IDENTITY_HEADERS.player) || null,
        joinKey: h.get(IDENTITY_HEADERS.joinKey) || null,
        address: clientAddressHeader(h),
      });
      if (!res.ok)
        return refuseSocket({
          frame: frame({ type: "joinRefused", reason: res.reason, message: res.message }),
          code: CLOSE_CODES.refused,
          reason: res.reason,
        });
      const token = await signPlayer(this.env.JWT_SECRET, { playerId: res.playerId, gameId: res.gameId, code });
      seat = { playerId: res.playerId, gameId: res.gameId, token };
    } else if (role === "player") {
      seat = { playerId: h.get(IDENTITY_HEADERS.player) ?? "", gameId: h.get(IDENTITY_HEADERS.game) ?? "" };
    } else return refuse(400, "bad_request", "missing identity");
    const { response } = this.sockets.acceptSeat({ role: "player", id: seat.playerId });
    this.counts.peakSockets = Math.max(this.counts.peakSockets, this.sockets.connected().size);
    // The root seats it with the next batch; its answer arrives through the feed (an `attach` entry).
    this.pending.add(seat.playerId);
    this.enqueue({
      id: seat.playerId,
      attach: true,
      gameId: seat.gameId,
      ...(seat.token ? { token: seat.token } : {}),
    });
    this.maybeArmSweep();
    return response;
  }

  override async webSocketMessage(ws: WebSocket, message: string | ArrayBuffer): Promise<void> {
    const att = this.sockets.attachment(ws);
    // Before its welcome a socket has nothing to say (the client waits for it).
    if (!att || this.pending.has(att.id)) return;
    this.counts.framesIn++;
    this.enqueue({
      id: att.id,
      data: typeof message === "string" ? message : new TextDecoder().decode(message),
      anchor: this.anchor.root,
      age: Date.now() - this.anchor.local,
    });
    this.maybeArmSweep();
  }

  override async webSocketClose(ws: WebSocket, code: number): Promise<void> {
    this.socketGone(ws);
    closeBack(ws, code);
  }

  override async webSocketError(ws: WebSocket): Promise<void> {
    this.socketGone(ws);
  }

  private socketGone(ws: WebSocket): void {
    const id = this.sockets.left(ws);
    if (!id) return;
    // Gone before its attach came back: the attach went up or waits in the queue, so the root
    // seats it first and then hears that it left.
    this.pending.delete(id);
    this.enqueue({ id, left: true, stamp: this.since });
  }

  // ---------- up to the root ----------

  private enqueue(m: Relayed): void {
    this.queue.push(m);
    if (this.pumping) return;
    // A new socket waits for its welcome: it goes up at once unless a call is in flight, and
    // then rides the next one with whatever gathered meanwhile.
    if (this.queue.length >= BATCH_MAX || "attach" in m) this.startPump();
    else this.timer ??= setTimeout(() => this.startPump(), batchMs(this.sockets.connected().size));
  }

  private startPump(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.pumping) return;
    this.pumping = this.pump().finally(() => {
      this.pumping = null;
      if (this.queue.length) this.enqueue(this.queue.pop()!);
    });
    this.ctx.waitUntil(this.pumping);
  }

  /** One call in flight at a time, so the root hears each socket's frames in order. */
  private async pump(): Promise<void> {
    while (this.queue.length) {
      const msgs = this.queue.splice(0, BATCH_MAX);
      let retry = false;
      for (let attempt = 0; ; attempt++) {
        const b: Batch = { relay: this.meta!.name, since: this.since, retry, msgs };
        this.counts.batchCalls++;
        try {
          await this.root().relayBatch(b);
          break;
        } catch (e) {
          retry = true;
          if (attempt + 1 >= RETRIES) {
            // The root cannot be reached: these players reconnect and learn what it kept.
            console.error("relay batch failed", e);
            for (const id of new Set(msgs.map((m) => m.id))) {
              for (const ws of this.sockets.seatSockets(id)) closeQuietly(ws, RESYNC.code, RESYNC.reason);
              // A socket that was never seated is forgotten here: its close will not be reported.
              if (this.pending.delete(id)) this.sockets.release(id);
            }
            break;
          }
          await new Promise((r) => setTimeout(r, 25 * 2 ** attempt));
        }
      }
    }
  }

  // ---------- down from the root ----------

  async feed(f: Feed): Promise<FeedReply> {
    const last = this.lastFeed;
    // Same run: entries follow on. A new run (the root restarted): numbers past ours mean entries it
    // committed and never sent. Either gap: our sockets start again from the root's state.
    if (last && (last.root === f.root ? f.seq !== last.seq + 1 : f.seq > last.seq + 1)) this.resync();
    this.lastFeed = { root: f.root, seq: f.seq + f.entries.length - 1 };
    const arrived = Date.now();
    // Until a question shows, any feed anchors the clock (probes are timed from it too).
    if (!this.anchor.local || f.entries.some((e) => e.to === "attach" || ("clock" in e && e.clock)))
      this.anchor = { root: f.sentAt, local: arrived };
    this.counts.feedCalls++;
    for (const e of f.entries) this.apply(e);
    return { since: this.since };
  }

  private apply(e: FeedEntry): void {
    switch (e.to) {
      case "tags": {
        const except = this.pending.size || e.except ? new Set([...(e.except ?? []), ...this.pending]) : undefined;
        for (const tag of e.tags) {
          const targets = this.sockets.sockets(tag, except);
          this.counts.framesOut += targets.length;
          send(targets, e.data);
        }
        return;
      }
      case "seat": {
        if (this.pending.has(e.id)) return;
        const targets = this.sockets.seatSockets(e.id);
        this.counts.framesOut += targets.length;
        if (e.close) {
          sendAndClose(targets, { frame: e.data, ...e.close });
          this.sockets.release(e.id);
        } else send(targets, e.data);
        return;
      }
      case "attach": {
        if (!this.pending.delete(e.id)) return;
        const targets = this.sockets.seatSockets(e.id);
        for (const data of e.frames) send(targets, data);
        if (e.close) {
          for (const ws of targets) closeQuietly(ws, e.close.code, e.close.reason);
          this.sockets.release(e.id);
        }
        return;
      }
      case "closeAll":
        this.sockets.closeAll(e.code, e.reason);
        return;
    }
  }

  private resync(): void {
    for (const ws of this.ctx.getWebSockets()) closeQuietly(ws, RESYNC.code, RESYNC.reason);
  }

  /**
   * Counts for the benchmark: sockets held now, and what this instance has done. `idle`: nothing
   * waits to go up to the root and no call to it is in flight (tests wait for it before they end).
   */
  async stats(): Promise<{ name: string; sockets: number; since: number; idle: boolean } & RelayCounts> {
    return {
      name: this.meta?.name ?? "",
      sockets: this.ctx.getWebSockets().length,
      since: this.since,
      idle: !this.queue.length && !this.pumping && !this.pending.size,
      ...this.counts,
    };
  }

  // ---------- presence ----------

  /** Players whose sockets went quiet are gone, as in the root (kit/presence.ts). */
  override async alarm(): Promise<void> {
    this.sweepSilent();
    await this.armSweep();
  }

  /** Closes the sockets that pinged and went quiet; the root hears they left. Returns how many. */
  sweepSilent(now = Date.now()): number {
    const silent = silentSockets(this.ctx, SEATS.presenceTag, now);
    for (const ws of silent) {
      this.socketGone(ws);
      closeQuietly(ws, 1001, "silent");
    }
    return silent.length;
  }

  /** Looks whether the sweep is wanted, at most once per interval (kit/presence.ts `SweepLook`). */
  private maybeArmSweep(): void {
    if (this.sweepLook.due(false)) void this.armSweep();
  }

  private async armSweep(): Promise<void> {
    if (!anyPinging(this.ctx, SEATS.presenceTag)) return;
    if ((await this.ctx.storage.getAlarm()) === null) await this.ctx.storage.setAlarm(Date.now() + SWEEP_EVERY_MS);
  }
}

const frame = (msg: ServerMessage) => JSON.stringify(msg);

/** Per relay, for the benchmark: in the isolate, so a wake-up from hibernation does not reset them. */
const RELAY_COUNTS = new Map<string, RelayCounts>();

export interface RelayCounts {
  framesIn: number;
  framesOut: number;
  feedCalls: number;
  batchCalls: number;
  /** `joinMany()` calls to the root: seats for the sockets that join here (before their attaches). */
  joinCalls: number;
  peakSockets: number;
}
