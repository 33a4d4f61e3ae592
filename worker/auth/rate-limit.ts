// Flood protection with the Workers Rate Limiting binding, keyed by the client's address (and,
// for login, the account tried).
import { createMiddleware } from "hono/factory";
import type { Context } from "hono";
import type { AppEnv } from "../app-env";
import type { Env } from "../env";
import { rateLimited } from "../errors";

/** Cloudflare sets cf-connecting-ip on every request that reaches the Worker (wrangler dev too). */
export function clientIp(c: Context<AppEnv>): string {
  return c.req.header("cf-connecting-ip") ?? "unknown";
}

type LimiterName = { [K in keyof Env]-?: Env[K] extends RateLimit ? K : never }[keyof Env];

/** Counts one use of `key`; 429 once it has used up `limiter`'s budget (per location, approximate). */
export async function spend(c: Context<AppEnv>, limiter: LimiterName, key: string): Promise<void> {
  const { success } = await c.env[limiter].limit({ key });
  if (!success) throw rateLimited();
}

/** 429 once the caller's address has used up `limiter`'s budget. */
export function limitByIp(limiter: LimiterName, scope: string) {
  return createMiddleware<AppEnv>(async (c, next) => {
    await spend(c, limiter, `${scope}:${clientIp(c)}`);
    await next();
  });
}
