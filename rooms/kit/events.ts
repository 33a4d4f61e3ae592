// The one event writer: the worker and the rooms log through it. Writes are batched (multi-row
// inserts inside one D1 batch) and callers never await them on a hot path: the worker hands them
// to waitUntil, a room flushes its buffer on a state change, at most once a second during a burst.
import { getTableName } from "drizzle-orm";
import { events } from "../../schema/db.ts";
import type { EventType } from "../../schema/events.ts";

export type ActorType = (typeof events.$inferInsert)["actorType"];

export interface EventInput {
  /** A type from the catalogue (schema/events.ts); any other string is still stored, never refused. */
  type: EventType | (string & {});
  actorType: ActorType;
  actorId?: string | null;
  role?: string | null;
  gameId?: string | null;
  quizId?: string | null;
  ownerId?: string | null;
  payload?: Record<string, unknown> | null;
  /** Defaults to now. */
  ts?: number;
}

// D1 allows 100 bound parameters per statement; an event row binds 9.
const ROWS_PER_STATEMENT = Math.floor(100 / 9);

/**
 * The columns written, named by the schema's own table (schema/db.ts `events`). The statements
 * are plain prepared SQL, not drizzle's builder: a room flushes up to 500 events at a time (a
 * join wave's `player.join` rows), and building them with drizzle cost more than the write.
 */
const COLUMNS = [
  events.ts,
  events.type,
  events.actorType,
  events.actorId,
  events.role,
  events.gameId,
  events.quizId,
  events.ownerId,
  events.payload,
] as const;
const INSERT = `INSERT INTO "${getTableName(events)}" (${COLUMNS.map((c) => `"${c.name}"`).join(", ")}) VALUES `;
const ROW = `(${COLUMNS.map(() => "?").join(", ")})`;

export async function writeEvents(db: D1Database, input: EventInput[]): Promise<void> {
  if (input.length === 0) return;
  const now = Date.now();
  const statements: D1PreparedStatement[] = [];
  for (let i = 0; i < input.length; i += ROWS_PER_STATEMENT) {
    const chunk = input.slice(i, i + ROWS_PER_STATEMENT);
    const values: unknown[] = [];
    for (const e of chunk)
      values.push(
        e.ts ?? now,
        e.type,
        e.actorType,
        e.actorId ?? null,
        e.role ?? null,
        e.gameId ?? null,
        e.quizId ?? null,
        e.ownerId ?? null,
        // The column is drizzle's JSON mode: the text of the object.
        e.payload == null ? null : JSON.stringify(e.payload),
      );
    statements.push(db.prepare(INSERT + chunk.map(() => ROW).join(", ")).bind(...values));
  }
  await db.batch(statements);
}
