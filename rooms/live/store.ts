// The room's durable state in the Durable Object's own SQLite storage. Rows are JSON documents
// keyed for the lookups the rules make; the class fields are caches, rebuilt after eviction.
// Writes go through the outbox's queue (kit/outbox.ts), which commits them in bursts and holds
// the messages that report them until they are durable.
import { updateElseInsert } from "../kit/row-write.ts";
import { hasTable } from "../kit/sql-tables.ts";
import { ANSWER_DOCS_TABLE, allStoredAnswers, appendAnswers, deleteAnswersOf, readAnswers } from "./answer-log.ts";
import type { ServerMessageOf } from "../../schema/messages.ts";
import type { EventInput } from "../kit/events.ts";
import type { WriteQueue } from "../kit/outbox.ts";
import type { TeamRow } from "../kit/teams.ts";
import { type Standing, STANDINGS_TABLE, standingsParts, withStanding } from "./standings.ts";
import type { AnswerRow, GameConfig, GameState, GameStore, PlayerRow, ShownType, StoredEvent, Timer } from "./types.ts";

const SCHEMA = `
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS players (id TEXT PRIMARY KEY, skeleton TEXT NOT NULL UNIQUE, data TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS events (id INTEGER PRIMARY KEY AUTOINCREMENT, data TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS teams (id TEXT PRIMARY KEY, data TEXT NOT NULL);
${ANSWER_DOCS_TABLE}
`;

/** Meta keys of the shown messages, as rooms stored them before they were typed. */
const SHOWN_KEYS: Record<ShownType, string> = {
  reveal: "blob:reveal",
  typed: "blob:typed",
  leaderboard: "blob:board",
  podium: "blob:podium",
  teamReveal: "blob:team-reveal",
};

// The stored state names a played position `q` (rooms running across a deploy must still load).
type Stored<T> = Omit<T, "position"> & { q: number };
type StoredState = Omit<Stored<GameState>, "timer"> & { timer: Stored<Timer> | null };

function toStored({ position, timer, ...rest }: GameState): StoredState {
  return {
    ...rest,
    q: position,
    timer: timer && { kind: timer.kind, phase: timer.phase, q: timer.position, at: timer.at },
  };
}

function fromStored({ q, timer, ...rest }: StoredState): GameState {
  return {
    ...rest,
    position: q,
    timer: timer && { kind: timer.kind, phase: timer.phase, position: timer.q, at: timer.at },
  };
}

export class SqlGameStore implements GameStore {
  private configCache: GameConfig | null | undefined;
  private stateCache: GameState | null | undefined;
  private playersCache: Map<string, PlayerRow> | undefined;
  private playersChanges = 0;
  /** Players not kicked, kept up to date by each save and delete (null: count them again). */
  private activeTally: number | null = null;
  /** Player rows saved since their write was queued (by id, the latest of each); null once it ran. */
  private playerBatch: Map<string, PlayerRow> | null = null;
  /** Only the latest question's answers are cached (the one being played or just revealed). */
  private answersCache: { position: number; rows: Map<string, AnswerRow> } | undefined;
  /** Answers saved since their write was queued, in order; null once it ran (one document per commit). */
  private answerBatch: AnswerRow[] | null = null;
  /** The answer documents' table exists (a room from before them makes it on its first answer). */
  private answerDocsMade = false;
  private shownCache = new Map<ShownType, unknown>();
  private teamsCache: TeamRow[] | undefined;

  /** Tables are created on the first write only: looking up a code that was never hosted must leave no storage behind. */
  private ready: boolean;

  constructor(
    private readonly storage: DurableObjectStorage,
    private readonly writes: WriteQueue,
  ) {
    this.ready = hasTable(storage.sql, "meta");
  }

  private get sql() {
    return this.storage.sql;
  }

  private write(op: () => void): void {
    this.writes.write(() => {
      if (!this.ready) {
        this.sql.exec(SCHEMA);
        this.ready = true;
      }
      op();
    });
  }

  /** Reads from SQL see every write made so far. */
  private flush(): void {
    this.writes.flush();
  }

  transaction<T>(fn: () => T): T {
    return this.writes.transaction(fn);
  }

  private meta<T>(key: string): T | null {
    this.flush();
    if (!this.ready) return null;
    const row = this.sql.exec<{ value: string }>("SELECT value FROM meta WHERE key = ?", key).toArray()[0];
    return row ? (JSON.parse(row.value) as T) : null;
  }

  private putMeta(key: string, value: unknown): void {
    const json = JSON.stringify(value);
    this.write(() => this.sql.exec("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", key, json));
  }

