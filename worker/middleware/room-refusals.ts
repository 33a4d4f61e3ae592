// A WebSocket upgrade is answered by the room, which refuses in plain text (403 "only the game's
// host may connect here", 426 …). Every refusal the API gives is in the one JSON error shape, so
// a room's plain-text refusal is rewrapped here, its text kept as the message.
import { createMiddleware } from "hono/factory";
import type { AppEnv } from "../app-env.ts";
import { ApiError, errorResponse, type ErrorCode } from "../errors.ts";

const STATUS_CODES: Partial<Record<number, ErrorCode>> = {
  400: "bad_request",
  401: "unauthorized",
  403: "forbidden",
  404: "not_found",
  409: "conflict",
  413: "payload_too_large",
  415: "unsupported_media_type",
  429: "rate_limited",
};

export const roomRefusalsAsJson = createMiddleware<AppEnv>(async (c, next) => {
  await next();
  const res = c.res;
  if (res.status < 400 || (res.headers.get("content-type") ?? "").startsWith("application/json")) return;
  const message = (await res.text()).slice(0, 500) || "the game refused this connection";
  const status = Math.min(res.status, 500);
  c.res = undefined;
  c.res = errorResponse(
    c,
    new ApiError(status as 400, STATUS_CODES[status] ?? (status >= 500 ? "internal" : "bad_request"), message),
  );
});
