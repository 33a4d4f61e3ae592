// Flood protection with the Workers Rate Limiting binding, keyed by the client's address.
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

/** 429 once the caller's address has used up `limiter`'s budget (per location, approximate). */
export function limitByIp(limiter: LimiterName, scope: string) {
  return createMiddleware<AppEnv>(async (c, next) => {
    const { success } = await c.env[limiter].limit({ key: `${scope}:${clientIp(c)}` });
    if (!success) throw rateLimited();
    await next();
  });
}
