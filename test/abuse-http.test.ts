// Abuse over HTTP: floods are rate-limited (joins, log posts, sign-ups, password guessing) without
// locking out a class behind one NAT; forged, tampered, expired and misused tokens fail (sessions
// and player tokens, each in the other's place, a player token of one game in another); only the
// app's own origin may call the API (no CORS grant, 403 for a foreign Origin, CSRF by a cookie
// refused); security headers are on every kind of API answer.
import { env, exports } from "cloudflare:workers";
import { SignJWT } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signSession } from "../worker/auth/tokens.ts";
import { signPlayer } from "../rooms/kit/player-token.ts";
import { sampleQuiz, uniqueEmail } from "./helpers/api.ts";
import { assign, start } from "./helpers/assignment-client.ts";
import {
  countRows,
  expectClientError,
  hostGame,
  postQuiz,
  send,
  signUp,
  Tally,
  type Account,
  type Reply,
} from "./helpers/fuzz-http.ts";

const tally = new Tally("abuse-http");
afterAll(() => console.log(tally.summary()));

const JSON_TYPE = { "content-type": "application/json" };
const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
  send(path, { method: "POST", headers: { ...JSON_TYPE, ...headers }, body: JSON.stringify(body) }).then((r) =>
    tally.note(r),
  );
const get = (path: string, headers: Record<string, string> = {}) => send(path, { headers }).then((r) => tally.note(r));
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
let ipSeq = 0;
/** An address no other test uses (the limiters are real and keyed by address). */
const ownIp = () => `198.51.100.${++ipSeq}`;

/**
 * Sends `make()` until a 429 comes or `max` requests have gone. The limiter's windows are aligned
 * to the clock, so a flood may straddle two: budget for that rather than expecting an exact count.
 */
async function flood(max: number, make: () => Promise<Reply>): Promise<{ statuses: number[]; refusal: Reply | null }> {
  const statuses: number[] = [];
  for (let i = 0; i < max; i++) {
    const r = await make();
    statuses.push(r.status);
    if (r.status === 429) return { statuses, refusal: r };
  }
  return { statuses, refusal: null };
}

let teacher: Account;
let other: Account;
let quizId: string;

beforeAll(async () => {
  [teacher, other] = await Promise.all([signUp("teacher"), signUp("teacher")]);
  quizId = (await postQuiz(teacher.token, sampleQuiz())).id;
});

