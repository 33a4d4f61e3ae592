// POST /api/logs: client batches are validated strictly, attributed by the server, size-capped and rate-limited.
import { env } from "cloudflare:workers";
import { count, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { events, games } from "../schema/db.ts";
import { CLIENT_LOG_LIMITS } from "../schema/events.ts";
import { signPlayer } from "../rooms/kit/player-token.ts";
import { db, makeUser, type TestUser } from "./helpers/fixtures.ts";
import { api } from "./helpers/api.ts";

let ipSeq = 0;
/** Each test posts from its own address so the per-IP limiter of one test never trips another. */
const freshIp = () => `198.51.100.${++ipSeq}`;

function post(body: unknown, headers: Record<string, string> = {}, ip = freshIp()) {
  return api("/api/logs", {
    method: "POST",
    headers: { "content-type": "application/json", "cf-connecting-ip": ip, ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
}

async function eventCount(): Promise<number> {
  const [row] = await db().select({ n: count() }).from(events);
  return row.n;
}

let teacher: TestUser;
let student: TestUser;
const gameId = "game-logs-post";

beforeAll(async () => {
  teacher = await makeUser("teacher");
  student = await makeUser("student");
  await db()
    .insert(games)
    .values({
      id: gameId,
      code: "ABCDEF",
      hostId: teacher.id,
      title: "Capitals",
      settings: {} as never,
      snapshot: [],
      status: "running",
      questionCount: 0,
      createdAt: Date.now(),
    });
});

describe("POST /api/logs accepts", () => {
  it("an anonymous batch, stamped with the server's time and keeping the client's as clientTs", async () => {
    const before = Date.now();
    const res = await post({
      events: [
        { type: "client.page_view", ts: 1000, path: "/join" },
        {
          type: "client.error",
          message: "TypeError: x is undefined",
          detail: { line: 12, file: "app.js", fatal: false },
        },
      ],
    });
    expect(res.status).toBe(202);
    expect(await res.json()).toEqual({ accepted: 2 });
    const rows = await db().select().from(events).where(eq(events.actorType, "client"));
    expect(rows).toHaveLength(2);
    const view = rows.find((r) => r.type === "client.page_view")!;
    expect(view.ts).toBeGreaterThanOrEqual(before);
    expect(view).toMatchObject({
      actorId: null,
      role: null,
      gameId: null,
      ownerId: null,
      payload: { clientTs: 1000, path: "/join" },
    });
    const err = rows.find((r) => r.type === "client.error")!;
    expect(err.payload).toEqual({
      message: "TypeError: x is undefined",
      detail: { line: 12, file: "app.js", fatal: false },
    });
  });

  it("from a logged-in user, attributed to that user", async () => {
    const res = await post({ events: [{ type: "client.reconnect", detail: { attempts: 3 } }] }, student.headers);
    expect(res.status).toBe(202);
    const rows = await db().select().from(events).where(eq(events.actorId, student.id));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ type: "client.reconnect", actorType: "client", role: "student", gameId: null });
  });

  it("from a player, attributed to the player and the game, and owned by the game's host", async () => {
    const token = await signPlayer(env.JWT_SECRET, { playerId: "player-7", gameId, code: "ABCDEF" });
    const res = await post(
      { events: [{ type: "client.ws_error", message: "socket closed 1006" }] },
      { authorization: `Player ${token}` },
    );
    expect(res.status).toBe(202);
    const rows = await db().select().from(events).where(eq(events.actorId, "player-7"));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ actorType: "client", role: "player", gameId, ownerId: teacher.id });
  });

  it("exactly 50 events", async () => {
    const before = await eventCount();
    const res = await post({
      events: Array.from({ length: 50 }, (_, i) => ({ type: "client.page_view", path: `/p/${i}` })),
    });
    expect(res.status).toBe(202);
    expect(await res.json()).toEqual({ accepted: 50 });
    expect(await eventCount()).toBe(before + 50);
  });
});

