import { describe, expect, it } from "vitest";
import { AddressBudget, SEATS_PER_ADDRESS } from "../../rooms/kit/address-budget.ts";

describe("seats per address (rooms/kit/address-budget.ts)", () => {
  it("gives each address its limit per window, then refuses until the window ends", () => {
    const b = new AddressBudget({ limit: 3, windowMs: 1000 });
    expect([1, 2, 3, 4].map(() => b.take("a", 100))).toEqual([true, true, true, false]);
    // Another address has its own budget.
    expect(b.take("b", 150)).toBe(true);
    // Still inside a's window (it started at 100).
    expect(b.take("a", 1099)).toBe(false);
    // A new window.
    expect([1, 2, 3, 4].map(() => b.take("a", 1100))).toEqual([true, true, true, false]);
  });

  it("is the worker's join budget: 300 new seats per 10 s", () => {
    const b = new AddressBudget();
    let seated = 0;
    for (let i = 0; i < 400; i++) if (b.take("hall", i)) seated++;
    expect(seated).toBe(SEATS_PER_ADDRESS.limit);
    expect(b.take("hall", SEATS_PER_ADDRESS.windowMs)).toBe(true);
  });

  it("stays bounded under a flood from many addresses, forgetting ended windows first", () => {
    const b = new AddressBudget({ limit: 1, windowMs: 1000 });
    for (let i = 0; i < 4096; i++) b.take(`old-${i}`, 0);
    expect(b.size).toBe(4096);
    // Every old window has ended by 2000: they go, the new address is remembered.
    expect(b.take("new", 2000)).toBe(true);
    expect(b.size).toBe(1);
    expect(b.take("new", 2001)).toBe(false);
    // All windows still running: it starts over rather than grow.
    for (let i = 0; i < 4095; i++) b.take(`x-${i}`, 2500);
    expect(b.size).toBe(4096);
    expect(b.take("y", 2600)).toBe(true);
    expect(b.size).toBe(1);
  });
});