describe("floods", () => {
  it("login: a class of 15 behind one NAT address all log in; guesses at one account from one address (any spelling of its email) are cut off", async () => {
    const students = await Promise.all(Array.from({ length: 15 }, () => signUp("student")));
    const school = ownIp();
    for (const s of students) {
      const r = await post(
        "/api/auth/login",
        { email: s.user.email, password: s.password },
        { "cf-connecting-ip": school },
      );
      expect(r.status, `${s.user.email}: ${r.text}`).toBe(200);
    }
    // Guessing one account, the email spelled in different cases and spaces: one budget (10 a minute).
    const victim = students[0];
    const spellings = [
      victim.user.email,
      ` ${victim.user.email.toUpperCase()} `,
      victim.user.email.replace(/^./, (c) => c.toUpperCase()),
    ];
    const attacker = ownIp();
    let i = 0;
    const { statuses, refusal } = await flood(24, () =>
      post("/api/auth/login", { email: spellings[i++ % 3], password: `guess ${i}` }, { "cf-connecting-ip": attacker }),
    );
    expect(refusal, `statuses ${statuses}`).not.toBeNull();
    expectClientError(refusal!, "login flood");
    expect(refusal!.json).toMatchObject({ error: { code: "rate_limited" } });
    expect(statuses.filter((s) => s !== 401 && s !== 429)).toEqual([]);
    expect(statuses.length).toBeLessThanOrEqual(21);
    // Even the right password is refused from that address now. (Should the limiter's window have
    // rolled over just then, spend the new one and try again: the refusal must come.)
    let rightPassword = await post(
      "/api/auth/login",
      { email: victim.user.email, password: victim.password },
      { "cf-connecting-ip": attacker },
    );
    for (let round = 0; round < 3 && rightPassword.status !== 429; round++) {
      await flood(24, () =>
        post(
          "/api/auth/login",
          { email: victim.user.email, password: `again ${i++}` },
          { "cf-connecting-ip": attacker },
        ),
      );
      rightPassword = await post(
        "/api/auth/login",
        { email: victim.user.email, password: victim.password },
        { "cf-connecting-ip": attacker },
      );
    }
    expect(rightPassword.status).toBe(429);
    // From the school's address the account still logs in.
    expect(
      (
        await post(
          "/api/auth/login",
          { email: victim.user.email, password: victim.password },
          { "cf-connecting-ip": school },
        )
      ).status,
    ).toBe(200);
  });

  it("sign-up: a flood of new accounts from one address is cut off (10 a minute), another address still signs up", async () => {
    const ip = ownIp();
    const before = (await countRows()).users;
    const { statuses, refusal } = await flood(25, () =>
      post(
        "/api/auth/register",
        { email: uniqueEmail("flood"), password: "flood password", name: "Flood", role: "student" },
        { "cf-connecting-ip": ip },
      ),
    );
    expect(refusal, `statuses ${statuses}`).not.toBeNull();
    expect(refusal!.json).toMatchObject({ error: { code: "rate_limited" } });
    const created = statuses.filter((s) => s === 201).length;
    expect(statuses.filter((s) => s !== 201 && s !== 429)).toEqual([]);
    expect(created).toBeGreaterThanOrEqual(1);
    expect(created).toBeLessThanOrEqual(20);
    // Exactly the accepted sign-ups were stored.
    expect((await countRows()).users).toBe(before + created);
    expect(
      (
        await post("/api/auth/register", {
          email: uniqueEmail("fine"),
          password: "fine password",
          name: "Fine",
          role: "student",
        })
      ).status,
    ).toBe(201);
  });

  it("log posts: a flood from one address is cut off (20 per 10 s); only accepted batches were stored; another address still posts", async () => {
    const ip = ownIp();
    const before = (await countRows()).events;
    const { statuses, refusal } = await flood(60, () =>
      post(
        "/api/logs",
        { events: [{ type: "client.error", message: "loop" }, { type: "client.page_view" }] },
        { "cf-connecting-ip": ip },
      ),
    );
    expect(refusal, `statuses ${statuses}`).not.toBeNull();
    expectClientError(refusal!, "log flood");
    expect(refusal!.json).toMatchObject({ error: { code: "rate_limited" } });
    const accepted = statuses.filter((s) => s === 202).length;
    expect(statuses.filter((s) => s !== 202 && s !== 429)).toEqual([]);
    expect(accepted).toBeLessThanOrEqual(40);
    expect((await countRows()).events).toBe(before + accepted * 2);
    expect((await post("/api/logs", { events: [{ type: "client.page_view" }] })).status).toBe(202);
  });

  it("joins: a lecture hall of 120 behind one address all join; a flood from one address is cut off and seats nobody; others still join", async () => {
    const game = await hostGame(teacher.token, quizId, { maxPlayers: 5000 });
    const hall = ownIp();
    for (let i = 0; i < 120; i++) {
      const r = await post(`/api/rooms/${game.code}/join`, { nickname: `Student ${i}` }, { "cf-connecting-ip": hall });
      expect(r.status, r.text).toBe(201);
    }
    // The flood: bodies the room would refuse anyway (a number for a nickname), so a 429 is the only other answer.
    const ip = ownIp();
    const { statuses, refusal } = await flood(700, () =>
      post(`/api/rooms/${game.code}/join`, { nickname: 7 }, { "cf-connecting-ip": ip }),
    );
    expect(refusal, `${statuses.length} joins, none refused`).not.toBeNull();
    expect(refusal!.json).toMatchObject({ error: { code: "rate_limited" } });
    expect(statuses.filter((s) => s !== 400 && s !== 429)).toEqual([]);
    expect(statuses.length).toBeGreaterThan(30);
    expect((await post(`/api/rooms/${game.code}/join`, { nickname: "Latecomer" })).status).toBe(201);
    expect((await get(`/api/rooms/${game.code}`)).json).toMatchObject({ playerCount: 121 });
  });

  it("joins: a flood of valid joins from one address seats at most the room's budget; seats use no limiter budget", async () => {
    const [a, b] = await Promise.all([
      hostGame(teacher.token, quizId, { maxPlayers: 5000 }),
      hostGame(teacher.token, quizId, { maxPlayers: 5000 }),
    ]);
    const ip = ownIp();
    const statuses: number[] = [];
    let refusal: Reply | undefined;
    // In parallel batches: the room's window (10 s from the address's first seat) outlasts the flood.
    for (let round = 0; round < 7; round++) {
      const batch = await Promise.all(
        Array.from({ length: 50 }, (_, i) =>
          post(`/api/rooms/${a.code}/join`, { nickname: `Bot ${round * 50 + i}` }, { "cf-connecting-ip": ip }),
        ),
      );
      statuses.push(...batch.map((r) => r.status));
      refusal ??= batch.find((r) => r.status === 429);
    }
    expect(statuses.filter((s) => s !== 201 && s !== 429)).toEqual([]);
    expect(statuses.filter((s) => s === 201)).toHaveLength(300);
    expect(refusal?.json).toMatchObject({ error: { code: "rate_limited" } });
    expect((await get(`/api/rooms/${a.code}`)).json).toMatchObject({ playerCount: 300 });
    // The 300 seats made no call on the address's join limiter (its budget is 300 per 10 s): the
    // same address still joins another room.
    expect(
      (await post(`/api/rooms/${b.code}/join`, { nickname: "Next room" }, { "cf-connecting-ip": ip })).status,
    ).toBe(201);
  });
});

