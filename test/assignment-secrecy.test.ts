// `showAnswers` means what it says on every route a student can reach (SECURITY.md "Homework
// answers"): socket frames, HTTP play/answer, the summary, /api/me/games and /api/me/games/:id.
// Under "never" nothing ever tells correctness (no right/wrong, points, score or its change,
// streak, rank, right answer or explanation); "end" and "deadline" tell nothing before their
// moment and everything after it. Attempts and visibility that would leak together are refused.
import { runInDurableObject } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import type { Assignment } from "../rooms/assignment/object.ts";
import type { PlayState } from "../schema/assignment.ts";
import type { QuestionInput } from "../schema/quiz.ts";
import type { HistoryPage, MyGame } from "../schema/students.ts";
import {
  AssignmentSocket,
  answer,
  assign,
  assignmentOf,
  playOk,
  progressOf,
  start,
  teacherPost,
  ASSIGNMENT_QUESTIONS as QUESTIONS,
  ASSIGNMENT_RIGHT as RIGHT,
} from "./helpers/assignment-client.ts";
import { makeQuiz, makeUser, type TestUser } from "./helpers/fixtures.ts";
import { send } from "./helpers/fuzz-http.ts";

let teacher: TestUser;
/** QUESTIONS[0] (right: b) with a feedback per option. */
const ONE_WITH_FEEDBACK: QuestionInput = {
  type: "single",
  text: "One",
  options: ["a", "b", "c"],
  correct: RIGHT[0],
  timeLimit: 20,
  feedback: ["not a", "yes, b", "not c"],
};
let quizId: string;

beforeAll(async () => {
  teacher = await makeUser("teacher");
  quizId = await makeQuiz(teacher.id, [
    // Per-answer feedback may name the right answer: it follows the same rule as the verdict.
    ONE_WITH_FEEDBACK,
    QUESTIONS[1],
    { ...QUESTIONS[2], explanation: "Because the first option is right." },
  ]);
});

/** Keys whose value, when present and not null, tells the student how they did. */
const TELLING = [
  "correct",
  "right",
  "score",
  "streak",
  "explanation",
  "earned",
  "correctCount",
  "rank",
  "feedback",
  "partly",
];

/** Every correctness signal in a value a student received (the question view's points mode is a string, not one). */
function leaks(value: unknown, path = "$"): string[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => leaks(v, `${path}[${i}]`));
  if (!value || typeof value !== "object") return [];
  return Object.entries(value).flatMap(([k, v]) => {
    const here = `${path}.${k}`;
    if (TELLING.includes(k) && v !== null && v !== undefined) return [here];
    if (k === "points" && typeof v === "number") return [here];
    return leaks(v, here);
  });
}

async function startAs(code: string, student: TestUser, nickname: string) {
  const r = await start(code, { nickname }, student.headers);
  expect(r.status, r.text).toBe(201);
  return r.json as PlayState & { token: string };
}

const me = async (student: TestUser) => {
  const r = await send("/api/me/games", { headers: student.headers });
  expect(r.status, r.text).toBe(200);
  return r.json as HistoryPage;
};

const myGame = async (student: TestUser, gameId: string) => {
  const r = await send(`/api/me/games/${gameId}`, { headers: student.headers });
  expect(r.status, r.text).toBe(200);
  return r.json as MyGame;
};

