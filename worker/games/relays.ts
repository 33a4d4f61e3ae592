// The worker's side of relays: a player's socket handed to the root or to a relay
// (placement.ts), with the root's plan cached per code for a few seconds in this isolate.
import type { LocationHint } from "../../schema/game.ts";
import type { Env } from "../env.ts";
import { RELAY_HEADERS } from "../../rooms/relay/relay.ts";
import { roomStub } from "./host.ts";
import { placeSocket, type RelayPlan } from "./placement.ts";

const PLAN_TTL_MS = 2000;
const plans = new Map<string, { plan: RelayPlan; at: number }>();

async function planFor(env: Env, code: string): Promise<RelayPlan> {
  const now = Date.now();
  const cached = plans.get(code);
  if (cached && now - cached.at < PLAN_TTL_MS) return cached.plan;
  const plan = await roomStub(env, code).relayPlan();
  if (plans.size > 1000) plans.clear();
  plans.set(code, { plan, at: now });
  return plan;
}

/**
 * The upgrade (identity headers set) to where this player's socket belongs. `key`: keeps a player
 * on one relay. `joining`: a new seat, counted in the cached plan until the next refresh, so a
 * join wave opens shards as it grows.
 */
export async function toPlayerSocket(
  env: Env,
  code: string,
  /** The player's request's `cf` (a forwarded request has none). */
  cf: unknown,
  req: Request,
  key: string,
  joining = false,
): Promise<Response> {
  const plan = await planFor(env, code);
  const where = placeSocket(code, plan, cf as Parameters<typeof placeSocket>[2], key, joining);
  if (joining) plan.players++;
  if (where.to === "root") return roomStub(env, code).fetch(req);
  const headers = new Headers(req.headers);
  headers.set(RELAY_HEADERS.code, code);
  headers.set(RELAY_HEADERS.name, where.name);
  return relayStub(env, where.name, where.hint).fetch(new Request(req.url, { method: "GET", headers }));
}

/** A relay by name; `hint` places it when this call creates it (Cloudflare's location hints). */
export function relayStub(env: Env, name: string, hint?: LocationHint | null) {
  return env.RELAYS.get(env.RELAYS.idFromName(name), hint ? { locationHint: hint } : undefined);
}