describe("homework starts", () => {
  it("new seats from one address share the room's budget; a returning student is never charged; seats use no limiter budget", async () => {
    const [a, b] = [await assign(teacher.token, quizId), await assign(teacher.token, quizId)];
    const ip = ownIp();
    const first = await start(a.code, { nickname: "First" }, { "cf-connecting-ip": ip });
    expect(first.status, first.text).toBe(201);
    const statuses: number[] = [201];
    let refusal: Reply | undefined;
    for (let round = 0; round < 7; round++) {
      const batch = await Promise.all(
        Array.from({ length: 50 }, (_, i) =>
          start(a.code, { nickname: `Bot ${round * 50 + i}` }, { "cf-connecting-ip": ip }),
        ),
      );
      statuses.push(...batch.map((r) => r.status));
      refusal ??= batch.find((r) => r.status === 429);
    }
    expect(statuses.filter((s) => s !== 201 && s !== 429)).toEqual([]);
    expect(statuses.filter((s) => s === 201)).toHaveLength(300);
    expect(refusal?.json).toMatchObject({ error: { code: "rate_limited" } });
    // Coming back with the seat's token, from the spent address: the same seat, no budget used.
    const again = await start(a.code, { token: (first.json as { token: string }).token }, { "cf-connecting-ip": ip });
    expect(again.status, again.text).toBe(201);
    expect((again.json as { me: { participantId: string } }).me.participantId).toBe(
      (first.json as { me: { participantId: string } }).me.participantId,
    );
    // The 300 seats made no call on the address's join limiter: the same address starts another assignment.
    expect((await start(b.code, { nickname: "Next" }, { "cf-connecting-ip": ip })).status).toBe(201);
  });
});

// ---------- tokens ----------

