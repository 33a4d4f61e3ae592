// The root's side of its relays: which seats are held by which relay (kept in the root's SQLite,
// so a restarted root still knows), the feed to each relay (one RPC per relay per burst of
// events, entries numbered so a relay can tell it missed some), and the players' frames the
// relays pass up. The game rules never see a relay: a relayed seat is connected like any other,
// its frames reach the rules as a socket's would, on the clock of the relay that received them.
import { SEATS } from "../live/delivery.ts";
import type { Attach, Batch, Feed, FeedEntry, FeedReply, RelayPlan } from "./wire.ts";

/** What the hub asks of the room it serves (room.ts wires it to the game and the outbox). */
export interface HubRoom {
  /** Runs the game's answer to a relay's attach: refusal, or the frames of a (re)connecting socket. */
  attach(a: Attach, wasConnected: boolean): { frames: string[]; close?: { code: number; reason: string } };
  /** A relayed player's frame, as a socket's; replies (errors) go to the seat. */
  receive(playerId: string, data: string, retry: boolean): void;
  disconnected(playerId: string): void;
  /** Commits what the frames wrote (acks wait for it). */
  commit(): void;
  /** Runs `fn` once the writes queued so far are committed (at once if none are). */
  later(fn: () => void): void;
  /**
   * Runs `fn` and its writes as one transaction now. An attach is written at once: queued, each
   * would arm its own flush timer, and a join wave of 10,000 attaches ran the object out of timers.
   */
  atomically<T>(fn: () => T): T;
  /** Queues a write into the room's next commit. */
  write(op: () => void): void;
  pendingWrites(): number;
  players(): number;
  /** The seats connected now (the room's registry: local sockets and relayed seats). */
  connected(): Set<string>;
}

export interface RelayStubs {
  feed(name: string, feed: Feed): Promise<FeedReply>;
}

export interface RelayPolicy {
  mode?: RelayPlan["mode"];
  perRelay?: number;
  rootHint?: string | null;
}

interface SeatRow {
  relay: string;
  stamp: number;
}

const DEFAULT_PER_RELAY = 500;
const HUB_COUNTS = new Map<string, RelayHub["counts"]>();

export class RelayHub {
  private seatsCache: Map<string, SeatRow> | null = null;
  private seqs: Map<string, number> | null = null;
  private readonly run = crypto.randomUUID().slice(0, 8);
  private readonly queues = new Map<string, { seq: number; entries: FeedEntry[] }>();
  private readonly sending = new Map<string, Promise<void>>();
  /** Relays whose feed numbers the queued write will store (non-empty: that write is queued). */
  private seqsDirty = new Set<string>();
  /**
   * Per relay, the `since` its seats were last checked against (relayStarted): every seat on it
   * attached before that start is gone already. A batch or a feed reply checks only when its
   * relay shows a later start, so a call costs O(1), not a pass over every seat of the game.
   */
  private checkedSince = new Map<string, number>();
  /** While a relayed frame is handled: the time it arrived, on the root's clock. */
  private clockOverride: number | null = null;
  room: HubRoom | null = null;

  /** What the root did for its relays (the benchmark reads it), in the isolate: hibernation does not reset it. */
  readonly counts: {
    feedCalls: number;
    feedEntries: number;
    batchCalls: number;
    batchFrames: number;
    attaches: number;
    /** `join()`/`joinMany()` calls: seats for sockets that join at a relay (gathered per call), and HTTP joins. */
    joinCalls: number;
  };

  constructor(
    key: string,
    private readonly db: SqlStorage,
    private readonly stubs: RelayStubs,
    private readonly defaults: { mode: RelayPlan["mode"]; perRelay: number },
  ) {
    let c = HUB_COUNTS.get(key);
    if (!c)
      HUB_COUNTS.set(
        key,
        (c = { feedCalls: 0, feedEntries: 0, batchCalls: 0, batchFrames: 0, attaches: 0, joinCalls: 0 }),
      );
    this.counts = c;
  }

