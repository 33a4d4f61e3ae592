// The look at whether a presence sweep is wanted (rooms/kit/presence.ts), shared by the live room
// and its relays: it reads every player socket, so it must not run once per join of a wave.
import { describe, expect, it } from "vitest";
import { SWEEP_EVERY_MS, SweepLook } from "../../rooms/kit/presence.ts";

describe("SweepLook", () => {
  it("looks at once, then at most once per sweep interval, and never while a sweep is armed", () => {
    const look = new SweepLook();
    const t = 1_000_000;
    expect(look.due(false, t)).toBe(true);
    // A join wave: a thousand wakes inside one interval make no second look.
    let looks = 0;
    for (let i = 1; i <= 1000; i++) if (look.due(false, t + i)) looks++;
    expect(looks).toBe(0);
    expect(look.due(false, t + SWEEP_EVERY_MS - 1)).toBe(false);
    expect(look.due(true, t + SWEEP_EVERY_MS)).toBe(false);
    expect(look.due(false, t + SWEEP_EVERY_MS)).toBe(true);
    expect(look.due(false, t + SWEEP_EVERY_MS + 1)).toBe(false);
  });
});