const key = () => new TextEncoder().encode(env.JWT_SECRET);
const b64url = (s: string) => btoa(s).replace(/=+$/, "").replace(/\+/g, "-").replace(/\//g, "_");
const fromB64url = (s: string) => atob(s.replace(/-/g, "+").replace(/_/g, "/"));

/** Flips one bit of one character of the signature (the last segment), keeping it base64url. */
function flipSignature(token: string): string {
  const [h, p, sig] = token.split(".");
  const i = Math.floor(sig.length / 2);
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  const swapped = alphabet[(alphabet.indexOf(sig[i]) ^ 1) % 64];
  return `${h}.${p}.${sig.slice(0, i)}${swapped}${sig.slice(i + 1)}`;
}

/** The same claims with one changed, the signature left as it was. */
function withClaim(token: string, claim: string, value: unknown): string {
  const [h, p, sig] = token.split(".");
  const payload = JSON.parse(fromB64url(p));
  payload[claim] = value;
  return `${h}.${b64url(JSON.stringify(payload))}.${sig}`;
}

/** alg "none": the claims of a real token, no signature. */
function algNone(token: string): string {
  const [, p] = token.split(".");
  return `${b64url(JSON.stringify({ alg: "none", typ: "JWT" }))}.${p}.`;
}

async function customSession(
  claims: Record<string, unknown>,
  opts: { aud?: string; iss?: string; exp?: number | string; secret?: Uint8Array; sub?: string; noJti?: boolean } = {},
) {
  const jwt = new SignJWT({ role: "teacher", typ: "session", ...claims })
    .setProtectedHeader({ alg: "HS256" })
    .setIssuer(opts.iss ?? "quickquiz")
    .setAudience(opts.aud ?? "session")
    .setSubject(opts.sub ?? teacher.user.id);
  if (!opts.noJti) jwt.setJti(crypto.randomUUID());
  return jwt
    .setIssuedAt()
    .setExpirationTime(opts.exp ?? "1h")
    .sign(opts.secret ?? key());
}

async function expect401(token: string, what: string) {
  for (const [path, headers] of [
    ["/api/auth/me", bearer(token)],
    ["/api/quizzes", bearer(token)],
    ["/api/auth/me", { cookie: `qq_session=${token}` }],
  ] as const) {
    const r = await get(path, headers);
    expectClientError(r, `${what} on ${path}`);
    expect(r.status, `${what} on ${path}`).toBe(401);
  }
}

describe("session tokens", () => {
  it("a control token of our own making works (so the refusals below are about the flaw, not the recipe)", async () => {
    const token = await customSession({});
    expect((await get("/api/auth/me", bearer(token))).status).toBe(200);
  });

  it("fail when expired, tampered, unsigned (alg none), signed with another key, for another audience or issuer, or without a jti", async () => {
    const real = teacher.token;
    await expect401(flipSignature(real), "a flipped signature bit");
    await expect401(withClaim(real, "role", "admin"), "a role raised to admin in the payload");
    await expect401(withClaim(real, "sub", other.user.id), "another user's id in the payload");
    await expect401(withClaim(real, "exp", 4_102_444_800), "an expiry pushed to 2100");
    await expect401(algNone(real), "alg none");
    await expect401(real.split(".").slice(0, 2).join(".") + ".", "the signature stripped");
    await expect401(await customSession({}, { exp: Math.floor(Date.now() / 1000) - 5 }), "an expired session");
    await expect401(
      await customSession({}, { secret: new TextEncoder().encode("another secret of at least thirty-two chars") }),
      "another key",
    );
    await expect401(await customSession({}, { aud: "player" }), "the player audience");
    await expect401(await customSession({ typ: "player" }), "typ player");
    await expect401(await customSession({}, { iss: "someone-else" }), "another issuer");
    await expect401(await customSession({}, { noJti: true }), "no jti (it could never be revoked)");
    await expect401(await customSession({}, { sub: crypto.randomUUID() }), "a user who does not exist");
  });

  it("a player token is not a session, anywhere", async () => {
    const game = await hostGame(teacher.token, quizId);
    const seat = (await post(`/api/rooms/${game.code}/join`, { nickname: "Sneaky" })).json as { token: string };
    await expect401(seat.token, "a player token used as a session");
    const host = await send(`/ws/${game.code}/host?token=${seat.token}`, { headers: { upgrade: "websocket" } });
    expectClientError(tally.note(host), "a player token on the host socket");
    expect(host.status).toBe(401);
  });

  it("a logged-out session fails at once; a disabled account's session fails; a demoted teacher loses teacher rights at once", async () => {
    const a = await signUp("teacher");
    expect((await send("/api/auth/logout", { method: "POST", headers: bearer(a.token) })).status).toBe(204);
    await expect401(a.token, "a revoked session");

    const b = await signUp("teacher");
    await env.DB.prepare("UPDATE users SET disabled = 1 WHERE id = ?").bind(b.user.id).run();
    await expect401(b.token, "a disabled account's session");

    const c = await signUp("teacher");
    await env.DB.prepare("UPDATE users SET role = 'student' WHERE id = ?").bind(c.user.id).run();
    const r = await post("/api/quizzes", sampleQuiz(), bearer(c.token));
    expectClientError(r, "demoted teacher");
    expect(r.status).toBe(403);
  });

  it("a session minted with the right key but for a role the user does not have gets only the user's real role", async () => {
    const student = await signUp("student");
    const { token } = await signSession(env.JWT_SECRET, student.user.id, "admin", 3600);
    const r = await get("/api/logs", bearer(token));
    expectClientError(r, "student with an admin claim");
    expect(r.status).toBe(403);
  });
});

interface Socket {
  ws: WebSocket;
  messages: unknown[];
  closed: Promise<{ code: number; reason: string }>;
}

async function openSocket(path: string): Promise<{ status: number; socket: Socket | null; body: Reply | null }> {
  const res = await exports.default.fetch(`http://qq.test${path}`, {
    headers: { upgrade: "websocket", "cf-connecting-ip": ownIp() },
  });
  if (!res.webSocket) {
    const text = await res.text();
    return {
      status: res.status,
      socket: null,
      body: tally.note({ status: res.status, headers: res.headers, text, json: JSON.parse(text) }),
    };
  }
  const ws = res.webSocket;
  const messages: unknown[] = [];
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    ws.addEventListener("close", (e) => resolve({ code: e.code, reason: e.reason })),
  );
  ws.addEventListener("message", (e) => messages.push(JSON.parse(e.data as string)));
  ws.accept();
  tally.inputs += 1;
  return { status: res.status, socket: { ws, messages, closed }, body: null };
}
describe("player tokens", () => {
  let gameA: { gameId: string; code: string };
  let gameB: { gameId: string; code: string };
  let seatA: { playerId: string; token: string };

  beforeAll(async () => {
    gameA = await hostGame(teacher.token, quizId);
    gameB = await hostGame(teacher.token, quizId);
    seatA = (await post(`/api/rooms/${gameA.code}/join`, { nickname: "Alpha" })).json as typeof seatA;
  });

  it("the token opens its own game's socket", async () => {
    const { status, socket } = await openSocket(`/ws/${gameA.code}?token=${encodeURIComponent(seatA.token)}`);
    expect(status).toBe(101);
    socket!.ws.close(1000, "done");
  });

  it("a player token of game A on the socket of game B is a 401, and B's room never sees it", async () => {
    const { status, body } = await openSocket(`/ws/${gameB.code}?token=${encodeURIComponent(seatA.token)}`);
    expect(status).toBe(401);
    expectClientError(body!, "token of A at B");
  });

  it("a validly signed token naming B's code but A's game (a code reused after clean-up) is refused by B's room: error frame, close 4004", async () => {
    const forged = await signPlayer(env.JWT_SECRET, {
      playerId: seatA.playerId,
      gameId: gameA.gameId,
      code: gameB.code,
    });
    const { status, socket } = await openSocket(`/ws/${gameB.code}?token=${encodeURIComponent(forged)}`);
    expect(status).toBe(101);
    const closed = await socket!.closed;
    expect(closed.code).toBe(4004);
    expect(socket!.messages[0]).toMatchObject({ type: "error" });
  });

  it("tampered, unsigned, expired and session tokens on a player socket are 401s", async () => {
    const expired = await new SignJWT({ typ: "player", game: gameA.gameId, code: gameA.code })
      .setProtectedHeader({ alg: "HS256" })
      .setIssuer("quickquiz")
      .setAudience("player")
      .setSubject(seatA.playerId)
      .setIssuedAt(Math.floor(Date.now() / 1000) - 7200)
      .setExpirationTime(Math.floor(Date.now() / 1000) - 3600)
      .sign(key());
    const cases: [string, string][] = [
      [flipSignature(seatA.token), "a flipped signature bit"],
      [withClaim(seatA.token, "code", gameB.code), "the game code changed in the payload"],
      [withClaim(seatA.token, "sub", crypto.randomUUID()), "another player id in the payload"],
      [algNone(seatA.token), "alg none"],
      [expired, "an expired player token"],
      [teacher.token, "a session token as a player token"],
    ];
    for (const [token, what] of cases) {
      for (const code of [gameA.code, gameB.code]) {
        const { status, body } = await openSocket(`/ws/${code}?token=${encodeURIComponent(token)}`);
        expect(status, `${what} at ${code === gameA.code ? "A" : "B"}`).toBe(401);
        expectClientError(body!, what);
      }
    }
  });

  it("a player token of A is no seat in B: joining B with it gives a new player, not A's", async () => {
    const r = await post(`/api/rooms/${gameB.code}/join`, { nickname: "Alpha", token: seatA.token });
    expect(r.status, r.text).toBe(201);
    expect((r.json as { playerId: string }).playerId).not.toBe(seatA.playerId);
  });

  it("log posts with a tampered or session token as `Player` are 401 and store nothing; a real one is attributed to its game", async () => {
    const before = (await countRows()).events;
    for (const token of [flipSignature(seatA.token), algNone(seatA.token), teacher.token]) {
      const r = await post(
        "/api/logs",
        { events: [{ type: "client.page_view" }] },
        { authorization: `Player ${token}` },
      );
      expectClientError(r, "bad player token on logs");
      expect(r.status).toBe(401);
    }
    expect((await countRows()).events).toBe(before);
    const ok = await post(
      "/api/logs",
      { events: [{ type: "client.page_view" }] },
      { authorization: `Player ${seatA.token}` },
    );
    expect(ok.status).toBe(202);
    const row = await env.DB.prepare(
      "SELECT game_id AS gameId, actor_id AS actorId FROM events WHERE type = 'client.page_view' ORDER BY id DESC LIMIT 1",
    ).first();
    expect(row).toEqual({ gameId: gameA.gameId, actorId: seatA.playerId });
  });
});

