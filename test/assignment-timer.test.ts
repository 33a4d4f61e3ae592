// A homework question's clock cannot be stopped by the client (SECURITY.md "Homework timers"): it
// runs from the moment the server sent the question until the answer arrives. The attacks of the
// probe, each refused: 32 s of silence on a 20 s question over HTTP, over a socket that never
// pings, and by closing the socket and coming back later; a quick reconnect is excused, but never
// more than the bound. Time is moved by rewriting the stored clock (no test sleeps 32 s).
import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import { beforeAll, describe, expect, it } from "vitest";
import type { Assignment } from "../rooms/assignment/object.ts";
import * as rules from "../rooms/assignment/rules.ts";
import type { AssignmentConfig, Participant } from "../rooms/assignment/types.ts";
import { assignmentSettings } from "../schema/assignment.ts";
import { answers } from "../schema/db.ts";
import { question } from "../schema/quiz.ts";
import {
  AssignmentSocket,
  answer,
  assign,
  assignmentOf,
  evictAssignment,
  playOk,
  progressOf,
  startOk,
  ASSIGNMENT_QUESTIONS as QUESTIONS,
  ASSIGNMENT_RIGHT as RIGHT,
} from "./helpers/assignment-client.ts";
import { makeQuiz, makeUser, type TestUser } from "./helpers/fixtures.ts";

let teacher: TestUser;
let quizId: string;

beforeAll(async () => {
  teacher = await makeUser("teacher");
  quizId = await makeQuiz(teacher.id, QUESTIONS);
});

type Stored = Participant & Record<string, unknown>;

async function readParticipant(code: string, id: string): Promise<Stored> {
  return runInDurableObject(assignmentOf(code), (_o: Assignment, state) =>
    JSON.parse(state.storage.sql.exec<{ data: string }>("SELECT data FROM participants WHERE id = ?", id).one().data),
  );
}

/** Rewrites a participant as stored; the object then reads it back (evicted, its sockets hibernating). */
async function rewrite(code: string, id: string, change: (p: Stored, now: number) => void) {
  await runInDurableObject(assignmentOf(code), (_o: Assignment, state) => {
    const p = JSON.parse(
      state.storage.sql.exec<{ data: string }>("SELECT data FROM participants WHERE id = ?", id).one().data,
    );
    change(p, Date.now());
    state.storage.sql.exec("UPDATE participants SET data = ? WHERE id = ?", JSON.stringify(p), id);
  });
  await evictAssignment(code);
}

