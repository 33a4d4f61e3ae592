// Where a player's socket goes (docs/architecture.md "Relays"): straight to the game's root
// object, or to a relay near the player. Pure: the worker passes the root's plan (cached a few
// seconds per code, so a join costs no extra round trip) and the request's `cf`.
import type { LocationHint } from "../../schema/game.ts";
import { locationHintFor } from "./location.ts";

export interface RelayPlan {
  mode: "off" | "auto" | "force";
  perRelay: number;
  players: number;
  rootHint: string | null;
}

export type Placement = { to: "root" } | { to: "relay"; name: string; hint: LocationHint | null };

/** The continent a location hint is in: players on the root's continent are near it. */
const CONTINENT: Record<LocationHint, string> = {
  wnam: "NA",
  enam: "NA",
  sam: "SA",
  weur: "EU",
  eeur: "EU",
  apac: "AS",
  oc: "OC",
  afr: "AF",
  me: "ME",
};

type Cf = Parameters<typeof locationHintFor>[0];

/**
 * A game opens a shard per `perRelay` players (one more while it grows past the last): a class of
 * 30 near its root has none. A new seat (`joining`) fills the newest shard, so relays fill in
 * turn; a returning socket is spread by `key` (its seat) over all of them, and stays put while the
 * game does not grow.
 */
export function placeSocket(code: string, plan: RelayPlan, cf: Cf, key: string, joining = false): Placement {
  if (plan.mode === "off") return { to: "root" };
  const hint = locationHintFor(cf) ?? null;
  const perRelay = Math.max(1, plan.perRelay);
  const many = plan.players >= perRelay;
  const far = !!hint && !!plan.rootHint && CONTINENT[hint] !== CONTINENT[plan.rootHint as LocationHint];
  if (plan.mode === "auto" && !many && !far) return { to: "root" };
  const shards = Math.max(1, Math.ceil((plan.players + 1) / perRelay));
  const region = hint ?? (plan.rootHint as LocationHint | null) ?? null;
  const shard = joining ? Math.min(shards - 1, Math.floor(plan.players / perRelay)) : hash(key) % shards;
  return { to: "relay", name: relayName(code, region, shard), hint: region };
}

export function relayName(code: string, region: string | null, shard: number): string {
  return `${code}:${region ?? "any"}:${shard}`;
}

/** FNV-1a: a stable spread of keys over shards. */
export function hash(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}
