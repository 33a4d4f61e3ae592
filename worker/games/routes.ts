// Game HTTP endpoints and the WebSocket entry: hosting (POST /api/games), the public room info
// and joining (/api/rooms/:code…), and /ws/:code[/host], which verifies who is calling and hands
// the upgrade to the room with trusted identity headers.
import { type Context, Hono } from "hono";
import { z } from "zod";
import type { AppEnv, CurrentUser } from "../app-env.ts";
import { hostGameRequest, joinRequest, LOCATION_HINTS } from "../../schema/game.ts";
import { ApiError, badRequest, forbidden, conflict, notFound, rateLimited, unauthorized } from "../errors.ts";
import { validate } from "../validate.ts";
import { sessionToken } from "../auth/credentials.ts";
import { userFromToken } from "../auth/session.ts";
import { byAddress, clientAddress, enforceLimit, limitBy, limitFailures } from "../middleware/rate-limit.ts";
import { currentUser, requireUser } from "../middleware/session.ts";
import { roomRefusalsAsJson } from "../middleware/room-refusals.ts";
import { sameOriginOnly } from "../middleware/security.ts";
import { openDb } from "../db.ts";
import { signPlayer, verifyPlayer } from "../../rooms/kit/player-token.ts";
import { logLater } from "../logs/logger.ts";
import { IDENTITY_HEADERS, REFUSED_HEADER } from "../../rooms/kit/identity.ts";
import { SEATS_SPENT } from "../../rooms/kit/address-budget.ts";
import type { JoinRefusal } from "../../schema/messages.ts";
import { checkQuota } from "../quotas.ts";
import { hostGame, roomStub } from "./host.ts";
import { locationHintFor } from "./location.ts";
import { remoteUser } from "./remote.ts";
import { relayStub, toPlayerSocket } from "./relays.ts";
import { lookupCode, parseCode as parseGameCode } from "./lookup.ts";

export const hostBody = hostGameRequest.extend({
  /** Optional override of where the room is placed (otherwise near the caller). */
  locationHint: z.enum(LOCATION_HINTS).optional(),
});

export const joinBody = joinRequest.extend({
  /** A player token this client already holds for the game: the same seat again (refused if kicked). */
  token: z.string().max(2048).optional(),
  /**
   * The client's random key for this join: tried again after its answer was lost (a dropped
   * connection, a restart), the same join gets the seat it took, not "nickname taken".
   */
  key: z
    .string()
    .regex(/^[A-Za-z0-9_-]{16,64}$/, "key must be 16–64 letters, digits, - or _")
    .optional(),
});

const parseCode = (raw: string) => parseGameCode(raw, "a game code");

export const gameRoutes = new Hono<AppEnv>();

gameRoutes.post("/", requireUser("teacher"), validate("json", hostBody), async (c) => {
  const user = currentUser(c);
  const body = c.req.valid("json");
  await checkQuota(c.var.db, "hosting", user.id);
  const hint = body.locationHint ?? locationHintFor(c.req.raw.cf as Parameters<typeof locationHintFor>[0]);
  const { gameId, code } = await hostGame(c.env, c.var.db, user, body.quizId, body.settings, hint);
  logLater(c.executionCtx, c.env.DB, {
    type: "game.host",
    actorType: "user",
    actorId: user.id,
    role: user.role,
    gameId,
    quizId: body.quizId,
    ownerId: user.id,
    payload: { code, settings: body.settings, locationHint: hint ?? null },
  });
  const origin = new URL(c.req.url).origin;
  return c.json({ gameId, code, joinUrl: `${origin}/${code}`, hostWsUrl: `/ws/${code}/host` }, 201);
});

/**
 * The game's objects at work (docs/architecture.md "Relays"): the root's sockets and relay calls,
 * and each relay's sockets and frames, since each object last started. For the host; the
 * benchmark reads it.
 */
gameRoutes.get("/:code/relay-stats", requireUser("teacher"), async (c) => {
  const code = parseCode(c.req.param("code"));
  const user = currentUser(c);
  const root = await roomStub(c.env, code).relayStats(user.id, user.role);
  if (!root) throw notFound("no game of yours with this code");
  const relays = await Promise.all(root.relays.map((name) => relayStub(c.env, name).stats()));
  return c.json({ root, relays });
});

export const roomRoutes = new Hono<AppEnv>();

/**
 * Limited per address so nobody can scan codes for live games; a class behind one NAT looks its
 * code up once a student, far below the limit. Its own key: lookups never use up joins.
 */
const lookupLimit = limitBy(
  "JOIN_LIMITER",
  byAddress("info"),
  "too many room lookups from your network, wait a few seconds",
);

