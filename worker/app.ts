// The HTTP API. Each service is a router of its own; this file wires them with the shared
// middleware (worker/middleware/: database handle, sessions, security headers, body limits) and
// the one JSON error shape.
import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { except } from "hono/combine";
import { HTTPException } from "hono/http-exception";
import type { AppEnv } from "./app-env.ts";
import { ApiError, errorResponse, tooLarge } from "./errors.ts";
import { database } from "./middleware/database.ts";
import { roomRefusalsAsJson } from "./middleware/room-refusals.ts";
import { apiSecurityHeaders, noStoreByDefault, sameOriginOnly } from "./middleware/security.ts";
import { loadUser } from "./middleware/session.ts";
import { authRoutes } from "./auth/routes.ts";
import { oidcRoutes } from "./auth/oidc/routes.ts";
import { quizRoutes } from "./quizzes/routes.ts";
import { importRoutes } from "./quizzes/import-routes.ts";
import { gameRoutes, playerJoinRoutes, roomRoutes, wsRoutes } from "./games/routes.ts";
import { remoteRoutes } from "./games/remote.ts";
import { activeRoutes } from "./games/active.ts";
import { logRoutes } from "./logs/routes.ts";
import { assignmentRoutes } from "./assignments/routes.ts";
import { assignmentWsRoutes } from "./assignments/sockets.ts";
import { reportRoutes } from "./reports/routes.ts";
import { reportManageRoutes } from "./reports/manage-routes.ts";
import { accountRoutes } from "./accounts/routes.ts";
import { adminRoutes } from "./admin/routes.ts";
import { signInAdminRoutes } from "./admin/sign-in.ts";
import { meRoutes, studentRoutes } from "./students/routes.ts";
import { mediaFileRoutes, mediaUploadRoutes } from "./media/routes.ts";
import { ltiApiRoutes, ltiRoutes } from "./lti/routes.ts";

/** Largest body the API reads (a 100-question quiz with long texts stays well under it). */
export const MAX_BODY_BYTES = 512 * 1024;

export const app = new Hono<AppEnv>();

app.onError((err, c) => {
  if (err instanceof ApiError) return errorResponse(c, err);
  if (err instanceof HTTPException) {
    const status = err.status;
    const code =
      status === 400
        ? "bad_request"
        : status === 401
          ? "unauthorized"
          : status === 413
            ? "payload_too_large"
            : "bad_request";
    return errorResponse(c, new ApiError(status as 400, code, err.message || "bad request"));
  }
  // Never a stack trace to the client; the log has it.
  console.error("unhandled error", c.req.method, c.req.path, err);
  return errorResponse(c, new ApiError(500, "internal", "something went wrong on our side"));
});

// The player's join upgrade, the hottest request of a join wave, carries its own short chain
// (games/routes.ts `playerJoinRoutes`: same-origin, room refusals as JSON, the join limit on
// refusals, zod) and answers before /ws/*'s shared middleware would run.
app.route("/ws", playerJoinRoutes);
app.use("/api/*", apiSecurityHeaders);
app.use("/api/*", noStoreByDefault);
app.use("/ws/*", roomRefusalsAsJson);
app.use("/api/*", sameOriginOnly);
app.use("/ws/*", sameOriginOnly);
// Image uploads set their own, larger limit (worker/media/routes.ts).
app.use(
  "/api/*",
  except(
    "/api/media",
    bodyLimit({
      maxSize: MAX_BODY_BYTES,
      onError: () => {
        throw tooLarge();
      },
    }),
  ),
);
app.use("/api/*", database);
app.use("/ws/*", database);
// LTI: the LMS posts here cross-site (worker/lti/routes.ts), so none of /api's same-origin rules.
app.use("/lti/*", database);
app.use("/api/*", loadUser);

app.get("/api/health", (c) => c.json({ ok: true, time: Date.now() }));
app.route("/api/auth", authRoutes);
app.route("/api/auth", accountRoutes);
app.route("/api/auth", oidcRoutes);
app.route("/api/quizzes", quizRoutes);
// After quizRoutes, so its /import and /import/csv keep answering JSON and CSV.
app.route("/api/quizzes/import", importRoutes);
app.route("/api/games", gameRoutes);
app.route("/api/games", activeRoutes);
app.route("/api/games", remoteRoutes);
app.route("/api/games", reportRoutes);
app.route("/api/games", reportManageRoutes);
app.route("/api/me", meRoutes);
app.route("/api/students", studentRoutes);
app.route("/api/admin/sign-in", signInAdminRoutes);
app.route("/api/admin", adminRoutes);
app.route("/api/rooms", roomRoutes);
app.route("/api/assignments", assignmentRoutes);
app.route("/api/logs", logRoutes);
app.route("/ws/assignment", assignmentWsRoutes);
app.route("/ws", wsRoutes);
app.route("/api/media", mediaUploadRoutes);
app.route("/media", mediaFileRoutes);
app.route("/lti", ltiRoutes);
app.route("/api/lti", ltiApiRoutes);

app.all("/api/*", (c) =>
  errorResponse(c, new ApiError(404, "not_found", `no such endpoint: ${c.req.method} ${c.req.path}`)),
);
app.notFound((c) => errorResponse(c, new ApiError(404, "not_found", "not found")));
