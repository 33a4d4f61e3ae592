// GET /api/logs: who reads what, the filters, keyset pagination and query validation.
import { beforeAll, describe, expect, it } from "vitest";
import { env } from "cloudflare:workers";
import { desc } from "drizzle-orm";
import { events } from "../schema/db.ts";
import type { LogItem, LogPage } from "../schema/events.ts";
import { writeEvents, type EventInput } from "../rooms/kit/events.ts";
import { db, makeUser, type TestUser } from "./helpers/fixtures.ts";
import { getJson } from "./helpers/api.ts";

let admin: TestUser;
let t1: TestUser;
let t2: TestUser;
let student: TestUser;
type Row = typeof events.$inferSelect;
let all: Row[];

const T0 = 1_700_000_000_000;

beforeAll(async () => {
  admin = await makeUser("admin");
  t1 = await makeUser("teacher", "T1");
  t2 = await makeUser("teacher", "T2");
  student = await makeUser("student");
  const input: EventInput[] = [];
  // t1: 30 events in game g1, several sharing a timestamp so pages must break ties by id.
  for (let i = 0; i < 30; i++) {
    input.push({
      ts: T0 + Math.floor(i / 3) * 1000,
      type: i % 5 === 0 ? "game.start" : i % 5 === 1 ? "player.join" : "answer.summary",
      actorType: i % 2 ? "player" : "user",
      actorId: i % 2 ? `player-${i}` : t1.id,
      role: i % 2 ? "player" : "teacher",
      gameId: "g1",
      ownerId: t1.id,
      payload: { i },
    });
  }
  input.push({
    ts: T0 + 500,
    type: "quiz.create",
    actorType: "user",
    actorId: t1.id,
    role: "teacher",
    quizId: "q1",
    ownerId: t1.id,
  });
  // t2's things.
  for (let i = 0; i < 5; i++) {
    input.push({
      ts: T0 + i * 700,
      type: "player.join",
      actorType: "player",
      actorId: `p2-${i}`,
      role: "player",
      gameId: "g2",
      ownerId: t2.id,
    });
  }
  // Nobody's: logins and system events; plus types that a careless LIKE 'auth_%' would match.
  input.push({ ts: T0 + 1, type: "auth.login", actorType: "user", actorId: t1.id, role: "teacher" });
  input.push({ ts: T0 + 2, type: "auth.login_failed", actorType: "system", payload: { email: "x@y" } });
  input.push({ ts: T0 + 3, type: "authx.login", actorType: "system" });
  input.push({ ts: T0 + 4, type: "auth_z.login", actorType: "system" });
  await writeEvents(env.DB, input);
  all = await db().select().from(events).orderBy(desc(events.ts), desc(events.id));
});

const ids = (items: LogItem[]) => items.map((i) => i.id);
const expectedIds = (pred: (r: Row) => boolean) => all.filter(pred).map((r) => r.id);

async function readAll(user: TestUser, query: string, limit: number): Promise<{ pages: number; items: LogItem[] }> {
  const items: LogItem[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const { status, body }: { status: number; body: LogPage } = await getJson<LogPage>(
      `/api/logs?limit=${limit}${query}${cursor ? `&cursor=${cursor}` : ""}`,
      user.headers,
    );
    expect(status).toBe(200);
    expect(body.items.length).toBeLessThanOrEqual(limit);
    items.push(...body.items);
    cursor = body.nextCursor;
    pages++;
  } while (cursor && pages < 100);
  return { pages, items };
}

describe("GET /api/logs access", () => {
  it("refuses anonymous callers with 401", async () => {
    const { status, body } = await getJson("/api/logs");
    expect(status).toBe(401);
    expect(body.error.code).toBe("unauthorized");
  });

  it("refuses students with 403", async () => {
    const { status, body } = await getJson("/api/logs", student.headers);
    expect(status).toBe(403);
    expect(body.error.code).toBe("forbidden");
  });

  it("shows an admin every event, newest first, in the documented shape", async () => {
    const { items } = await readAll(admin, "", 200);
    expect(ids(items)).toEqual(all.map((r) => r.id));
    const quiz = items.find((i) => i.type === "quiz.create")!;
    expect(quiz).toEqual({
      id: expect.any(Number),
      ts: T0 + 500,
      type: "quiz.create",
      actorType: "user",
      actorId: t1.id,
      role: "teacher",
      gameId: null,
      quizId: "q1",
      payload: null,
      // Names for the ids: the quiz "q1" is not a stored one.
      actorName: "T1",
      ownerName: "T1",
      quizTitle: null,
      gameTitle: null,
      gameCode: null,
      gameKind: null,
    });
  });

  it("shows a teacher only the events of their own quizzes and games", async () => {
    const { items } = await readAll(t1, "", 200);
    expect(ids(items)).toEqual(expectedIds((r) => r.ownerId === t1.id));
    expect(items).toHaveLength(31);
    const other = await readAll(t2, "", 200);
    expect(ids(other.items)).toEqual(expectedIds((r) => r.ownerId === t2.id));
    expect(other.items.every((i) => i.gameId === "g2")).toBe(true);
  });

  it("gives a teacher nothing when filtering by another teacher's game or their players", async () => {
    expect((await getJson<LogPage>("/api/logs?gameId=g2", t1.headers)).body).toEqual({ items: [], nextCursor: null });
    expect((await getJson<LogPage>("/api/logs?userId=p2-1", t1.headers)).body).toEqual({ items: [], nextCursor: null });
    expect((await getJson<LogPage>("/api/logs?userId=p2-1", admin.headers)).body.items).toHaveLength(1);
  });
});

