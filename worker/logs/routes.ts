// The log service's HTTP face (docs/product.md §6): clients post small batches; admins and teachers read.
import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import type { Context } from "hono";
import { CLIENT_LOG_LIMITS, clientLogBatch, logQuery } from "../../schema/events.ts";
import type { AppEnv } from "../app-env.ts";
import { credentials } from "../auth/credentials.ts";
import { verifyPlayer, type PlayerClaims } from "../../rooms/kit/player-token.ts";
import { tooLarge, unauthorized, validationError } from "../errors.ts";
import { byAddress, limitBy } from "../middleware/rate-limit.ts";
import { currentUser, requireUser } from "../middleware/session.ts";
import { readJson, validate } from "../validate.ts";
import { clientEventRows, gameOwner } from "./client.ts";
import { writeEvents } from "../../rooms/kit/events.ts";
import { readLog } from "./query.ts";

export const logRoutes = new Hono<AppEnv>();

/** `Authorization: Player <token>` is optional; a token that is sent must be valid. */
async function playerFrom(c: Context<AppEnv>): Promise<PlayerClaims | null> {
  const token = credentials(c).player;
  if (!token) return null;
  const claims = await verifyPlayer(c.env.JWT_SECRET, token);
  if (!claims) throw unauthorized("the player token is invalid or expired");
  return claims;
}

logRoutes.post(
  "/",
  // Per address: a page that loops on an error must not fill the log.
  limitBy("LOG_LIMITER", byAddress("logs"), "too many log posts from this address, slow down"),
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
    const ownerId = await gameOwner(c.var.db, player?.gameId);
    const rows = clientEventRows(parsed.data.events, { user, player }, Date.now(), ownerId);
    await writeEvents(c.env.DB, rows);
    return c.json({ accepted: rows.length }, 202);
  },
);

logRoutes.get("/", requireUser("teacher"), validate("query", logQuery), async (c) => {
  return c.json(await readLog(c.var.db, currentUser(c), c.req.valid("query")));
});
