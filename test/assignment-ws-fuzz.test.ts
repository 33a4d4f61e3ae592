// Generated frames thrown at an assignment's sockets (the students' and the teacher's): random
// text, random JSON, messages of every assignment type with wrong fields, unknown types, frames
// just over and under MAX_FRAME_BYTES, binary frames, valid messages the seat's position makes
// wrong. Each must get exactly the error frame an oracle (the schema and the assignment's rules)
// predicts, or the state for `play`, leave the object's storage as it was (the time a student was
// there aside), and never close a socket; afterwards every student still plays to the end and the
// results reach D1.
import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import fc from "fast-check";
import { describe, expect, it, vi } from "vitest";
import type { Assignment } from "../rooms/assignment/object.ts";
import { assignmentClientMessage } from "../schema/assignment.ts";
import { answers, games } from "../schema/db.ts";
import { MAX_FRAME_BYTES } from "../schema/messages.ts";
import { AssignmentSocket, assign, assignmentOf, startOk, teacherPost } from "./helpers/assignment-client.ts";
import { makeQuiz, makeUser } from "./helpers/fixtures.ts";
import { anyJson, anyString, NASTY_STRINGS } from "./helpers/fuzz-http.ts";

const RUNS = 420;
/** Frames per socket at most (the budget is 20 per 5 s; a few go on the checks after the fuzz). */
const PER_SOCKET = 14;
const FRESH = 28;
const DONE = 6;
const Q = 3;

type Frame = string | ArrayBuffer;
type Who = "fresh" | "done" | "host";
const utf8 = (s: string) => new TextEncoder().encode(s).length;

/** The error code a socket must answer with; null: a `state` frame (`play` from a student). */
function expected(frame: Frame, who: Who): string | null {
  if (typeof frame !== "string") return frame.byteLength > MAX_FRAME_BYTES ? "too-large" : "bad-message";
  if (utf8(frame) > MAX_FRAME_BYTES) return "too-large";
  let data: unknown;
  try {
    data = JSON.parse(frame);
  } catch {
    return "bad-json";
  }
  const parsed = assignmentClientMessage.safeParse(data);
  if (!parsed.success) return "bad-message";
  if (who === "host") return "forbidden";
  const msg = parsed.data;
  switch (msg.type) {
    case "play":
      return null;
    case "retry":
      return "no-attempts";
    case "answer":
      // A fresh student is on question 0, and the generator never answers it there.
      return who === "done" ? "finished" : "wrong-question";
  }
}

const TYPES = ["answer", "retry", "play"];
const anyAnswer = fc.oneof(
  fc.record({ choice: fc.integer({ min: -1, max: 7 }) }),
  fc.record({ choices: fc.array(fc.integer({ min: -1, max: 7 }), { maxLength: 7 }) }),
  fc.record({ text: anyString }),
  fc.record({ order: fc.array(fc.integer({ min: -1, max: 7 }), { maxLength: 7 }) }),
  fc.record({ value: fc.oneof(fc.double(), fc.integer()) }),
  anyJson,
);
/** Well-formed messages of every type, some valid; never an answer to question 0 (it would count). */
const messageLike = fc.oneof(
  fc.record({
    type: fc.constant("answer"),
    // Never 0 from anyJson either (nor -0): a fresh student is on question 0, where a well-formed
    // answer would count and a malformed one is "bad-answer", not the "wrong-question" predicted.
    q: fc.oneof(
      fc.constantFrom(-1, 1, 2, 3, 999, 1000, 0.5, "0"),
      anyJson.filter((v) => v !== 0),
    ),
    answer: anyAnswer,
  }),
  fc.record({ type: fc.constantFrom("retry", "play") }),
  fc.record({ type: fc.constantFrom("retry", "play"), extra: anyJson }),
  fc.record({ type: fc.constant("answer"), q: fc.constantFrom(1, 2), answer: fc.record({ choice: fc.nat(2) }) }),
);
const wrongFields = fc
  .tuple(
    fc.constantFrom(...TYPES),
    fc.dictionary(fc.constantFrom("q", "answer", "nonce", "extra"), anyJson, { maxKeys: 3 }),
  )
  .map(([type, fields]) => ({ ...fields, type }))
  .filter((m) => !("q" in m && m.q === 0));
const unknownType = fc.oneof(
  fc.record({ type: anyString }),
  fc.record({ type: fc.constantFrom(...TYPES).map((t) => t.toUpperCase()) }),
  fc.record({ type: fc.constantFrom(...TYPES).chain((t) => fc.constantFrom(`${t}\u200b`, ` ${t}`, `${t}\u0000`)) }),
  fc.record({ type: fc.constantFrom("start", "kick", "progress", "state", "answered") }),
);
const nearLimit = fc
  .tuple(fc.integer({ min: -40, max: 40 }), fc.constantFrom("x", "é", "€", "😀"))
  .map(([delta, ch]) => {
    const head = '{"type":"answer","q":1,"answer":{"text":"';
    const tail = '"}}';
    const room = MAX_FRAME_BYTES + delta - utf8(head) - utf8(tail);
    return head + ch.repeat(Math.max(0, Math.floor(room / utf8(ch)))) + tail;
  });
