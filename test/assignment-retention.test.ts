// After an assignment's close: its storage is deleted a retention period after D1 has its results
// (as a live room's is); a reopen before then keeps everything working; after it, the code answers
// "not found" to the student's calls while the landing page still says the assignment is over
// (from the ended row in D1), D1 keeps the results, and the code can be handed out again. And the
// teacher's changes after the close: removing a student, reopening while results are written.
import { runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import { beforeAll, describe, expect, it, vi } from "vitest";
import type { Assignment } from "../rooms/assignment/object.ts";
import type { AssignmentState } from "../rooms/assignment/types.ts";
import { answers, gamePlayers, games } from "../schema/db.ts";
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
} from "./helpers/assignment-client.ts";
import { makeQuiz, makeUser, type TestUser } from "./helpers/fixtures.ts";
import { send } from "./helpers/fuzz-http.ts";

const HOUR = 3600_000;
let teacher: TestUser;
let quizId: string;

beforeAll(async () => {
  teacher = await makeUser("teacher");
  quizId = await makeQuiz(teacher.id, [
    { type: "single", text: "One", options: ["a", "b"], correct: 1, timeLimit: 20 },
    { type: "single", text: "Two", options: ["a", "b"], correct: 0, timeLimit: 20 },
  ]);
});

const stored = (code: string) =>
  runInDurableObject(assignmentOf(code), (_o: Assignment, s) => ({
    state: s.storage.sql
      .exec<{ name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'meta'")
      .toArray().length
      ? (JSON.parse(
          s.storage.sql.exec<{ value: string }>("SELECT value FROM meta WHERE key = 'state'").one().value,
        ) as AssignmentState)
      : null,
    alarm: s.storage.getAlarm(),
  })).then(async (r) => ({ state: r.state, alarm: await r.alarm }));

/** Moves the clean-up into the past, as if the retention had run out; the object reads it back. */
async function retentionOver(code: string) {
  await runInDurableObject(assignmentOf(code), (_o: Assignment, s) => {
    const st = JSON.parse(
      s.storage.sql.exec<{ value: string }>("SELECT value FROM meta WHERE key = 'state'").one().value,
    );
    st.cleanupAt = Date.now() - 1;
    s.storage.sql.exec("UPDATE meta SET value = ? WHERE key = 'state'", JSON.stringify(st));
  });
  await evictAssignment(code);
}

async function closedAndSaved(code: string) {
  expect((await teacherPost(code, teacher.token, "close")).status).toBe(200);
  await vi.waitFor(async () => expect((await stored(code)).state?.resultsPending).toBe(false), { timeout: 5000 });
  return stored(code);
}

describe("storage retention after the close", () => {
  it("is set a day after the results are in D1; a reopen before it cancels it and keeps the seats", async () => {
    const a = await assign(teacher.token, quizId);
    const s = await startOk(a.code, "Ann");
    expect((await answer(a.code, s.token, 0, { choice: 1 })).status).toBe(200);
    const before = Date.now();
    const saved = await closedAndSaved(a.code);
    // ROOM_RETENTION_HOURS (24 in wrangler.toml), counted from the results' write.
    expect(saved.state!.cleanupAt).toBeGreaterThanOrEqual(before + 24 * HOUR);
    expect(saved.state!.cleanupAt).toBeLessThanOrEqual(Date.now() + 24 * HOUR);
    expect(saved.alarm).toBe(saved.state!.cleanupAt);
    // An early delivery of the alarm deletes nothing.
    expect(await runDurableObjectAlarm(assignmentOf(a.code))).toBe(true);
    expect((await stored(a.code)).state).toMatchObject({ cleanupAt: saved.state!.cleanupAt });

    const deadline = Date.now() + 2 * HOUR;
    expect((await teacherPost(a.code, teacher.token, "deadline", { deadline })).json).toMatchObject({
      status: "open",
    });
    const reopened = await stored(a.code);
    expect(reopened.state!.cleanupAt).toBeNull();
    expect(reopened.alarm).toBe(deadline);
    await playOk(a.code, s.token);
    expect((await answer(a.code, s.token, 1, { choice: 0 })).status).toBe(200);
    // Closed again: a new retention from the new results.
    const again = await closedAndSaved(a.code);
    expect(again.state!.cleanupAt).toBeGreaterThanOrEqual(saved.state!.cleanupAt!);
    const rows = await drizzle(env.DB).select().from(answers).where(eq(answers.gameId, a.gameId)).all();
    expect(rows).toHaveLength(2);
  });

  it("once over, the storage and alarm are gone; the code is 'not found' to students and teachers, 'closed' on the landing page", async () => {
    const a = await assign(teacher.token, quizId);
    const s = await startOk(a.code, "Ben");
    expect((await answer(a.code, s.token, 0, { choice: 1 })).status).toBe(200);
    await closedAndSaved(a.code);
    await retentionOver(a.code);
    expect(await runDurableObjectAlarm(assignmentOf(a.code))).toBe(true);

    const gone = await runInDurableObject(assignmentOf(a.code), async (_o: Assignment, st) => ({
      keys: (await st.storage.list()).size,
      tables: st.storage.sql
        .exec<{ name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE '_cf%'")
        .toArray(),
      alarm: await st.storage.getAlarm(),
    }));
    expect(gone).toEqual({ keys: 0, tables: [], alarm: null });
    // A second delivery finds nothing to do.
    expect(await runDurableObjectAlarm(assignmentOf(a.code))).toBe(false);

    const played = await play(a.code, s.token);
    expect(played.status).toBe(404);
    expect(played.json).toMatchObject({ error: { code: "not_found" } });
    expect((await start(a.code, { nickname: "Late" })).status).toBe(404);
    expect((await send(`/api/assignments/${a.code}/progress`, { headers: teacher.headers })).status).toBe(404);
    expect((await teacherPost(a.code, teacher.token, "close")).status).toBe(404);
    // The landing page: the row in D1 says it ended.
    const info = await send(`/api/rooms/${a.code}`);
    expect(info.status).toBe(200);
    expect(info.json).toMatchObject({ kind: "assignment", code: a.code, status: "closed", questionCount: 2 });
    // D1 keeps the results.
    const db = drizzle(env.DB);
    expect((await db.select().from(games).where(eq(games.id, a.gameId)).get())!.status).toBe("ended");
    expect(await db.select().from(gamePlayers).where(eq(gamePlayers.gameId, a.gameId)).all()).toEqual([
      expect.objectContaining({ nickname: "Ben", score: 1000, answeredCount: 1 }),
    ]);
    // The code is free: its object takes a new assignment.
    const fresh = await runInDurableObject(assignmentOf(a.code), (o: Assignment) =>
      o.init({
        gameId: crypto.randomUUID(),
        code: a.code,
        hostId: teacher.id,
        quizId,
        title: "Again",
        settings: { deadline: Date.now() + HOUR } as never,
        questions: [],
        order: [],
        display: [],
        ids: [],
      }),
    );
    expect(fresh).toEqual({ ok: true });
    expect((await send(`/api/rooms/${a.code}`)).json).toMatchObject({ title: "Again", status: "open" });
    await runInDurableObject(assignmentOf(a.code), (_o, st) => st.storage.deleteAll());
  });

  it("never while the results are not in D1, nor for a code nobody assigned", async () => {
    const a = await assign(teacher.token, quizId);
    await startOk(a.code, "Cyd");
    await closedAndSaved(a.code);
    await runInDurableObject(assignmentOf(a.code), (_o: Assignment, s) => {
      const st = JSON.parse(
        s.storage.sql.exec<{ value: string }>("SELECT value FROM meta WHERE key = 'state'").one().value,
      );
      Object.assign(st, { resultsPending: true, resultsRetryAt: Date.now() - 1, cleanupAt: Date.now() - 1 });
      s.storage.sql.exec("UPDATE meta SET value = ? WHERE key = 'state'", JSON.stringify(st));
    });
    await evictAssignment(a.code);
    // D1 refuses the write: the alarm retries instead of deleting.
    await env.DB.exec("ALTER TABLE answers RENAME TO answers_away");
    try {
      expect(await runDurableObjectAlarm(assignmentOf(a.code))).toBe(true);
      const kept = await stored(a.code);
      expect(kept.state).toMatchObject({ resultsPending: true, resultsAttempts: 1 });
      expect(kept.alarm).not.toBeNull();
    } finally {
      await env.DB.exec("ALTER TABLE answers_away RENAME TO answers");
    }
    // A code nobody assigned: the landing page still says it is unknown.
    expect((await send("/api/rooms/ZZZZZZ")).status).toBe(404);
  });
});

describe("the teacher's changes after the close", () => {
  it("removing a student after the close writes the results again without them; a deadline a term away is refused", async () => {
    const a = await assign(teacher.token, quizId);
    const ann = await startOk(a.code, "Kim");
    const ben = await startOk(a.code, "Lou");
    await answer(a.code, ann.token, 0, { choice: 1 });
    await answer(a.code, ben.token, 0, { choice: 1 });
    expect((await teacherPost(a.code, teacher.token, "close")).status).toBe(200);
    const ranks = () =>
      drizzle(env.DB)
        .select({ nickname: gamePlayers.nickname, rank: gamePlayers.rank, kicked: gamePlayers.kicked })
        .from(gamePlayers)
        .where(eq(gamePlayers.gameId, a.gameId))
        .all()
        .then((rows) => rows.sort((x, y) => x.nickname.localeCompare(y.nickname)));
    await vi.waitFor(async () => expect(await ranks()).toHaveLength(2), { timeout: 5000 });
    const removed = await send(`/api/assignments/${a.code}/participants/${ben.me.participantId}`, {
      method: "DELETE",
      headers: teacher.headers,
    });
    expect(removed.status).toBe(200);
    await vi.waitFor(
      async () =>
        expect(await ranks()).toEqual([
          { nickname: "Kim", rank: 1, kicked: false },
          { nickname: "Lou", rank: 0, kicked: true },
        ]),
      { timeout: 5000 },
    );
    expect((await drizzle(env.DB).select().from(answers).where(eq(answers.gameId, a.gameId)).all()).length).toBe(1);
    expect((await drizzle(env.DB).select().from(games).where(eq(games.id, a.gameId)).get())!).toMatchObject({
      status: "ended",
      playerCount: 1,
    });
    // Extending: at most 120 days ahead.
    const far = await teacherPost(a.code, teacher.token, "deadline", { deadline: Date.now() + 121 * 86_400_000 });
    expect(far.status).toBe(400);
    expect(far.json).toMatchObject({ error: { issues: [{ message: "bad_deadline" }] } });
    expect((await progressOf(a.code, teacher.token)).status).toBe("closed");
  });

  it("a results write that lands after a reopen leaves the row running (its batch marks it ended)", async () => {
    const a = await assign(teacher.token, quizId);
    await startOk(a.code, "Mo");
    expect((await teacherPost(a.code, teacher.token, "close")).status).toBe(200);
    const status = async () => (await drizzle(env.DB).select().from(games).where(eq(games.id, a.gameId)).get())!.status;
    await vi.waitFor(async () => expect(await status()).toBe("ended"), { timeout: 5000 });
    expect((await teacherPost(a.code, teacher.token, "deadline", { deadline: Date.now() + 3600_000 })).status).toBe(
      200,
    );
    expect(await status()).toBe("running");
    // The close's write, still in flight when the reopen came, finishes now.
    await runInDurableObject(assignmentOf(a.code), (o: Assignment) => o.flushResults());
    await vi.waitFor(async () => expect(await status()).toBe("running"), { timeout: 5000 });
    expect((await progressOf(a.code, teacher.token)).status).toBe("open");
  });
});