roomRoutes.get("/:code", lookupLimit, async (c) => {
  const code = parseCode(c.req.param("code"));
  // One code space: a code that is no live game may be an assignment (or one that has ended).
  const info = await lookupCode(c.env, c.var.db, code);
  if (!info) throw notFound("no game with this code");
  return c.json(info);
});

const JOIN_STATUS: Record<JoinRefusal, (m: string) => ApiError> = {
  "not-found": notFound,
  kicked: forbidden,
  ended: forbidden,
  locked: forbidden,
  "late-join-closed": forbidden,
  full: forbidden,
  "nickname-invalid": (m) => new ApiError(400, "validation_failed", m, [{ path: "nickname", message: m }]),
  "nickname-taken": conflict,
  "student-id-required": (m) => new ApiError(400, "validation_failed", m, [{ path: "studentId", message: m }]),
  "rate-limited": rateLimited,
};

/**
 * Per address, joins share one budget (JOIN_LIMITER, wrangler.toml: 300 per 10 s) over HTTP, over
 * the socket and for assignments' starts. A new seat is counted by its room or assignment
 * (rooms/kit/address-budget.ts), so the join that seats a player makes no limiter call; every
 * refused join uses the budget, and once it is spent every join from that address is a 429
 * (`limitFailures`). `seated`: the answer that seated (or seated again) a player.
 */
const JOIN_PERIOD_MS = 10_000;
const joinRefusalsLimit = (seated: (res: Response) => boolean) =>
  limitFailures("JOIN_LIMITER", byAddress("join"), JOIN_PERIOD_MS, seated, SEATS_SPENT);
/** A socket join is seated when the room (or relay) accepted the socket rather than refusing it. */
const socketSeated = (res: Response) => res.status === 101 && !res.headers.has(REFUSED_HEADER);

/** A join or start over HTTP: the answer that seated (or seated again) a player is a 201. */
export const httpJoinLimit = joinRefusalsLimit((res) => res.status === 201);

roomRoutes.post("/:code/join", httpJoinLimit, validate("json", joinBody), async (c) => {
  const code = parseCode(c.req.param("code"));
  const body = c.req.valid("json");
  const user = c.get("user");
  const claims = body.token ? await verifyPlayer(c.env.JWT_SECRET, body.token) : null;
  const res = await roomStub(c.env, code).join({
    nickname: body.nickname,
    studentId: body.studentId,
    userId: user?.id ?? null,
    playerId: claims && claims.code === code ? claims.playerId : null,
    joinKey: body.key ?? null,
    address: clientAddress(c),
  });
  if (!res.ok) throw JOIN_STATUS[res.reason](res.message);
  const token = await signPlayer(c.env.JWT_SECRET, { playerId: res.playerId, gameId: res.gameId, code });
  return c.json(
    {
      playerId: res.playerId,
      nickname: res.nickname,
      token,
      wsUrl: `/ws/${code}?token=${encodeURIComponent(token)}`,
    },
    201,
  );
});

export const wsRoutes = new Hono<AppEnv>();

/**
 * The request a room (or relay) gets for a socket: the client's `Upgrade` and address and the
 * identity headers set here, nothing else. A room reads no other header, identity headers a client
 * forged never reach it, and a join does not copy every header a browser sent.
 */
export function forward(req: Request, identity: Record<string, string>): Request {
  const headers = new Headers(identity);
  for (const name of ["Upgrade", "cf-connecting-ip"]) {
    const v = req.headers.get(name);
    if (v !== null) headers.set(name, v);
  }
  return new Request(req.url, { method: "GET", headers });
}

export function requireUpgrade(req: Request): void {
  if (req.headers.get("Upgrade")?.toLowerCase() !== "websocket")
    throw new ApiError(400, "bad_request", "this endpoint takes a WebSocket upgrade");
}

const HOST_REFUSALS_MESSAGE = "too many refused host connections, wait a minute";

/**
 * A teacher's socket handed to the object that checks ownership (a live room, an assignment), with
 * the trusted identity headers. 403 (someone else's) and 404 (nothing there) tell a live code from
 * a free one: each refusal uses the address's and the account's budget, and once either is spent
 * every refusal is a 429.
 */