// ---------- browsers: origins and headers ----------

describe("origins (CORS and CSRF)", () => {
  const foreign = [
    "https://evil.example",
    "http://qq.test.evil.example",
    "https://qq.test",
    "http://qq.test:8080",
    "null",
    "http://QQ.TEST.",
    "file://",
  ];

  it("a foreign Origin is refused (403, no CORS grant) on every kind of endpoint and method, before anything runs", async () => {
    const before = await countRows();
    const requests: [string, RequestInit][] = [
      [
        "/api/auth/login",
        {
          method: "POST",
          headers: JSON_TYPE,
          body: JSON.stringify({ email: teacher.user.email, password: teacher.password }),
        },
      ],
      [
        "/api/auth/register",
        {
          method: "POST",
          headers: JSON_TYPE,
          body: JSON.stringify({ email: uniqueEmail(), password: "csrf password", name: "CSRF", role: "teacher" }),
        },
      ],
      [
        "/api/quizzes",
        {
          method: "POST",
          headers: { ...JSON_TYPE, cookie: `qq_session=${teacher.token}` },
          body: JSON.stringify(sampleQuiz()),
        },
      ],
      [`/api/quizzes/${quizId}`, { method: "DELETE", headers: { cookie: `qq_session=${teacher.token}` } }],
      ["/api/quizzes", { headers: { cookie: `qq_session=${teacher.token}` } }],
      ["/api/auth/logout", { method: "POST", headers: { cookie: `qq_session=${teacher.token}` } }],
      [
        "/api/logs",
        { method: "POST", headers: JSON_TYPE, body: JSON.stringify({ events: [{ type: "client.page_view" }] }) },
      ],
      [
        "/api/quizzes",
        {
          method: "OPTIONS",
          headers: { "access-control-request-method": "POST", "access-control-request-headers": "content-type" },
        },
      ],
    ];
    for (const origin of foreign) {
      for (const [path, init] of requests) {
        const headers = new Headers(init.headers);
        headers.set("origin", origin);
        const r = tally.note(await send(path, { ...init, headers }));
        const what = `${init.method ?? "GET"} ${path} from ${origin}`;
        expectClientError(r, what);
        expect(r.status, what).toBe(403);
        expect(r.headers.get("access-control-allow-origin"), what).toBeNull();
        expect(r.headers.get("access-control-allow-credentials"), what).toBeNull();
      }
    }
    // Nothing happened: no login event, no account, no quiz, no deletion, no log rows, the session still valid.
    expect(await countRows()).toEqual(before);
    expect((await get("/api/auth/me", bearer(teacher.token))).status).toBe(200);
    expect((await get(`/api/quizzes/${quizId}`, bearer(teacher.token))).status).toBe(200);
  });

  it("the app's own origin works and still gets no CORS grant (it needs none)", async () => {
    const r = await get("/api/auth/me", { origin: "http://qq.test", ...bearer(teacher.token) });
    expect(r.status).toBe(200);
    expect(r.headers.get("access-control-allow-origin")).toBeNull();
  });

  it("WebSocket upgrades from a foreign origin are refused (cross-site WebSocket hijacking)", async () => {
    const game = await hostGame(teacher.token, quizId);
    // The player's join has its own short middleware chain (games/routes.ts playerJoinRoutes): the check holds there too.
    for (const path of [`/ws/${game.code}/host`, `/ws/${game.code}?token=x`, `/ws/${game.code}/join?nickname=Eve`]) {
      const r = tally.note(
        await send(path, {
          headers: { upgrade: "websocket", origin: "https://evil.example", cookie: `qq_session=${teacher.token}` },
        }),
      );
      expectClientError(r, path);
      expect(r.status).toBe(403);
    }
    // Refused before the room: no seat was taken.
    const info = await get(`/api/rooms/${game.code}`);
    expect((info.json as { playerCount: number }).playerCount).toBe(0);
  });

  it("the session cookie is HttpOnly, Secure and SameSite=Lax; logout clears it", async () => {
    const r = await post("/api/auth/login", { email: teacher.user.email, password: teacher.password });
    const cookie = r.headers.get("set-cookie") ?? "";
    expect(cookie).toMatch(/^qq_session=/);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/Secure/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    const out = await send("/api/auth/logout", {
      method: "POST",
      headers: bearer((r.json as { token: string }).token),
    });
    expect(out.headers.get("set-cookie") ?? "").toMatch(/qq_session=;.*Max-Age=0/i);
  });
});

