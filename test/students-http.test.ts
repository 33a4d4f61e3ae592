// Students' own history and a teacher's view of their students, over games played for real (the
// real room, sockets and D1): who may read what, and that the numbers are those that were played.
import { env } from "cloudflare:workers";
import { drizzle } from "drizzle-orm/d1";
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { gamePlayers, games } from "../schema/db.ts";
import type {
  CombinedReport,
  HistoryPage,
  MyGame,
  PlayerDrillDown,
  StudentList,
  StudentResults,
} from "../schema/students.ts";
import type { GameReport } from "../schema/report.ts";
import { eventually } from "./helpers/wait.ts";
import { api } from "./helpers/api.ts";
import { makeQuiz, makeUser } from "./helpers/fixtures.ts";
import { Client, host, hostedGames, idOf, joinRaw, type Seat } from "./helpers/room-client.ts";

type User = Awaited<ReturnType<typeof makeUser>>;
const used = hostedGames();

let teacher: User;
let other: User;
let ann: User;
let ben: User;
let g1: string;
let g2: string;
let annSeat1: Seat;
let anonSeat1: Seat;

async function seat(code: string, nickname: string, token?: string): Promise<Seat> {
  const res = await joinRaw(code, { nickname }, { token });
  if (res.status !== 201) throw new Error(`join failed: ${res.status} ${await res.text()}`);
  return res.json();
}

async function ended(gameId: string) {
  await eventually(
    async () =>
      (await drizzle(env.DB).select().from(games).where(eq(games.id, gameId)).get())?.status === "ended" ? true : null,
    250,
  );
}

const get = async <T>(path: string, who?: User) => {
  const res = await api(path, { token: who?.token });
  return { status: res.status, body: (await res.json()) as T };
};

beforeAll(async () => {
  [teacher, other, ann, ben] = await Promise.all([
    makeUser("teacher", "Tess"),
    makeUser("teacher", "Otto"),
    makeUser("student", "Ann Lee"),
    makeUser("student", "Ben Ray"),
  ]);
  const quiz = await makeQuiz(teacher.id, [
    { type: "single", text: "2+2?", options: ["3", "4", "5"], correct: 1, explanation: "Two pairs make four." },
    { type: "text", text: "Capital of France?", accepted: ["Paris"] },
    { type: "poll", text: "Enjoying it?", options: ["Yes", "Very"] },
  ]);

  // Game 1: Ann (logged in), Ben (logged in) and an anonymous player.
  const game1 = await host(teacher.token, quiz, { readingTime: 0, shuffleOptions: true, leaderboard: "end" });
  used.push(game1);
  g1 = game1.gameId;
  const h = await Client.host(game1, teacher.token);
  await h.next("welcome");
  annSeat1 = await seat(game1.code, "Ann", ann.token);
  const benSeat = await seat(game1.code, "Benny", ben.token);
  anonSeat1 = await seat(game1.code, "Zed");
  const [a, b, z] = await Promise.all([annSeat1, benSeat, anonSeat1].map((s) => Client.player(s)));
  await Promise.all([a, b, z].map((c) => c.next("welcome")));
  h.send({ type: "start" });
  const [view] = await Promise.all([a, b, z].map((p) => p.next("question")));
  a.send({ type: "answer", q: 0, answer: { choice: idOf(view, "4") } });
  b.send({ type: "answer", q: 0, answer: { choice: idOf(view, "5") } });
  z.send({ type: "answer", q: 0, answer: { choice: idOf(view, "4") } });
  await h.next("reveal");
  h.send({ type: "next" });
  await Promise.all([a, b, z].map((p) => p.next("question")));
  a.send({ type: "answer", q: 1, answer: { text: " paris" } });
  await a.next("answered");
  // Ben and Zed do not answer: the host closes the question.
  h.send({ type: "skip" });
  await h.next("reveal");
  h.send({ type: "next" });
  const [poll] = await Promise.all([a, b, z].map((p) => p.next("question")));
  a.send({ type: "answer", q: 2, answer: { choice: idOf(poll, "Yes") } });
  b.send({ type: "answer", q: 2, answer: { choice: idOf(poll, "Very") } });
  z.send({ type: "answer", q: 2, answer: { choice: idOf(poll, "Very") } });
  await h.next("reveal");
  h.send({ type: "next" });
  await h.next("podium");
  h.send({ type: "next" });
  await h.next("ended");
  await ended(g1);
  for (const c of [h, a, b, z]) c.close();

  // Game 2, later: Ann alone.
  const game2 = await host(teacher.token, quiz, { readingTime: 0, leaderboard: "end" });
  used.push(game2);
  g2 = game2.gameId;
  const h2 = await Client.host(game2, teacher.token);
  await h2.next("welcome");
  const a2 = await Client.player(await seat(game2.code, "Ann again", ann.token));
  await a2.next("welcome");
  h2.send({ type: "end" });
  await h2.next("ended");
  await ended(g2);
  for (const c of [h2, a2]) c.close();
  // Game 2 started later than game 1 (it never started: it is dated when it was opened).
  await env.DB.prepare("UPDATE games SET created_at = created_at + 60000 WHERE id = ?").bind(g2).run();
});

