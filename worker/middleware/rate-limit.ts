// Flood protection with the Workers Rate Limiting bindings, the one way every route does it:
// a key per caller (the client's address, with a scope so budgets of different routes never mix),
// one use of the limiter's budget per request, 429 in the one error shape once it is used up.
// The bindings count per Cloudflare location and approximately: a brake on floods, not a quota.
import type { Context } from "hono";
import { createMiddleware } from "hono/factory";
import type { AppEnv } from "../app-env.ts";
import type { Env } from "../env.ts";
import { errorResponse, rateLimited } from "../errors.ts";
import { clientAddressHeader } from "../../rooms/kit/identity.ts";

export type LimiterName = { [K in keyof Env]-?: Env[K] extends RateLimit ? K : never }[keyof Env];

export function clientAddress(c: Context): string {
  return clientAddressHeader(c.req.raw.headers);
}

/** Keys a limiter by the caller's address within `scope` (one budget per address per scope). */
export const byAddress =
  (scope: string) =>
  (c: Context<AppEnv>): string =>
    `${scope}:${clientAddress(c)}`;

/** Counts one use of `key` against `limiter`; 429 with `message` once its budget is used up. */
export async function enforceLimit(
  c: Context<AppEnv>,
  limiter: LimiterName,
  key: string,
  message?: string,
): Promise<void> {
  const { success } = await c.env[limiter].limit({ key });
  if (!success) throw rateLimited(message);
}

/** Middleware form of `enforceLimit`: the key is read from the request before anything else runs. */
export function limitBy(limiter: LimiterName, key: (c: Context<AppEnv>) => string, message?: string) {
  return createMiddleware<AppEnv>(async (c, next) => {
    await enforceLimit(c, limiter, key(c), message);
    await next();
  });
}

/** Keys whose budget this isolate saw spent, and until when (ms) they are refused outright. */
const spentUntil = new Map<string, number>();
const MAX_SPENT_KEYS = 10_000;

/**
 * Limits only the requests that fail, for routes whose successes are limited where they land (a
 * join's new seat is counted by its own room: rooms/kit/address-budget.ts). A seated player then
 * costs no limiter call at all; a refused join (a made-up code, a bad name, a full room) uses the
 * key's budget. Once the limiter says the budget is spent, this isolate refuses every request of
 * that key, successes included, for `periodMs` (the limiter's own period): otherwise a spent
 * budget would still tell a live code (seated) from a free one (refused) at full speed. Another
 * isolate learns it at that key's next failure.
 */
export function limitFailures(
  limiter: LimiterName,
  key: (c: Context<AppEnv>) => string,
  periodMs: number,
  succeeded: (res: Response) => boolean,
  message?: string,
) {
  return createMiddleware<AppEnv>(async (c, next) => {
    const k = `${limiter}:${key(c)}`;
    const until = spentUntil.get(k);
    if (until !== undefined) {
      if (until > Date.now()) throw rateLimited(message);
      spentUntil.delete(k);
    }
    await next();
    if (succeeded(c.res)) return;
    const { success } = await c.env[limiter].limit({ key: key(c) });
    if (success) return;
    if (spentUntil.size >= MAX_SPENT_KEYS) spentUntil.clear();
    spentUntil.set(k, Date.now() + periodMs);
    c.res = undefined;
    c.res = errorResponse(c, rateLimited(message));
  });
}