describe("POST /api/logs refuses, and stores nothing, when", () => {
  async function refused(
    res: Response,
    status: number,
    code: string,
  ): Promise<{ error: { code: string; message: string; issues?: { path: string }[] } }> {
    expect(res.status).toBe(status);
    const body = (await res.json()) as { error: { code: string; message: string; issues?: { path: string }[] } };
    expect(body.error.code).toBe(code);
    return body;
  }
  let before = 0;
  beforeAll(async () => {
    before = await eventCount();
  });
  const unchanged = async () => expect(await eventCount()).toBe(before);

  it("a batch has 51 events", async () => {
    const body = await refused(
      await post({ events: Array.from({ length: 51 }, () => ({ type: "client.page_view" })) }),
      400,
      "validation_failed",
    );
    expect(body.error.issues?.map((i) => i.path)).toContain("events");
    await unchanged();
  });

  it("a batch is empty", async () => {
    await refused(await post({ events: [] }), 400, "validation_failed");
    await unchanged();
  });

  it("an event has an unknown field", async () => {
    const body = await refused(
      await post({ events: [{ type: "client.error", message: "x", stack: "..." }] }),
      400,
      "validation_failed",
    );
    expect(body.error.issues?.[0].path).toBe("events.0");
    await unchanged();
  });

  it("the batch has an unknown field", async () => {
    await refused(await post({ events: [{ type: "client.error" }], extra: 1 }), 400, "validation_failed");
    await unchanged();
  });

  it("a client claims a server event type", async () => {
    const body = await refused(await post({ events: [{ type: "auth.login" }] }), 400, "validation_failed");
    expect(body.error.issues?.[0].path).toBe("events.0.type");
    await unchanged();
  });

  it("one event is larger than 2 KB", async () => {
    const detail = Object.fromEntries(Array.from({ length: 3 }, (_, i) => [`k${i}`, "x".repeat(900)]));
    expect(JSON.stringify({ type: "client.error", detail }).length).toBeGreaterThan(CLIENT_LOG_LIMITS.eventBytes);
    const body = await refused(
      await post({ events: [{ type: "client.page_view" }, { type: "client.error", detail }] }),
      400,
      "validation_failed",
    );
    expect(body.error.issues?.[0].path).toBe("events.1");
    await unchanged();
  });

  it("detail holds nested objects", async () => {
    await refused(
      await post({ events: [{ type: "client.error", detail: { nested: { a: 1 } } }] }),
      400,
      "validation_failed",
    );
    await unchanged();
  });

  it("the body is over 32 KB", async () => {
    const events = Array.from({ length: 40 }, () => ({ type: "client.error", message: "y".repeat(900) }));
    const text = JSON.stringify({ events });
    expect(text.length).toBeGreaterThan(CLIENT_LOG_LIMITS.bodyBytes);
    await refused(await post(text), 413, "payload_too_large");
    await unchanged();
  });

  it("the body is not JSON", async () => {
    await refused(await post("{events:"), 400, "bad_request");
    await unchanged();
  });

  it("a player token is forged", async () => {
    const forged = await signPlayer("another-secret-0123456789abcdef0123456789", {
      playerId: "p",
      gameId,
      code: "ABCDEF",
    });
    await refused(
      await post({ events: [{ type: "client.error" }] }, { authorization: `Player ${forged}` }),
      401,
      "unauthorized",
    );
    await unchanged();
  });
});

describe("POST /api/logs rate limit", () => {
  it("answers 429 to a flood from one address, and still serves another address", async () => {
    const ip = freshIp();
    const statuses: number[] = [];
    let refusal: unknown = null;
    // 45 posts: even if the limiter's 10 s window rolls over once meanwhile, at most 2 × 20 pass.
    for (let i = 0; i < 45; i++) {
      const res = await post({ events: [{ type: "client.page_view" }] }, {}, ip);
      statuses.push(res.status);
      if (res.status === 429 && refusal === null) refusal = await res.json();
    }
    expect(statuses.filter((s) => s !== 202 && s !== 429)).toEqual([]);
    expect(statuses[0]).toBe(202);
    expect(statuses.filter((s) => s === 202).length).toBeLessThanOrEqual(40);
    expect(refusal).toMatchObject({ error: { code: "rate_limited" } });
    expect((await post({ events: [{ type: "client.page_view" }] }, {}, freshIp())).status).toBe(202);
  });
});
