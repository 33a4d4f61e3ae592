// The "name or student ID" a host may ask for at join: refused when missing (over HTTP and over the
// socket) and nothing changes; trimmed and stored on the seat, not asked again of a returning
// seat, ignored where not asked; never in a frame to anyone (players or the projector); in D1,
// the report, its CSV and its xlsx.
import { env } from "cloudflare:workers";
import { runInDurableObject } from "cloudflare:test";
import { eq } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import readXlsxFile from "read-excel-file/universal";
import { describe, expect, it } from "vitest";
import { gamePlayers, games } from "../schema/db.ts";
import { CLOSE_CODES } from "../schema/messages.ts";
import type { GameReport } from "../schema/report.ts";
import { api } from "./helpers/api.ts";
import { makeQuiz, makeUser } from "./helpers/fixtures.ts";
import { Client, host, hostedGames, joinRaw, joinSocket, roomOf, type Seat } from "./helpers/room-client.ts";
import { eventually } from "./helpers/wait.ts";

const QUESTIONS = [
  { type: "single" as const, text: "2+2?", options: ["3", "4"], correct: 1 },
  { type: "truefalse" as const, text: "Snow is black.", correct: false },
];
const used = hostedGames();

async function hosted(settings = {}) {
  const teacher = await makeUser("teacher");
  const quizId = await makeQuiz(teacher.id, QUESTIONS);
  const game = await host(teacher.token, quizId, { readingTime: 0, ...settings });
  used.push(game);
  const h = await Client.host(game, teacher.token);
  await h.next("welcome");
  return { teacher, game, h };
}

/** The room's seats as stored: nickname and student ID. */
function seats(code: string) {
  return runInDurableObject(roomOf(code), (_r, s) =>
    s.storage.sql
      .exec<{ data: string }>("SELECT data FROM players ORDER BY id")
      .toArray()
      .map((r) => {
        const p = JSON.parse(r.data);
        return { nickname: p.nickname, studentId: p.studentId };
      }),
  );
}

async function expectRefused(c: Client) {
  const msg = await c.next("joinRefused");
  expect(msg.reason).toBe("student-id-required");
  expect(msg.message).toMatch(/student ID/);
  expect((await c.waitClosed()).code).toBe(CLOSE_CODES.refused);
}

