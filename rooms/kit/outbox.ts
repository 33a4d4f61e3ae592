// The one owner of "nothing leaves the room before the write it reports is durable".
//
// Writes made outside a transaction are queued here (the store's caches already show them) and
// committed together, in order, in one transaction: each commit of a Durable Object is a round
// of durable storage work (an fsync locally, replication in production), so a burst of 1,000
// answers costs a few commits, not 1,000. A message sent while writes are queued waits for their
// commit and then goes out in order; if the commit fails it never goes out (nothing it says was
// kept). The runtime's output gate then holds it until the commit is durable, as it would any
// send after a write.
//
// Counts that change with every join or answer are coalesced: only the latest goes out, a few
// times a second at most, and only if the owner does not call it stale by then.
import { type Attachment, type Farewell, send, sendAndClose, type SocketRegistry } from "./socket-registry.ts";

/** How a store hands its writes to the outbox. */
export interface WriteQueue {
  /** Runs inside a transaction at once, or is queued for the next commit. */
  write(op: () => void): void;
  /**
   * `rows` more rows ride in a write already queued (a store's batch): they count toward the
   * burst's size, so a long burst is still committed in chunks and acknowledged as it goes.
   */
  joined(rows: number): void;
  /** Commits what is queued; throws if the transaction failed (the queued writes are lost then). */
  flush(): void;
  /** Runs `fn` and the writes queued before it as one transaction; writes inside run at once. */
  transaction<T>(fn: () => T): T;
}

export interface OutboxOptions<M> {
  storage: Pick<DurableObjectStorage, "transactionSync">;
  sockets: SocketRegistry<Attachment>;
  /** A transaction was rolled back: caches that showed its writes are wrong now. */
  onRollback(): void;
  /** Asked just before a coalesced message leaves: has the room moved on since? */
  isStale(msg: M): boolean;
  serialise?(msg: M): string;
}

interface Coalesced<M> {
  msg: M;
  timer: ReturnType<typeof setTimeout> | null;
  last: number;
}

export class GatedOutbox<M> implements WriteQueue {
  private queued: (() => void)[] = [];
  /** Rows that joined a queued write (`joined`), counted with the queued writes. */
  private joinedRows = 0;
  private inTransaction = false;
  /** Sends waiting for the queued writes, in order. */
  private held: (() => void)[] = [];
  private waiting: { resolve: () => void; reject: (e: unknown) => void }[] = [];
  private coalesced = new Map<string, Coalesced<M>>();
  private readonly serialise: (msg: M) => string;

  constructor(private readonly options: OutboxOptions<M>) {
    this.serialise = options.serialise ?? ((msg) => JSON.stringify(msg));
  }

  // ---------- writes ----------

  write(op: () => void): void {
    if (this.inTransaction) return op();
    this.queued.push(op);
    // Writes of one burst of messages share one commit: made after the messages already
    // delivered have run (a timer, which also keeps the object awake until then).
    if (this.queued.length === 1) setTimeout(() => this.flushOrLog(), 0);
  }

  joined(rows: number): void {
    if (!this.inTransaction && this.queued.length) this.joinedRows += rows;
  }

  pendingWrites(): number {
    return this.queued.length + this.joinedRows;
  }

  flush(): void {
    if (this.queued.length) this.transaction(() => {});
  }

  /** A flush whose failure is only logged: the writes and the messages waiting on them are gone. */
  flushOrLog(): void {
    try {
      this.flush();
    } catch (e) {
      console.error("room write failed", e);
    }
  }

  transaction<T>(fn: () => T): T {
    const queued = this.queued;
    this.queued = [];
    this.joinedRows = 0;
    const outer = this.inTransaction;
    let result: T;
    try {
      result = this.options.storage.transactionSync(() => {
        this.inTransaction = true;
        try {
          for (const op of queued) op();
          return fn();
        } finally {
          this.inTransaction = outer;
        }
      });
    } catch (e) {
      this.options.onRollback();
      if (queued.length) this.release(false);
      throw e;
    }
    if (queued.length) this.release(true);
    return result;
  }

  /** Resolves once everything queued so far is written; rejects if that write failed. */
  written(): Promise<void> {
    if (!this.queued.length) return Promise.resolve();
    return new Promise((resolve, reject) => this.waiting.push({ resolve, reject }));
  }

  /** Runs now, or right after the queued writes are committed (never, if that fails). */
  protected afterCommit(sendNow: () => void): void {
    if (this.queued.length) this.held.push(sendNow);
    else sendNow();
  }

  private release(ok: boolean): void {
    const held = this.held;
    const waiting = this.waiting;
    this.held = [];
    this.waiting = [];
    if (ok) for (const sendNow of held) sendNow();
    for (const w of waiting) ok ? w.resolve() : w.reject(new Error("the room could not save this"));
  }

  // ---------- messages ----------

  /** The recipients are those connected now, even if the message waits for a write. */
  toTag(tag: string, msg: M, except?: ReadonlySet<string>): void {
    this.toTags([tag], msg, except);
  }

  /** One serialisation for every tag. */
  toTags(tags: string[], msg: M, except?: ReadonlySet<string>): void {
    const targets = tags.flatMap((tag) => this.options.sockets.sockets(tag, except));
    if (!targets.length) return;
    const data = this.serialise(msg);
    this.afterCommit(() => send(targets, data));
  }

  toSeat(id: string, msg: M): void {
    const targets = this.options.sockets.seatSockets(id);
    if (!targets.length) return;
    const data = this.serialise(msg);
    this.afterCommit(() => send(targets, data));
  }

  toSocket(ws: WebSocket, msgs: M[]): void {
    if (!msgs.length) return;
    const data = msgs.map(this.serialise);
    this.afterCommit(() => {
      for (const d of data) send([ws], d);
    });
  }

  /** The seat's sockets get `msg` and are closed; the seat stops counting as connected at once. */
  sendAndClose(id: string, msg: M, code: number, reason: string): void {
    const targets = this.options.sockets.seatSockets(id);
    const farewell: Farewell = { frame: this.serialise(msg), code, reason };
    this.afterCommit(() => sendAndClose(targets, farewell));
    this.options.sockets.release(id);
  }

  /**
   * Sends at once if the last message under `key` went out at least `intervalMs` ago; otherwise
   * only the latest, once the interval has passed, unless it is stale by then.
   */
  coalesce(key: string, tag: string, msg: M, intervalMs: number | (() => number)): void {
    // A function is asked again when the count is due: the lobby's interval grows with the
    // players, and a wave doubles them while a count waits (it would go to twice the sockets).
    const interval = typeof intervalMs === "number" ? () => intervalMs : intervalMs;
    const slot = this.coalesced.get(key) ?? { msg, timer: null, last: 0 };
    slot.msg = msg;
    this.coalesced.set(key, slot);
    if (slot.timer) return;
    const sendLatest = () => {
      slot.timer = null;
      const wait = interval() - (Date.now() - slot.last);
      if (wait > 0) {
        slot.timer = setTimeout(sendLatest, wait);
        return;
      }
      if (this.options.isStale(slot.msg)) return;
      slot.last = Date.now();
      this.toTag(tag, slot.msg);
    };
    sendLatest();
  }

  /** After the object deleted its storage: nothing queued or held is sent, waiting callers are told. */
  reset(): void {
    this.queued = [];
    this.joinedRows = 0;
    this.release(false);
    for (const slot of this.coalesced.values()) if (slot.timer) clearTimeout(slot.timer);
    this.coalesced.clear();
  }
}