/** The server has seen the socket close (its close handler ran). */
async function awayNoted(code: string, id: string): Promise<Stored> {
  for (let i = 0; i < 100; i++) {
    const p = await readParticipant(code, id);
    if (p.awayFrom != null) return p;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error("the socket's close was never noted");
}

const answerRows = async (gameId: string) =>
  drizzle(env.DB).select().from(answers).where(eq(answers.gameId, gameId)).all();

describe("the rules: the clock runs from the moment the question was sent", () => {
  const T0 = 1_800_000_000_000;
  const cfg: AssignmentConfig = (() => {
    const questions = [0, 1].map((i) =>
      question.parse({ type: "single", text: `Q${i}`, options: ["a", "b"], correct: 1, timeLimit: 20 }),
    );
    return {
      gameId: "g",
      code: "ABCDEF",
      hostId: "t",
      quizId: null,
      title: "Quiz",
      settings: assignmentSettings.parse({ deadline: T0 + 3600_000, opensAt: T0, timer: true, speedPoints: true }),
      questions,
      order: [0, 1],
      display: [
        [0, 1],
        [0, 1],
      ],
      ids: [
        [0, 1],
        [0, 1],
      ],
      createdAt: T0,
    };
  })();
  const shown = () => rules.touch(cfg, rules.newParticipant("p", { nickname: "A", skeleton: "a" }, null, null, T0), T0);

  it("32 s of silence on a 20 s question: the answer is too late, however the client kept quiet", () => {
    const out = rules.answer(cfg, shown(), 0, { choice: 1 }, T0 + 32_000);
    expect(out).toMatchObject({ ok: true, answer: null, result: { accepted: false } });
  });

  it("a reconnect's gap is excused up to RECONNECT_EXCUSE_MS, at most MAX_EXCUSED_MS a question", () => {
    // 2 s on screen, the socket closed, back 3 s later: the 3 s are excused.
    let p = rules.socketClosed(cfg, shown(), T0 + 2000);
    expect(p.awayFrom).toBe(T0 + 2000);
    p = rules.touch(cfg, p, T0 + 5000);
    expect(p.awayFrom).toBeNull();
    expect(p.usedMs).toBe(2000);
    // Away 30 s: only the bound is excused (and what is left of it on this question).
    const long = rules.touch(cfg, rules.socketClosed(cfg, shown(), T0 + 2000), T0 + 12_000);
    expect(long.excusedMs).toBe(rules.RECONNECT_EXCUSE_MS);
    expect(long.usedMs).toBe(12_000 - rules.RECONNECT_EXCUSE_MS);
    // Closing again and again wins nothing past the per-question bound.
    let q = shown();
    for (let t = 1000; t <= 10_000; t += 3000) q = rules.touch(cfg, rules.socketClosed(cfg, q, T0 + t), T0 + t + 2900);
    expect(q.excusedMs).toBe(rules.MAX_EXCUSED_MS);
    // Back after a day: the question timed out (unanswered, streak lost), the next one starts now.
    const day = rules.touch(cfg, rules.socketClosed(cfg, shown(), T0 + 1000), T0 + 86_400_000);
    expect(day).toMatchObject({ position: 1, answeredCount: 0, streak: 0, shownAt: T0 + 86_400_000, usedMs: 0 });
    // The next question's clock owes nothing to the last one's excuses.
    expect(day.excusedMs).toBe(0);
  });

  it("an answer after a close counts the gap as a step does (bounded), and speed points read the same clock", () => {
    const p = rules.socketClosed(cfg, shown(), T0 + 1000);
    const out = rules.answer(cfg, p, 0, { choice: 1 }, T0 + 31_000);
    expect(out).toMatchObject({ ok: true, result: { accepted: false } });
    const quick = rules.answer(cfg, p, 0, { choice: 1 }, T0 + 3000);
    expect(quick.ok && quick.answer!.responseMs).toBe(1000);
  });

  it("untimed: no limit however long the student is away", () => {
    const untimed = { ...cfg, settings: { ...cfg.settings, timer: false } };
    const p = rules.touch(untimed, rules.newParticipant("p", { nickname: "A", skeleton: "a" }, null, null, T0), T0);
    const out = rules.answer(untimed, rules.touch(untimed, p, T0 + 86_400_000), 0, { choice: 1 }, T0 + 86_400_000);
    expect(out).toMatchObject({ ok: true, result: { accepted: true } });
  });
});

describe("through the real Worker and Durable Object", () => {
  it("HTTP: start, nothing for 32 s, the right answer: refused as too late (unanswered, no points)", async () => {
    const a = await assign(teacher.token, quizId, { timer: true, speedPoints: true, showAnswers: "each" });
    const s = await startOk(a.code, "Ann");
    await rewrite(a.code, s.me.participantId, (p, now) => {
      p.shownAt = now - 32_000;
    });
    const r = await answer(a.code, s.token, 0, { choice: RIGHT[0] });
    expect(r.status, r.text).toBe(200);
    const body = r.json as { result: Record<string, unknown> };
    expect(body.result).toMatchObject({ index: 0, accepted: false, score: 0 });
    expect(body.result).not.toHaveProperty("correct");
    expect(await answerRows(a.gameId)).toEqual([]);
    expect((await progressOf(a.code, teacher.token)).participants[0]).toMatchObject({
      position: 1,
      answered: 0,
      score: 0,
    });
    // Question 0 is gone; question 1 is shown with its full time.
    expect((await answer(a.code, s.token, 0, { choice: RIGHT[0] })).status).toBe(409);
    expect((await playOk(a.code, s.token)).question).toMatchObject({ index: 1 });
  });

  it("a socket that never pings: 32 s later its answer is refused as too late", async () => {
    const a = await assign(teacher.token, quizId, { timer: true, speedPoints: true, showAnswers: "each" });
    const s = await startOk(a.code, "Ben");
    const ws = await AssignmentSocket.student(a.code, s.token);
    expect((await ws.next("state")).state.question!.index).toBe(0);
    await runInDurableObject(assignmentOf(a.code), (_o: Assignment, state) => {
      const row = state.storage.sql
        .exec<{ data: string }>("SELECT data FROM participants WHERE id = ?", s.me.participantId)
        .one();
      const p = JSON.parse(row.data);
      p.shownAt = Date.now() - 32_000;
      state.storage.sql.exec("UPDATE participants SET data = ? WHERE id = ?", JSON.stringify(p), p.id);
    });
    await evictAssignment(a.code).catch(() => {});
    const ack = await ws.answer(0, { choice: RIGHT[0] });
    expect(ack.result).toMatchObject({ index: 0, accepted: false, score: 0 });
    expect(ack.state.question).toMatchObject({ index: 1, closesInMs: 20_000 });
    expect(await answerRows(a.gameId)).toEqual([]);
    ws.close();
  });

  it("closing the socket and coming back 32 s later: the question timed out, the next one starts", async () => {
    const a = await assign(teacher.token, quizId, { timer: true, speedPoints: true, showAnswers: "each" });
    const s = await startOk(a.code, "Cai");
    const ws = await AssignmentSocket.student(a.code, s.token);
    await ws.next("state");
    ws.close();
    await awayNoted(a.code, s.me.participantId);
    // The close and the question's sending, 32 s further back.
    await rewrite(a.code, s.me.participantId, (p, now) => {
      p.shownAt = now - 32_500;
      p.awayFrom = now - 32_000;
    });
    const back = await AssignmentSocket.student(a.code, s.token);
    const st = (await back.next("state")).state;
    expect(st.question).toMatchObject({ index: 1, closesInMs: 20_000 });
    back.send({ type: "answer", q: 0, answer: { choice: RIGHT[0] } });
    expect((await back.next("error")).code).toBe("wrong-question");
    expect(await answerRows(a.gameId)).toEqual([]);
    back.close();
  });

  it("a quick reconnect is excused; a longer one only up to the bound", async () => {
    const a = await assign(teacher.token, quizId, { timer: true });
    const s = await startOk(a.code, "Dee");
    const ws = await AssignmentSocket.student(a.code, s.token);
    await ws.next("state");
    ws.close();
    await awayNoted(a.code, s.me.participantId);
    // 2 s on screen, then away 3 s: back with 18 s left, not a millisecond less.
    await rewrite(a.code, s.me.participantId, (p, now) => {
      p.shownAt = now - 5000;
      p.awayFrom = now - 3000;
    });
    const quick = await AssignmentSocket.student(a.code, s.token);
    expect((await quick.next("state")).state.question).toMatchObject({ index: 0, closesInMs: 18_000 });
    expect(await readParticipant(a.code, s.me.participantId)).toMatchObject({ excusedMs: expect.any(Number) });
    quick.close();
    await awayNoted(a.code, s.me.participantId);
    // Away 8 s more with 5 s excused already on this question: nothing more is excused.
    await rewrite(a.code, s.me.participantId, (p, now) => {
      p.shownAt = now - 10_000;
      p.excusedMs = rules.MAX_EXCUSED_MS;
      p.awayFrom = now - 8000;
    });
    const slow = await AssignmentSocket.student(a.code, s.token);
    const left = (await slow.next("state")).state.question!;
    expect(left.index).toBe(0);
    expect(left.closesInMs).toBeLessThanOrEqual(20_000 - 10_000 + rules.MAX_EXCUSED_MS);
    expect(left.closesInMs).toBeGreaterThan(20_000 - 10_000 + rules.MAX_EXCUSED_MS - 2000);
    slow.close();
  });

  it("untimed over HTTP: a day away still takes the answer", async () => {
    const a = await assign(teacher.token, quizId);
    const s = await startOk(a.code, "Eli");
    await rewrite(a.code, s.me.participantId, (p, now) => {
      p.shownAt = now - 86_400_000;
    });
    const r = await answer(a.code, s.token, 0, { choice: RIGHT[0] });
    expect(r.json).toMatchObject({ result: { accepted: true } });
  });
});