/** The finished homework in the student's history (the object writes it to D1 just after the finish). */
async function listed(student: TestUser, gameId: string) {
  for (let i = 0; i < 100; i++) {
    const item = (await me(student)).items.find((g) => g.gameId === gameId);
    if (item) return item;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error("the finished homework never reached /api/me/games");
}

async function closeAndWrite(code: string) {
  expect((await teacherPost(code, teacher.token, "close")).status).toBe(200);
  await runInDurableObject(assignmentOf(code), (o: Assignment) => o.flushResults());
}

describe('showAnswers: "never"', () => {
  it("no route ever tells correctness: frames, play, answer, summary, retries, /api/me before and after the close", async () => {
    const a = await assign(teacher.token, quizId, { showAnswers: "never", attempts: 2, showRank: true });
    const student = await makeUser("student");
    const s = await startAs(a.code, student, "Nia");
    const seen: unknown[] = [s];
    const ws = await AssignmentSocket.student(a.code, s.token);
    await ws.next("state");
    // Attempt 1: right, right (over HTTP), wrong.
    seen.push(await ws.answer(0, { choice: RIGHT[0] }));
    const http = await answer(a.code, s.token, 1, { choice: RIGHT[1] });
    expect(http.status, http.text).toBe(200);
    seen.push(http.json);
    // The acknowledgement says only that the answer was recorded.
    expect((http.json as { result: unknown }).result).toEqual({ index: 1, accepted: true });
    seen.push(await playOk(a.code, s.token));
    const last = await ws.answer(2, { choice: (RIGHT[2] + 1) % 3 });
    expect(last.result).toEqual({ index: 2, accepted: true });
    expect(last.state.phase).toBe("finished");
    expect(last.state.summary!.items.map((i) => Object.keys(i).sort())).toEqual(
      [0, 1, 2].map(() => ["answer", "index", "options", "text"]),
    );
    seen.push(last, await playOk(a.code, s.token));
    // Its history lists it at once, as homework with its deadline, and tells nothing.
    const item = await listed(student, a.gameId);
    expect(item).toMatchObject({ kind: "assignment", deadline: expect.any(Number), status: "running" });
    seen.push(item, await myGame(student, a.gameId));
    // Attempt 2 by elimination (every option 0): still nothing to learn from.
    // The retry's own state shows the new attempt's first question (no second request needed).
    ws.send({ type: "retry" });
    const retried = await ws.next("state");
    seen.push(retried);
    expect(retried.state.question).toMatchObject({ index: 0 });
    for (let q = 0; q < 3; q++) seen.push(await ws.answer(q, { choice: 0 }));
    seen.push(await playOk(a.code, s.token));
    seen.push(await me(student), await myGame(student, a.gameId));
    // Closed: the state pushed to the socket, play, and the history, still nothing.
    await closeAndWrite(a.code);
    seen.push(await ws.next("state"), await playOk(a.code, s.token));
    const after = await myGame(student, a.gameId);
    seen.push(await me(student), after);
    // Which attempt counted ("best") would tell which scored better: its answers are withheld too.
    expect(after.questions.map((q) => q.yours)).toEqual([null, null, null]);
    expect(after.me.answeredCount).toBeNull();
    seen.push(...ws.frames);
    expect(leaks(seen)).toEqual([]);
    // The teacher's report is unaffected.
    const report = await send(`/api/games/${a.gameId}/report`, { headers: teacher.headers });
    expect(JSON.stringify(report.json)).toContain('"correct":true');
    ws.close();
  });
});

describe('"each": the verdict after each answer, with the teacher\'s feedback', () => {
  it("the acknowledgement carries the picked option's feedback and true/false feedback; the summary keeps it", async () => {
    const quiz = await makeQuiz(teacher.id, [
      ONE_WITH_FEEDBACK,
      { type: "truefalse", text: "Sky is green", correct: false, timeLimit: 20, feedback: ["no: it is blue", "right"] },
      QUESTIONS[2],
    ]);
    const a = await assign(teacher.token, quiz, { showAnswers: "each" });
    const student = await makeUser("student");
    const s = await startAs(a.code, student, "Eve");
    await playOk(a.code, s.token);
    const first = await answer(a.code, s.token, 0, { choice: 0 });
    expect(first.status, first.text).toBe(200);
    expect((first.json as { result: unknown }).result).toMatchObject({ correct: false, feedback: "not a" });
    const ws = await AssignmentSocket.student(a.code, s.token);
    await ws.next("state");
    // True/false: id 0 is "true", whose feedback is the first.
    const tf = await ws.answer(1, { choice: 0 });
    expect(tf.result).toMatchObject({ correct: false, feedback: "no: it is blue" });
    // No feedback written for this question: none sent.
    const last = await ws.answer(2, { choice: RIGHT[2] });
    expect(last.result).toMatchObject({ correct: true });
    expect(last.result).not.toHaveProperty("feedback");
    expect(last.state.summary!.items.map((i) => i.feedback)).toEqual(["not a", "no: it is blue", undefined]);
    ws.close();
  });
});

describe('"end" and "deadline": nothing before their moment, everything after', () => {
  it('"end": hidden while playing, shown once the student finished, on the socket and in /api/me before the close', async () => {
    const a = await assign(teacher.token, quizId, { showAnswers: "end" });
    const student = await makeUser("student");
    const s = await startAs(a.code, student, "Eda");
    const ws = await AssignmentSocket.student(a.code, s.token);
    const before: unknown[] = [s, await ws.next("state")];
    for (let q = 0; q < 2; q++) before.push(await ws.answer(q, { choice: RIGHT[q] }));
    before.push(await playOk(a.code, s.token));
    expect(leaks(before)).toEqual([]);
    const done = await ws.answer(2, { choice: RIGHT[2] });
    expect(done.result).toEqual({ index: 2, accepted: true });
    expect(done.state.me).toMatchObject({ score: 3300 });
    expect(done.state.summary).toMatchObject({ score: 3300, rank: 1 });
    expect(done.state.summary!.items.map((i) => [i.correct, i.right])).toEqual(RIGHT.map((c) => [true, { choice: c }]));
    expect(done.state.summary!.items.map((i) => i.feedback)).toEqual(["yes, b", undefined, undefined]);
    const item = await listed(student, a.gameId);
    const { deadline } = await progressOf(a.code, teacher.token);
    expect(item).toMatchObject({ kind: "assignment", deadline, status: "running", score: 3300, correctCount: 3 });
    // The standings are final only at the close.
    expect(item.rank).toBeNull();
    const mine = await myGame(student, a.gameId);
    expect(mine).toMatchObject({ kind: "assignment", deadline: item.deadline });
    expect(mine.questions[2]).toMatchObject({ correct: true, right: ["a"], explanation: expect.any(String) });
    ws.close();
  });

  it('"deadline": nothing after finishing, nor in /api/me; all of it once closed', async () => {
    const a = await assign(teacher.token, quizId, { showAnswers: "deadline" });
    const student = await makeUser("student");
    const s = await startAs(a.code, student, "Dov");
    const seen: unknown[] = [s];
    for (let q = 0; q < 3; q++) {
      seen.push(await playOk(a.code, s.token));
      seen.push((await answer(a.code, s.token, q, { choice: RIGHT[q] })).json);
    }
    const finished = await playOk(a.code, s.token);
    expect(finished.phase).toBe("finished");
    seen.push(finished, await listed(student, a.gameId), await myGame(student, a.gameId));
    expect(leaks(seen)).toEqual([]);
    await closeAndWrite(a.code);
    const closed = await playOk(a.code, s.token);
    expect(closed.summary).toMatchObject({ score: 3300, rank: 1 });
    expect(closed.summary!.items.map((i) => i.right)).toEqual(RIGHT.map((c) => ({ choice: c })));
    const item = (await me(student)).items.find((g) => g.gameId === a.gameId);
    expect(item).toMatchObject({ kind: "assignment", status: "ended", score: 3300, rank: 1, correctCount: 3 });
    const mine = await myGame(student, a.gameId);
    expect(mine.me).toMatchObject({ score: 3300, rank: 1 });
    expect(mine.questions[2]).toMatchObject({ correct: true, earned: 1200, explanation: expect.any(String) });
  });
});

describe("attempts and showAnswers together", () => {
  const post = (settings: Record<string, unknown>) =>
    send("/api/assignments", {
      method: "POST",
      headers: { ...teacher.headers, "content-type": "application/json" },
      body: JSON.stringify({ quizId, settings: { deadline: Date.now() + 3600_000, ...settings } }),
    });

  it("refuses every combination that would hand a retry the answers (400 naming both fields), accepts the rest", async () => {
    for (const settings of [
      { attempts: 2 },
      { attempts: 2, showAnswers: "end" },
      { attempts: 3, showAnswers: "each" },
      { attempts: 10, showAnswers: "end", counted: "last" },
    ]) {
      const r = await post(settings);
      expect(r.status, JSON.stringify(settings)).toBe(400);
      const error = (r.json as { error: { message: string; issues: { path: string; message: string }[] } }).error;
      expect(error.message).toContain("attempts");
      expect(error.message).toContain("showAnswers");
      expect(error.issues.map((i) => i.path)).toContain("settings.showAnswers");
    }
    for (const settings of [
      { attempts: 2, showAnswers: "deadline" },
      { attempts: 4, showAnswers: "never" },
      { attempts: 1, showAnswers: "each" },
      { attempts: 1, showAnswers: "end" },
      { showAnswers: "never" },
    ])
      expect((await post(settings)).status, JSON.stringify(settings)).toBe(201);
  });
});
