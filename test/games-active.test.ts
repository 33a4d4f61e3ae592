// The teacher's games still going (worker/games/active.ts): live games link back to the host screen,
// open assignments come with how many students started and finished, asked of their object.
import { runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import type { Assignment } from "../rooms/assignment/object.ts";
import { api } from "./helpers/api.ts";
import {
  ASSIGNMENT_QUESTIONS,
  answer,
  assign,
  assignmentOf,
  playOk,
  startOk,
  teacherPost,
} from "./helpers/assignment-client.ts";
import { makeQuiz, makeUser } from "./helpers/fixtures.ts";
import { send } from "./helpers/fuzz-http.ts";
import { host } from "./helpers/room-client.ts";

const QUESTIONS = [{ type: "single" as const, text: "2+2?", options: ["3", "4"], correct: 1 }];

interface Entry {
  gameId: string;
  code: string;
  title: string;
  status: string;
  kind: "live" | "assignment";
  deadline: number | null;
  finished?: number | null;
  started?: number | null;
}

async function active(token: string): Promise<Entry[]> {
  const res = await api("/api/games/live", { token });
  expect(res.status).toBe(200);
  return (await res.json<{ games: Entry[] }>()).games;
}

async function liveGame() {
  const teacher = await makeUser("teacher");
  const quizId = await makeQuiz(teacher.id, QUESTIONS);
  const game = await host(teacher.token, quizId);
  return { teacher, game };
}

/** Every question answered (right or wrong does not matter: the student is through). */
async function finish(code: string, token: string) {
  for (let q = 0; q < ASSIGNMENT_QUESTIONS.length; q++) {
    await playOk(code, token);
    expect((await answer(code, token, q, { choice: 0 })).status).toBe(200);
  }
}

describe("GET /api/games/live", () => {
  it("lists the caller's lobby and running games only, as live", async () => {
    const { teacher, game } = await liveGame();
    await liveGame(); // someone else's
    const games = await active(teacher.token);
    expect(games.map((g) => [g.code, g.kind, g.status])).toEqual([[game.code, "live", "lobby"]]);
    expect(games[0]).not.toHaveProperty("finished");
    expect((await api("/api/games/live")).status).toBe(401);
    expect((await api("/api/games/live", { token: (await makeUser("student")).token })).status).toBe(403);
  });

  it("lists an open assignment as an assignment, with its started and finished counts", async () => {
    const teacher = await makeUser("teacher");
    const quizId = await makeQuiz(teacher.id, ASSIGNMENT_QUESTIONS);
    const a = await assign(teacher.token, quizId, { deadline: Date.now() + 7 * 24 * 3600_000 });
    const game = await host(teacher.token, await makeQuiz(teacher.id, QUESTIONS));

    const none = (await active(teacher.token)).find((g) => g.code === a.code);
    expect(none).toMatchObject({ kind: "assignment", title: "Test quiz", started: 0, finished: 0 });

    const ann = await startOk(a.code, "Ann");
    const ben = await startOk(a.code, "Ben");
    await finish(a.code, ann.token);
    const games = await active(teacher.token);
    // Newest first: the live game was hosted after the assignment.
    expect(games.map((g) => [g.code, g.kind])).toEqual([
      [game.code, "live"],
      [a.code, "assignment"],
    ]);
    expect(games[1]).toMatchObject({ gameId: a.gameId, status: "running", started: 2, finished: 1 });
    expect(games[1].deadline).toBeGreaterThan(Date.now());

    // Another teacher sees none of it; a student the teacher removed is not counted.
    expect(await active((await makeUser("teacher")).token)).toEqual([]);
    const removed = await send(`/api/assignments/${a.code}/participants/${ben.me.participantId}`, {
      method: "DELETE",
      headers: teacher.headers,
    });
    expect(removed.status).toBe(200);
    expect((await active(teacher.token)).find((g) => g.code === a.code)).toMatchObject({ started: 1, finished: 1 });
  });

  it("leaves out an assignment once it is closed", async () => {
    const teacher = await makeUser("teacher");
    const quizId = await makeQuiz(teacher.id, ASSIGNMENT_QUESTIONS);
    const a = await assign(teacher.token, quizId);
    expect((await active(teacher.token)).map((g) => g.code)).toEqual([a.code]);
    expect((await teacherPost(a.code, teacher.token, "close")).status).toBe(200);
    await runInDurableObject(assignmentOf(a.code), (o: Assignment) => o.flushResults());
    expect(await active(teacher.token)).toEqual([]);
  });
});

describe("Assignment.counts", () => {
  it("answers only the assignment's teacher (or an admin) and only for the game it holds", async () => {
    const teacher = await makeUser("teacher");
    const a = await assign(teacher.token, await makeQuiz(teacher.id, ASSIGNMENT_QUESTIONS));
    await startOk(a.code, "Ann");
    const stub = assignmentOf(a.code);
    expect(await stub.counts({ userId: teacher.id, role: "teacher" }, a.gameId)).toEqual({
      ok: true,
      started: 1,
      finished: 0,
    });
    expect(await stub.counts({ userId: "someone-else", role: "admin" }, a.gameId)).toMatchObject({ ok: true });
    expect(await stub.counts({ userId: "someone-else", role: "teacher" }, a.gameId)).toMatchObject({
      ok: false,
      status: 404,
    });
    expect(await stub.counts({ userId: teacher.id, role: "teacher" }, "an-older-game")).toMatchObject({
      ok: false,
      status: 404,
    });
  });
});