describe("a student's own history", () => {
  it("lists the student's games newest first with score, rank and right answers", async () => {
    const { status, body } = await get<HistoryPage>("/api/me/games", ann);
    expect(status).toBe(200);
    expect(body.items.map((i) => i.gameId)).toEqual([g2, g1]);
    expect(body.items[1]).toMatchObject({
      kind: "game",
      title: "Test quiz",
      nickname: "Ann",
      rank: 1,
      playerCount: 3,
      correctCount: 2,
      answeredCount: 3,
      questionCount: 3,
    });
    expect(body.items[1].score).toBeGreaterThan(1000);
    expect(body.items[0]).toMatchObject({
      nickname: "Ann again",
      rank: 1,
      correctCount: 0,
      answeredCount: 0,
      score: 0,
    });
    const ben1 = await get<HistoryPage>("/api/me/games", ben);
    expect(ben1.body.items).toEqual([
      expect.objectContaining({ gameId: g1, nickname: "Benny", rank: 3, correctCount: 0, answeredCount: 2, score: 0 }),
    ]);
    // Pages.
    const first = await get<HistoryPage>("/api/me/games?limit=1", ann);
    expect(first.body.items.map((i) => i.gameId)).toEqual([g2]);
    const second = await get<HistoryPage>(`/api/me/games?limit=1&cursor=${first.body.nextCursor}`, ann);
    expect(second.body).toEqual({ items: [expect.objectContaining({ gameId: g1 })], nextCursor: null });
  });

  it("shows each question with the student's answer, whether it was right, the right answer and the explanation", async () => {
    const { status, body } = await get<MyGame>(`/api/me/games/${g1}`, ann);
    expect(status).toBe(200);
    expect(body.me).toEqual({ nickname: "Ann", score: expect.any(Number), rank: 1, correctCount: 2, answeredCount: 3 });
    expect(body.questions.map(({ responseMs, earned, ...q }) => q)).toEqual([
      {
        index: 0,
        type: "single",
        text: "2+2?",
        image: null,
        points: "standard",
        yours: ["4"],
        correct: true,
        right: ["4"],
        explanation: "Two pairs make four.",
      },
      {
        index: 1,
        type: "text",
        text: "Capital of France?",
        image: null,
        points: "standard",
        yours: [" paris"],
        correct: true,
        right: ["Paris"],
        explanation: null,
      },
      {
        index: 2,
        type: "poll",
        text: "Enjoying it?",
        image: null,
        points: "standard",
        yours: ["Yes"],
        correct: null,
        right: [],
        explanation: null,
      },
    ]);
    expect(body.questions[0].earned).toBeGreaterThan(0);
    const benGame = await get<MyGame>(`/api/me/games/${g1}`, ben);
    expect(benGame.body.questions.map((q) => [q.yours, q.correct, q.earned])).toEqual([
      [["5"], false, 0],
      [null, null, 0],
      [["Very"], null, 0],
    ]);
  });

  it("never shows another student's games: 404 as for a game that does not exist", async () => {
    const theirs = await get(`/api/me/games/${g2}`, ben);
    const missing = await get(`/api/me/games/no-such-game`, ben);
    expect(theirs.status).toBe(404);
    expect(theirs.body).toEqual(missing.body);
    // A teacher reading "their own" history sees only games they played, not those they hosted.
    expect((await get<HistoryPage>("/api/me/games", teacher)).body.items).toEqual([]);
    expect((await get(`/api/me/games/${g1}`, teacher)).status).toBe(404);
    // Students have no teacher's view of anyone.
    expect((await get(`/api/students/results?userId=${ann.id}`, ben)).status).toBe(403);
    expect((await get("/api/students", ben)).status).toBe(403);
    expect((await get(`/api/games/${g1}/players/${annSeat1.playerId}`, ben)).status).toBe(403);
    expect((await get(`/api/games/combined?ids=${g1},${g2}`, ben)).status).toBe(403);
    expect((await get("/api/me/games")).status).toBe(401);
  });

  it("refuses bad queries and ids with 400", async () => {
    for (const qs of ["limit=0", "limit=101", "cursor=%%%", "cursor=WzEsMl0", "x=1"])
      expect((await get(`/api/me/games?${qs}`, ann)).status, qs).toBe(400);
    expect((await get(`/api/me/games/${encodeURIComponent("a b")}`, ann)).status).toBe(400);
  });
});

