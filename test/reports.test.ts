// GET /api/games, /api/games/:id/report and its CSV: access, exact numbers, pagination, validation.
import { beforeAll, describe, expect, it } from "vitest";
import { answers, gamePlayers, games } from "../schema/db.ts";
import { gameSettings } from "../schema/game.ts";
import { question, type QuestionInput } from "../schema/quiz.ts";
import type { GameList, GameReport } from "../schema/report.ts";
import { db, makeUser, type TestUser } from "./helpers/fixtures.ts";
import { api, getJson } from "./helpers/api.ts";

let admin: TestUser;
let t1: TestUser;
let t2: TestUser;
let student: TestUser;

const GAME = "game-report-1";
const T0 = Date.UTC(2026, 10, 20, 9, 0);
const settings = gameSettings.parse({ shuffleOptions: true });
const snapshot = (
  [
    { type: "single", text: "Capital of France?", options: ["Lyon", "Paris", "Nice"], correct: 1 },
    { type: "multi", text: "Primes?", options: ["2", "4", "5", "9"], correct: [0, 2], points: "double" },
    { type: "truefalse", text: "The sky is green", correct: false },
    { type: "text", text: "Capital of Iceland?", accepted: ["Reykjavík"] },
    { type: "order", text: "Alphabetical", items: ["A", "B", "C"] },
    { type: "slider", text: "Pick 50", min: 0, max: 100, step: 1, correct: 50, tolerance: 5 },
    { type: "poll", text: "Tea or coffee?", options: ["Tea", "Coffee"], points: "none" },
  ] satisfies QuestionInput[]
).map((q) => question.parse(q));

// [question, player, answer, correct, responseMs]
const played: [number, string, unknown, boolean | null, number][] = [
  [0, "p1", { choice: 1 }, true, 1000],
  [0, "p2", { choice: 1 }, true, 3000],
  [0, "p3", { choice: 0 }, false, 2000],
  [1, "p1", { choices: [0, 2] }, true, 4000],
  [1, "p2", { choices: [0] }, false, 6000],
  [2, "p1", { choice: 1 }, true, 500],
  [2, "p2", { choice: 1 }, true, 700],
  [2, "p3", { choice: 0 }, false, 900],
  [3, "p1", { text: "Reykjavík" }, true, 5000],
  [3, "p2", { text: "reykjavik " }, true, 7000],
  [3, "p3", { text: "=1+1" }, false, 2000],
  [4, "p1", { order: [0, 1, 2] }, true, 8000],
  [4, "p3", { order: [1, 0, 2] }, false, 9000],
  [5, "p1", { value: 52 }, true, 3000],
  [5, "p2", { value: 40 }, false, 1000],
  [5, "p3", { value: 52 }, true, 2000],
  [6, "p1", { choice: 0 }, null, 1500],
  [6, "p2", { choice: 1 }, null, 2500],
  [6, "p3", { choice: 1 }, null, 3500],
];

function gameRow(id: string, hostId: string, createdAt: number, status: "lobby" | "running" | "ended" = "ended") {
  return {
    id,
    code:
      "QZ" +
      id
        .slice(-4)
        .toUpperCase()
        .replace(/[^A-Z2-9]/g, "X")
        .padStart(4, "X"),
    hostId,
    title: `Game ${id}`,
    settings,
    snapshot: snapshot.slice(0, 1),
    status,
    playerCount: 0,
    questionCount: 1,
    createdAt,
  };
}

