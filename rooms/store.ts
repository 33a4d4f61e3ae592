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

  private meta<T>(key: string): T | null {
    if (!this.ready) return null;
    const row = this.sql.exec<{ value: string }>("SELECT value FROM meta WHERE key = ?", key).toArray()[0];
    return row ? (JSON.parse(row.value) as T) : null;
  }

  private putMeta(key: string, value: unknown): void {
    this.ensureSchema();
    this.sql.exec("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", key, JSON.stringify(value));
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
    this.ensureSchema();
    const cache = this.players() as Map<string, PlayerRow>;
    for (const p of ps) {
      this.sql.exec("INSERT OR REPLACE INTO players (id, skeleton, data) VALUES (?, ?, ?)", p.id, p.skeleton, JSON.stringify(p));
      cache.set(p.id, p);
    }
  }

  answers(q: number): ReadonlyMap<string, AnswerRow> {
    if (this.ans?.q !== q) {
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
    this.ensureSchema();
    for (const a of as) {
      this.sql.exec("INSERT OR REPLACE INTO answers (q, player_id, data) VALUES (?, ?, ?)", a.q, a.playerId, JSON.stringify(a));
      if (this.ans?.q === a.q) this.ans.rows.set(a.playerId, a);
    }
  }

  allAnswers(): AnswerRow[] {
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
    this.ensureSchema();
    for (const e of es) this.sql.exec("INSERT INTO events (data) VALUES (?)", JSON.stringify(e));
  }

  /** The oldest buffered events, with the id to delete up to once they are written. */
  pendingEvents(limit: number): { upTo: number; events: StoredEvent[] } | null {
    if (!this.ready) return null;
    const rows = this.sql.exec<{ id: number; data: string }>("SELECT id, data FROM events ORDER BY id LIMIT ?", limit).toArray();
    if (!rows.length) return null;
    return { upTo: rows[rows.length - 1].id, events: rows.map((r) => JSON.parse(r.data) as StoredEvent) };
  }

  dropEvents(upTo: number): void {
    if (!this.ready) return;
    this.sql.exec("DELETE FROM events WHERE id <= ?", upTo);
  }

  transaction<T>(fn: () => T): T {
    try {
      return this.storage.transactionSync(fn);
    } catch (e) {
      // The rollback undid the writes: the caches may be ahead of storage, so drop them.
      this.forget();
      throw e;
    }
  }

  /** After deleteAll: an empty room, ready for a new game under the same code. */
  reset(): void {
    this.forget();
    this.ready = false;
  }

  /** Drops every cache (after deleteAll, or a failed transaction). */
  forget(): void {
    this.cfg = undefined;
    this.st = undefined;
    this.ps = undefined;
    this.ans = undefined;
    this.blobs.clear();
  }
}
