// The assignment's sockets (docs/protocol.md §8 "Over a socket"): /ws/assignment/:code for a
// student (the seat's token from `start`, in the query as a live player's socket carries it) and
// /ws/assignment/:code/host for the teacher's live progress. The worker verifies who calls and
// hands the upgrade to the object with trusted identity headers; the object checks the seat or
// that the caller owns the assignment (or is an admin).
import { Hono } from "hono";
import { IDENTITY_HEADERS } from "../../rooms/kit/identity.ts";
import { verifyPlayer } from "../../rooms/kit/player-token.ts";
import type { AppEnv } from "../app-env.ts";
import { sessionToken } from "../auth/credentials.ts";
import { userFromToken } from "../auth/session.ts";
import { badRequest, forbidden, unauthorized } from "../errors.ts";
import { assignmentStub } from "../games/codes.ts";
import { connectHost, forward, requireUpgrade } from "../games/routes.ts";
import { parseCode } from "../games/lookup.ts";

export const assignmentWsRoutes = new Hono<AppEnv>();

assignmentWsRoutes.get("/:code/host", async (c) => {
  const code = parseCode(c.req.param("code"));
  requireUpgrade(c.req.raw);
  const user = await userFromToken(c.var.db, c.env.JWT_SECRET, sessionToken(c, { fromQuery: "token" }));
  if (!user) throw unauthorized("log in to follow this assignment");
  if (user.role !== "teacher" && user.role !== "admin") throw forbidden("only teachers follow assignments");
  // Someone else's assignment is refused as missing; refusals use the same budgets as a live host's.
  return connectHost(c, assignmentStub(c.env, code), user);
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