describe("a room that asks for a name or student ID", () => {
  it("tells the join page (a boolean only), and refuses a join without one over HTTP and the socket, changing nothing", async () => {
    const { game, h } = await hosted({ requireStudentId: true });
    expect(await api(`/api/rooms/${game.code}`).then((r) => r.json())).toMatchObject({ requireStudentId: true });

    for (const body of [
      { nickname: "Ann" },
      { nickname: "Ann", studentId: "   " },
      { nickname: "Ann", studentId: "" },
    ]) {
      const res = await joinRaw(game.code, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      const err = (await res.json()) as { error: { code: string; message: string; issues: { path: string }[] } };
      expect(err.error.code).toBe("validation_failed");
      expect(err.error.message).toMatch(/name or student ID/);
      expect(err.error.issues.map((i) => i.path)).toEqual(["studentId"]);
    }
    // Longer than the limit: refused before the room is asked.
    const long = await joinRaw(game.code, { nickname: "Ann", studentId: "x".repeat(41) });
    expect(long.status).toBe(400);
    expect(JSON.stringify(await long.json())).toMatch(/studentId/);

    await expectRefused(await joinSocket(game.code, "Bo"));
    await expectRefused(await joinSocket(game.code, "Bo", { studentId: " \t " }));

    expect(await seats(game.code)).toEqual([]);
    expect(h.all("playerJoined")).toEqual([]);
    expect(await api(`/api/rooms/${game.code}`).then((r) => r.json())).toMatchObject({ playerCount: 0 });
    h.close();
  });

  it("stores the ID trimmed (any script, over both joins); a returning seat is not asked again", async () => {
    const { game, h } = await hosted({ requireStudentId: true });
    const ann = await joinRaw(game.code, { nickname: "Ann", studentId: "  S-1001  " });
    expect(ann.status).toBe(201);
    const annSeat = (await ann.json()) as { playerId: string; token: string };
    const bo = await joinSocket(game.code, "Bo", { studentId: " Борис Иванов, 7«Б» " });
    const welcome = await bo.next("welcome");
    expect((await seats(game.code)).sort((a, b) => a.nickname.localeCompare(b.nickname))).toEqual([
      { nickname: "Ann", studentId: "S-1001" },
      { nickname: "Bo", studentId: "Борис Иванов, 7«Б»" },
    ]);

    // The same seats again, without the ID: by token over HTTP and over the socket.
    const again = await joinRaw(game.code, { nickname: "Ann", token: annSeat.token });
    expect(again.status).toBe(201);
    expect(((await again.json()) as { playerId: string }).playerId).toBe(annSeat.playerId);
    const back = await joinSocket(game.code, "Bo", { token: welcome.token });
    expect((await back.next("welcome")).me?.playerId).toBe(welcome.me!.playerId);

    // A logged-in student is recognised on another device by their account.
    const student = await makeUser("student", "Cy Student");
    const cookie = { Cookie: `qq_session=${student.token}` };
    const first = await joinSocket(game.code, "Cy", { studentId: "C-3", headers: cookie });
    const cy = (await first.next("welcome")).me!.playerId;
    const other = await joinSocket(game.code, "Cy", { headers: cookie });
    expect((await other.next("welcome")).me?.playerId).toBe(cy);

    expect((await seats(game.code)).map((s) => s.studentId).sort()).toEqual(["C-3", "S-1001", "Борис Иванов, 7«Б»"]);
    for (const c of [h, bo, back, first, other]) c.close();
  });

  it("ignores and does not store an ID where the host did not ask for one", async () => {
    const { game, h } = await hosted();
    expect(await api(`/api/rooms/${game.code}`).then((r) => r.json())).toMatchObject({ requireStudentId: false });
    expect((await joinRaw(game.code, { nickname: "Ann", studentId: "S-1" })).status).toBe(201);
    expect((await joinRaw(game.code, { nickname: "Ed", studentId: "  " })).status).toBe(201);
    expect((await joinRaw(game.code, { nickname: "Di" })).status).toBe(201);
    const c = await joinSocket(game.code, "Bo", { studentId: "S-2" });
    await c.next("welcome");
    expect((await seats(game.code)).map((s) => s.studentId)).toEqual([undefined, undefined, undefined, undefined]);
    for (const x of [h, c]) x.close();
  });
});

describe("the IDs stay with the teacher", () => {
  it("are in no frame any socket receives, but in D1, the report, its CSV and its xlsx", async () => {
    const { teacher, game, h } = await hosted({ requireStudentId: true, leaderboard: "each" });
    const ids = { Ann: "ID-7731-ANN", Bo: "Борис-№7" };
    const seat = (await (await joinRaw(game.code, { nickname: "Ann", studentId: ids.Ann })).json()) as Seat;
    const ann = await Client.player(seat);
    const bo = await joinSocket(game.code, "Bo", { studentId: ids.Bo });
    await Promise.all([ann.next("welcome"), bo.next("welcome")]);
    await h.next("playerJoined");
    // A projector that connects later gets the player list in its welcome.
    const projector = await Client.host(game, teacher.token);
    expect((await projector.next("welcome")).players?.map((p) => p.nickname).sort()).toEqual(["Ann", "Bo"]);
    const info = await api(`/api/rooms/${game.code}`).then((r) => r.text());

    h.send({ type: "start" });
    for (let q = 0; q < QUESTIONS.length; q++) {
      const [view] = await Promise.all([ann.next("question"), bo.next("question")]);
      const [first, second] = view.question.options!.map((o) => o.id);
      ann.send({ type: "answer", q, answer: { choice: q === 0 ? second : first } });
      bo.send({ type: "answer", q, answer: { choice: first } });
      await h.next("reveal");
      await Promise.all([ann.next("result"), bo.next("result")]);
      h.send({ type: "next" });
      await h.next(q < QUESTIONS.length - 1 ? "leaderboard" : "podium");
      if (q < QUESTIONS.length - 1) h.send({ type: "next" });
    }
    await Promise.all([ann.next("podium"), bo.next("podium"), projector.next("podium")]);
    // A player coming back at the podium gets its welcome and the podium again.
    const annBack = await Client.player(seat);
    await annBack.next("podium");
    h.send({ type: "next" });
    await Promise.all([h.next("ended"), projector.next("ended"), bo.next("ended")]);

    const everyFrame = JSON.stringify([h, projector, ann, bo, annBack].flatMap((c) => c.frames));
    expect(everyFrame).toContain("Ann");
    for (const id of Object.values(ids)) {
      expect(everyFrame).not.toContain(id);
      expect(info).not.toContain(id);
    }

    const db = drizzle(env.DB);
    await eventually(async () =>
      (await db.select().from(games).where(eq(games.id, game.gameId)).get())?.status === "ended" ? true : null,
    );
    const rows = await db.select().from(gamePlayers).where(eq(gamePlayers.gameId, game.gameId));
    expect(Object.fromEntries(rows.map((r) => [r.nickname, r.studentId]))).toEqual(ids);

    const report = (await api(`/api/games/${game.gameId}/report`, { token: teacher.token }).then((r) =>
      r.json(),
    )) as GameReport;
    expect(report.insights.players.map((p) => p.studentId).sort()).toEqual(Object.values(ids).sort());

    const csv = await api(`/api/games/${game.gameId}/report.csv?table=players`, { token: teacher.token });
    const lines = (await csv.text())
      .replace(/^\uFEFF/, "")
      .trimEnd()
      .split("\r\n");
    const col = lines[0].split(",").indexOf("student_id");
    expect(col).toBeGreaterThan(0);
    const byNick = Object.fromEntries(lines.slice(1).map((l) => [l.split(",")[1], l.split(",")[col]]));
    expect(byNick).toEqual(ids);

    const xlsx = await api(`/api/games/${game.gameId}/report.xlsx`, { token: teacher.token });
    expect(xlsx.status).toBe(200);
    const sheet = (await readXlsxFile(await xlsx.arrayBuffer())).find((s) => s.sheet === "Players")!.data;
    const idCol = sheet[0].indexOf("Name or student ID");
    expect(idCol).toBeGreaterThan(0);
    expect(Object.fromEntries(sheet.slice(1).map((r) => [r[1], r[idCol]]))).toEqual(ids);
    for (const c of [h, projector, ann, bo, annBack]) c.close();
  });
});