describe("GET /api/logs filters", () => {
  it("by exact type", async () => {
    const { items } = await readAll(admin, "&type=player.join", 200);
    expect(ids(items)).toEqual(expectedIds((r) => r.type === "player.join"));
    expect(items.length).toBe(6 + 5);
  });

  it("by a family prefix, without matching look-alike families", async () => {
    const { items } = await readAll(admin, "&type=auth.*", 200);
    expect(items.map((i) => i.type).sort()).toEqual(["auth.login", "auth.login_failed"]);
  });

  it("by game and actor", async () => {
    expect(ids((await readAll(admin, "&gameId=g1", 200)).items)).toEqual(expectedIds((r) => r.gameId === "g1"));
    expect(ids((await readAll(t1, `&userId=${t1.id}`, 200)).items)).toEqual(
      expectedIds((r) => r.actorId === t1.id && r.ownerId === t1.id),
    );
  });

  it("by a time range, from inclusive and to exclusive", async () => {
    const from = T0 + 2000;
    const to = T0 + 5000;
    const { items } = await readAll(admin, `&from=${from}&to=${to}`, 200);
    expect(ids(items)).toEqual(expectedIds((r) => r.ts >= from && r.ts < to));
    expect(items.some((i) => i.ts === from)).toBe(true);
    expect(items.some((i) => i.ts === to)).toBe(false);
  });

  it("combined with pagination", async () => {
    const { items, pages } = await readAll(t1, "&type=answer.summary&gameId=g1", 5);
    expect(ids(items)).toEqual(expectedIds((r) => r.type === "answer.summary" && r.gameId === "g1"));
    expect(pages).toBe(Math.ceil(items.length / 5));
  });
});

describe("GET /api/logs pagination", () => {
  it("walks every event once, across ties in time, with no duplicates or gaps", async () => {
    for (const limit of [1, 4, 7]) {
      const { items } = await readAll(admin, "", limit);
      expect(new Set(ids(items)).size).toBe(items.length);
      expect(ids(items)).toEqual(all.map((r) => r.id));
    }
  });

  it("defaults to 50 per page and ends with nextCursor null", async () => {
    const { body } = await getJson<LogPage>("/api/logs", admin.headers);
    expect(body.items).toHaveLength(Math.min(all.length, 50));
    expect(body.nextCursor).toBeNull();
  });

  it("is not shifted by events written between pages", async () => {
    const first = (await getJson<LogPage>("/api/logs?limit=10", t1.headers)).body;
    await writeEvents(env.DB, [
      { ts: Date.now(), type: "game.end", actorType: "system", gameId: "g1", ownerId: t1.id },
    ]);
    const second = (await getJson<LogPage>(`/api/logs?limit=10&cursor=${first.nextCursor}`, t1.headers)).body;
    const own = expectedIds((r) => r.ownerId === t1.id);
    expect([...ids(first.items), ...ids(second.items)]).toEqual(own.slice(0, 20));
  });
});

describe("GET /api/logs refuses bad queries with 400", () => {
  const bad = [
    "limit=0",
    "limit=201",
    "limit=ten",
    "limit=2.5",
    "type=auth.%25",
    "type=AUTH.login",
    "type=*",
    "from=-1",
    "from=abc",
    "from=2000&to=1000",
    "verbose=1",
    "cursor=not-a-cursor!",
    `cursor=${btoa(JSON.stringify(["x", 1]))}`,
    `cursor=${btoa(JSON.stringify([1, "string-id"])).replace(/=+$/, "")}`,
  ];
  for (const q of bad) {
    it(q, async () => {
      const { status, body } = await getJson(`/api/logs?${q}`, admin.headers);
      expect(status).toBe(400);
      expect(body.error.code).toBe("validation_failed");
      expect(body.error.issues.length).toBeGreaterThan(0);
    });
  }
});
