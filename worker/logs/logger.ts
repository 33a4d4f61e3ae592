// Logging from a request: the event writer itself (rooms/kit/events.ts) is shared with the rooms.
import { writeEvents, type EventInput } from "../../rooms/kit/events.ts";

/** Fire-and-forget from a request: the response never waits for the log, and a failed write is reported, not thrown. */
export function logLater(ctx: { waitUntil(p: Promise<unknown>): void }, db: D1Database, ...input: EventInput[]): void {
  ctx.waitUntil(writeEvents(db, input).catch((err) => console.error("event log write failed", err)));
}
