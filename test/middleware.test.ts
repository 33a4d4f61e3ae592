// The Worker's shared middleware (worker/middleware/) and credentials reader, each mounted on a
// small Hono app of its own with the real bindings (D1, the rate limiters), and the credential
// rules once more through the real Worker.
import { env } from "cloudflare:workers";
import { Hono } from "hono";
import { describe, expect, it } from "vitest";
import { count } from "drizzle-orm";
import { users } from "../schema/db.ts";
import type { AppEnv } from "../worker/app-env.ts";
import { credentials, SESSION_COOKIE, sessionToken } from "../worker/auth/credentials.ts";
import { signPlayer } from "../rooms/kit/player-token.ts";
import { ApiError, errorResponse } from "../worker/errors.ts";
import { database } from "../worker/middleware/database.ts";
import { byAddress, clientAddress, limitBy } from "../worker/middleware/rate-limit.ts";
import { UNKNOWN_ADDRESS } from "../rooms/kit/identity.ts";
import { api, freshIp, type ErrorBody } from "./helpers/api.ts";
import { makeUser } from "./helpers/fixtures.ts";

function appWith(build: (app: Hono<AppEnv>) => void): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.onError((err, c) => (err instanceof ApiError ? errorResponse(c, err) : c.text(String(err), 500)));
  build(app);
  return app;
}

describe("credentials: one reader for the Authorization header and the session cookie", () => {
  const app = appWith((a) =>
    a.get("/", (c) => c.json({ ...credentials(c), fromQuery: sessionToken(c, { fromQuery: "token" }) })),
  );
  const read = async (headers: Record<string, string>, query = "") =>
    (await app.request(`/${query}`, { headers }, env)).json();
  const cookie = { cookie: `${SESSION_COOKIE}=from-cookie` };

  it("reads a Bearer token, in any case of the scheme, and then ignores the cookie", async () => {
    expect(await read({ authorization: "Bearer abc.def", ...cookie })).toEqual({
      session: "abc.def",
      player: null,
      fromQuery: "abc.def",
    });
    expect(await read({ authorization: "bearer\tabc" })).toMatchObject({ session: "abc", player: null });
  });

  it("reads the cookie when no Authorization header is sent", async () => {
    expect(await read(cookie)).toEqual({ session: "from-cookie", player: null, fromQuery: "from-cookie" });
    expect(await read({})).toEqual({ session: null, player: null, fromQuery: null });
  });

  it("reads a Player token as a player's, never as a session, and never falls back to the cookie", async () => {
    expect(await read({ authorization: "Player p.q.r", ...cookie })).toEqual({
      session: null,
      player: "p.q.r",
      fromQuery: null,
    });
  });

  it("reads nothing from a header of another scheme or a malformed one", async () => {
    for (const authorization of ["Basic dXNlcjpwdw==", "Bearer", "Bearer a b", "Token abc"]) {
      expect(await read({ authorization, ...cookie }), authorization).toEqual({
        session: null,
        player: null,
        fromQuery: null,
      });
    }
  });

  it("takes a ?token= only where the route asks for it, before the header", async () => {
    expect(await read({ authorization: "Bearer from-header" }, "?token=from-query")).toEqual({
      session: "from-header",
      player: null,
      fromQuery: "from-query",
    });
  });
});

describe("credentials through the real Worker", () => {
  it("a Bearer token wins over another user's cookie", async () => {
    const [teacher, student] = await Promise.all([makeUser("teacher"), makeUser("student")]);
    const res = await api("/api/auth/me", {
      token: teacher.token,
      headers: { cookie: `${SESSION_COOKIE}=${student.token}` },
    });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { user: { id: string } }).user.id).toBe(teacher.id);
  });

  it("a Player header is not a session, even with a valid session cookie beside it", async () => {
    const student = await makeUser("student");
    const player = await signPlayer(env.JWT_SECRET, { playerId: "p-1", gameId: "g-1", code: "ABCDEF" });
    const res = await api("/api/auth/me", {
      headers: { authorization: `Player ${player}`, cookie: `${SESSION_COOKIE}=${student.token}` },
    });
    expect(res.status).toBe(401);
    expect((await api("/api/auth/me", { headers: { cookie: `${SESSION_COOKIE}=${student.token}` } })).status).toBe(200);
  });
});

