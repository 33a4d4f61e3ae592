// An assignment over its sockets, through the real Worker and the real Durable Object: a student's
// step is one frame (the acknowledgement carries the result and the next question), the object
// evicted or aborted at every step loses nothing and the student resumes where they were, a second
// socket replaces the first, removal and the close reach the socket, the teacher's progress comes
// live and coalesced, and only the assignment's teacher (or an admin) may follow it.
import { evictDurableObject, runInDurableObject } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import type { Assignment } from "../rooms/assignment/object.ts";
import { PROGRESS_EVERY_MS } from "../rooms/assignment/sockets.ts";
import { CLOSE_CODES } from "../schema/constants.ts";
import {
  AssignmentSocket,
  assign,
  assignmentOf,
  playOk,
  progressOf,
  startOk,
  teacherPost,
  ASSIGNMENT_QUESTIONS as QUESTIONS,
  ASSIGNMENT_RIGHT as RIGHT,
} from "./helpers/assignment-client.ts";
import { makeQuiz, makeUser, type TestUser } from "./helpers/fixtures.ts";
import { send } from "./helpers/fuzz-http.ts";

let teacher: TestUser;
let quizId: string;

beforeAll(async () => {
  teacher = await makeUser("teacher");
  quizId = await makeQuiz(teacher.id, QUESTIONS);
});

/** The object's storage: every answer row, the config and state, where each participant is (not their clock). */
async function snapshot(code: string) {
  return runInDurableObject(assignmentOf(code), (_o: Assignment, state) => ({
    participants: state.storage.sql
      .exec<{ data: string }>("SELECT data FROM participants ORDER BY id")
      .toArray()
      .map((r) => {
        const { position, attempt, score, answeredCount, removed } = JSON.parse(r.data);
        return { position, attempt, score, answeredCount, removed };
      }),
    answers: state.storage.sql.exec("SELECT * FROM answers ORDER BY pid, attempt, q").toArray(),
    meta: state.storage.sql.exec("SELECT * FROM meta ORDER BY key").toArray(),
  }));
}

/** Three ways the object goes away: evicted with its sockets closed, evicted with them hibernating, aborted. */
async function lose(code: string, how: "close" | "hibernate" | "abort") {
  const stub = assignmentOf(code);
  if (how === "abort") {
    await runInDurableObject(stub, (_o: Assignment, state) => state.abort("test")).catch(() => {});
    return;
  }
  try {
    await evictDurableObject(stub, { webSockets: how });
  } catch (e) {
    if (!String(e).includes("not currently running")) throw e;
  }
}

