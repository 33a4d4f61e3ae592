// The room's durable state in the Durable Object's own SQLite storage. Rows are JSON documents
// keyed for the lookups the rules make; the class fields are caches, rebuilt after eviction.
import type { AnswerRow, GameConfig, GameState, GameStore, PlayerRow, StoredEvent } from "./types";

const SCHEMA = `
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS players (id TEXT PRIMARY KEY, skeleton TEXT NOT NULL UNIQUE, data TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS answers (q INTEGER NOT NULL, player_id TEXT NOT NULL, data TEXT NOT NULL, PRIMARY KEY (q, player_id));
CREATE TABLE IF NOT EXISTS events (id INTEGER PRIMARY KEY AUTOINCREMENT, data TEXT NOT NULL);
`;

export class SqlGameStore implements GameStore {
  private cfg: GameConfig | null | undefined;
  private st: GameState | null | undefined;
  private ps: Map<string, PlayerRow> | undefined;
  /** Only the latest question's answers are cached (the one being played or just revealed). */
  private ans: { q: number; rows: Map<string, AnswerRow> } | undefined;
  private blobs = new Map<string, unknown>();

  /** Tables are created on the first write only: looking up a code that was never hosted must leave no storage behind. */
  private ready: boolean;

  /**
   * Writes made outside transaction() are queued (the caches already show them) and written
   * together by flush(), in order, in one transaction: each commit of a Durable Object is a
   * round of durable storage work (an fsync locally, replication in production), so a burst of
   * 1,000 answers costs a few commits, not 1,000. Until flush() nothing that depends on a queued
   * write may leave the room; the room holds its outgoing messages meanwhile (room.ts).
   */
  private queued: (() => void)[] = [];
  private inTransaction = false;
  /** Called when the first write is queued, so the owner can schedule flush(). */
  onQueued: (() => void) | null = null;
  /** Called after queued writes were written (true) or rolled back with their transaction (false). */
  onFlushed: ((ok: boolean) => void) | null = null;

  constructor(private readonly storage: DurableObjectStorage) {
    this.ready = storage.sql.exec("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'meta'").toArray().length > 0;
  }

  private ensureSchema(): void {
    if (this.ready) return;
    this.sql.exec(SCHEMA);
    this.ready = true;
  }

  private get sql() {
    return this.storage.sql;
  }

  /** True while writes wait for flush(). */
  hasQueued(): boolean {
    return this.queued.length > 0;
  }

  queuedCount(): number {
    return this.queued.length;
  }

  private write(op: () => void): void {
    if (this.inTransaction) return op();
    this.queued.push(op);
    if (this.queued.length === 1) this.onQueued?.();
  }

  /** Writes whatever is queued in one transaction. A failure drops the queued writes and the caches. */
  flush(): void {
    if (!this.queued.length) return;
    this.transaction(() => {});
  }

  private meta<T>(key: string): T | null {
    this.flush();
    if (!this.ready) return null;
    const row = this.sql.exec<{ value: string }>("SELECT value FROM meta WHERE key = ?", key).toArray()[0];
    return row ? (JSON.parse(row.value) as T) : null;
  }

  private putMeta(key: string, value: unknown): void {
    const json = JSON.stringify(value);
    this.write(() => {
      this.ensureSchema();
      this.sql.exec("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", key, json);
    });
  }

  config(): GameConfig | null {
    if (this.cfg === undefined) this.cfg = this.meta<GameConfig>("config");
    return this.cfg;
  }

  saveConfig(c: GameConfig): void {
    this.putMeta("config", c);
    this.cfg = c;
  }

  state(): GameState | null {
    if (this.st === undefined) this.st = this.meta<GameState>("state");
    return this.st;
  }

  saveState(s: GameState): void {
    this.putMeta("state", s);
    this.st = s;
  }

  players(): ReadonlyMap<string, PlayerRow> {
    if (!this.ps) {
      this.flush();
      this.ps = new Map();
      if (!this.ready) return this.ps;
      for (const r of this.sql.exec<{ data: string }>("SELECT data FROM players")) {
        const p = JSON.parse(r.data) as PlayerRow;
        this.ps.set(p.id, p);
      }
    }
    return this.ps;
  }

