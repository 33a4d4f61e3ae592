// Issue #12 item 3 and the outside probe's finding 1: while the quiz's OWNER plays it (a live game
// or an open assignment), nobody else who could be playing it reads its answers through the API
// (GET, export, duplicate); the owner and admins still can, and the seal lifts when the game ends
// or the assignment closes. Another teacher's game or assignment of a public quiz plays its frozen
// snapshot and never seals the original.
import { describe, expect, it } from "vitest";
import type { TestAccount } from "./helpers/api.ts";
import { api, createAdmin, createQuiz, registerStudent, registerTeacher, sampleQuiz } from "./helpers/api.ts";
import { assign, teacherPost } from "./helpers/assignment-client.ts";
import { Client, host } from "./helpers/room-client.ts";

const DAY = 24 * 3600_000;
const ROUTES = (id: string) => [
  { path: `/api/quizzes/${id}`, method: "GET" },
  { path: `/api/quizzes/${id}/export`, method: "GET" },
  { path: `/api/quizzes/${id}/duplicate`, method: "POST" },
];

/** Every answer-bearing route as `who`: 423 `sealed` with no answer in the body (a student's duplicate: 403). */
async function expectSealed(quizId: string, who: TestAccount) {
  for (const { path, method } of ROUTES(quizId)) {
    const res = await api(path, { method, token: who.token });
    expect(res.status, `${method} ${path} as ${who.user.role}`).toBe(
      method === "POST" && who.user.role === "student" ? 403 : 423,
    );
    const body = await res.text();
    expect(body).not.toContain("correct");
    if (res.status === 423) expect(JSON.parse(body)).toMatchObject({ error: { code: "sealed" } });
  }
}

const readStatus = async (quizId: string, who: TestAccount) =>
  (await api(`/api/quizzes/${quizId}`, { token: who.token })).status;

describe("a quiz its owner is playing is sealed", () => {
  it("a student and a second teacher cannot read the answers while the owner's game is live; owner and admin can", async () => {
    const owner = await registerTeacher();
    const student = await registerStudent();
    const rival = await registerTeacher();
    const admin = await createAdmin();
    const quiz = await createQuiz(owner.token, sampleQuiz({ visibility: "public" }));

    // Before any game: readable by all.
    for (const who of [student, rival]) expect(await readStatus(quiz.id, who)).toBe(200);

    // The owner hosts the public quiz: the game is in the lobby.
    const game = await host(owner.token, quiz.id);
    for (const who of [student, rival]) await expectSealed(quiz.id, who);
    // The catalog lists it (title, counts) but never its questions.
    const list = await api("/api/quizzes?scope=public", { token: student.token });
    expect(list.status).toBe(200);
    const listed = await list.text();
    expect(listed).toContain(quiz.id);
    expect(listed).not.toContain("correct");
    // Nothing was duplicated.
    const mine = (await (await api("/api/quizzes?scope=mine", { token: rival.token })).json()) as { items: unknown[] };
    expect(mine.items).toEqual([]);

    // Running too.
    const h = await Client.host(game, owner.token);
    await h.next("welcome");
    const seat = await api(`/api/rooms/${game.code}/join`, { method: "POST", json: { nickname: "Sam" } });
    expect(seat.status).toBe(201);
    h.send({ type: "start" });
    await h.next("question");
    expect(await readStatus(quiz.id, student)).toBe(423);
    expect((await api(`/api/quizzes/${quiz.id}/export`, { token: rival.token })).status).toBe(423);

    // Those who know the answers anyway.
    for (const who of [owner, admin]) {
      const res = await api(`/api/quizzes/${quiz.id}`, { token: who.token });
      expect(res.status, who.user.role).toBe(200);
      expect(await res.text()).toContain("correct");
    }

    // Once the game has ended the seal lifts.
    h.send({ type: "end" });
    await h.next("ended");
    await expect.poll(() => readStatus(quiz.id, student), { timeout: 5000 }).toBe(200);
    expect((await api(`/api/quizzes/${quiz.id}/duplicate`, { method: "POST", token: rival.token })).status).toBe(201);
    h.close();
  });

  it("the owner's open assignment seals the quiz until it closes", async () => {
    const owner = await registerTeacher();
    const student = await registerStudent();
    const rival = await registerTeacher();
    const quiz = await createQuiz(owner.token, sampleQuiz({ visibility: "public" }));
    const a = await assign(owner.token, quiz.id, { deadline: Date.now() + DAY });
    for (const who of [student, rival]) await expectSealed(quiz.id, who);
    expect(await readStatus(quiz.id, owner)).toBe(200);
    const closed = await teacherPost(a.code, owner.token, "close");
    expect(closed.status, closed.text).toBe(200);
    await expect.poll(() => readStatus(quiz.id, student), { timeout: 5000 }).toBe(200);
    expect(await readStatus(quiz.id, rival)).toBe(200);
  });

  it("another teacher's 119-day assignment and live game of a public quiz never lock the original", async () => {
    const owner = await registerTeacher();
    const other = await registerTeacher();
    const student = await registerStudent();
    const rival = await registerTeacher();
    const quiz = await createQuiz(owner.token, sampleQuiz({ visibility: "public" }));
    const before = await (await api(`/api/quizzes/${quiz.id}`, { token: owner.token })).json();

    await assign(other.token, quiz.id, { deadline: Date.now() + 119 * DAY });
    const game = await host(other.token, quiz.id);
    const h = await Client.host(game, other.token);
    await h.next("welcome");
    expect((await api(`/api/rooms/${game.code}/join`, { method: "POST", json: { nickname: "Kim" } })).status).toBe(201);
    h.send({ type: "start" });
    await h.next("question");

    // Everyone who could read it before still reads it, unchanged; copies and exports work.
    for (const who of [student, rival, other, owner]) {
      const res = await api(`/api/quizzes/${quiz.id}`, { token: who.token });
      expect(res.status, who.user.role).toBe(200);
      expect(await res.json()).toEqual(before);
      expect((await api(`/api/quizzes/${quiz.id}/export`, { token: who.token })).status).toBe(200);
    }
    expect((await api(`/api/quizzes/${quiz.id}/duplicate`, { method: "POST", token: rival.token })).status).toBe(201);

    h.send({ type: "end" });
    await h.next("ended");
    h.close();
  });
});