describe("a student over the socket", () => {
  it("one frame a step: the acknowledgement carries the result and the next question; nothing right leaks before the end", async () => {
    const a = await assign(teacher.token, quizId, { showAnswers: "end" });
    const s = await startOk(a.code, "Ann");
    const ws = await AssignmentSocket.student(a.code, s.token);
    const first = await ws.next("state");
    expect(first.state).toMatchObject({ phase: "question", question: { index: 0, total: 3 } });
    for (let q = 0; q < 3; q++) {
      const ack = await ws.answer(q, { choice: RIGHT[q] });
      // "end": the result says nothing of right or wrong (nor streak, nor score) while the student plays.
      expect(ack.result).toEqual({ index: q, accepted: true });
      if (q < 2) {
        expect(ack.state).toMatchObject({ phase: "question", question: { index: q + 1 } });
        expect(ack.state.summary).toBeNull();
      } else {
        expect(ack.state.phase).toBe("finished");
        expect(ack.state.summary!.items.map((i) => i.right)).toEqual(RIGHT.map((c) => ({ choice: c })));
      }
    }
    // The acknowledgement meant durable: a fresh object has all three.
    await lose(a.code, "abort");
    const p = (await progressOf(a.code, teacher.token)).participants[0];
    expect(p).toMatchObject({ state: "finished", answered: 3, score: 3300 });
    ws.close();
  });

  it("'each' shows the result and the right answer with the acknowledgement; 'never' never does", async () => {
    const each = await assign(teacher.token, quizId, { showAnswers: "each" });
    const s = await startOk(each.code, "Eve");
    const ws = await AssignmentSocket.student(each.code, s.token);
    await ws.next("state");
    const ack = await ws.answer(0, { choice: 0 });
    expect(ack.result).toMatchObject({ correct: false, points: 0, right: { choice: expect.any(Number) } });
    const never = await assign(teacher.token, quizId, { showAnswers: "never" });
    const n = await startOk(never.code, "Nia");
    const wn = await AssignmentSocket.student(never.code, n.token);
    await wn.next("state");
    for (let q = 0; q < 3; q++) {
      const r = await wn.answer(q, { choice: RIGHT[q] });
      expect(JSON.stringify(r)).not.toContain('"right"');
      expect(r.result).not.toHaveProperty("correct");
    }
    ws.close();
    wn.close();
  });

  it("evicted, hibernated or aborted at every step (connected, mid-question, after an answer, after the end): nothing lost, it resumes where it was", async () => {
    const a = await assign(teacher.token, quizId, { timer: true, showAnswers: "end" });
    const s = await startOk(a.code, "Ben");
    let ws = await AssignmentSocket.student(a.code, s.token);
    expect((await ws.next("state")).state.question!.index).toBe(0);
    const ways = ["close", "hibernate", "abort"] as const;
    for (let q = 0; q < 3; q++) {
      // Connected, then mid-question: the same question again, its time counted.
      for (const how of ways) {
        const before = await snapshot(a.code);
        await lose(a.code, how);
        expect(await snapshot(a.code)).toEqual(before);
        if (how !== "hibernate" || ws.closed) {
          ws.close();
          ws = await AssignmentSocket.student(a.code, s.token);
          const back = (await ws.next("state")).state;
          expect(back.question!.index).toBe(q);
          expect(back.question!.closesInMs).toBeLessThanOrEqual(20_000);
        }
      }
      const ack = await ws.answer(q, { choice: RIGHT[q] });
      expect(ack.result.accepted).toBe(true);
      // After the answer: the acknowledged answer is in storage whatever happens next.
      await lose(a.code, ways[q]);
      const rows = (await snapshot(a.code)).answers;
      expect(rows.length).toBe(q + 1);
      ws.close();
      ws = await AssignmentSocket.student(a.code, s.token);
      const st = (await ws.next("state")).state;
      if (q < 2) expect(st.question!.index).toBe(q + 1);
      else expect(st.phase).toBe("finished");
    }
    // After the end: the summary again, each way.
    for (const how of ways) {
      await lose(a.code, how);
      ws.close();
      ws = await AssignmentSocket.student(a.code, s.token);
      const st = (await ws.next("state")).state;
      expect(st.phase).toBe("finished");
      expect(st.summary!.score).toBe(3300);
    }
    ws.close();
  });

  it("a hibernated socket carries on answering without reconnecting", async () => {
    const a = await assign(teacher.token, quizId);
    const s = await startOk(a.code, "Hal");
    const ws = await AssignmentSocket.student(a.code, s.token);
    await ws.next("state");
    await lose(a.code, "hibernate");
    const ack = await ws.answer(0, { choice: 1 });
    expect(ack.state.question!.index).toBe(1);
    await lose(a.code, "hibernate");
    expect((await ws.answer(1, { choice: 2 })).state.question!.index).toBe(2);
    ws.close();
  });

  it("time on screen is counted by the server: neither a keep-alive nor silence changes the clock", async () => {
    const a = await assign(teacher.token, quizId, { timer: true });
    const [pinging, silent] = await Promise.all(["Ida", "Jo"].map((n) => startOk(a.code, n)));
    const sockets = await Promise.all([pinging, silent].map((s) => AssignmentSocket.student(a.code, s.token)));
    await Promise.all(sockets.map((w) => w.next("state")));
    // Both were sent their question 18 s ago…
    await runInDurableObject(assignmentOf(a.code), (_o: Assignment, state) => {
      for (const s of [pinging, silent]) {
        const row = state.storage.sql
          .exec<{ data: string }>("SELECT data FROM participants WHERE id = ?", s.me.participantId)
          .one();
        const p = JSON.parse(row.data);
        p.shownAt = Date.now() - 18_000;
        state.storage.sql.exec("UPDATE participants SET data = ? WHERE id = ?", JSON.stringify(p), p.id);
      }
    });
    await lose(a.code, "hibernate");
    // … one socket's keep-alive came just now (answered by the runtime; it neither stops nor extends the clock).
    sockets[0].send("ping");
    await new Promise((r) => setTimeout(r, 300));
    const left = [];
    for (const w of sockets) {
      w.send({ type: "play" });
      left.push((await w.next("state")).state.question!.closesInMs);
    }
    // Both clocks ran the whole 18 s, pinged or not.
    for (const l of left) {
      expect(l).toBeGreaterThan(0);
      expect(l).toBeLessThanOrEqual(2000);
    }
    for (const w of sockets) w.close();
  });

  it("a second socket for the same seat replaces the first; the HTTP steps share the same seat and rules", async () => {
    const a = await assign(teacher.token, quizId);
    const s = await startOk(a.code, "Cai");
    const one = await AssignmentSocket.student(a.code, s.token);
    await one.next("state");
    const two = await AssignmentSocket.student(a.code, s.token);
    await two.next("state");
    await one.next("replaced");
    expect((await one.waitClosed()).code).toBe(CLOSE_CODES.replaced);
    // An answer over HTTP moves the seat; the socket's next step sees it.
    const http = await send(`/api/assignments/${a.code}/answer`, {
      method: "POST",
      headers: { authorization: `Player ${s.token}`, "content-type": "application/json" },
      body: JSON.stringify({ q: 0, answer: { choice: 1 } }),
    });
    expect(http.status, http.text).toBe(200);
    two.send({ type: "answer", q: 0, answer: { choice: 1 } });
    expect((await two.next("error")).code).toBe("wrong-question");
    two.send({ type: "play" });
    expect((await two.next("state")).state.question!.index).toBe(1);
    expect((await playOk(a.code, s.token)).question!.index).toBe(1);
    two.close();
  });

  it("refusals change nothing: bad frames, a wrong question, a bad answer; the frame budget; bad tokens are refused at the door", async () => {
    const a = await assign(teacher.token, quizId);
    const s = await startOk(a.code, "Dee");
    const ws = await AssignmentSocket.student(a.code, s.token);
    await ws.next("state");
    const before = await snapshot(a.code);
    const cases: [unknown, string][] = [
      ["{", "bad-json"],
      [{ type: "answer", q: 0 }, "bad-message"],
      [{ type: "answer", q: 0, answer: { choice: 0 }, extra: 1 }, "bad-message"],
      [{ type: "kick" }, "bad-message"],
      [new ArrayBuffer(8), "bad-message"],
      ["x".repeat(5000), "too-large"],
    ];
    for (const [frame, code] of cases) {
      ws.send(frame);
      expect((await ws.next("error")).code).toBe(code);
    }
    expect(await snapshot(a.code)).toEqual(before);
    ws.send({ type: "answer", q: 2, answer: { choice: 0 } });
    expect((await ws.next("error")).code).toBe("wrong-question");
    ws.send({ type: "answer", q: 0, answer: { choice: 4 } });
    expect((await ws.next("error")).code).toBe("bad-answer");
    ws.send({ type: "retry" });
    expect((await ws.next("error")).code).toBe("no-attempts");
    expect((await snapshot(a.code)).answers).toEqual([]);
    // Past the budget (20 frames in 5 s): told once, then silence.
    for (let i = 0; i < 30; i++) ws.send("{");
    await ws.next("error");
    await new Promise((r) => setTimeout(r, 300));
    const errors = ws.all("error");
    expect(errors.filter((e) => e.code === "rate-limited").length).toBe(1);
    // 20 frames answered (9 before the flood, 11 of it), one "slow down", the rest dropped.
    expect(errors.length).toBeLessThanOrEqual(cases.length + 3 + 11 + 1);
    // At the door: no token, another assignment's token, a broken one.
    const other = await assign(teacher.token, quizId);
    const os = await startOk(other.code, "Dee");
    for (const path of [
      `/ws/assignment/${a.code}`,
      `/ws/assignment/${a.code}?token=${os.token}`,
      `/ws/assignment/${a.code}?token=abc`,
      `/ws/assignment/nope?token=${s.token}`,
    ]) {
      const r = await AssignmentSocket.open(path);
      expect(r).not.toBeInstanceOf(AssignmentSocket);
      expect([400, 401]).toContain((r as { status: number }).status);
    }
    ws.close();
  });

  it("removal reaches the socket and closes it; the seat is refused from then on", async () => {
    const a = await assign(teacher.token, quizId);
    const s = await startOk(a.code, "Fay");
    const ws = await AssignmentSocket.student(a.code, s.token);
    await ws.next("state");
    const r = await send(`/api/assignments/${a.code}/participants/${s.me.participantId}`, {
      method: "DELETE",
      headers: teacher.headers,
    });
    expect(r.status).toBe(200);
    await ws.next("removed");
    expect((await ws.waitClosed()).code).toBe(CLOSE_CODES.kicked);
    const again = await AssignmentSocket.student(a.code, s.token);
    expect((await again.next("refused")).reason).toBe("removed");
    expect((await again.waitClosed()).code).toBe(CLOSE_CODES.kicked);
  });

  it("the close reaches every connected student as their summary; a reopen brings the question back", async () => {
    const a = await assign(teacher.token, quizId, { showAnswers: "deadline" });
    const students = await Promise.all(["Gus", "Hana"].map((n) => startOk(a.code, n)));
    const sockets = await Promise.all(students.map((s) => AssignmentSocket.student(a.code, s.token)));
    await Promise.all(sockets.map((w) => w.next("state")));
    await sockets[0].answer(0, { choice: 1 });
    expect((await teacherPost(a.code, teacher.token, "close")).status).toBe(200);
    for (const w of sockets) {
      const st = (await w.next("state")).state;
      expect(st.phase).toBe("closed");
      expect(st.summary!.items[0].right).toEqual({ choice: expect.any(Number) });
    }
    sockets[1].send({ type: "answer", q: 0, answer: { choice: 1 } });
    expect((await sockets[1].next("error")).code).toBe("closed");
    expect((await teacherPost(a.code, teacher.token, "deadline", { deadline: Date.now() + 3600_000 })).status).toBe(
      200,
    );
    expect((await sockets[1].next("state")).state.phase).toBe("question");
    for (const w of sockets) w.close();
  });
});