describe("security headers", () => {
  it("are on every kind of API answer: 200, 201, 204, 400, 401, 403, 404, 413, 415, 429", async () => {
    const limited = ownIp();
    for (let i = 0; i < 60; i++) {
      if (
        (await post("/api/logs", { events: [{ type: "client.page_view" }] }, { "cf-connecting-ip": limited }))
          .status === 429
      )
        break;
    }
    const answers: [number, Promise<Reply>][] = [
      [200, get("/api/health")],
      [201, post("/api/quizzes", sampleQuiz(), bearer(teacher.token))],
      [204, send("/api/auth/logout", { method: "POST" })],
      [400, post("/api/quizzes", { title: 5 }, bearer(teacher.token))],
      [401, get("/api/auth/me")],
      [403, post("/api/quizzes", sampleQuiz(), { origin: "https://evil.example", ...bearer(teacher.token) })],
      [404, get("/api/nothing-here")],
      [
        413,
        send("/api/quizzes", {
          method: "POST",
          headers: { ...JSON_TYPE, ...bearer(teacher.token) },
          body: "x".repeat(600_000),
        }),
      ],
      [
        415,
        send("/api/quizzes", {
          method: "POST",
          headers: { "content-type": "text/plain", ...bearer(teacher.token) },
          body: "{}",
        }),
      ],
      [429, post("/api/logs", { events: [{ type: "client.page_view" }] }, { "cf-connecting-ip": limited })],
    ];
    for (const [status, pending] of answers) {
      const r = await pending;
      expect(r.status).toBe(status);
      const h = r.headers;
      expect(h.get("content-security-policy"), `${status}`).toContain("default-src 'none'");
      expect(h.get("content-security-policy"), `${status}`).toContain("frame-ancestors 'none'");
      expect(h.get("x-content-type-options"), `${status}`).toBe("nosniff");
      expect(h.get("x-frame-options"), `${status}`).toBe("DENY");
      expect(h.get("referrer-policy"), `${status}`).toBe("strict-origin-when-cross-origin");
      expect(h.get("strict-transport-security"), `${status}`).toMatch(/max-age=\d+/);
      expect(h.get("cross-origin-resource-policy"), `${status}`).toBe("same-origin");
      // Sessions, tokens and personal data are never cached.
      expect(h.get("cache-control"), `${status}`).toBe("no-store");
      expect(h.get("access-control-allow-origin"), `${status}`).toBeNull();
    }
  });
});

