// Browser-facing protections for the API: security headers, and a same-origin rule that stands
// in for CORS (the API serves only the app's own pages, so no other origin is ever allowed).
import { createMiddleware } from "hono/factory";
import { secureHeaders } from "hono/secure-headers";
import type { AppEnv } from "./app-env";
import { forbidden } from "./errors";

/** API responses are data, never documents: nothing may load, frame or sniff them. */
export const apiSecurityHeaders = secureHeaders({
  contentSecurityPolicy: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] },
  referrerPolicy: "strict-origin-when-cross-origin",
  xFrameOptions: "DENY",
  crossOriginResourcePolicy: "same-origin",
});

/**
 * A request that names another origin is refused before it does anything. Browsers send
 * `Origin` on cross-site requests and on same-origin writes; clients without a browser (the
 * CLI, the benchmark, tests) send none and authenticate with a Bearer token instead.
 */
export const sameOriginOnly = createMiddleware<AppEnv>(async (c, next) => {
  const origin = c.req.header("origin");
  if (origin && origin !== new URL(c.req.url).origin) {
    throw forbidden("cross-origin requests are not allowed");
  }
  await next();
});
