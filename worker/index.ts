import { app } from "./app.ts";
import type { Env } from "./env.ts";
import { runRetention } from "./logs/retention.ts";
import { cleanUpMedia } from "./media/cleanup.ts";
import { openDb } from "./db.ts";
import { flushScores } from "./lti/ags.ts";

export { Room } from "../rooms/live/room.ts";
export { Assignment } from "../rooms/assignment/object.ts";
export { Relay } from "../rooms/relay/relay.ts";

/** The frequent cron (wrangler.toml) that only retries LTI scores; the daily one does everything. */
const LTI_RETRY_CRON = "*/5 * * * *";

export default {
  fetch: app.fetch,
  async scheduled(controller, env, ctx) {
    // LTI scores waiting for an LMS gradebook (worker/lti/ags.ts): every cron run sends what is due.
    ctx.waitUntil(flushScores(env, openDb(env.DB)).catch((e) => console.error("LTI score flush failed", e)));
    if (controller.cron === LTI_RETRY_CRON) return;
    ctx.waitUntil(runRetention(env, Date.now()));
    ctx.waitUntil(cleanUpMedia(env, Date.now()));
  },
} satisfies ExportedHandler<Env>;
