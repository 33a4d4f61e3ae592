// Issue #12 item 3: while a game of a public quiz is live, nobody who could be playing it reads its
// answers through the API (GET, export, duplicate); the host, the owner and admins still can, and
// the seal lifts when the game ends.
import { describe, expect, it } from "vitest";
import { api, createAdmin, createQuiz, registerStudent, registerTeacher, sampleQuiz } from "./helpers/api.ts";
import { Client, host } from "./helpers/room-client.ts";

const ROUTES = (id: string) => [
  { path: `/api/quizzes/${id}`, method: "GET" },
  { path: `/api/quizzes/${id}/export`, method: "GET" },
  { path: `/api/quizzes/${id}/duplicate`, method: "POST" },
];

describe("a quiz being played is sealed", () => {
  it("a student and a second teacher cannot read the answers of a live public quiz; host, owner and admin can", async () => {
    const owner = await registerTeacher();
    const hostTeacher = await registerTeacher();
    const student = await registerStudent();
    const rival = await registerTeacher();
    const admin = await createAdmin();
    const quiz = await createQuiz(owner.token, sampleQuiz({ visibility: "public" }));

    // Before any game: readable by all.
    for (const who of [student, rival])
      expect((await api(`/api/quizzes/${quiz.id}`, { token: who.token })).status).toBe(200);

    // Another teacher hosts the public quiz: the game is in the lobby.
    const game = await host(hostTeacher.token, quiz.id);
    for (const who of [student, rival]) {
      for (const { path, method } of ROUTES(quiz.id)) {
        const res = await api(path, { method, token: who.token });
        expect(res.status, `${method} ${path} as ${who.user.role}`).toBe(
          method === "POST" && who === student ? 403 : 423,
        );
        const body = await res.text();
        expect(body).not.toContain("correct");
        if (res.status === 423) expect(JSON.parse(body)).toMatchObject({ error: { code: "sealed" } });
      }
    }
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
    const h = await Client.host(game, hostTeacher.token);
    await h.next("welcome");
    const seat = await api(`/api/rooms/${game.code}/join`, { method: "POST", json: { nickname: "Sam" } });
    expect(seat.status).toBe(201);
    h.send({ type: "start" });
    await h.next("question");
    expect((await api(`/api/quizzes/${quiz.id}`, { token: student.token })).status).toBe(423);
    expect((await api(`/api/quizzes/${quiz.id}/export`, { token: rival.token })).status).toBe(423);

    // Those who know the answers anyway.
    for (const who of [hostTeacher, owner, admin]) {
      const res = await api(`/api/quizzes/${quiz.id}`, { token: who.token });
      expect(res.status, who.user.role).toBe(200);
      expect(await res.text()).toContain("correct");
    }
    expect((await api(`/api/quizzes/${quiz.id}/export`, { token: hostTeacher.token })).status).toBe(200);

    // Once the game has ended the seal lifts.
    h.send({ type: "end" });
    await h.next("ended");
    await expect
      .poll(async () => (await api(`/api/quizzes/${quiz.id}`, { token: student.token })).status, { timeout: 5000 })
      .toBe(200);
    expect((await api(`/api/quizzes/${quiz.id}/duplicate`, { method: "POST", token: rival.token })).status).toBe(201);
    h.close();
  });
});