  private tablesMade = false;
  /** The hub's tables, made on first use (again after the room deleted its storage). */
  private get sql(): SqlStorage {
    if (!this.tablesMade) {
      this.tablesMade = true;
      this.db.exec(`CREATE TABLE IF NOT EXISTS relay_seats (player_id TEXT PRIMARY KEY, relay TEXT NOT NULL, stamp INTEGER NOT NULL);
        CREATE TABLE IF NOT EXISTS relay_feed (relay TEXT PRIMARY KEY, seq INTEGER NOT NULL);
        CREATE TABLE IF NOT EXISTS relay_policy (key TEXT PRIMARY KEY, value TEXT NOT NULL);`);
    }
    return this.db;
  }

  /** The room's clock: a relayed frame's arrival while it is handled, otherwise now. */
  now(): number {
    return this.clockOverride ?? Date.now();
  }

  // ---------- who is where ----------

  private seats(): Map<string, SeatRow> {
    if (!this.seatsCache) {
      this.seatsCache = new Map();
      for (const r of this.sql.exec<{ player_id: string; relay: string; stamp: number }>("SELECT * FROM relay_seats"))
        this.seatsCache.set(r.player_id, { relay: r.relay, stamp: r.stamp });
    }
    return this.seatsCache;
  }

  relayOf(playerId: string): string | null {
    return this.seats().get(playerId)?.relay ?? null;
  }

  /** Seats held by relays now: they count as connected. */
  relayedIds(): string[] {
    return [...this.seats().keys()];
  }

  /** Relays that hold a seat or have been fed: every broadcast goes to each. */
  relays(): string[] {
    return [...this.feedSeqs().keys()];
  }

  active(): boolean {
    return this.feedSeqs().size > 0;
  }

  /** The seat no longer counts as relayed (kicked, moved to a socket of the root, gone). */
  release(playerId: string): void {
    if (!this.seats().delete(playerId)) return;
    this.room?.write(() => this.sql.exec("DELETE FROM relay_seats WHERE player_id = ?", playerId));
  }

  private seat(playerId: string, row: SeatRow): void {
    this.seats().set(playerId, row);
    // A seat from an earlier start of its relay (a batch of a dead relay arriving late) is
    // dropped by the next check of that relay, as it would be without the shortcut.
    if (row.stamp < (this.checkedSince.get(row.relay) ?? Number.NEGATIVE_INFINITY)) this.checkedSince.delete(row.relay);
    this.room?.write(() =>
      this.sql.exec(
        "INSERT INTO relay_seats (player_id, relay, stamp) VALUES (?, ?, ?) ON CONFLICT(player_id) DO UPDATE SET relay = excluded.relay, stamp = excluded.stamp",
        playerId,
        row.relay,
        row.stamp,
      ),
    );
  }

  // ---------- placement ----------

  policy(p: RelayPolicy): void {
    for (const [k, v] of Object.entries(p))
      if (v !== undefined)
        this.sql.exec(
          "INSERT INTO relay_policy (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
          k,
          JSON.stringify(v),
        );
  }

  plan(): RelayPlan {
    const p: RelayPolicy = {};
    for (const r of this.sql.exec<{ key: string; value: string }>("SELECT * FROM relay_policy"))
      (p as Record<string, unknown>)[r.key] = JSON.parse(r.value);
    return {
      mode: p.mode ?? this.defaults.mode,
      perRelay: p.perRelay ?? (this.defaults.perRelay || DEFAULT_PER_RELAY),
      players: this.room?.players() ?? 0,
      rootHint: p.rootHint ?? null,
    };
  }

  // ---------- the feed ----------

  private feedSeqs(): Map<string, number> {
    if (!this.seqs) {
      this.seqs = new Map();
      for (const r of this.sql.exec<{ relay: string; seq: number }>("SELECT * FROM relay_feed"))
        this.seqs.set(r.relay, r.seq);
    }
    return this.seqs;
  }

