// The assignment's sockets (docs/protocol.md §8 "Over a socket"): /ws/assignment/:code for a
// student (the seat's token from `start`, in the query as a live player's socket carries it) and
// /ws/assignment/:code/host for the teacher's live progress. The worker verifies who calls and
// hands the upgrade to the object with trusted identity headers; the object checks the seat or
// that the caller owns the assignment (or is an admin).
import { Hono } from "hono";
import { IDENTITY_HEADERS } from "../../rooms/identity";
import { verifyPlayer } from "../../rooms/kit/player-token";
import { gameCode } from "../../schema/game";
import type { AppEnv } from "../app-env";
import { sessionToken } from "../auth/credentials";
import { userFromToken } from "../auth/session";
import { ApiError, badRequest, forbidden, unauthorized, zodIssues } from "../errors";
import { assignmentStub } from "../games/codes";
import { forward, requireUpgrade } from "../games/routes";
import { byAddress, enforceLimit } from "../middleware/rate-limit";

function parseCode(raw: string): string {
  const parsed = gameCode.safeParse(raw);
  if (!parsed.success)
    throw new ApiError(
      400,
      "validation_failed",
      "invalid code: a code is 6 letters and digits",
      zodIssues(parsed.error).map((i) => ({ ...i, path: "code" })),
    );
  return parsed.data;
}

const HOST_REFUSALS_MESSAGE = "too many refused host connections, wait a minute";

export const assignmentWsRoutes = new Hono<AppEnv>();

assignmentWsRoutes.get("/:code/host", async (c) => {
  const code = parseCode(c.req.param("code"));
  requireUpgrade(c.req.raw);
  const user = await userFromToken(c.var.db, c.env.JWT_SECRET, sessionToken(c, { fromQuery: "token" }));
  if (!user) throw unauthorized("log in to follow this assignment");
  if (user.role !== "teacher" && user.role !== "admin") throw forbidden("only teachers follow assignments");
  const res = await assignmentStub(c.env, code).fetch(
    forward(c.req.raw, {
      [IDENTITY_HEADERS.role]: "host",
      [IDENTITY_HEADERS.user]: user.id,
      [IDENTITY_HEADERS.userRole]: user.role,
      [IDENTITY_HEADERS.session]: user.jti,
      [IDENTITY_HEADERS.sessionExp]: String(user.exp),
    }),
  );
  // Someone else's assignment is refused as missing; refusals use the same budgets as a live host's.
  if (res.status === 403 || res.status === 404) {
    await enforceLimit(c, "HOST_LIMITER", byAddress("host")(c), HOST_REFUSALS_MESSAGE);
    await enforceLimit(c, "HOST_LIMITER", `host-user:${user.id}`, HOST_REFUSALS_MESSAGE);
  }
  return res;
});

assignmentWsRoutes.get("/:code", async (c) => {
  const code = parseCode(c.req.param("code"));
  requireUpgrade(c.req.raw);
  const token = c.req.query("token");
  if (!token) throw badRequest("a player token is required: start the assignment first");
  const claims = await verifyPlayer(c.env.JWT_SECRET, token);
  if (!claims || claims.code !== code) throw unauthorized("this token is not valid for this assignment");
  // No rate-limit call here, as for a live player's socket: the object budgets the frames, and a
  // second socket of the seat only replaces the first.
  return assignmentStub(c.env, code).fetch(
    forward(c.req.raw, {
      [IDENTITY_HEADERS.role]: "player",
      [IDENTITY_HEADERS.player]: claims.playerId,
      [IDENTITY_HEADERS.game]: claims.gameId,
    }),
  );
});