  savePlayers(ps: PlayerRow[]): void {
    const cache = this.players() as Map<string, PlayerRow>;
    const rows = ps.map((p) => [p.id, p.skeleton, JSON.stringify(p)] as const);
    for (const p of ps) cache.set(p.id, p);
    this.write(() => {
      this.ensureSchema();
      for (const r of rows) this.sql.exec("INSERT OR REPLACE INTO players (id, skeleton, data) VALUES (?, ?, ?)", ...r);
    });
  }

  answers(q: number): ReadonlyMap<string, AnswerRow> {
    if (this.ans?.q !== q) {
      this.flush();
      const rows = new Map<string, AnswerRow>();
      if (!this.ready) return rows;
      for (const r of this.sql.exec<{ data: string }>("SELECT data FROM answers WHERE q = ?", q)) {
        const a = JSON.parse(r.data) as AnswerRow;
        rows.set(a.playerId, a);
      }
      this.ans = { q, rows };
    }
    return this.ans.rows;
  }

  saveAnswers(as: AnswerRow[]): void {
    const rows = as.map((a) => [a.q, a.playerId, JSON.stringify(a)] as const);
    for (const a of as) if (this.ans?.q === a.q) this.ans.rows.set(a.playerId, a);
    this.write(() => {
      this.ensureSchema();
      for (const r of rows) this.sql.exec("INSERT OR REPLACE INTO answers (q, player_id, data) VALUES (?, ?, ?)", ...r);
    });
  }

  allAnswers(): AnswerRow[] {
    this.flush();
    if (!this.ready) return [];
    return this.sql.exec<{ data: string }>("SELECT data FROM answers ORDER BY q, player_id").toArray().map((r) => JSON.parse(r.data) as AnswerRow);
  }

  blob<T>(key: string): T | null {
    if (!this.blobs.has(key)) this.blobs.set(key, this.meta(`blob:${key}`));
    return this.blobs.get(key) as T | null;
  }

  saveBlob(key: string, value: unknown): void {
    this.putMeta(`blob:${key}`, value);
    this.blobs.set(key, value);
  }

  addEvents(es: StoredEvent[]): void {
    const rows = es.map((e) => JSON.stringify(e));
    this.write(() => {
      this.ensureSchema();
      for (const r of rows) this.sql.exec("INSERT INTO events (data) VALUES (?)", r);
    });
  }

  /** The oldest buffered events, with the id to delete up to once they are written. */
  pendingEvents(limit: number): { upTo: number; events: StoredEvent[] } | null {
    this.flush();
    if (!this.ready) return null;
    const rows = this.sql.exec<{ id: number; data: string }>("SELECT id, data FROM events ORDER BY id LIMIT ?", limit).toArray();
    if (!rows.length) return null;
    return { upTo: rows[rows.length - 1].id, events: rows.map((r) => JSON.parse(r.data) as StoredEvent) };
  }

  dropEvents(upTo: number): void {
    this.flush();
    if (!this.ready) return;
    this.sql.exec("DELETE FROM events WHERE id <= ?", upTo);
  }

  /** Runs `fn` and any queued writes before it as one transaction; writes inside run at once. */
  transaction<T>(fn: () => T): T {
    const queued = this.queued;
    this.queued = [];
    const outer = this.inTransaction;
    let result: T;
    try {
      result = this.storage.transactionSync(() => {
        this.inTransaction = true;
        try {
          for (const op of queued) op();
          return fn();
        } finally {
          this.inTransaction = outer;
        }
      });
    } catch (e) {
      // The rollback undid the writes: the caches may be ahead of storage, so drop them.
      this.forget();
      if (queued.length) this.onFlushed?.(false);
      throw e;
    }
    if (queued.length) this.onFlushed?.(true);
    return result;
  }

  /** After deleteAll: an empty room, ready for a new game under the same code. */
  reset(): void {
    this.forget();
    this.ready = false;
  }

  /** Drops every cache (after deleteAll, or a failed transaction). */
  forget(): void {
    this.queued = [];
    this.cfg = undefined;
    this.st = undefined;
    this.ps = undefined;
    this.ans = undefined;
    this.blobs.clear();
  }
}
