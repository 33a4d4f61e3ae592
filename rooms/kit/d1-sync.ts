// Everything a room writes to D1, none of it on a message's path: the game's row (through
// games-row.ts), the final results (one write in flight; the room retries a failure from its
// alarm, which survives eviction) and the event log, buffered in the room's storage and written
// in batches, at most once a second during a burst, with a few retries after a failure.
import { type DrizzleD1Database, drizzle } from "drizzle-orm/d1";
import { type EventInput, writeEvents } from "./events.ts";
import { markGameRunning } from "./games-row.ts";

/** The room's buffer of events not yet in D1 (its own durable storage). */
export interface EventBuffer {
  /** The oldest buffered events, with the id to drop up to once they are written. */
  pendingEvents(limit: number): { upTo: number; events: EventInput[] } | null;
  dropEvents(upTo: number): void;
}

const EVENTS_PER_FLUSH = 500;
/** Events go to D1 at most this often while joins or answers keep coming (one write per burst, not per join). */
const EVENTS_FLUSH_MS = 1000;
/** After a failed event write: retried after 1 s, 2 s, 4 s…, this many times; then at the next state change. */
const EVENT_RETRIES = 5;
const EVENT_RETRY_MAX_MS = 30_000;

export class D1Sync {
  private readonly db: DrizzleD1Database;
  private resultsInFlight: Promise<void> | null = null;
  private eventsInFlight: Promise<void> | null = null;
  private eventsAgain = false;
  private eventsTimer: ReturnType<typeof setTimeout> | null = null;
  private eventsLast = 0;
  private eventFailures = 0;

  constructor(
    private readonly ctx: Pick<DurableObjectState, "waitUntil">,
    private readonly d1: D1Database,
    private readonly buffer: EventBuffer,
  ) {
    this.db = drizzle(d1);
  }

  /** The game's row says it has started; a failure is logged (the results recreate the row anyway). */
  markRunning(gameId: string, startedAt: number): void {
    this.ctx.waitUntil(
      markGameRunning(this.db, gameId, startedAt).catch((e) => console.error("marking the game running failed", e)),
    );
  }

  /**
   * Writes the final results once at a time (a second call while one runs shares it), `afterMs`
   * from now: the frames of the moment go out first. `written` hears whether D1 has them; the
   * buffered events follow.
   */
  flushResults(write: (db: D1Database) => Promise<void>, written: (ok: boolean) => void, afterMs = 0): Promise<void> {
    this.resultsInFlight ??= (async () => {
      if (afterMs > 0) await new Promise((r) => setTimeout(r, afterMs));
      try {
        await write(this.d1);
        written(true);
      } catch (e) {
        console.error("writing results to D1 failed; will retry", e);
        written(false);
      } finally {
        this.resultsInFlight = null;
      }
      await this.flushEvents();
    })();
    return this.resultsInFlight;
  }

  /** The results write in flight, if any (an alarm awaits it while the object is surely awake). */
  resultsPending(): Promise<void> | null {
    return this.resultsInFlight;
  }

  /** At once if the last flush was a while ago, else once the interval has passed: a burst of joins is one D1 write. */
  flushEventsSoon(): void {
    this.eventsSoonAfter(Math.max(0, this.eventsLast + EVENTS_FLUSH_MS - Date.now()));
  }

  private eventsSoonAfter(wait: number): void {
    if (this.eventsTimer) return;
    this.eventsTimer = setTimeout(() => {
      this.eventsTimer = null;
      this.eventsLast = Date.now();
      this.ctx.waitUntil(this.flushEvents());
    }, wait);
  }

  /** Buffered events go to D1 in one batch; a failed write stays buffered and is retried a few times. */
  flushEvents(): Promise<void> {
    if (this.eventsInFlight) {
      this.eventsAgain = true;
      return this.eventsInFlight;
    }
    const batch = this.buffer.pendingEvents(EVENTS_PER_FLUSH);
    if (!batch) return Promise.resolve();
    this.eventsInFlight = (async () => {
      try {
        await writeEvents(this.d1, batch.events);
        this.buffer.dropEvents(batch.upTo);
        this.eventFailures = 0;
      } catch (e) {
        console.error("event flush failed; kept for later", e);
        this.eventsAgain = false;
        // A timer keeps the object awake: only a few retries, the next state change tries again anyway.
        if (++this.eventFailures <= EVENT_RETRIES)
          this.eventsSoonAfter(Math.min(EVENT_RETRY_MAX_MS, 1000 * 2 ** (this.eventFailures - 1)));
      } finally {
        this.eventsInFlight = null;
      }
      if (this.eventsAgain) {
        this.eventsAgain = false;
        await this.flushEvents();
      }
    })();
    return this.eventsInFlight;
  }

  /** After the object deleted its storage: no retry is left waiting. */
  reset(): void {
    if (this.eventsTimer) clearTimeout(this.eventsTimer);
    this.eventsTimer = null;
    this.eventFailures = 0;
  }
}
