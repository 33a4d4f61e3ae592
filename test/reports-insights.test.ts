// Reports that point at problems: right / wrong / no answer out of everyone in the game, the
// questions most of the class missed and the players who need help (at the teacher's threshold),
// the xlsx download read back cell by cell, hiding empty lobbies, and deleting a report.
import { env } from "cloudflare:workers";
import { unzipSync, strFromU8 } from "fflate";
import readXlsxFile from "read-excel-file/universal";
import { beforeAll, describe, expect, it } from "vitest";
import { answers, gamePlayers, games } from "../schema/db.ts";
import { gameSettings } from "../schema/game.ts";
import { question, type Question, type QuestionInput } from "../schema/quiz.ts";
import type { GameList, GameReport } from "../schema/report.ts";
import type { LogPage } from "../schema/events.ts";
import type { AnswerRow, PlayerRow } from "../worker/reports/build.ts";
import { buildInsights, questionOutcomes } from "../worker/reports/insights.ts";
import { combineGames } from "../worker/reports/combined.ts";
import { eventually } from "./helpers/wait.ts";
import { api, getJson } from "./helpers/api.ts";
import { db, makeQuiz, makeUser, type TestUser } from "./helpers/fixtures.ts";
import { Client, host, hostedGames } from "./helpers/room-client.ts";

const q = (input: QuestionInput): Question => question.parse(input);
const snapshot = [
  q({ type: "single", text: "Capital of France?", options: ["Lyon", "Paris"], correct: 1 }),
  q({ type: "truefalse", text: "2 > 3", correct: false }),
  q({ type: "poll", text: "Tea?", options: ["Yes", "No"] }),
];
const player = (
  playerId: string,
  nickname: string,
  correctCount: number,
  extra: Partial<PlayerRow> = {},
): PlayerRow => ({
  gameId: "g",
  playerId,
  nickname,
  userId: null,
  studentId: null,
  score: correctCount * 900,
  rank: 0,
  correctCount,
  answeredCount: 0,
  totalTimeMs: 0,
  kicked: false,
  joinedAt: 0,
  ...extra,
});
const answer = (questionIndex: number, playerId: string, value: unknown, correct: boolean | null): AnswerRow => ({
  gameId: "g",
  questionIndex,
  playerId,
  answer: value,
  correct,
  points: correct ? 900 : 0,
  responseMs: 1000,
  answeredAt: 0,
});

describe("insights (pure)", () => {
  // Q0: Ann right, Bob wrong, Cy silent. Q1: only Ann, right. Q2: a poll. Kim was removed after answering Q0.
  const players = [
    player("ann", "Ann", 2, { rank: 1 }),
    player("bob", "Bob", 0, { rank: 2 }),
    player("cy", "Cy", 0, { rank: 3 }),
    player("kim", "Kim", 1, { kicked: true }),
  ];
  const rows = [
    answer(0, "ann", { choice: 1 }, true),
    answer(0, "bob", { choice: 0 }, false),
    answer(0, "kim", { choice: 1 }, true),
    answer(1, "ann", { choice: 1 }, true),
    answer(2, "ann", { choice: 0 }, null),
    answer(2, "bob", { choice: 1 }, null),
  ];

  it("counts right, wrong and no answer out of everyone who was in the game, and flags what most missed", () => {
    expect(questionOutcomes(snapshot, players, rows)).toEqual([
      // Kim answered Q0 before being removed: she was in the game for it.
      { index: 0, inGame: 4, right: 2, wrong: 1, noAnswer: 1, share: 0.5, flagged: false },
      { index: 1, inGame: 3, right: 1, wrong: 0, noAnswer: 2, share: 1 / 3, flagged: true },
      { index: 2, inGame: 3, right: 0, wrong: 0, noAnswer: 1, share: null, flagged: false },
    ]);
  });

  it("flags players below the threshold, never a removed one, polls left out of the share", () => {
    const at = (helpBelow: number) =>
      buildInsights(snapshot, players, rows, { helpBelow }).players.map((p) => [p.playerId, p.share, p.needsHelp]);
    expect(at(50)).toEqual([
      ["ann", 1, false],
      ["bob", 0, true],
      ["cy", 0, true],
      ["kim", 0.5, false],
    ]);
    expect(at(0).every(([, , flagged]) => flagged === false)).toBe(true);
    expect(at(100).map(([id, , f]) => [id, f])).toEqual([
      ["ann", false],
      ["bob", true],
      ["cy", true],
      ["kim", false],
    ]);
  });

  it("combines games: a student ID typed differently is one student; two seats of one student count once (the better)", () => {
    const game = (id: string, startedAt: number) => ({
      id,
      code: "ABCDEF",
      quizId: null,
      hostId: "h",
      title: id,
      settings: gameSettings.parse({}),
      snapshot,
      status: "ended" as const,
      playerCount: 2,
      questionCount: 3,
      createdAt: startedAt,
      startedAt,
      endedAt: startedAt,
      kind: "live" as const,
      deadline: null,
    });
    const r = combineGames(
      [
        {
          game: game("late", 2000),
          players: [player("a", "Ann", 2, { studentId: " S-1 " }), player("b", "Ann2", 1, { studentId: "s-1" })],
        },
        {
          game: game("early", 1000),
          players: [player("c", "Annie", 1, { studentId: "Ｓ-1" }), player("d", "Zed", 0, { kicked: true })],
        },
      ],
      50,
    );
    expect(r.games.map((g) => g.id)).toEqual(["early", "late"]);
    expect(r.players).toEqual([
      expect.objectContaining({
        key: "s:s-1",
        name: "Ann",
        matchedBy: "studentId",
        correct: 3,
        questions: 4,
        share: 0.75,
        needsHelp: false,
        perGame: [expect.objectContaining({ playerId: "c" }), expect.objectContaining({ playerId: "a" })],
      }),
    ]);
  });
});

