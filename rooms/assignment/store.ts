// The assignment's durable state in its Durable Object's SQLite: JSON documents keyed for the
// lookups the rules make. Writes go through the commit-gated outbox's queue (kit/outbox.ts): a
// burst of answers from many students shares a commit, and each answer is acknowledged only once
// the commit that holds it is durable. The fields are caches, rebuilt after eviction.
import { updateElseInsert } from "../kit/row-write.ts";
import { hasTable } from "../kit/sql-tables.ts";
import type { WriteQueue } from "../kit/outbox.ts";
import type { TeamRow } from "../kit/teams.ts";
import type { AssignmentAnswer, AssignmentConfig, AssignmentState, Participant } from "./types.ts";

const SCHEMA = `
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS participants (id TEXT PRIMARY KEY, user_id TEXT, nick TEXT NOT NULL, data TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS participants_user ON participants (user_id);
CREATE TABLE IF NOT EXISTS answers (pid TEXT NOT NULL, attempt INTEGER NOT NULL, q INTEGER NOT NULL, data TEXT NOT NULL, PRIMARY KEY (pid, attempt, q));
`;

export class AssignmentStore {
  private cfg: AssignmentConfig | null | undefined;
  private st: AssignmentState | null | undefined;
  private people: Map<string, Participant> | null = null;
  private teamRows: TeamRow[] | null = null;
  private ready = false;

  constructor(
    private readonly storage: DurableObjectStorage,
    private readonly queue: WriteQueue,
  ) {}

  private get sql() {
    if (!this.ready) {
      this.storage.sql.exec(SCHEMA);
      this.ready = true;
    }
    return this.storage.sql;
  }

  private meta<T>(key: string): T | null {
    // A lookup of a code nobody assigned (the live games' allocator asks every new code) must not
    // create tables in an empty object.
    if (!this.ready && !this.exists()) return null;
    const row = this.sql.exec<{ value: string }>("SELECT value FROM meta WHERE key = ?", key).toArray()[0];
    return row ? (JSON.parse(row.value) as T) : null;
  }

  private putMeta(key: string, value: unknown): void {
    const json = JSON.stringify(value);
    this.queue.write(() => this.sql.exec("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", key, json));
  }

  private exists(): boolean {
    return hasTable(this.storage.sql, "meta");
  }

  config(): AssignmentConfig | null {
    if (this.cfg === undefined) this.cfg = this.meta<AssignmentConfig>("config");
    return this.cfg;
  }

  saveConfig(c: AssignmentConfig): void {
    this.cfg = c;
    this.putMeta("config", c);
  }

  state(): AssignmentState | null {
    if (this.st === undefined) this.st = this.meta<AssignmentState>("state");
    return this.st;
  }

  saveState(s: AssignmentState): void {
    this.st = s;
    this.putMeta("state", s);
  }

  /** Team mode's teams (teams.ts), in creation order; none without team mode. */
  teams(): readonly TeamRow[] {
    if (!this.teamRows) this.teamRows = this.meta<TeamRow[]>("teams") ?? [];
    return this.teamRows;
  }

  /** Replaces the rows given (by id), keeping the others. */
  saveTeams(rows: readonly TeamRow[]): void {
    if (!rows.length) return;
    const changed = new Map(rows.map((r) => [r.id, r]));
    const next = this.teams().map((r) => changed.get(r.id) ?? r);
    for (const r of rows) if (!next.some((n) => n.id === r.id)) next.push(r);
    this.teamRows = next;
    this.putMeta("teams", next);
  }

  participants(): ReadonlyMap<string, Participant> {
    if (!this.people) {
      this.people = new Map();
      for (const row of this.sql.exec<{ data: string }>("SELECT data FROM participants ORDER BY rowid")) {
        const p = JSON.parse(row.data) as Participant;
        this.people.set(p.id, p);
      }
    }
    return this.people;
  }

  byUser(userId: string): Participant | null {
    for (const p of this.participants().values()) if (p.userId === userId) return p;
    return null;
  }

  byStartKey(key: string): Participant | null {
    for (const p of this.participants().values()) if (p.startKey === key) return p;
    return null;
  }

  saveParticipant(p: Participant): void {
    const participants = this.participants() as Map<string, Participant>;
    const known = participants.has(p.id);
    participants.set(p.id, p);
    const json = JSON.stringify(p);
    const nick = p.nickname.toLowerCase();
    this.queue.write(() =>
      updateElseInsert(
        this.sql,
        "UPDATE participants SET data = ? WHERE id = ? AND user_id IS ? AND nick = ?",
        [json, p.id, p.userId, nick],
        "INSERT OR REPLACE INTO participants (id, user_id, nick, data) VALUES (?, ?, ?, ?)",
        [p.id, p.userId, nick, json],
        known,
      ),
    );
  }

  saveAnswer(a: AssignmentAnswer): void {
    const json = JSON.stringify(a);
    this.queue.write(() =>
      this.sql.exec(
        "INSERT OR REPLACE INTO answers (pid, attempt, q, data) VALUES (?, ?, ?, ?)",
        a.participantId,
        a.attempt,
        a.q,
        json,
      ),
    );
  }

  /** One participant's answers in one attempt, by position. */
  answersOf(pid: string, attempt: number): AssignmentAnswer[] {
    return this.sql
      .exec<{ data: string }>("SELECT data FROM answers WHERE pid = ? AND attempt = ? ORDER BY q", pid, attempt)
      .toArray()
      .map((r) => JSON.parse(r.data) as AssignmentAnswer);
  }

  allAnswers(): AssignmentAnswer[] {
    return this.sql
      .exec<{ data: string }>("SELECT data FROM answers ORDER BY pid, attempt, q")
      .toArray()
      .map((r) => JSON.parse(r.data) as AssignmentAnswer);
  }

  /** A rolled-back commit: the caches may show writes that were lost. */
  forget(): void {
    this.cfg = undefined;
    this.st = undefined;
    this.people = null;
    this.teamRows = null;
  }

  /** After the object deleted its storage. */
  reset(): void {
    this.forget();
    this.ready = false;
  }
}