  config(): GameConfig | null {
    if (this.configCache === undefined) this.configCache = this.meta<GameConfig>("config");
    return this.configCache;
  }

  saveConfig(c: GameConfig): void {
    this.putMeta("config", c);
    this.configCache = c;
  }

  state(): GameState | null {
    if (this.stateCache === undefined) {
      const stored = this.meta<StoredState>("state");
      this.stateCache = stored && fromStored(stored);
    }
    return this.stateCache;
  }

  saveState(s: GameState): void {
    this.putMeta("state", toStored(s));
    this.stateCache = s;
  }

  players(): ReadonlyMap<string, PlayerRow> {
    if (!this.playersCache) {
      this.flush();
      this.playersCache = new Map();
      if (!this.ready) return this.playersCache;
      for (const r of this.sql.exec<{ data: string }>("SELECT data FROM players")) {
        const p = JSON.parse(r.data) as PlayerRow;
        this.playersCache.set(p.id, p);
      }
      // The last close's standings are newer than any row written before it, and equal to any
      // written after it (only a close changes a standing). A seat deleted since is skipped.
      if (hasTable(this.sql, "standings"))
        for (const r of this.sql.exec<{ data: string }>("SELECT data FROM standings ORDER BY part"))
          for (const s of JSON.parse(r.data) as Standing[]) {
            const p = this.playersCache.get(s[0]);
            if (p) this.playersCache.set(p.id, withStanding(p, s));
          }
    }
    return this.playersCache;
  }

  saveStandings(ps: PlayerRow[]): void {
    const cache = this.players() as Map<string, PlayerRow>;
    this.playersChanges++;
    // Standings never seat, kick or delete anyone: the active tally stands.
    for (const p of ps) cache.set(p.id, p);
    const parts = standingsParts(ps);
    this.write(() => {
      this.sql.exec(STANDINGS_TABLE);
      parts.forEach((data, part) =>
        this.sql.exec("INSERT OR REPLACE INTO standings (part, data) VALUES (?, ?)", part, data),
      );
      this.sql.exec("DELETE FROM standings WHERE part >= ?", parts.length);
    });
  }

  playersVersion(): number {
    return this.playersChanges;
  }

  activeCount(): number {
    if (this.activeTally === null) {
      let n = 0;
      for (const p of this.players().values()) if (!p.kicked) n++;
      this.activeTally = n;
    }
    return this.activeTally;
  }

  /** Seats saved but not yet written: their first write is an insert. */
  private readonly unstored = new Set<string>();

  savePlayers(ps: PlayerRow[]): void {
    const cache = this.players() as Map<string, PlayerRow>;
    this.playersChanges++;
    for (const p of ps) {
      const was = cache.get(p.id);
      if (this.activeTally !== null) this.activeTally += (p.kicked ? 0 : 1) - (was && !was.kicked ? 1 : 0);
      if (!was) this.unstored.add(p.id);
      cache.set(p.id, p);
    }
    // A row saved again before the queued write ran is written once, as it is last: a join saves
    // its seat and then its connect, a probe's reply its confirmation and then its round trip.
    const fresh = !this.playerBatch;
    const batch = (this.playerBatch ??= new Map());
    for (const p of ps) batch.set(p.id, p);
    if (!fresh) return;
    this.write(() => {
      if (this.playerBatch === batch) this.playerBatch = null;
      for (const p of batch.values()) {
        const data = JSON.stringify(p);
        updateElseInsert(
          this.sql,
          "UPDATE players SET data = ? WHERE id = ? AND skeleton = ?",
          [data, p.id, p.skeleton],
          "INSERT OR REPLACE INTO players (id, skeleton, data) VALUES (?, ?, ?)",
          [p.id, p.skeleton, data],
          !this.unstored.delete(p.id),
        );
      }
    });
  }

  deletePlayers(ids: string[]): void {
    const cache = this.players() as Map<string, PlayerRow>;
    this.playersChanges++;
    // Later saves must be written after this delete, not folded into a write queued before it.
    this.playerBatch = null;
    this.answerBatch = null;
    for (const id of ids) {
      const was = cache.get(id);
      if (this.activeTally !== null && was && !was.kicked) this.activeTally--;
      this.unstored.delete(id);
      cache.delete(id);
      this.answersCache?.rows.delete(id);
    }
    this.write(() => {
      for (const id of ids) this.sql.exec("DELETE FROM players WHERE id = ?", id);
      deleteAnswersOf(this.sql, ids);
    });
  }