export async function connectHost(
  c: Context<AppEnv>,
  stub: { fetch(request: Request): Promise<Response> },
  user: CurrentUser,
): Promise<Response> {
  const res = await stub.fetch(
    forward(c.req.raw, {
      [IDENTITY_HEADERS.role]: "host",
      [IDENTITY_HEADERS.user]: user.id,
      [IDENTITY_HEADERS.userRole]: user.role,
      [IDENTITY_HEADERS.session]: user.jti,
      [IDENTITY_HEADERS.sessionExp]: String(user.exp),
    }),
  );
  if (res.status === 403 || res.status === 404) {
    await enforceLimit(c, "HOST_LIMITER", byAddress("host")(c), HOST_REFUSALS_MESSAGE);
    await enforceLimit(c, "HOST_LIMITER", `host-user:${user.id}`, HOST_REFUSALS_MESSAGE);
  }
  return res;
}

wsRoutes.get("/:code/host", async (c) => {
  const code = parseCode(c.req.param("code"));
  requireUpgrade(c.req.raw);
  // A phone remote comes with its own session and a remote code it claimed (remote.ts); it is
  // handed over as the session that showed the code, so that session's end closes it too.
  const remote = c.req.query("remote");
  const user = remote
    ? await remoteUser(
        c.var.db,
        c.env.JWT_SECRET,
        remote,
        code,
        await userFromToken(c.var.db, c.env.JWT_SECRET, sessionToken(c)),
      )
    : await userFromToken(c.var.db, c.env.JWT_SECRET, sessionToken(c, { fromQuery: "token" }));
  if (!user)
    throw unauthorized(
      remote
        ? "this remote is not valid any more: show a new remote code on the teacher's screen"
        : "log in to host this game",
    );
  if (user.role !== "teacher" && user.role !== "admin") throw forbidden("only teachers host games");
  // The room checks that this user is the game's host (or an admin).
  return connectHost(c, roomStub(c.env, code), user);
});

/**
 * Join and connect in one request: what POST /api/rooms/:code/join does, over the upgrade itself
 * (the nickname, the name or student ID, and a token this client held before, in the query). One request per player
 * instead of two; the welcome carries the seat's token for reconnecting.
 *
 * The hottest request of a join wave, so app.ts mounts it ahead of /ws/*'s shared middleware with
 * only what it needs (`playerJoinRoutes`): the same-origin check (no cross-site socket), the room
 * refusals as JSON, the join limit (refused joins use the address's budget; a spent budget is a 429
 * before anything reaches a room; the room counts seats), zod on the query. The database handle is
 * opened only for a caller with a session; an anonymous player never needs it.
 */
export const playerJoinRoutes = new Hono<AppEnv>();

playerJoinRoutes.use("/:code/join", roomRefusalsAsJson, sameOriginOnly);
playerJoinRoutes.get("/:code/join", joinRefusalsLimit(socketSeated), validate("query", joinBody), async (c) => {
  const code = parseCode(c.req.param("code"));
  requireUpgrade(c.req.raw);
  const query = c.req.valid("query");
  // A logged-in student gets the same seat on every device; a browser's socket carries the cookie.
  const session = sessionToken(c);
  const user = session ? await userFromToken(openDb(c.env.DB), c.env.JWT_SECRET, session) : null;
  const claims = query.token ? await verifyPlayer(c.env.JWT_SECRET, query.token) : null;
  const identity: Record<string, string> = { [IDENTITY_HEADERS.role]: "join" };
  // Header values are ASCII: the texts travel percent-encoded.
  if (query.nickname !== undefined) identity[IDENTITY_HEADERS.nickname] = encodeURIComponent(query.nickname);
  if (query.studentId !== undefined) identity[IDENTITY_HEADERS.studentId] = encodeURIComponent(query.studentId);
  if (user) identity[IDENTITY_HEADERS.user] = user.id;
  if (claims && claims.code === code) identity[IDENTITY_HEADERS.player] = claims.playerId;
  if (query.key) identity[IDENTITY_HEADERS.joinKey] = query.key;
  const key = claims?.playerId ?? query.key ?? query.nickname ?? crypto.randomUUID();
  return toPlayerSocket(c.env, code, c.req.raw.cf, forward(c.req.raw, identity), key, !claims);
});

wsRoutes.get("/:code", async (c) => {
  const code = parseCode(c.req.param("code"));
  requireUpgrade(c.req.raw);
  const token = c.req.query("token");
  if (!token) throw badRequest("a player token is required: join the game first");
  const claims = await verifyPlayer(c.env.JWT_SECRET, token);
  if (!claims || claims.code !== code) throw unauthorized("this player token is not valid for this game");
  // The room checks that the token's game is the one it holds (a code is reused after clean-up).
  return toPlayerSocket(
    c.env,
    code,
    c.req.raw.cf,
    forward(c.req.raw, {
      [IDENTITY_HEADERS.role]: "player",
      [IDENTITY_HEADERS.player]: claims.playerId,
      [IDENTITY_HEADERS.game]: claims.gameId,
    }),
    claims.playerId,
  );
});