describe("a teacher's view of their students", () => {
  it("lists the students of the teacher's games (accounts), searched by name", async () => {
    const { status, body } = await get<StudentList>("/api/students", teacher);
    expect(status).toBe(200);
    expect(body.truncated).toBe(false);
    expect(body.items.map((s) => [s.userId, s.name, s.games])).toEqual([
      [ann.id, "Ann Lee", 2],
      [ben.id, "Ben Ray", 1],
    ]);
    // The anonymous player is not a student the teacher can follow across games.
    expect(body.items.some((s) => s.name === "Zed")).toBe(false);
    // By nickname or account name.
    expect((await get<StudentList>("/api/students?q=Benn", teacher)).body.items.map((s) => s.userId)).toEqual([ben.id]);
    expect((await get<StudentList>("/api/students?q=ann%20lee", teacher)).body.items.map((s) => s.userId)).toEqual([
      ann.id,
    ]);
    expect((await get<StudentList>("/api/students", other)).body.items).toEqual([]);
  });

  it("reads one student's results across the teacher's games by account", async () => {
    const { status, body } = await get<StudentResults>(`/api/students/results?userId=${ann.id}`, teacher);
    expect(status).toBe(200);
    expect(body.student).toEqual({ userId: ann.id, studentId: null, name: "Ann Lee" });
    expect(body.games.map((g) => [g.gameId, g.nickname, g.rank, g.correctCount])).toEqual([
      [g2, "Ann again", 1, 0],
      [g1, "Ann", 1, 2],
    ]);
    // Polls are left out of the share: 2 right of 2 + 2 gradable questions.
    expect(body.totals).toEqual({ games: 2, correct: 2, questions: 4, share: 0.5 });
  });

  it("opens one player's answers (drill-down), the right answers included", async () => {
    const { status, body } = await get<PlayerDrillDown>(`/api/games/${g1}/players/${annSeat1.playerId}`, teacher);
    expect(status).toBe(200);
    expect(body.player).toMatchObject({
      playerId: annSeat1.playerId,
      nickname: "Ann",
      rank: 1,
      correctCount: 2,
      userId: ann.id,
      accountName: "Ann Lee",
      studentId: null,
    });
    expect(body.questions.map((q) => [q.yours, q.correct, q.right])).toEqual([
      [["4"], true, ["4"]],
      [[" paris"], true, ["Paris"]],
      [["Yes"], null, []],
    ]);
    const anon = await get<PlayerDrillDown>(`/api/games/${g1}/players/${anonSeat1.playerId}`, teacher);
    expect(anon.body.player).toMatchObject({ nickname: "Zed", userId: null, accountName: null });
  });

  it("keeps another teacher out: their player, their student and their games are 404", async () => {
    const drill = await get(`/api/games/${g1}/players/${annSeat1.playerId}`, other);
    const missing = await get(`/api/games/${g1}/players/no-such-player`, teacher);
    expect(drill.status).toBe(404);
    expect(missing.status).toBe(404);
    expect(drill.body).toEqual(missing.body);
    expect((await get(`/api/students/results?userId=${ann.id}`, other)).status).toBe(404);
    expect((await get(`/api/games/combined?ids=${g1},${g2}`, other)).status).toBe(404);
    // An admin sees everyone's.
    const admin = await makeUser("admin");
    expect((await get(`/api/games/${g1}/players/${annSeat1.playerId}`, admin)).status).toBe(200);
    expect((await get<StudentResults>(`/api/students/results?userId=${ann.id}`, admin)).body.totals.games).toBe(2);
  });

  it("combines several games: one row per student, recognised by account, else by student ID, else by nickname", async () => {
    const { status, body } = await get<CombinedReport>(`/api/games/combined?ids=${g2},${g1}`, teacher);
    expect(status).toBe(200);
    // In the order played.
    expect(body.games.map((g) => [g.id, g.gradable])).toEqual([
      [g1, 2],
      [g2, 2],
    ]);
    const byName = Object.fromEntries(body.players.map((p) => [p.key, p]));
    expect(byName[`u:${ann.id}`]).toMatchObject({
      matchedBy: "account",
      correct: 2,
      questions: 4,
      share: 0.5,
      needsHelp: false,
    });
    expect(byName[`u:${ann.id}`].perGame.map((g) => g?.rank ?? null)).toEqual([1, 1]);
    expect(byName[`u:${ben.id}`]).toMatchObject({
      matchedBy: "account",
      correct: 0,
      questions: 2,
      share: 0,
      needsHelp: true,
    });
    expect(byName[`u:${ben.id}`].perGame[1]).toBeNull();
    expect(byName["n:zed"]).toMatchObject({
      matchedBy: "nickname",
      name: "Zed",
      correct: 1,
      questions: 2,
      share: 0.5,
      needsHelp: false,
    });
    // The teacher's own threshold.
    const strict = await get<CombinedReport>(`/api/games/combined?ids=${g1},${g2}&helpBelow=60`, teacher);
    expect(
      strict.body.players
        .filter((p) => p.needsHelp)
        .map((p) => p.key)
        .sort(),
    ).toEqual([`n:zed`, `u:${ann.id}`, `u:${ben.id}`].sort());
    for (const qs of [
      `ids=${g1}`,
      `ids=${g1},${g1}`,
      "ids=",
      `ids=${g1},a b`,
      `ids=${g1},${g2}&helpBelow=101`,
      `ids=${g1},${g2}&x=1`,
    ]) {
      expect((await get(`/api/games/combined?${qs}`, teacher)).status, qs).toBe(400);
    }
    expect((await get(`/api/games/combined?ids=${g1},nope`, teacher)).status).toBe(404);
  });

  it("downloads the combined report as CSV and xlsx", async () => {
    const csv = await api(`/api/games/combined.csv?ids=${g1},${g2}`, { token: teacher.token });
    expect(csv.status).toBe(200);
    expect(csv.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    const lines = (await csv.text()).replace(/^\uFEFF/, "").split("\r\n");
    expect(lines[0]).toBe(
      "name,student_id,matched_by,game1_score,game1_correct,game2_score,game2_correct,correct,questions,share,needs_help",
    );
    expect(lines.some((l) => l.startsWith("Zed,,nickname,"))).toBe(true);
    const xlsx = await api(`/api/games/combined.xlsx?ids=${g1},${g2}`, { token: teacher.token });
    expect(xlsx.status).toBe(200);
    expect(xlsx.headers.get("content-disposition")).toMatch(
      /^attachment; filename="quickquiz-combined-\d{4}-\d{2}-\d{2}\.xlsx"$/,
    );
    const bytes = new Uint8Array(await xlsx.arrayBuffer());
    expect(String.fromCharCode(bytes[0], bytes[1])).toBe("PK");
  });
});

describe("the name or student ID given at join", () => {
  // The room asks for it and stores it (a room-side change); here the stored rows are written directly.
  let g3: string;
  beforeAll(async () => {
    g3 = crypto.randomUUID();
    const t0 = Date.now() + 120_000;
    await drizzle(env.DB)
      .insert(games)
      .values({
        id: g3,
        code: "SID234",
        hostId: teacher.id,
        title: "With IDs",
        settings: {
          shuffleQuestions: false,
          shuffleOptions: false,
          readingTime: 0,
          leaderboard: "end",
          autoAdvance: false,
          lateJoin: true,
          nicknames: "free",
          maxPlayers: 10,
          accuracyOnly: false,
          requireStudentId: true,
        },
        snapshot: [{ type: "truefalse", text: "Sky is blue", correct: true, timeLimit: 20, points: "standard" }],
        status: "ended",
        playerCount: 2,
        questionCount: 1,
        createdAt: t0,
        startedAt: t0,
        endedAt: t0 + 1000,
      });
    await drizzle(env.DB)
      .insert(gamePlayers)
      .values([
        {
          gameId: g3,
          playerId: "sid-1",
          nickname: "Anon One",
          studentId: "S-1042",
          score: 900,
          rank: 1,
          correctCount: 1,
          answeredCount: 1,
          totalTimeMs: 1000,
          joinedAt: t0,
        },
        {
          gameId: g3,
          playerId: "sid-2",
          nickname: "=Anon Two",
          studentId: "=cmd()",
          score: 0,
          rank: 2,
          correctCount: 0,
          answeredCount: 0,
          totalTimeMs: 0,
          joinedAt: t0,
        },
      ]);
    // The same student ID, typed differently, in one of game 1's seats (Zed).
    await env.DB.prepare("UPDATE game_players SET student_id = ? WHERE game_id = ? AND player_id = ?")
      .bind(" s-1042", g1, anonSeat1.playerId)
      .run();
  });

  it("finds a student by the ID across games, however it was typed", async () => {
    const { status, body } = await get<StudentResults>(`/api/students/results?studentId=S-1042`, teacher);
    expect(status).toBe(200);
    expect(body.games.map((g) => [g.gameId, g.nickname, g.studentId])).toEqual([
      [g3, "Anon One", "S-1042"],
      [g1, "Zed", " s-1042"],
    ]);
    expect(
      (await get<StudentList>("/api/students?q=1042", teacher)).body.items.map((s) => [s.studentId, s.games]),
    ).toEqual([["S-1042", 2]]);
    expect((await get(`/api/students/results?studentId=S-1042`, other)).status).toBe(404);
    for (const qs of ["", `userId=${ann.id}&studentId=S-1042`, "studentId=", `studentId=${"x".repeat(41)}`]) {
      expect((await get(`/api/students/results?${qs}`, teacher)).status, qs).toBe(400);
    }
  });

  it("is in the report (insights), the CSV tables and the combined report, and never in anything a player reads", async () => {
    const report = await get<GameReport>(`/api/games/${g3}/report`, teacher);
    expect(report.body.insights.players.map((p) => [p.playerId, p.studentId])).toEqual([
      ["sid-1", "S-1042"],
      ["sid-2", "=cmd()"],
    ]);
    const players = await (await api(`/api/games/${g3}/report.csv?table=players`, { token: teacher.token })).text();
    expect(
      players
        .replace(/^\uFEFF/, "")
        .split("\r\n")
        .slice(0, 3),
    ).toEqual([
      "rank,nickname,score,correct,answered,mean_ms,kicked,player_id,student_id",
      "1,Anon One,900,1,1,,no,sid-1,S-1042",
      "2,'=Anon Two,0,0,0,,no,sid-2,'=cmd()",
    ]);
    const answersCsv = await (await api(`/api/games/${g3}/report.csv?table=answers`, { token: teacher.token })).text();
    expect(answersCsv.replace(/^\uFEFF/, "").split("\r\n")[0]).toBe(
      "question,type,question_text,nickname,answer,correct,points,response_ms,answered_at,player_id,student_id",
    );
    // Game 1 had no IDs when it was played... but Zed's seat has one now, so its tables gain the column.
    const g1csv = await (await api(`/api/games/${g1}/report.csv?table=players`, { token: teacher.token })).text();
    expect(g1csv.split("\r\n")[0]).toMatch(/,student_id$/);
    const combined = await get<CombinedReport>(`/api/games/combined?ids=${g1},${g3}`, teacher);
    expect(combined.body.players.find((p) => p.key === "s:s-1042")).toMatchObject({
      matchedBy: "studentId",
      correct: 2,
      questions: 3,
    });
    // The room's public view of a game carries no IDs.
    const history = await get<HistoryPage>("/api/me/games", ann);
    expect(JSON.stringify(history.body)).not.toContain("1042");
  });
});