describe("the report over HTTP", () => {
  let t1: TestUser;
  let t2: TestUser;
  const GAME = `ins-${crypto.randomUUID().slice(0, 8)}`;
  beforeAll(async () => {
    t1 = await makeUser("teacher", "T1");
    t2 = await makeUser("teacher", "T2");
    const student = await makeUser("student", "Ann Account");
    const t0 = Date.UTC(2026, 10, 20, 9);
    await db()
      .insert(games)
      .values({
        id: GAME,
        code: "KQ7ZP3",
        hostId: t1.id,
        title: "Insights",
        settings: gameSettings.parse({}),
        snapshot,
        status: "ended",
        playerCount: 3,
        questionCount: 3,
        createdAt: t0,
        startedAt: t0,
        endedAt: t0 + 60_000,
      });
    await db()
      .insert(gamePlayers)
      .values([
        { ...player("ann", "Ann", 2, { rank: 1, userId: student.id }), gameId: GAME },
        { ...player("bob", "=Bob", 0, { rank: 2, studentId: "@S-7" }), gameId: GAME },
        { ...player("cy", "Cy", 0, { rank: 3 }), gameId: GAME },
      ]);
    for (const r of [
      answer(0, "ann", { choice: 1 }, true),
      answer(0, "bob", { choice: 0 }, false),
      answer(1, "ann", { choice: 1 }, true),
      answer(2, "bob", { choice: 0 }, null),
    ])
      await db()
        .insert(answers)
        .values({ ...r, gameId: GAME, answeredAt: t0 + 5000 });
  });

  it("carries the insights, with the teacher's threshold and the account names", async () => {
    const { status, body } = await getJson<GameReport>(`/api/games/${GAME}/report?helpBelow=40`, t1.headers);
    expect(status).toBe(200);
    expect(body.insights.helpBelow).toBe(40);
    expect(body.insights.questions.map((x) => [x.right, x.wrong, x.noAnswer, x.inGame, x.flagged])).toEqual([
      [1, 1, 1, 3, true],
      [1, 0, 2, 3, true],
      [0, 0, 2, 3, false],
    ]);
    expect(body.insights.players).toEqual([
      {
        playerId: "ann",
        userId: expect.any(String),
        accountName: "Ann Account",
        studentId: null,
        share: 1,
        needsHelp: false,
      },
      { playerId: "bob", userId: null, accountName: null, studentId: "@S-7", share: 0, needsHelp: true },
      { playerId: "cy", userId: null, accountName: null, studentId: null, share: 0, needsHelp: true },
    ]);
    expect((await getJson<GameReport>(`/api/games/${GAME}/report`, t1.headers)).body.insights.helpBelow).toBe(50);
    for (const qs of ["helpBelow=-1", "helpBelow=101", "helpBelow=x", "other=1"])
      expect((await getJson(`/api/games/${GAME}/report?${qs}`, t1.headers)).status, qs).toBe(400);
  });

  it("downloads as xlsx: players, questions and answers sheets, player text as text, never a formula", async () => {
    const res = await api(`/api/games/${GAME}/report.xlsx?helpBelow=40`, { headers: t1.headers });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    expect(res.headers.get("content-disposition")).toBe(
      'attachment; filename="quickquiz-insights-KQ7ZP3-2026-11-20.xlsx"',
    );
    expect(res.headers.get("cache-control")).toBe("private, no-store");
    const bytes = await res.arrayBuffer();
    const sheets = await readXlsxFile(bytes);
    expect(sheets.map((s) => s.sheet)).toEqual(["Players", "Questions", "Answers"]);
    const [players, questions, answerSheet] = sheets.map((s) => s.data);
    expect(players[0]).toEqual([
      "Rank",
      "Nickname",
      "Name or student ID",
      "Account",
      "Score",
      "Correct",
      "Answered",
      "Right share",
      "Mean time (s)",
      "Needs help",
      "Removed",
    ]);
    expect(players.slice(1).map((r) => [r[0], r[1], r[2], r[3], r[9]])).toEqual([
      [1, "Ann", null, "Ann Account", "no"],
      [2, "=Bob", "@S-7", null, "yes"],
      [3, "Cy", null, null, "yes"],
    ]);
    expect(questions.slice(1).map((r) => [r[0], r[3], r[4], r[5], r[6], r[8]])).toEqual([
      [1, 1, 1, 1, 3, "yes"],
      [2, 1, 0, 2, 3, "yes"],
      [3, null, null, 2, 3, null],
    ]);
    expect(answerSheet).toHaveLength(5);
    expect(answerSheet[2].slice(2, 6)).toEqual(["=Bob", "@S-7", "Lyon", "no"]);
    // No cell of any sheet is a formula: "=Bob" is stored as a string.
    const files = unzipSync(new Uint8Array(bytes));
    const sheetXml = Object.keys(files)
      .filter((f) => /^xl\/worksheets\/sheet\d+\.xml$/.test(f))
      .map((f) => strFromU8(files[f]));
    expect(sheetXml).toHaveLength(3);
    for (const xml of sheetXml) expect(xml).not.toMatch(/<f[ >]/);
    expect((await api(`/api/games/${GAME}/report.xlsx`, { headers: t2.headers })).status).toBe(404);
  });
});