  /** Team mode's teams in their order (membership is each player row's `teamId`). */
  teams(): readonly TeamRow[] {
    if (!this.teamsCache) {
      this.flush();
      if (!this.ready) return [];
      // Rooms from before team mode have no table: created with the schema on the next write.
      this.teamsCache = hasTable(this.sql, "teams")
        ? this.sql
            .exec<{ data: string }>("SELECT data FROM teams")
            .toArray()
            .map((r) => JSON.parse(r.data) as TeamRow)
            .sort((a, b) => a.order - b.order)
        : [];
    }
    return this.teamsCache;
  }

  saveTeams(ts: TeamRow[]): void {
    const current = new Map(this.teams().map((t) => [t.id, t]));
    for (const t of ts) current.set(t.id, t);
    this.teamsCache = [...current.values()].sort((a, b) => a.order - b.order);
    const rows = ts.map((t) => [t.id, JSON.stringify(t)] as const);
    this.write(() => {
      this.sql.exec("CREATE TABLE IF NOT EXISTS teams (id TEXT PRIMARY KEY, data TEXT NOT NULL)");
      for (const r of rows) this.sql.exec("INSERT OR REPLACE INTO teams (id, data) VALUES (?, ?)", ...r);
    });
  }

  answers(position: number): ReadonlyMap<string, AnswerRow> {
    if (this.answersCache?.position !== position) {
      this.flush();
      const rows = this.ready ? readAnswers(this.sql, position).get(position) : undefined;
      this.answersCache = { position, rows: rows ?? new Map() };
    }
    return this.answersCache.rows;
  }

  saveAnswers(as: AnswerRow[]): void {
    if (!as.length) return;
    for (const a of as) if (this.answersCache?.position === a.q) this.answersCache.rows.set(a.playerId, a);
    // Answer rows are values (a change is a new row, saved again): written as they are at the commit.
    const fresh = !this.answerBatch;
    const batch = (this.answerBatch ??= []);
    batch.push(...as);
    if (!fresh) return this.writes.joined(as.length);
    this.write(() => {
      if (this.answerBatch === batch) this.answerBatch = null;
      if (!this.answerDocsMade) {
        this.sql.exec(ANSWER_DOCS_TABLE);
        this.answerDocsMade = true;
      }
      appendAnswers(this.sql, batch);
    });
  }

  allAnswers(): AnswerRow[] {
    this.flush();
    return this.ready ? allStoredAnswers(this.sql) : [];
  }

  shown<K extends ShownType>(type: K): ServerMessageOf<K> | null {
    if (!this.shownCache.has(type)) this.shownCache.set(type, this.meta(SHOWN_KEYS[type]));
    return this.shownCache.get(type) as ServerMessageOf<K> | null;
  }

  saveShown(msg: ServerMessageOf<ShownType>): void {
    this.putMeta(SHOWN_KEYS[msg.type], msg);
    this.shownCache.set(msg.type, msg);
  }

  addEvents(es: StoredEvent[]): void {
    const rows = es.map((e) => JSON.stringify(e));
    this.write(() => {
      for (const r of rows) this.sql.exec("INSERT INTO events (data) VALUES (?)", r);
    });
  }

  /** The oldest buffered events, stamped with the game and its owner, and the id to drop up to once written. */
  pendingEvents(limit: number): { upTo: number; events: EventInput[] } | null {
    const config = this.config();
    this.flush();
    if (!config || !this.ready) return null;
    const rows = this.sql
      .exec<{ id: number; data: string }>("SELECT id, data FROM events ORDER BY id LIMIT ?", limit)
      .toArray();
    if (!rows.length) return null;
    const events = rows.map((r) => ({
      ...(JSON.parse(r.data) as StoredEvent),
      gameId: config.gameId,
      ownerId: config.hostId,
    }));
    return { upTo: rows[rows.length - 1].id, events };
  }

  dropEvents(upTo: number): void {
    this.flush();
    if (!this.ready) return;
    this.sql.exec("DELETE FROM events WHERE id <= ?", upTo);
  }

  /** After deleteAll: an empty room, ready for a new game under the same code. */
  reset(): void {
    this.forget();
    this.ready = false;
  }

  /** Drops every cache (after deleteAll, or a rolled-back transaction). */
  forget(): void {
    this.configCache = undefined;
    this.stateCache = undefined;
    this.playersCache = undefined;
    this.activeTally = null;
    this.playerBatch = null;
    this.answerBatch = null;
    this.answerDocsMade = false;
    this.unstored.clear();
    this.playersChanges++;
    this.answersCache = undefined;
    this.teamsCache = undefined;
    this.shownCache.clear();
  }
}
