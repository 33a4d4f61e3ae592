// One database handle per request, on c.var.db: routes and the stores they call share it
// instead of each wrapping the binding again.
import { createMiddleware } from "hono/factory";
import type { AppEnv } from "../app-env.ts";
import { openDb } from "../db.ts";

export const database = createMiddleware<AppEnv>(async (c, next) => {
  c.set("db", openDb(c.env.DB));
  await next();
});