describe("rate limits: one helper, keyed by the client's address", () => {
  it("reads cf-connecting-ip, and one shared stand-in when it is missing or empty", async () => {
    const app = appWith((a) => a.get("/", (c) => c.text(clientAddress(c))));
    expect(await (await app.request("/", { headers: { "cf-connecting-ip": "198.51.100.7" } }, env)).text()).toBe(
      "198.51.100.7",
    );
    expect(await (await app.request("/", {}, env)).text()).toBe(UNKNOWN_ADDRESS);
    expect(await (await app.request("/", { headers: { "cf-connecting-ip": "" } }, env)).text()).toBe(UNKNOWN_ADDRESS);
  });

  it("answers 429 in the one error shape once an address has used its budget; another address and another scope keep theirs", async () => {
    // LOG_LIMITER allows 20 per 10 s; a scope of this test's own keeps other tests' budgets apart.
    const scope = `test-${crypto.randomUUID()}`;
    const app = appWith((a) => {
      a.get("/a", limitBy("LOG_LIMITER", byAddress(scope), "slow down, test"), (c) => c.text("ok"));
      a.get("/b", limitBy("LOG_LIMITER", byAddress(`${scope}-other`)), (c) => c.text("ok"));
    });
    const ip = freshIp();
    const statuses: number[] = [];
    let refusal: Response | null = null;
    for (let i = 0; i < 40 && !refusal; i++) {
      const res = await app.request("/a", { headers: { "cf-connecting-ip": ip } }, env);
      statuses.push(res.status);
      if (res.status === 429) refusal = res;
    }
    expect(refusal, `statuses ${statuses}`).not.toBeNull();
    expect(statuses.filter((s) => s === 200).length).toBeGreaterThanOrEqual(1);
    expect(((await refusal!.json()) as ErrorBody).error).toEqual({ code: "rate_limited", message: "slow down, test" });
    expect((await app.request("/a", { headers: { "cf-connecting-ip": freshIp() } }, env)).status).toBe(200);
    expect((await app.request("/b", { headers: { "cf-connecting-ip": ip } }, env)).status).toBe(200);
  });

  it("callers without an address share one budget: limiting stays on for them", async () => {
    const scope = `test-${crypto.randomUUID()}`;
    const app = appWith((a) => a.get("/", limitBy("LOG_LIMITER", byAddress(scope)), (c) => c.text("ok")));
    const statuses: number[] = [];
    for (let i = 0; i < 40 && !statuses.includes(429); i++) statuses.push((await app.request("/", {}, env)).status);
    expect(statuses).toContain(429);
    expect((await app.request("/", { headers: { "cf-connecting-ip": freshIp() } }, env)).status).toBe(200);
  });
});

describe("database: one handle per request", () => {
  it("puts one drizzle handle on c.var.db for the whole request, a new one for the next, over the real D1", async () => {
    const seen: object[] = [];
    const app = appWith((a) => {
      a.use("*", database);
      a.use("*", async (c, next) => {
        seen.push(c.var.db);
        await next();
      });
      a.get("/", async (c) => {
        seen.push(c.var.db);
        const row = await c.var.db.select({ n: count() }).from(users).get();
        return c.json(row);
      });
    });
    await makeUser("teacher");
    const first = await app.request("/", {}, env);
    expect(((await first.json()) as { n: number }).n).toBeGreaterThanOrEqual(1);
    await app.request("/", {}, env);
    expect(seen).toHaveLength(4);
    expect(seen[0]).toBe(seen[1]);
    expect(seen[2]).toBe(seen[3]);
    expect(seen[0]).not.toBe(seen[2]);
  });
});