beforeAll(async () => {
  admin = await makeUser("admin");
  t1 = await makeUser("teacher", "T1");
  t2 = await makeUser("teacher", "T2");
  student = await makeUser("student");
  await db()
    .insert(games)
    .values({
      id: GAME,
      code: "KQ7ZP3",
      hostId: t1.id,
      title: "Geography, «final»",
      settings,
      snapshot,
      status: "ended",
      playerCount: 3,
      questionCount: snapshot.length,
      createdAt: T0,
      startedAt: T0 + 60_000,
      endedAt: T0 + 600_000,
    });
  await db()
    .insert(gamePlayers)
    .values([
      {
        gameId: GAME,
        playerId: "p1",
        nickname: "Ann",
        score: 5000,
        rank: 1,
        correctCount: 6,
        answeredCount: 7,
        totalTimeMs: 23000,
        joinedAt: T0,
      },
      {
        gameId: GAME,
        playerId: "p2",
        nickname: "Bob",
        score: 3000,
        rank: 2,
        correctCount: 4,
        answeredCount: 6,
        totalTimeMs: 20200,
        joinedAt: T0,
      },
      {
        gameId: GAME,
        playerId: "p3",
        nickname: "=2+3",
        score: 1500,
        rank: 3,
        correctCount: 2,
        answeredCount: 6,
        totalTimeMs: 19400,
        joinedAt: T0,
      },
    ]);
  // One row per statement: D1 binds at most 100 parameters per statement.
  for (const row of played.map(([questionIndex, playerId, answer, correct, responseMs]) => ({
    gameId: GAME,
    questionIndex,
    playerId,
    answer,
    correct,
    points: correct ? 800 : 0,
    responseMs,
    answeredAt: T0 + 100_000 + questionIndex * 30_000 + responseMs,
  })))
    await db().insert(answers).values(row);
  // More games for the list: t1's with repeated creation times (ties), and t2's.
  const more = [];
  for (let i = 0; i < 25; i++)
    more.push(
      gameRow(
        `t1-${String(i).padStart(2, "0")}`,
        t1.id,
        T0 - 3_600_000 + Math.floor(i / 4) * 1000,
        i % 6 === 0 ? "lobby" : "ended",
      ),
    );
  for (let i = 0; i < 3; i++) more.push(gameRow(`t2-${i}`, t2.id, T0 + i));
  for (const row of more) await db().insert(games).values(row);
});

