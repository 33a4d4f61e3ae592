// Who went quiet. A phone that loses the network sends no close: its socket looks open until TCP
// gives up, minutes later. Clients ping every few seconds and the runtime answers "pong" itself
// (setWebSocketAutoResponse), without waking the object, and records when. A sweep on the
// object's one alarm reads those times and treats a socket that pinged before and then stayed
// silent for SILENT_AFTER_MS as gone. A socket that never pinged (an old client, a test client)
// is never swept: silence proves nothing about it.
//
// Cost: one short alarm wake every SWEEP_EVERY_MS, and only while the room says someone is
// watching (a host connected, a live phase, pinging players). An idle or ended room sleeps.

/** How often the sweep runs while it is wanted. */
export const SWEEP_EVERY_MS = 4000;
/** A pinging socket silent this long is gone: two or three missed pings of a client pinging every 2.5 s. */
export const SILENT_AFTER_MS = 8000;
/**
 * Real alarms fire on time. One that finds the rules' own wake-up further away than this was set
 * for the sweep (the rules would otherwise run their earliest item early, as a test's forced
 * alarm asks them to).
 */
export const EARLY_MS = 1000;

type State = Pick<DurableObjectState, "getWebSockets" | "getWebSocketAutoResponseTimestamp">;

/** Sockets under `tag` that pinged at some point and have been silent since `now - SILENT_AFTER_MS`. */
export function silentSockets(ctx: State, tag: string, now: number): WebSocket[] {
  return ctx.getWebSockets(tag).filter((ws) => {
    const last = ctx.getWebSocketAutoResponseTimestamp(ws);
    return last !== null && now - last.getTime() > SILENT_AFTER_MS;
  });
}

/** Whether any socket under `tag` pings: the sweep is worth running only then. */
export function anyPinging(ctx: State, tag: string): boolean {
  return ctx.getWebSockets(tag).some((ws) => ctx.getWebSocketAutoResponseTimestamp(ws) !== null);
}

/**
 * When to look again whether the sweep is wanted. Pings never wake the object, so the look is made
 * when something else does (a join, a message, a host); but it reads every player socket, so a
 * join wave of n sockets that looked at each would cost O(n²): at most once per sweep interval,
 * and not while a sweep is armed.
 */
export class SweepLook {
  private lookedAt = Number.NEGATIVE_INFINITY;

  due(armed: boolean, now = Date.now()): boolean {
    if (armed || now - this.lookedAt < SWEEP_EVERY_MS) return false;
    this.lookedAt = now;
    return true;
  }
}

/** The earlier of two wake-up times (null: none). */
export function earliest(a: number | null, b: number | null): number | null {
  if (a === null) return b;
  if (b === null) return a;
  return Math.min(a, b);
}