describe("the list of reports and deleting one", () => {
  const used = hostedGames();

  it("hides games that never started and had nobody, when asked", async () => {
    const t = await makeUser("teacher");
    const base = { hostId: t.id, settings: gameSettings.parse({}), snapshot, questionCount: 3 };
    await db()
      .insert(games)
      .values([
        {
          ...base,
          id: `${t.id}-played`,
          code: "AAA234",
          title: "Played",
          status: "ended",
          playerCount: 2,
          createdAt: 3,
          startedAt: 3,
        },
        {
          ...base,
          id: `${t.id}-empty`,
          code: "BBB234",
          title: "Empty lobby, ended",
          status: "ended",
          playerCount: 0,
          createdAt: 2,
        },
        {
          ...base,
          id: `${t.id}-waited`,
          code: "CCC234",
          title: "Ended in the lobby with players",
          status: "ended",
          playerCount: 1,
          createdAt: 1,
        },
      ]);
    const list = async (qs: string) =>
      (await getJson<GameList>(`/api/games?${qs}`, { authorization: `Bearer ${t.token}` })).body.items.map(
        (g) => g.title,
      );
    expect(await list("")).toEqual(["Played", "Empty lobby, ended", "Ended in the lobby with players"]);
    expect(await list("empty=hide")).toEqual(["Played", "Ended in the lobby with players"]);
    expect((await getJson(`/api/games?empty=maybe`, { authorization: `Bearer ${t.token}` })).status).toBe(400);
  });

  it("deletes an ended game's report for good, refuses a live one, and keeps other teachers out", async () => {
    const t = await makeUser("teacher");
    const stranger = await makeUser("teacher");
    const id = `${t.id}-del`;
    await db()
      .insert(games)
      .values({
        id,
        code: "DDD234",
        hostId: t.id,
        title: "To delete",
        settings: gameSettings.parse({}),
        snapshot,
        status: "ended",
        playerCount: 1,
        questionCount: 3,
        createdAt: 1,
        startedAt: 1,
      });
    await db()
      .insert(gamePlayers)
      .values({ ...player("p", "P", 1), gameId: id });
    await db()
      .insert(answers)
      .values({ ...answer(0, "p", { choice: 1 }, true), gameId: id });
    const del = (gameId: string, who: TestUser) =>
      api(`/api/games/${gameId}`, { method: "DELETE", headers: who.headers });

    expect((await del(id, stranger)).status).toBe(404);
    expect((await del(id, t)).status).toBe(204);
    for (const table of ["games WHERE id", "game_players WHERE game_id", "answers WHERE game_id"]) {
      expect(
        (await env.DB.prepare(`SELECT count(*) AS n FROM ${table} = ?`).bind(id).first<{ n: number }>())!.n,
        table,
      ).toBe(0);
    }
    expect((await getJson(`/api/games/${id}/report`, t.headers)).status).toBe(404);
    expect((await del(id, t)).status).toBe(404);
    const logged = await eventually(
      async () => (await getJson<LogPage>(`/api/logs?type=game.delete&gameId=${id}`, t.headers)).body.items[0] ?? null,
    );
    expect(logged).toMatchObject({ actorId: t.id, payload: { title: "To delete", players: 1 } });

    // A lobby still open in its room: ended first.
    const quiz = await makeQuiz(t.id, [{ type: "truefalse", text: "Q", correct: true }]);
    const live = await host(t.token, quiz, { readingTime: 0 });
    used.push(live);
    const refused = await del(live.gameId, t);
    expect(refused.status).toBe(409);
    expect(((await refused.json()) as { error: { message: string } }).error.message).toMatch(/end it first/);
    const h = await Client.host(live, t.token);
    await h.next("welcome");
    h.send({ type: "end" });
    await h.next("ended");
    await eventually(
      async () =>
        (await env.DB.prepare("SELECT status FROM games WHERE id = ?").bind(live.gameId).first<{ status: string }>())
          ?.status === "ended"
          ? true
          : null,
      250,
    );
    expect((await del(live.gameId, t)).status).toBe(204);
    h.close();
    expect((await del("a b", t)).status).toBe(400);
    const student = await makeUser("student");
    expect((await del(id, student)).status).toBe(403);
  });
});