describe("GET /api/games/:id/report", () => {
  it("gives the owner the exact numbers", async () => {
    const { status, body } = await getJson<GameReport>(`/api/games/${GAME}/report`, t1.headers);
    expect(status).toBe(200);
    expect(body.game).toEqual({
      id: GAME,
      code: "KQ7ZP3",
      title: "Geography, «final»",
      settings,
      status: "ended",
      createdAt: T0,
      startedAt: T0 + 60_000,
      endedAt: T0 + 600_000,
      playerCount: 3,
      questionCount: 7,
      kind: "live",
      deadline: null,
    });
    expect(body.questions).toEqual([
      {
        index: 0,
        type: "single",
        text: "Capital of France?",
        points: "standard",
        answered: 3,
        correctCount: 2,
        accuracy: 2 / 3,
        distribution: [
          { label: "Lyon", count: 1, correct: false },
          { label: "Paris", count: 2, correct: true },
          { label: "Nice", count: 0, correct: false },
        ],
        meanMs: 2000,
        medianMs: 2000,
      },
      {
        index: 1,
        type: "multi",
        text: "Primes?",
        points: "double",
        answered: 2,
        correctCount: 1,
        accuracy: 0.5,
        distribution: [
          { label: "2", count: 2, correct: true },
          { label: "4", count: 0, correct: false },
          { label: "5", count: 1, correct: true },
          { label: "9", count: 0, correct: false },
        ],
        meanMs: 5000,
        medianMs: 5000,
      },
      {
        index: 2,
        type: "truefalse",
        text: "The sky is green",
        points: "standard",
        answered: 3,
        correctCount: 2,
        accuracy: 2 / 3,
        distribution: [
          { labelKey: "true", count: 1, correct: false },
          { labelKey: "false", count: 2, correct: true },
        ],
        meanMs: 700,
        medianMs: 700,
      },
      {
        index: 3,
        type: "text",
        text: "Capital of Iceland?",
        points: "standard",
        answered: 3,
        correctCount: 2,
        accuracy: 2 / 3,
        distribution: [
          { label: "Reykjavík", count: 2, correct: true },
          { label: "=1+1", count: 1, correct: false },
        ],
        meanMs: 4667,
        medianMs: 5000,
      },
      {
        index: 4,
        type: "order",
        text: "Alphabetical",
        points: "standard",
        answered: 2,
        correctCount: 1,
        accuracy: 0.5,
        distribution: [
          { label: "A", count: 1, correct: true },
          { label: "B", count: 1, correct: true },
          { label: "C", count: 2, correct: true },
        ],
        meanMs: 8500,
        medianMs: 8500,
      },
      {
        index: 5,
        type: "slider",
        text: "Pick 50",
        points: "standard",
        answered: 3,
        correctCount: 2,
        accuracy: 2 / 3,
        distribution: [
          { label: "52", count: 2, correct: true },
          { label: "40", count: 1, correct: false },
        ],
        meanMs: 2000,
        medianMs: 2000,
      },
      {
        index: 6,
        type: "poll",
        text: "Tea or coffee?",
        points: "none",
        answered: 3,
        correctCount: 0,
        accuracy: null,
        distribution: [
          { label: "Tea", count: 1, correct: null },
          { label: "Coffee", count: 2, correct: null },
        ],
        meanMs: 2500,
        medianMs: 2500,
      },
    ]);
    expect(body.players).toEqual([
      {
        playerId: "p1",
        nickname: "Ann",
        score: 5000,
        rank: 1,
        correctCount: 6,
        answeredCount: 7,
        meanMs: 3286,
        kicked: false,
      },
      {
        playerId: "p2",
        nickname: "Bob",
        score: 3000,
        rank: 2,
        correctCount: 4,
        answeredCount: 6,
        meanMs: 3367,
        kicked: false,
      },
      {
        playerId: "p3",
        nickname: "=2+3",
        score: 1500,
        rank: 3,
        correctCount: 2,
        answeredCount: 6,
        meanMs: 3233,
        kicked: false,
      },
    ]);
  });

  it("gives an admin the same report", async () => {
    const mine = await getJson<GameReport>(`/api/games/${GAME}/report`, t1.headers);
    const theirs = await getJson<GameReport>(`/api/games/${GAME}/report`, admin.headers);
    expect(theirs.status).toBe(200);
    expect(theirs.body).toEqual(mine.body);
  });

  it("answers 404 to another teacher, as for a game that does not exist", async () => {
    const other = await getJson(`/api/games/${GAME}/report`, t2.headers);
    const missing = await getJson(`/api/games/no-such-game/report`, t1.headers);
    expect(other.status).toBe(404);
    expect(missing.status).toBe(404);
    expect(other.body).toEqual(missing.body);
  });

  it("refuses students (403) and anonymous callers (401)", async () => {
    expect((await getJson(`/api/games/${GAME}/report`, student.headers)).status).toBe(403);
    expect((await getJson(`/api/games/${GAME}/report`)).status).toBe(401);
  });

  it("refuses an id that cannot be a game id with 400", async () => {
    const { status, body } = await getJson(`/api/games/${encodeURIComponent("a b'")}/report`, t1.headers);
    expect(status).toBe(400);
    expect(body.error.code).toBe("validation_failed");
  });

  it("does not answer other methods", async () => {
    const res = await api(`/api/games/${GAME}/report`, { method: "POST", headers: t1.headers });
    expect(res.status).toBe(404);
    expect(((await res.json()) as any).error.message).toBe(`no such endpoint: POST /api/games/${GAME}/report`);
  });
});

describe("GET /api/games/:id/report.csv", () => {
  async function csv(table: string | null, user: TestUser) {
    return api(`/api/games/${GAME}/report.csv${table ? `?table=${table}` : ""}`, { headers: user.headers });
  }

  it("downloads the players table", async () => {
    const res = await csv("players", t1);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(res.headers.get("content-disposition")).toBe(
      'attachment; filename="quickquiz-geography-final-KQ7ZP3-2026-11-20-players.csv"',
    );
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(new TextDecoder().decode(bytes.slice(3))).toBe(
      "rank,nickname,score,correct,answered,mean_ms,kicked,player_id\r\n" +
        "1,Ann,5000,6,7,3286,no,p1\r\n" +
        "2,Bob,3000,4,6,3367,no,p2\r\n" +
        "3,'=2+3,1500,2,6,3233,no,p3\r\n",
    );
  });

  it("defaults to the players table", async () => {
    expect(await (await csv(null, t1)).text()).toBe(await (await csv("players", t1)).text());
  });

  it("downloads the answers table, one row per answer, formulas neutralised", async () => {
    const res = await csv("answers", admin);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-disposition")).toContain("-answers.csv");
    const lines = (await res.text())
      .replace(/^\uFEFF/, "")
      .trimEnd()
      .split("\r\n");
    expect(lines).toHaveLength(1 + played.length);
    expect(lines[0]).toBe(
      "question,type,question_text,nickname,answer,correct,points,response_ms,answered_at,player_id",
    );
    expect(lines[1]).toBe(
      `1,single,Capital of France?,Ann,Paris,yes,800,1000,${new Date(T0 + 101_000).toISOString()},p1`,
    );
    expect(lines).toContain(
      `4,text,Capital of Iceland?,'=2+3,'=1+1,no,0,2000,${new Date(T0 + 192_000).toISOString()},p3`,
    );
    expect(lines).toContain(`2,multi,Primes?,Ann,"2; 5",yes,800,4000,${new Date(T0 + 134_000).toISOString()},p1`);
  });

  it("keeps other teachers, students and strangers out", async () => {
    expect((await csv("players", t2)).status).toBe(404);
    expect((await csv("players", student)).status).toBe(403);
    expect((await api(`/api/games/${GAME}/report.csv`)).status).toBe(401);
  });

  it("refuses an unknown table or parameter with 400", async () => {
    for (const q of ["table=scores", "table=players&x=1"]) {
      const res = await api(`/api/games/${GAME}/report.csv?${q}`, { headers: t1.headers });
      expect(res.status).toBe(400);
      expect(((await res.json()) as any).error.code).toBe("validation_failed");
    }
  });
});

