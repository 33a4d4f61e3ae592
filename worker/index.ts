import { app } from "./app";
import type { Env } from "./env";
import { runRetention } from "./logs/retention";
import { cleanUpMedia } from "./media/cleanup";

export { Room } from "../rooms/room";
export { Assignment } from "../rooms/assignment/object";

export default {
  fetch: app.fetch,
  async scheduled(_controller, env, ctx) {
    ctx.waitUntil(runRetention(env, Date.now()));
    ctx.waitUntil(cleanUpMedia(env, Date.now()));
  },
} satisfies ExportedHandler<Env>;
