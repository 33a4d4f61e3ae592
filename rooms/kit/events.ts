// The one event writer: the worker and the rooms log through it. Writes are batched (multi-row
// inserts inside one D1 batch) and callers never await them on a hot path: the worker hands them
// to waitUntil, a room flushes its buffer on a state change, at most once a second during a burst.
import { drizzle } from "drizzle-orm/d1";
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

export async function writeEvents(db: D1Database, input: EventInput[]): Promise<void> {
  if (input.length === 0) return;
  const d = drizzle(db);
  const now = Date.now();
  const rows = input.map((e) => ({
    ts: e.ts ?? now,
    type: e.type,
    actorType: e.actorType,
    actorId: e.actorId ?? null,
    role: e.role ?? null,
    gameId: e.gameId ?? null,
    quizId: e.quizId ?? null,
    ownerId: e.ownerId ?? null,
    payload: e.payload ?? null,
  }));
  const statements = [];
  for (let i = 0; i < rows.length; i += ROWS_PER_STATEMENT) {
    statements.push(d.insert(events).values(rows.slice(i, i + ROWS_PER_STATEMENT)));
  }
  await d.batch(statements as [(typeof statements)[0], ...typeof statements]);
}
