// Where a player's socket goes (worker/games/placement.ts): the root for a small near game,
// a relay for a big one or a far player, with stable shards.
import { describe, expect, it } from "vitest";
import { hash, placeSocket, relayName, type RelayPlan } from "../../worker/games/placement.ts";

const plan = (p: Partial<RelayPlan> = {}): RelayPlan => ({
  mode: "auto",
  perRelay: 500,
  players: 30,
  rootHint: "weur",
  ...p,
});
const paris = { continent: "EU", country: "FR", longitude: 2.3 };
const sydney = { continent: "OC", country: "AU", longitude: 151 };

describe("placeSocket", () => {
  it("a class of 30 near its root stays on the root", () => {
    expect(placeSocket("ABC123", plan(), paris, "p1")).toEqual({ to: "root" });
    // Another part of the same continent is still near.
    expect(placeSocket("ABC123", plan(), { continent: "EU", country: "PL", longitude: 21 }, "p1")).toEqual({
      to: "root",
    });
  });

  it("a far player gets a relay in their region, named for code, region and shard", () => {
    expect(placeSocket("ABC123", plan(), sydney, "p1")).toEqual({ to: "relay", name: "ABC123:oc:0", hint: "oc" });
  });

  it("past the threshold every new socket goes to a relay, shards growing with the game", () => {
    const big = plan({ players: 1999, perRelay: 500 });
    const names = new Set<string>();
    for (let i = 0; i < 400; i++) {
      const p = placeSocket("ABC123", big, paris, `player-${i}`);
      expect(p.to).toBe("relay");
      if (p.to === "relay") names.add(p.name);
    }
    expect([...names].sort()).toEqual([0, 1, 2, 3].map((s) => relayName("ABC123", "weur", s)));
  });

  it("new seats fill the relays in turn, each up to its share", () => {
    const names: string[] = [];
    for (let players = 0; players < 2000; players++) {
      const p = placeSocket("ABC123", plan({ mode: "force", players }), paris, `k${players}`, true);
      if (p.to === "relay") names.push(p.name);
    }
    const per = new Map<string, number>();
    for (const n of names) per.set(n, (per.get(n) ?? 0) + 1);
    expect([...per.values()]).toEqual([500, 500, 500, 500]);
  });

  it("the same key lands on the same relay while the game does not grow", () => {
    const big = plan({ players: 5000 });
    const a = placeSocket("ABC123", big, paris, "seat-x");
    expect(placeSocket("ABC123", big, paris, "seat-x")).toEqual(a);
  });

  it("off never relays; force always does, even for one player", () => {
    expect(placeSocket("ABC123", plan({ mode: "off", players: 9000 }), sydney, "k")).toEqual({ to: "root" });
    expect(placeSocket("ABC123", plan({ mode: "force", players: 0 }), paris, "k")).toEqual({
      to: "relay",
      name: "ABC123:weur:0",
      hint: "weur",
    });
  });

  it("without a location (a test, a local run) the relay is named for no region", () => {
    expect(placeSocket("ABC123", plan({ mode: "force", rootHint: null }), undefined, "k")).toEqual({
      to: "relay",
      name: "ABC123:any:0",
      hint: null,
    });
  });

  it("hash spreads keys", () => {
    const counts = [0, 0, 0, 0];
    for (let i = 0; i < 4000; i++) counts[hash(`k${i}`) % 4]++;
    for (const c of counts) expect(c).toBeGreaterThan(800);
  });
});
