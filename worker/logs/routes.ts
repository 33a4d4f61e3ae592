// The log service's HTTP face (product.md §6): clients post small batches; admins and teachers read.
import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { createMiddleware } from "hono/factory";
import type { Context } from "hono";
import { CLIENT_LOG_LIMITS, clientLogBatch, logQuery } from "../../schema/events";
import type { AppEnv } from "../app-env";
import { requireUser, currentUser } from "../auth/session";
import { verifyPlayer, type PlayerClaims } from "../../rooms/kit/player-token";
import { rateLimited, tooLarge, unauthorized, validationError } from "../errors";
import { readJson, validate } from "../validate";
import { clientEventRows, gameOwner } from "./client";
import { writeEvents } from "../../rooms/kit/events";
import { readLog } from "./query";

export const logRoutes = new Hono<AppEnv>();

export function clientIp(c: Context<AppEnv>): string {
  return c.req.header("cf-connecting-ip") ?? "unknown";
}

/** Per IP: a page that loops on an error must not fill the log. */
const limitPerIp = createMiddleware<AppEnv>(async (c, next) => {
  const { success } = await c.env.LOG_LIMITER.limit({ key: `logs:${clientIp(c)}` });
  if (!success) throw rateLimited("too many log posts from this address, slow down");
  await next();
});

/** `Authorization: Player <token>` is optional; a token that is sent must be valid. */
async function playerFrom(c: Context<AppEnv>): Promise<PlayerClaims | null> {
  const m = /^Player\s+(\S+)$/i.exec(c.req.header("authorization") ?? "");
  if (!m) return null;
  const claims = await verifyPlayer(c.env.JWT_SECRET, m[1]);
  if (!claims) throw unauthorized("the player token is invalid or expired");
  return claims;
}

logRoutes.post(
  "/",
  limitPerIp,
  bodyLimit({
    maxSize: CLIENT_LOG_LIMITS.bodyBytes,
    onError: () => {
      throw tooLarge(`a log batch is at most ${CLIENT_LOG_LIMITS.bodyBytes} bytes`);
    },
  }),
  async (c) => {
    const parsed = clientLogBatch.safeParse(await readJson(c.req.raw));
    if (!parsed.success) throw validationError(parsed.error, "log batch");
    const user = c.get("user");
    const player = user ? null : await playerFrom(c);
    const ownerId = await gameOwner(c.env.DB, player?.gameId);
    const rows = clientEventRows(parsed.data.events, { user, player }, Date.now(), ownerId);
    await writeEvents(c.env.DB, rows);
    return c.json({ accepted: rows.length }, 202);
  },
);

logRoutes.get("/", requireUser("teacher"), validate("query", logQuery), async (c) => {
  return c.json(await readLog(c.env.DB, currentUser(c), c.req.valid("query")));
});
