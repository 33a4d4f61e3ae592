// Browser-facing protections for the API: security headers, and a same-origin rule that stands
// in for CORS (the API serves only the app's own pages, so no other origin is ever allowed).
import { createMiddleware } from "hono/factory";
import { secureHeaders } from "hono/secure-headers";
import type { AppEnv } from "../app-env.ts";
import { forbidden } from "../errors.ts";

/** API responses are data, never documents: nothing may load, frame or sniff them. */
export const apiSecurityHeaders = secureHeaders({
  contentSecurityPolicy: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] },
  referrerPolicy: "strict-origin-when-cross-origin",
  xFrameOptions: "DENY",
  crossOriginResourcePolicy: "same-origin",
});

/**
 * API answers hold sessions, tokens and personal data: no browser or shared cache keeps them
 * unless a route says otherwise (it sets its own Cache-Control).
 */
export const noStoreByDefault = createMiddleware<AppEnv>(async (c, next) => {
  await next();
  if (c.res.headers.has("cache-control")) return;
  try {
    c.res.headers.set("cache-control", "no-store");
  } catch {
    // A response passed through from elsewhere has immutable headers: copy it.
    const copy = new Response(c.res.body, c.res);
    copy.headers.set("cache-control", "no-store");
    c.res = undefined;
    c.res = copy;
  }
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