  /**
   * Numbers an entry for a relay now, in the order the room made it. Entries that wait for a
   * commit have their numbers written by that commit: a root that dies before feeding them comes
   * back with numbers past what the relay got, and the relay knows it missed something.
   */
  private reserve(relay: string): number {
    const seqs = this.feedSeqs();
    const seq = (seqs.get(relay) ?? 0) + 1;
    seqs.set(relay, seq);
    if (!this.room) return seq;
    if (this.room.pendingWrites() > 0) {
      // Only the relays fed since the last write: a commit of one relay's batch writes one row.
      const queued = this.seqsDirty.size > 0;
      this.seqsDirty.add(relay);
      if (queued) return seq;
      this.room.write(() => {
        const dirty = this.seqsDirty;
        this.seqsDirty = new Set();
        for (const r of dirty)
          this.sql.exec(
            "INSERT INTO relay_feed (relay, seq) VALUES (?, ?) ON CONFLICT(relay) DO UPDATE SET seq = excluded.seq",
            r,
            this.feedSeqs().get(r) ?? 0,
          );
      });
    } else if (seq === 1) {
      // A new relay: it gets every broadcast from now on, after a restart too.
      this.sql.exec("INSERT OR IGNORE INTO relay_feed (relay, seq) VALUES (?, 0)", relay);
    }
    return seq;
  }

  /** Reserves the entry's number now; `send` runs when the room's commit released it. */
  entry(relay: string): (entry: FeedEntry) => void {
    const seq = this.reserve(relay);
    return (entry) => this.push(relay, seq, entry);
  }

  /** A broadcast: one entry per relay, the same string for all. */
  broadcast(): (entry: FeedEntry) => void {
    const sends = this.relays().map((r) => this.entry(r));
    return (entry) => {
      for (const s of sends) s(entry);
    };
  }

  private push(relay: string, seq: number, entry: FeedEntry): void {
    let q = this.queues.get(relay);
    if (!q) {
      q = { seq, entries: [] };
      this.queues.set(relay, q);
    }
    q.entries.push(entry);
    if (!this.sending.has(relay)) this.sending.set(relay, this.pump(relay));
  }

  /** Resolves once everything queued for this relay so far has been delivered (or given up). */
  async drained(relay: string): Promise<void> {
    while (this.sending.has(relay)) await this.sending.get(relay);
  }

  /** Sends the relay's queue, one call at a time, in order; a relay that cannot be reached loses its seats. */
  private async pump(relay: string): Promise<void> {
    // Entries of the same burst of events (one commit's release) go in one call.
    await Promise.resolve();
    try {
      for (;;) {
        const q = this.queues.get(relay);
        if (!q?.entries.length) return;
        this.queues.delete(relay);
        const feed: Feed = { root: this.run, seq: q.seq, sentAt: Date.now(), entries: q.entries };
        this.counts.feedCalls++;
        this.counts.feedEntries += q.entries.length;
        let reply: FeedReply | null = null;
        for (let attempt = 0; attempt < 2 && !reply; attempt++) {
          try {
            reply = await this.stubs.feed(relay, feed);
          } catch (e) {
            if (attempt) console.error("relay feed failed", relay, e);
          }
        }
        if (reply) this.relayStarted(relay, reply.since);
        else this.relayLost(relay);
      }
    } finally {
      this.sending.delete(relay);
    }
  }

  /** Seats attached to a relay before its current sockets began are gone (the relay restarted). */
  private relayStarted(relay: string, since: number): void {
    const checked = this.checkedSince.get(relay);
    // An older start's batch (a dead relay's, late) has nothing to drop that the check at a later start did not.
    if (checked !== undefined && checked >= since) return;
    this.checkedSince.set(relay, since);
    const gone: string[] = [];
    for (const [id, row] of this.seats()) if (row.relay === relay && row.stamp < since) gone.push(id);
    this.dropSeats(gone);
  }

