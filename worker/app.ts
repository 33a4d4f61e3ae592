// The HTTP API. Each service is a router of its own; this file wires them with the shared
// middleware (sessions, body limits, security headers) and the one JSON error shape.
import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { HTTPException } from "hono/http-exception";
import type { AppEnv } from "./app-env";
import { createMiddleware } from "hono/factory";
import { ApiError, errorResponse, tooLarge, type ErrorCode } from "./errors";
import { loadUser } from "./auth/session";
import { apiSecurityHeaders, noStoreByDefault, sameOriginOnly } from "./security";
import { authRoutes } from "./auth/routes";
import { quizRoutes } from "./quizzes/routes";
import { gameRoutes, roomRoutes, wsRoutes } from "./games/routes";
import { logRoutes } from "./logs/routes";
import { reportRoutes } from "./reports/routes";
import { reportManageRoutes } from "./reports/manage-routes";
import { accountRoutes } from "./accounts/routes";
import { adminRoutes } from "./admin/routes";
import { meRoutes, studentRoutes } from "./students/routes";

/** Largest body the API reads (a 100-question quiz with long texts stays well under it). */
export const MAX_BODY_BYTES = 512 * 1024;

export const app = new Hono<AppEnv>();

const STATUS_CODES: Partial<Record<number, ErrorCode>> = { 400: "bad_request", 401: "unauthorized", 403: "forbidden", 404: "not_found", 409: "conflict", 413: "payload_too_large", 415: "unsupported_media_type", 429: "rate_limited" };

/**
 * A WebSocket upgrade is answered by the room, which refuses in plain text (403 "only the game's
 * host may connect here", 426 …). Every refusal the API gives is in the one JSON error shape, so
 * a room's plain-text refusal is rewrapped here, its text kept as the message.
 */
const roomRefusalsAsJson = createMiddleware<AppEnv>(async (c, next) => {
  await next();
  const res = c.res;
  if (res.status < 400 || (res.headers.get("content-type") ?? "").startsWith("application/json")) return;
  const message = (await res.text()).slice(0, 500) || "the game refused this connection";
  const status = res.status >= 500 ? 500 : res.status;
  c.res = undefined;
  c.res = errorResponse(c, new ApiError(status as 400, STATUS_CODES[status] ?? (status >= 500 ? "internal" : "bad_request"), message));
});

app.onError((err, c) => {
  if (err instanceof ApiError) return errorResponse(c, err);
  if (err instanceof HTTPException) {
    const status = err.status;
    const code = status === 400 ? "bad_request" : status === 401 ? "unauthorized" : status === 413 ? "payload_too_large" : "bad_request";
    return errorResponse(c, new ApiError(status as 400, code, err.message || "bad request"));
  }
  // Never a stack trace to the client; the log has it.
  console.error("unhandled error", c.req.method, c.req.path, err);
  return errorResponse(c, new ApiError(500, "internal", "something went wrong on our side"));
});

app.use("/api/*", apiSecurityHeaders);
app.use("/api/*", noStoreByDefault);
app.use("/ws/*", roomRefusalsAsJson);
app.use("/api/*", sameOriginOnly);
app.use("/ws/*", sameOriginOnly);
app.use("/api/*", bodyLimit({ maxSize: MAX_BODY_BYTES, onError: () => { throw tooLarge(); } }));
app.use("/api/*", loadUser);

app.get("/api/health", (c) => c.json({ ok: true, time: Date.now() }));
app.route("/api/auth", authRoutes);
app.route("/api/auth", accountRoutes);
app.route("/api/quizzes", quizRoutes);
app.route("/api/games", gameRoutes);
app.route("/api/games", reportRoutes);
app.route("/api/games", reportManageRoutes);
app.route("/api/me", meRoutes);
app.route("/api/students", studentRoutes);
app.route("/api/admin", adminRoutes);
app.route("/api/rooms", roomRoutes);
app.route("/api/logs", logRoutes);
app.route("/ws", wsRoutes);

app.all("/api/*", (c) => errorResponse(c, new ApiError(404, "not_found", `no such endpoint: ${c.req.method} ${c.req.path}`)));
app.notFound((c) => errorResponse(c, new ApiError(404, "not_found", "not found")));