describe("GET /api/games", () => {
  async function all(user: TestUser, limit: number, extra = ""): Promise<GameList["items"]> {
    const items: GameList["items"] = [];
    let cursor: string | null = null;
    for (let pages = 0; pages < 100; pages++) {
      const res: { status: number; body: GameList } = await getJson<GameList>(
        `/api/games?limit=${limit}${extra}${cursor ? `&cursor=${cursor}` : ""}`,
        user.headers,
      );
      expect(res.status).toBe(200);
      expect(res.body.items.length).toBeLessThanOrEqual(limit);
      items.push(...res.body.items);
      cursor = res.body.nextCursor;
      if (!cursor) break;
    }
    return items;
  }
  const newestFirst = (rows: GameList["items"]) =>
    [...rows].sort((a, b) => b.createdAt - a.createdAt || (a.id < b.id ? 1 : -1)).map((g) => g.id);

  it("lists a teacher's own games, newest first, across pages without duplicates or gaps", async () => {
    const items = await all(t1, 4);
    expect(items).toHaveLength(26);
    expect(items.map((g) => g.id)).toEqual(newestFirst(items));
    expect(new Set(items.map((g) => g.id)).size).toBe(26);
    expect(items[0]).toEqual({
      id: GAME,
      code: "KQ7ZP3",
      title: "Geography, «final»",
      status: "ended",
      playerCount: 3,
      questionCount: 7,
      createdAt: T0,
      startedAt: T0 + 60_000,
      endedAt: T0 + 600_000,
      kind: "live",
      deadline: null,
    });
    expect(items.some((g) => g.id.startsWith("t2-"))).toBe(false);
    expect((await all(t1, 100)).map((g) => g.id)).toEqual(items.map((g) => g.id));
  });

  it("lists every game for an admin", async () => {
    const items = await all(admin, 7);
    expect(items).toHaveLength(29);
    expect(items.map((g) => g.id)).toEqual(newestFirst(items));
  });

  it("filters by status", async () => {
    const lobby = await all(t1, 2, "&status=lobby");
    expect(lobby.map((g) => g.id).sort()).toEqual(["t1-00", "t1-06", "t1-12", "t1-18", "t1-24"]);
  });

  it("defaults to 20 a page", async () => {
    const { body } = await getJson<GameList>("/api/games", t1.headers);
    expect(body.items).toHaveLength(20);
    expect(body.nextCursor).toEqual(expect.any(String));
  });

  it("refuses students and strangers", async () => {
    expect((await getJson("/api/games", student.headers)).status).toBe(403);
    expect((await getJson("/api/games")).status).toBe(401);
  });

  it("refuses bad queries with 400", async () => {
    for (const q of ["limit=0", "limit=101", "limit=x", "status=done", "cursor=%%%", "cursor=WzEsMl0", "sort=asc"]) {
      const { status, body } = await getJson(`/api/games?${q}`, t1.headers);
      expect({ q, status, code: body.error?.code }).toEqual({ q, status: 400, code: "validation_failed" });
    }
  });
});