  private relayLost(relay: string): void {
    const gone: string[] = [];
    for (const [id, row] of this.seats()) if (row.relay === relay) gone.push(id);
    this.dropSeats(gone);
  }

  private dropSeats(ids: string[]): void {
    if (!ids.length || !this.room) return;
    for (const id of ids) {
      this.release(id);
      if (this.room.connected().delete(id)) this.room.disconnected(id);
    }
    this.room.commit();
  }

  /** The seat's socket on `relay` is told it was replaced and closed: the seat connected elsewhere. */
  replace(relay: string, playerId: string): void {
    const { frame, code, reason } = SEATS.replaced;
    const send = this.entry(relay);
    this.room?.later(() => send({ to: "seat", id: playerId, data: frame, close: { code, reason } }));
  }

  /** The game is cleaned up: every relay closes its sockets. */
  closeAll(code: number, reason: string): void {
    const send = this.broadcast();
    this.room?.later(() => send({ to: "closeAll", code, reason }));
  }

  /** A commit failed: the caches may show writes that were rolled back; read them again. */
  forget(): void {
    this.seatsCache = null;
    this.checkedSince.clear();
    this.seqs = null;
    this.seqsDirty = new Set();
  }

  /** After the room deleted its storage. */
  reset(): void {
    this.seqsDirty = new Set();
    this.seatsCache = null;
    this.checkedSince.clear();
    this.seqs = null;
    this.tablesMade = false;
  }

  // ---------- from the relays ----------

  /** Seats a socket a relay accepted; its answer goes out in the feed once written. */
  private attach(a: Attach): void {
    const room = this.room!;
    this.counts.attaches++;
    const connected = room.connected();
    const before = this.relayOf(a.playerId);
    const wasConnected = connected.has(a.playerId);
    // Its socket on another relay is replaced, as a second socket on one object would be.
    if (before && before !== a.relay) this.replace(before, a.playerId);
    const answer = room.atomically(() => {
      const res = room.attach(a, wasConnected);
      if (!res.close) {
        this.seat(a.playerId, { relay: a.relay, stamp: a.stamp });
        connected.add(a.playerId);
      }
      return res;
    });
    const send = this.entry(a.relay);
    room.later(() => send({ to: "attach", id: a.playerId, ...answer }));
  }

  /**
   * A relay's frames and new sockets, in the order its sockets sent them. Resolves once the
   * replies and acks they caused (released only after their writes committed) have reached the
   * relay: a relay whose call fails sends the batch again.
   */
  async batch(b: Batch): Promise<void> {
    const room = this.room!;
    this.counts.batchCalls++;
    this.counts.batchFrames += b.msgs.length;
    this.relayStarted(b.relay, b.since);
    const now = Date.now();
    for (const m of b.msgs) {
      if ("attach" in m) {
        this.attach({ relay: b.relay, playerId: m.id, gameId: m.gameId, stamp: b.since, token: m.token });
        continue;
      }
      if ("left" in m) {
        const row = this.seats().get(m.id);
        // Only the socket the seat is attached through: a player who moved on stays connected.
        if (row?.relay !== b.relay || row.stamp > m.stamp) continue;
        this.release(m.id);
        if (room.connected().delete(m.id)) room.disconnected(m.id);
        continue;
      }
      if (this.relayOf(m.id) !== b.relay) continue;
      // A long burst is committed in chunks, so the first answers are acknowledged before the last arrive.
      if (room.pendingWrites() >= 64) room.commit();
      // The relay's durations on the root's clock: never later than now.
      this.clockOverride = Math.min(now, m.anchor + m.age);
      try {
        room.receive(m.id, m.data, b.retry);
      } finally {
        this.clockOverride = null;
      }
    }
    room.commit();
    await this.drained(b.relay);
  }
}