describe("the web app's static headers (web/public/_headers, copied to dist/client by the build)", () => {
  it("give every page a CSP that allows only our own scripts and connections, no framing, no plugins", async () => {
    const { default: text } = await import("../web/public/_headers?raw");
    const rules = (text as string)
      .split("\n")
      .filter((l) => l.startsWith("  "))
      .map((l) => l.trim());
    const header = (name: string) =>
      rules
        .find((l) => l.toLowerCase().startsWith(`${name.toLowerCase()}:`))
        ?.slice(name.length + 1)
        .trim();
    expect((text as string).split("\n").some((l) => l === "/*")).toBe(true);
    const csp = Object.fromEntries(
      header("Content-Security-Policy")!
        .split(";")
        .map((d) => d.trim().split(/\s+/))
        .map(([k, ...v]) => [k, v.join(" ")]),
    );
    expect(csp).toEqual({
      "default-src": "'self'",
      "script-src": "'self'",
      "style-src": "'self' 'unsafe-inline'",
      "img-src": "'self' https: data: blob:",
      "connect-src": "'self'",
      "frame-ancestors": "'none'",
      "base-uri": "'self'",
      "form-action": "'self'",
      "object-src": "'none'",
    });
    expect(header("X-Content-Type-Options")).toBe("nosniff");
    expect(header("Referrer-Policy")).toBe("strict-origin-when-cross-origin");
  });

  it("web/index.html has no inline script or inline event handler that the CSP would block", async () => {
    const { default: html } = await import("../web/index.html?raw");
    const scripts = [...(html as string).matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)];
    expect(scripts.length).toBeGreaterThan(0);
    for (const [, attrs, body] of scripts) {
      expect(attrs, "every script is loaded from a file").toMatch(/\bsrc=/);
      expect(body.trim(), "and has no inline code").toBe("");
    }
    expect(html as string).not.toMatch(/\son[a-z]+\s*=/i);
    expect(html as string).not.toMatch(/javascript:/i);
  });
});
