// New seats one network address may take in one room per window. The room sees every join to its
// code, so it counts them exactly and without a call on the join's path: a flood of joins from one
// address into a live game is refused by the room itself ("rate-limited"), while a lecture hall
// behind one school address fits well inside the budget. Joins that are refused (a made-up code,
// a bad name) use the address's budget in the worker's limiter instead (worker/middleware/rate-limit.ts).
//
// The counts live in the object's memory only: an eviction forgets them, which lets an address
// start a fresh window early. That is the accuracy of a brake (the platform's own limiter is per
// location and approximate too), not state a game needs: nothing a player did is lost.

/** The same budget the worker's JOIN_LIMITER gives an address (wrangler.toml: 300 per 10 s). */
export const SEATS_PER_ADDRESS = { limit: 300, windowMs: 10_000 } as const;

/** What a join or a homework start past the address's budget is told. */
export const SEATS_SPENT = "too many joins from your network, wait a few seconds";

/** Addresses remembered at most; past it, windows that have ended are forgotten first. */
const MAX_ADDRESSES = 4096;

export class AddressBudget {
  private readonly windows = new Map<string, { start: number; used: number }>();

  constructor(private readonly rule: { limit: number; windowMs: number } = SEATS_PER_ADDRESS) {}

  /** Uses one of `address`'s seats at `now` (ms); false once its window's budget is spent. */
  take(address: string, now: number): boolean {
    let w = this.windows.get(address);
    if (!w || now - w.start >= this.rule.windowMs) {
      if (!w && this.windows.size >= MAX_ADDRESSES) this.forgetEnded(now);
      w = { start: now, used: 0 };
      this.windows.set(address, w);
    }
    if (w.used >= this.rule.limit) return false;
    w.used++;
    return true;
  }

  /** How many addresses are remembered (for tests). */
  get size(): number {
    return this.windows.size;
  }

  private forgetEnded(now: number): void {
    for (const [a, w] of this.windows) if (now - w.start >= this.rule.windowMs) this.windows.delete(a);
    // Every remembered window still running (a flood from thousands of addresses at once): start
    // over rather than grow without bound; each address gets at most one more window's budget.
    if (this.windows.size >= MAX_ADDRESSES) this.windows.clear();
  }
}