describe("the teacher's live progress", () => {
  it("comes at connect and after each change, at most about once a second however many answers arrive", async () => {
    const a = await assign(teacher.token, quizId);
    const host = await AssignmentSocket.teacher(a.code, teacher.token);
    expect((await host.next("progress")).progress.participants).toEqual([]);
    const students = await Promise.all(["Ivy", "Jon", "Kim", "Lev", "Max"].map((n) => startOk(a.code, n)));
    const sockets = await Promise.all(students.map((s) => AssignmentSocket.student(a.code, s.token)));
    await Promise.all(sockets.map((w) => w.next("state")));
    const t0 = Date.now();
    for (let q = 0; q < 3; q++) await Promise.all(sockets.map((w) => w.answer(q, { choice: RIGHT[q] })));
    const elapsed = Date.now() - t0;
    // Eventually the last frame shows everyone finished…
    let last = (await host.next("progress", 5000)).progress;
    while (last.participants.filter((p) => p.state === "finished").length < 5)
      last = (await host.next("progress", 5000)).progress;
    expect(last.participants.every((p) => p.score === 3300 && p.answered === 3)).toBe(true);
    // … and 15 answers and 5 starts cost far fewer frames than 20.
    const frames = host.all("progress").length;
    expect(frames).toBeLessThanOrEqual(2 + Math.ceil((Date.now() - t0 + elapsed) / PROGRESS_EVERY_MS) + 2);
    expect(frames).toBeLessThan(20);
    host.close();
    for (const w of sockets) w.close();
  });

  it("only the assignment's teacher or an admin may follow it; a hibernated teacher socket keeps receiving", async () => {
    const a = await assign(teacher.token, quizId);
    const other = await makeUser("teacher");
    const student = await makeUser("student");
    for (const [token, status] of [
      [other.token, 404],
      [student.token, 403],
      ["nonsense", 401],
    ] as const) {
      const r = await AssignmentSocket.open(`/ws/assignment/${a.code}/host?token=${token}`);
      expect((r as { status: number }).status).toBe(status);
      expect(JSON.parse((r as { text: string }).text)).toMatchObject({ error: { code: expect.any(String) } });
    }
    const admin = await makeUser("admin");
    const viaAdmin = await AssignmentSocket.teacher(a.code, admin.token);
    await viaAdmin.next("progress");
    const host = await AssignmentSocket.teacher(a.code, teacher.token);
    await host.next("progress");
    await evictDurableObject(assignmentOf(a.code), { webSockets: "hibernate" });
    const s = await startOk(a.code, "Noor");
    expect((await host.next("progress")).progress.participants.map((p) => p.nickname)).toEqual(["Noor"]);
    // The teacher's socket only listens.
    host.send({ type: "play" });
    expect((await host.next("error")).code).toBe("forbidden");
    expect(s.me.nickname).toBe("Noor");
    host.close();
    viaAdmin.close();
  });
});
