import { app } from "./app.ts";
import type { Env } from "./env.ts";
import { runRetention } from "./logs/retention.ts";
import { cleanUpMedia } from "./media/cleanup.ts";

export { Room } from "../rooms/live/room.ts";
export { Assignment } from "../rooms/assignment/object.ts";

export default {
  fetch: app.fetch,
  async scheduled(_controller, env, ctx) {
    ctx.waitUntil(runRetention(env, Date.now()));
    ctx.waitUntil(cleanUpMedia(env, Date.now()));
  },
} satisfies ExportedHandler<Env>;
