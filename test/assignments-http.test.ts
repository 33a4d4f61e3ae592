// Assignments through the real Worker and the real Durable Object: assigning (validation, roles,
// one code space), a student's path with eviction at every step, resuming with the time used
// counted, the deadline (refusals, the alarm), the teacher's side and the results in D1.
import { runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import type { Assignment } from "../rooms/assignment/object.ts";
import { answerRequest, startRequest } from "../schema/assignment.ts";
import { answers, gamePlayers, games } from "../schema/db.ts";
import { allocateCode } from "../worker/games/codes.ts";
import {
  answer,
  assign,
  assignmentOf,
  evictAssignment,
  play,
  playOk,
  progressOf,
  start,
  startOk,
  teacherPost,
  ASSIGNMENT_QUESTIONS as QUESTIONS,
  ASSIGNMENT_RIGHT as RIGHT,
} from "./helpers/assignment-client.ts";
import { makeQuiz, makeUser, type TestUser } from "./helpers/fixtures.ts";
import { expectClientError, send } from "./helpers/fuzz-http.ts";

const d1 = () => drizzle(env.DB);

let teacher: TestUser;
let quizId: string;

beforeAll(async () => {
  teacher = await makeUser("teacher");
  quizId = await makeQuiz(teacher.id, QUESTIONS);
});

const evict = evictAssignment;

/** Shows the student's current question, then answers it. */
async function playAndAnswer(code: string, token: string, q: number, value: unknown) {
  await playOk(code, token);
  return answer(code, token, q, value);
}

/** Rewrites a participant as stored (then evicts, so the object reads it back). */
async function storedParticipant(code: string, id: string, change: (p: Record<string, number>) => void) {
  await runInDurableObject(assignmentOf(code), (_o: Assignment, state) => {
    const row = state.storage.sql.exec<{ data: string }>("SELECT data FROM participants WHERE id = ?", id).one();
    const p = JSON.parse(row.data);
    change(p);
    state.storage.sql.exec("UPDATE participants SET data = ? WHERE id = ?", JSON.stringify(p), id);
  });
  await evict(code);
}

describe("assigning", () => {
  it("gets a code the landing page knows as an assignment, a running games row and a report at once", async () => {
    const a = await assign(teacher.token, quizId);
    expect(a.url).toMatch(new RegExp(`/${a.code}$`));
    const info = await send(`/api/rooms/${a.code}`);
    expect(info.json).toMatchObject({ kind: "assignment", code: a.code, status: "open", questionCount: 3 });
    const row = await d1().select().from(games).where(eq(games.id, a.gameId)).get();
    expect(row).toMatchObject({ kind: "assignment", status: "running", code: a.code, hostId: teacher.id });
    const report = await send(`/api/games/${a.gameId}/report`, { headers: teacher.headers });
    expect(report.status).toBe(200);
    expect(report.json).toMatchObject({ game: { kind: "assignment", status: "running" } });
  });

  it("refuses bad settings, the wrong roles and someone else's private quiz, writing nothing", async () => {
    const student = await makeUser("student");
    const other = await makeUser("teacher");
    const before = (await d1().select().from(games).all()).length;
    const post = (body: unknown, headers = teacher.headers) =>
      send("/api/assignments", {
        method: "POST",
        headers: { ...headers, "content-type": "application/json" },
        body: JSON.stringify(body),
      });
    const soon = Date.now() + 3600_000;
    expect((await post({ quizId, settings: { deadline: soon } }, {})).status).toBe(401);
    expect((await post({ quizId, settings: { deadline: soon } }, student.headers)).status).toBe(403);
    expect((await post({ quizId: await makeQuiz(other.id, QUESTIONS), settings: { deadline: soon } })).status).toBe(
      404,
    );
    for (const settings of [
      {},
      { deadline: Date.now() - 1000 },
      { deadline: soon, opensAt: soon + 1 },
      { deadline: soon, attempts: 0 },
      { deadline: soon, showAnswers: "sometimes" },
      { deadline: soon, surprise: true },
      { deadline: soon, maxParticipants: 1e9 },
    ]) {
      const r = await post({ quizId, settings });
      expectClientError(r, JSON.stringify(settings));
      expect(r.status).toBe(400);
    }
    expect((await d1().select().from(games).all()).length).toBe(before);
  });

  it("one code space: a code held by either kind is never handed out", async () => {
    let claims = 0;
    expect(
      await allocateCode(
        async () => true,
        async () => ++claims > 0,
      ),
    ).toBeNull();
    expect(claims).toBe(0);
    const a = await assign(teacher.token, quizId);
    // The live games' allocator asks the assignment's object: this code is taken.
    expect(await assignmentOf(a.code).info()).not.toBeNull();
    const live = await send("/api/games", {
      method: "POST",
      headers: { ...teacher.headers, "content-type": "application/json" },
      body: JSON.stringify({ quizId }),
    });
    const code = (live.json as { code: string }).code;
    expect(code).not.toBe(a.code);
    expect((await send(`/api/rooms/${code}`)).json).toMatchObject({ kind: "game" });
    expect(await assignmentOf(code).info()).toBeNull();
    // Asking about a code writes nothing into the empty object.
    const tables = await runInDurableObject(assignmentOf(code), (_o: Assignment, state) =>
      state.storage.sql.exec("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'meta'").toArray(),
    );
    expect(tables).toEqual([]);
  });
});

describe("a student's path", () => {
  it("start, answer every question and finish, with the object evicted before and after every step", async () => {
    const a = await assign(teacher.token, quizId, { showAnswers: "end" });
    await evict(a.code);
    const s = await startOk(a.code, "Ann");
    expect(s).toMatchObject({ phase: "question", question: { index: 0, total: 3, timeLimit: 0 } });
    expect(s.question).not.toHaveProperty("correct");
    for (let q = 0; q < 3; q++) {
      await evict(a.code);
      const state = await playOk(a.code, s.token);
      expect(state.question?.index).toBe(q);
      await evict(a.code);
      const r = await answer(a.code, s.token, q, { choice: RIGHT[q] });
      expect(r.status, r.text).toBe(200);
      const body = r.json as { result: Record<string, unknown> };
      // "end": nothing about right or wrong (nor the streak or score) before the student finishes.
      expect(body.result).toEqual({ index: q, accepted: true });
      await evict(a.code);
    }
    const done = await playOk(a.code, s.token);
    expect(done.phase).toBe("finished");
    expect(done.summary).toMatchObject({ score: 1000 + 1100 + 1200, rank: 1, participants: 1 });
    expect(done.summary!.items.map((i) => [i.answer, i.correct, i.right])).toEqual(
      RIGHT.map((c) => [{ choice: c }, true, { choice: c }]),
    );
    // An answer twice (or to a question already passed) is refused and changes nothing.
    expect((await answer(a.code, s.token, 2, { choice: 0 })).status).toBe(409);
    expect((await playOk(a.code, s.token)).summary!.score).toBe(3300);
  });

  it("resumes on the same question with its clock still running; back after the limit, that one timed out", async () => {
    const a = await assign(teacher.token, quizId, { timer: true });
    const s = await startOk(a.code, "Ben");
    expect(s.question).toMatchObject({ index: 0, timeLimit: 20 });
    expect((await answer(a.code, s.token, 0, { choice: 1 })).status).toBe(200);
    const q1 = await playOk(a.code, s.token);
    expect(q1.question!.index).toBe(1);
    // Question 1 was sent 4 s ago (a reload): the same question, 4 s (and the requests' time) used.
    await storedParticipant(a.code, s.me.participantId, (p) => {
      p.shownAt = Date.now() - 4000;
    });
    const back = await playOk(a.code, s.token);
    expect(back.question!.index).toBe(1);
    expect(back.question!.closesInMs).toBeLessThanOrEqual(16_000);
    expect(back.question!.closesInMs).toBeGreaterThan(10_000);
    // Then the student went away for an hour: question 1 timed out unanswered, question 2 starts now.
    await storedParticipant(a.code, s.me.participantId, (p) => {
      p.shownAt = Date.now() - 3600_000;
    });
    const later = await playOk(a.code, s.token);
    expect(later.question).toMatchObject({ index: 2, closesInMs: 20_000 });
    expect((await progressOf(a.code, teacher.token)).participants[0]).toMatchObject({ answered: 1, position: 2 });
  });

  it("a logged-in student resumes on another device without a token; a removed one is refused", async () => {
    const a = await assign(teacher.token, quizId);
    const student = await makeUser("student");
    const first = await start(a.code, { nickname: "Cleo" }, student.headers);
    expect(first.status).toBe(201);
    const s = first.json as { token: string; me: { participantId: string } };
    expect((await answer(a.code, s.token, 0, { choice: 0 })).status).toBe(200);
    const again = await start(a.code, {}, student.headers);
    expect(again.json).toMatchObject({ me: { participantId: s.me.participantId }, question: { index: 1 } });
    const removed = await send(`/api/assignments/${a.code}/participants/${s.me.participantId}`, {
      method: "DELETE",
      headers: teacher.headers,
    });
    expect(removed.status).toBe(200);
    const refused = await play(a.code, s.token);
    expect(refused.status).toBe(403);
    expect(refused.json).toMatchObject({ error: { issues: [{ message: "removed" }] } });
  });

  it("students only: an anonymous visitor or a teacher is refused; nicknames are unique and checked", async () => {
    const a = await assign(teacher.token, quizId, { audience: "students", askStudentId: true });
    expect((await start(a.code, { nickname: "Dan" })).json).toMatchObject({
      error: { issues: [{ message: "students_only" }] },
    });
    expect((await start(a.code, { nickname: "Dan" }, teacher.headers)).status).toBe(403);
    const student = await makeUser("student");
    // Asked for, so required: none, or blank, is refused and takes no seat; over 40 characters is a 400 too.
    for (const studentId of [undefined, "   "])
      expect((await start(a.code, { nickname: "Dan", studentId }, student.headers)).json).toMatchObject({
        error: { issues: [{ message: "student_id_required" }] },
      });
    expect((await start(a.code, { nickname: "Dan", studentId: "x".repeat(41) }, student.headers)).status).toBe(400);
    expect((await progressOf(a.code, teacher.token)).participants).toEqual([]);
    const dan = await start(a.code, { nickname: "Dan", studentId: "  S-42 " }, student.headers);
    expect(dan.status).toBe(201);
    const other = await makeUser("student");
    expect((await start(a.code, { nickname: "dan", studentId: "S-7" }, other.headers)).status).toBe(409);
    expect((await start(a.code, { nickname: "", studentId: "S-7" }, other.headers)).status).toBe(400);
    const progress = await progressOf(a.code, teacher.token);
    expect(progress.participants.map((p) => [p.nickname, p.studentId])).toEqual([["Dan", "S-42"]]);
    // The student's own screens never carry it; D1 has it in its own column, the nickname as chosen.
    expect(JSON.stringify(dan.json)).not.toContain("S-42");
    expect(JSON.stringify(await playOk(a.code, (dan.json as { token: string }).token))).not.toContain("S-42");
    expect((await teacherPost(a.code, teacher.token, "close")).status).toBe(200);
    await runInDurableObject(assignmentOf(a.code), (o: Assignment) => o.flushResults());
    const rows = await d1().select().from(gamePlayers).where(eq(gamePlayers.gameId, a.gameId)).all();
    expect(rows.map((r) => [r.nickname, r.studentId])).toEqual([["Dan", "S-42"]]);
  });

  it("a start tried again with its key (its answer was lost) gets the same seat, not 'taken'; a bad key is a 400", async () => {
    const a = await assign(teacher.token, quizId);
    const key = "k".repeat(16) + crypto.randomUUID().replaceAll("-", "");
    const first = await start(a.code, { nickname: "Hal", key });
    expect(first.status).toBe(201);
    const s = first.json as { token: string; me: { participantId: string } };
    expect((await answer(a.code, s.token, 0, { choice: 1 })).status).toBe(200);
    await evict(a.code);
    // The first answer never arrived; the browser tries again with the same key.
    const again = await start(a.code, { nickname: "Hal", key });
    expect(again.status).toBe(201);
    expect(again.json).toMatchObject({ me: { participantId: s.me.participantId }, question: { index: 1 } });
    // Another browser (no key, or its own) still finds the nickname taken.
    expect((await start(a.code, { nickname: "Hal" })).status).toBe(409);
    expect((await start(a.code, { nickname: "Hal", key: "x".repeat(32) })).status).toBe(409);
    for (const bad of ["short", "a".repeat(65), "has spaces in it!!", 42]) {
      const r = await start(a.code, { nickname: "Ivy", key: bad });
      expect(r.status).toBe(400);
    }
    expect((await progressOf(a.code, teacher.token)).participants.map((p) => p.nickname)).toEqual(["Hal"]);
  });

  it("a token of another assignment, no token, or a malformed one is refused", async () => {
    const a = await assign(teacher.token, quizId);
    const b = await assign(teacher.token, quizId);
    const s = await startOk(a.code, "Eve");
    expect((await play(b.code, s.token)).status).toBe(401);
    expect((await send(`/api/assignments/${a.code}/play`)).status).toBe(401);
    expect((await play(a.code, "nope")).status).toBe(401);
    expect((await play("ZZ", s.token)).status).toBe(400);
  });
});

describe("the deadline and the teacher's side", () => {
  it("progress follows every state; close refuses late visitors and answers; results reach D1 idempotently", async () => {
    const a = await assign(teacher.token, quizId, { showAnswers: "deadline" });
    const ann = await startOk(a.code, "Ann");
    const ben = await startOk(a.code, "Ben");
    let progress = await progressOf(a.code, teacher.token);
    expect(progress.participants.map((p) => [p.nickname, p.state, p.position])).toEqual([
      ["Ann", "started", 0],
      ["Ben", "started", 0],
    ]);
    for (let q = 0; q < 3; q++) await playAndAnswer(a.code, ann.token, q, { choice: RIGHT[q] });
    await answer(a.code, ben.token, 0, { choice: 2 });
    progress = await progressOf(a.code, teacher.token);
    expect(progress.participants.map((p) => [p.state, p.answered, p.score])).toEqual([
      ["finished", 3, 3300],
      ["started", 1, 0],
    ]);
    const annDone = await playOk(a.code, ann.token);
    expect(annDone.summary!.items[0]).not.toHaveProperty("right");
    // Another teacher does not see it.
    const other = await makeUser("teacher");
    expect((await send(`/api/assignments/${a.code}/progress`, { headers: other.headers })).status).toBe(404);
    expect((await teacherPost(a.code, other.token, "close")).status).toBe(404);

    expect((await teacherPost(a.code, teacher.token, "close")).json).toMatchObject({ status: "closed" });
    const late = await start(a.code, { nickname: "Late" });
    expect(late.status).toBe(403);
    expect(late.json).toMatchObject({ error: { message: expect.stringContaining("deadline has passed") } });
    expect((await playAndAnswer(a.code, ben.token, 1, { choice: 2 })).status).toBe(403);
    const benClosed = await playOk(a.code, ben.token);
    expect(benClosed.phase).toBe("closed");
    // "deadline": the right answers once it has closed.
    expect(benClosed.summary!.items[0].right).toEqual({ choice: 1 });

    const stub = assignmentOf(a.code);
    await runInDurableObject(stub, (o: Assignment) => o.flushResults());
    const read = async () => ({
      game: await d1().select().from(games).where(eq(games.id, a.gameId)).get(),
      players: await d1().select().from(gamePlayers).where(eq(gamePlayers.gameId, a.gameId)).all(),
      answers: await d1().select().from(answers).where(eq(answers.gameId, a.gameId)).all(),
    });
    const first = await read();
    expect(first.game).toMatchObject({ status: "ended", kind: "assignment", playerCount: 2 });
    expect(first.players.map((p) => [p.nickname, p.score, p.rank, p.answeredCount]).sort()).toEqual([
      ["Ann", 3300, 1, 3],
      ["Ben", 0, 2, 1],
    ]);
    expect(first.answers).toHaveLength(4);
    // A retry writes the same rows again.
    await runInDurableObject(stub, (o: Assignment) => o.flushResults());
    const second = await read();
    expect(second.players).toEqual(first.players);
    expect(second.answers.length).toBe(4);

    const csv = await send(`/api/games/${a.gameId}/report.csv?table=answers`, { headers: teacher.headers });
    expect(csv.status).toBe(200);
    // A header and the four answers played.
    expect(csv.text.split("\n").filter((l) => l.trim()).length).toBe(5);

    // Reopened with a new deadline: students may go on.
    const reopened = await teacherPost(a.code, teacher.token, "deadline", { deadline: Date.now() + 3600_000 });
    expect(reopened.json).toMatchObject({ status: "open" });
    expect((await d1().select().from(games).where(eq(games.id, a.gameId)).get())!.status).toBe("running");
    expect((await playAndAnswer(a.code, ben.token, 1, { choice: 2 })).status).toBe(200);
    expect((await teacherPost(a.code, teacher.token, "deadline", { deadline: Date.now() - 5 })).status).toBe(400);
  });

  it("the alarm at the deadline closes it and writes the results, even after eviction", async () => {
    const a = await assign(teacher.token, quizId);
    const s = await startOk(a.code, "Fay");
    await answer(a.code, s.token, 0, { choice: 1 });
    const stub = assignmentOf(a.code);
    await runInDurableObject(stub, (_o: Assignment, state) => {
      const row = state.storage.sql.exec<{ value: string }>("SELECT value FROM meta WHERE key = 'state'").one();
      const st = JSON.parse(row.value);
      st.deadline = Date.now() - 10;
      state.storage.sql.exec("UPDATE meta SET value = ? WHERE key = 'state'", JSON.stringify(st));
    });
    await evict(a.code);
    expect(await runDurableObjectAlarm(stub)).toBe(true);
    for (let i = 0; i < 50; i++) {
      const row = await d1().select().from(games).where(eq(games.id, a.gameId)).get();
      if (row?.status === "ended") break;
      await new Promise((r) => setTimeout(r, 50));
    }
    expect((await d1().select().from(games).where(eq(games.id, a.gameId)).get())!.status).toBe("ended");
    expect((await d1().select().from(answers).where(eq(answers.gameId, a.gameId)).all()).length).toBe(1);
    expect((await start(a.code, { nickname: "Gus" })).status).toBe(403);
  });
});

describe("fuzzing the student's bodies", () => {
  it("random bodies to start and answer get a 4xx or what the schema predicts, never a 5xx", async () => {
    const a = await assign(teacher.token, quizId, { maxParticipants: 5000 });
    const s = await startOk(a.code, "Hal");
    let accepted = 1;
    await fc.assert(
      fc.asyncProperty(fc.jsonValue(), fc.boolean(), async (value, toAnswer) => {
        const path = `/api/assignments/${a.code}/${toAnswer ? "answer" : "start"}`;
        const headers: Record<string, string> = { "content-type": "application/json" };
        if (toAnswer) headers.authorization = `Player ${s.token}`;
        const r = await send(path, { method: "POST", headers, body: JSON.stringify(value) });
        expect(r.status, r.text).toBeLessThan(500);
        const valid = (toAnswer ? answerRequest : startRequest).safeParse(value).success;
        if (!valid) expectClientError(r, JSON.stringify(value).slice(0, 200));
        if (!toAnswer && r.status === 201) accepted++;
      }),
      { numRuns: 150 },
    );
    expect((await progressOf(a.code, teacher.token)).participants.length).toBe(accepted);
  });
});