const binary = fc.oneof(
  fc.uint8Array({ maxLength: 64 }).map((a) => a.buffer as ArrayBuffer),
  fc.integer({ min: MAX_FRAME_BYTES - 2, max: MAX_FRAME_BYTES + 2 }).map((n) => new Uint8Array(n).buffer),
  fc.constant(new TextEncoder().encode('{"type":"play"}').buffer),
);
const frame: fc.Arbitrary<Frame> = fc.oneof(
  { weight: 2, arbitrary: anyString.filter((s) => s !== "ping") },
  { weight: 1, arbitrary: fc.constantFrom(...NASTY_STRINGS.filter((s) => s !== "ping")) },
  { weight: 2, arbitrary: anyJson.map((v) => JSON.stringify(v) ?? "undefined") },
  { weight: 5, arbitrary: messageLike.map((m) => JSON.stringify(m)) },
  { weight: 2, arbitrary: wrongFields.map((m) => JSON.stringify(m)) },
  { weight: 2, arbitrary: unknownType.map((m) => JSON.stringify(m)) },
  { weight: 1, arbitrary: nearLimit },
  { weight: 1, arbitrary: fc.integer({ min: MAX_FRAME_BYTES + 1, max: 32 * 1024 }).map((n) => "a".repeat(n)) },
  { weight: 2, arbitrary: binary },
);

/** The object's storage, without the clocks a student's presence moves (`lastSeenAt`, `usedMs`). */
async function snapshot(code: string) {
  return runInDurableObject(assignmentOf(code), (_o: Assignment, state) => {
    const sql = state.storage.sql;
    return {
      meta: sql.exec("SELECT key, value FROM meta ORDER BY key").toArray(),
      participants: sql
        .exec<{ data: string }>("SELECT data FROM participants ORDER BY id")
        .toArray()
        .map((r) => {
          const { lastSeenAt: _l, usedMs: _u, ...rest } = JSON.parse(r.data);
          return rest;
        }),
      answers: sql.exec("SELECT * FROM answers ORDER BY pid, attempt, q").toArray(),
    };
  });
}

describe("assignment WebSocket fuzzing", () => {
  it("every generated frame from a student or the teacher gets the predicted reply and changes nothing; everyone then finishes and D1 has it all", async () => {
    const handlerFailures = vi.spyOn(console, "error");
    const teacher = await makeUser("teacher");
    const quizId = await makeQuiz(
      teacher.id,
      Array.from({ length: Q }, (_, i) => ({
        type: "single" as const,
        text: `Q${i}`,
        options: ["a", "b", "c"],
        correct: 0,
        timeLimit: 20,
      })),
    );
    const a = await assign(teacher.token, quizId, { showAnswers: "each" });
    const seats = [];
    for (let i = 0; i < FRESH + DONE; i++) seats.push(await startOk(a.code, `Fuzz${i}`));
    const students = await Promise.all(seats.map((s) => AssignmentSocket.student(a.code, s.token)));
    const firsts = await Promise.all(students.map((w) => w.next("state")));
    // The last DONE students finish first: their every answer or retry is refused as "finished"/"no-attempts".
    for (let i = FRESH; i < FRESH + DONE; i++) {
      let st = firsts[i].state;
      while (st.question)
        st = (await students[i].answer(st.question.index, { choice: st.question.options![0].id })).state;
      expect(st.phase).toBe("finished");
    }
    const host = await AssignmentSocket.teacher(a.code, teacher.token);
    await host.next("progress");
    const pool: { ws: AssignmentSocket; who: Who; spent: number }[] = [
      ...students.map((ws, i) => ({ ws, who: (i < FRESH ? "fresh" : "done") as Who, spent: 0 })),
      { ws: host, who: "host", spent: 0 },
    ];
    const before = await snapshot(a.code);
    const tally = new Map<string, number>();
    const frames = fc.sample(fc.tuple(frame, fc.nat(pool.length - 1)), { numRuns: RUNS });
    for (const [f, pick] of frames) {
      let k = pick;
      while (pool[k % pool.length].spent >= PER_SOCKET) k++;
      const target = pool[k % pool.length];
      target.spent++;
      const want = expected(f, target.who);
      target.ws.send(f);
      if (want === null) {
        const st = (await target.ws.next("state")).state;
        expect(st.phase).toBe(target.who === "done" ? "finished" : "question");
      } else {
        const e = await target.ws.next("error");
        expect(e.code, `${typeof f === "string" ? f.slice(0, 120) : `binary ${f.byteLength}`} from ${target.who}`).toBe(
          want,
        );
      }
      tally.set(want ?? "state", (tally.get(want ?? "state") ?? 0) + 1);
    }
    console.log(`assignment ws-fuzz: ${frames.length} frames (${[...tally].map(([c, n]) => `${c}×${n}`).join(" ")})`);
    expect(await snapshot(a.code)).toEqual(before);
    expect(pool.every((p) => p.ws.closed === null)).toBe(true);
    expect(handlerFailures).not.toHaveBeenCalled();
    // Every fresh student still plays to the end, and everything reaches D1.
    await Promise.all(
      students.slice(0, FRESH).map(async (w, i) => {
        let st = firsts[i].state;
        while (st.question) st = (await w.answer(st.question.index, { choice: st.question.options![0].id })).state;
        expect(st.summary!.score).toBeGreaterThan(0);
      }),
    );
    expect((await teacherPost(a.code, teacher.token, "close")).status).toBe(200);
    const db = drizzle(env.DB);
    let row = await db.select().from(games).where(eq(games.id, a.gameId)).get();
    for (let i = 0; i < 50 && row?.status !== "ended"; i++) {
      await new Promise((r) => setTimeout(r, 100));
      row = await db.select().from(games).where(eq(games.id, a.gameId)).get();
    }
    expect(row?.status).toBe("ended");
    expect((await db.select().from(answers).where(eq(answers.gameId, a.gameId)).all()).length).toBe((FRESH + DONE) * Q);
    for (const p of pool) p.ws.close();
  });
});
