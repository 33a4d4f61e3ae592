// Assignment endpoints (docs/protocol.md "Assignments"): the teacher assigns a quiz and follows it
// (progress, close, new deadline, remove a participant, teams); a student starts with a nickname (or as
// the logged-in student they are), then plays with the seat's token (`Authorization: Player …`),
// one request per step. The object behind the code decides; this router validates, checks who
// calls, rate-limits and maps refusals to the one error shape.
import { Hono } from "hono";
import type { Context } from "hono";
import {
  answerRequest,
  assignRequest,
  assignmentTeamCommand,
  deadlineRequest,
  startRequest,
} from "../../schema/assignment.ts";
import { signPlayer, verifyPlayer } from "../../rooms/kit/player-token.ts";
import type { Failure } from "../../rooms/assignment/object.ts";
import type { AppEnv } from "../app-env.ts";
import { credentials } from "../auth/credentials.ts";
import { ApiError, type ErrorCode, unauthorized, zodIssues } from "../errors.ts";
import { assignmentStub } from "../games/codes.ts";
import { parseCode } from "../games/lookup.ts";
import { logLater } from "../logs/logger.ts";
import { clientAddress, enforceLimit } from "../middleware/rate-limit.ts";
import { httpJoinLimit } from "../games/routes.ts";
import { currentUser, requireUser } from "../middleware/session.ts";
import { checkQuota } from "../quotas.ts";
import { validate } from "../validate.ts";
import { assignQuiz } from "./assign.ts";
import { z } from "zod";

const ERROR_CODES: Record<Failure["status"], ErrorCode> = {
  400: "validation_failed",
  403: "forbidden",
  404: "not_found",
  409: "conflict",
  429: "rate_limited",
};

/** The object's refusal in the API's error shape; `reason` says which refusal (the screens translate it). */
function unwrap<R extends { ok: true } | Failure>(res: R): Extract<R, { ok: true }> {
  if (res.ok) return res as Extract<R, { ok: true }>;
  const f = res as Failure;
  throw new ApiError(f.status, ERROR_CODES[f.status], f.message, [{ path: "reason", message: f.code }]);
}

const participantIdParam = z.string().min(1).max(64);

export const assignmentRoutes = new Hono<AppEnv>();

assignmentRoutes.post("/", requireUser("teacher"), validate("json", assignRequest), async (c) => {
  const user = currentUser(c);
  const body = c.req.valid("json");
  await checkQuota(c.var.db, ["hosting", "openAssignments"], user.id);
  const { gameId, code } = await assignQuiz(c.env, c.var.db, user, body.quizId, body.settings);
  logLater(c.executionCtx, c.env.DB, {
    type: "assignment.create",
    actorType: "user",
    actorId: user.id,
    role: user.role,
    gameId,
    quizId: body.quizId,
    ownerId: user.id,
    payload: { code, settings: body.settings },
  });
  return c.json({ gameId, code, url: `${new URL(c.req.url).origin}/${code}` }, 201);
});

// Starts are joins, with the same per-address budget: a new seat is counted by the object, a
// returning student by nobody, and only a refused start uses the worker's limiter (as a live join).
assignmentRoutes.post("/:code/start", httpJoinLimit, validate("json", startRequest), async (c) => {
  const code = parseCode(c.req.param("code"));
  const body = c.req.valid("json");
  const user = c.get("user");
  const claims = body.token ? await verifyPlayer(c.env.JWT_SECRET, body.token) : null;
  const stub = assignmentStub(c.env, code);
  const res = unwrap(
    await stub.start({
      nickname: body.nickname,
      studentId: body.studentId,
      userId: user?.id ?? null,
      userRole: user?.role ?? null,
      participantId: claims && claims.code === code ? claims.playerId : null,
      startKey: body.key ?? null,
      team: body.team,
      address: clientAddress(c),
    }),
  );
  const token = await signPlayer(c.env.JWT_SECRET, { playerId: res.participantId, gameId: res.gameId, code });
  return c.json({ ...res.state, token }, 201);
});

/** The seat behind the `Player` token, checked for this code; each student has their own budget of requests. */
async function seat(c: Context<AppEnv>, code: string) {
  const token = credentials(c).player;
  const claims = token ? await verifyPlayer(c.env.JWT_SECRET, token) : null;
  if (!claims || claims.code !== code) throw unauthorized("start the assignment first");
  await enforceLimit(c, "JOIN_LIMITER", `assign:${claims.playerId}`, "too many requests, slow down");
  return claims;
}

assignmentRoutes.get("/:code/play", async (c) => {
  const code = parseCode(c.req.param("code"));
  const s = await seat(c, code);
  const { state } = unwrap(await assignmentStub(c.env, code).play(s.playerId, s.gameId));
  return c.json(state);
});

assignmentRoutes.post("/:code/answer", validate("json", answerRequest), async (c) => {
  const code = parseCode(c.req.param("code"));
  const s = await seat(c, code);
  const body = c.req.valid("json");
  const res = unwrap(await assignmentStub(c.env, code).answer(s.playerId, s.gameId, body.q, body.answer));
  return c.json({ result: res.result, state: res.state });
});

assignmentRoutes.post("/:code/retry", async (c) => {
  const code = parseCode(c.req.param("code"));
  const s = await seat(c, code);
  const { state } = unwrap(await assignmentStub(c.env, code).retry(s.playerId, s.gameId));
  return c.json(state);
});

// ---------- the teacher's side ----------

const caller = (c: Context<AppEnv>) => {
  const u = currentUser(c);
  return { userId: u.id, role: u.role };
};

assignmentRoutes.get("/:code/progress", requireUser("teacher"), async (c) => {
  const code = parseCode(c.req.param("code"));
  return c.json(unwrap(await assignmentStub(c.env, code).progress(caller(c))).progress);
});

assignmentRoutes.post("/:code/close", requireUser("teacher"), async (c) => {
  const code = parseCode(c.req.param("code"));
  return c.json(unwrap(await assignmentStub(c.env, code).close(caller(c))).progress);
});

/** Extends an open assignment or reopens a closed one. */
assignmentRoutes.post("/:code/deadline", requireUser("teacher"), validate("json", deadlineRequest), async (c) => {
  const code = parseCode(c.req.param("code"));
  const { deadline } = c.req.valid("json");
  return c.json(unwrap(await assignmentStub(c.env, code).setDeadline(caller(c), deadline)).progress);
});

assignmentRoutes.delete("/:code/participants/:id", requireUser("teacher"), async (c) => {
  const code = parseCode(c.req.param("code"));
  const id = participantIdParam.safeParse(c.req.param("id"));
  if (!id.success) throw new ApiError(400, "validation_failed", "invalid participant id", zodIssues(id.error));
  return c.json(unwrap(await assignmentStub(c.env, code).remove(caller(c), id.data)).progress);
});

/** Team mode: rename a team, move a student to another team, or balance the teams (the live lobby's commands). */
assignmentRoutes.post("/:code/teams", requireUser("teacher"), validate("json", assignmentTeamCommand), async (c) => {
  const code = parseCode(c.req.param("code"));
  return c.json(unwrap(await assignmentStub(c.env, code).teamCommand(caller(c), c.req.valid("json"))).progress);
});
