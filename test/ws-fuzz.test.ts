// Generated frames thrown at a live room from player sockets and the host socket, in every phase
// a game passes through: random text, random JSON, wrong types, frames just over and under
// MAX_FRAME_BYTES, deep nesting, Unicode edge cases, binary frames, unknown types and valid
// messages at the wrong time or from the wrong role. Each must get exactly the error frame an
// oracle (the schema and the protocol's rules) predicts, leave the room's SQLite storage as it
// was, and never close a socket or throw; afterwards the game plays on to the podium and D1.
import { env } from "cloudflare:workers";
import { runInDurableObject } from "cloudflare:test";
import { afterAll, describe, expect, it, vi } from "vitest";
import { drizzle } from "drizzle-orm/d1";
import { eq } from "drizzle-orm";
import fc from "fast-check";
import { answers, gamePlayers, games } from "../schema/db.ts";
import {
  clientMessage,
  HOST_COMMANDS,
  MAX_FRAME_BYTES,
  type Phase,
  type ServerMessage,
  type ServerMessageOf,
} from "../schema/messages.ts";
import { anyJson, anyString, NASTY_STRINGS } from "./helpers/fuzz-http.ts";
import { Client, host, idOf, join, roomOf, type Hosted, type Seat } from "./helpers/room-client.ts";
import { makeQuiz, makeUser } from "./helpers/fixtures.ts";
import { allStoredAnswers } from "../rooms/live/answer-log.ts";

/** Frames each fuzz player sends at most (the budget is 20 per 5 s; one goes on the probe reply, one on a real answer). */
const PER_PLAYER = 14;
const POOL = 60;
const RUNS: Record<"lobby" | "question" | "reveal" | "leaderboard", number> = {
  lobby: 400,
  question: 400,
  reveal: 300,
  leaderboard: 300,
};

type Frame = string | ArrayBuffer;
type Role = "host" | "player";

const utf8 = (s: string) => new TextEncoder().encode(s).length;

/** The typed answers the host's screens list (set once the text question is revealed): `hideEntry` names one of them. */
let typedShown: { index: number; keys: string[] } | null = null;

/**
 * The error code the room must answer with, or null when the frame is a valid command that
 * would change the room (those are played on purpose, not fuzzed) or gets no reply.
 */
function expected(frame: Frame, role: Role, phase: Phase, q: number): string | null {
  if (typeof frame !== "string") return frame.byteLength > MAX_FRAME_BYTES ? "too-large" : "bad-message";
  if (utf8(frame) > MAX_FRAME_BYTES) return "too-large";
  let data: unknown;
  try {
    data = JSON.parse(frame);
  } catch {
    return "bad-json";
  }
  const parsed = clientMessage.safeParse(data);
  if (!parsed.success) return "bad-message";
  const msg = parsed.data;
  const hostCommand = (HOST_COMMANDS as readonly string[]).includes(msg.type);
  if (hostCommand !== (role === "host")) return "forbidden";
  switch (msg.type) {
    case "probe":
    case "lock":
    case "end":
      return null;
    case "pause":
      // Never paused during the fuzz: pausing a phase with a clock changes the room (not fuzzed).
      return phase === "lobby" ? "wrong-phase" : null;
    case "resume":
      return "wrong-phase";
    case "addTime":
      return phase === "question" ? null : "wrong-phase";
    case "hideEntry":
      if (!typedShown || typedShown.index !== msg.index) return "wrong-question";
      return typedShown.keys.includes(msg.key) ? null : "bad-message";
    case "answer":
      if (phase === "question") return msg.q !== q ? "wrong-question" : "already-answered";
      return (phase === "reveal" || phase === "leaderboard") && msg.q === q ? "too-late" : "wrong-phase";
    case "start":
      return phase === "lobby" ? null : "wrong-phase";
    case "skip":
      return phase === "question" ? null : "wrong-phase";
    case "next":
      // A press from a phase the game is not in moves nothing, whatever the phase.
      if (msg.from && msg.from !== phase) return "moved-on";
      return phase === "reveal" || phase === "leaderboard" ? null : "wrong-phase";
    case "kick":
      // The generated ids never name a real seat.
      return "unknown-player";
    case "extraTime":
      // Possible in every phase but the end (never fuzzed); the generated ids never name a real seat.
      return "unknown-player";
    case "pickTeam":
    case "moveTeam":
    case "renameTeam":
    case "balanceTeams":
    case "teamMembers":
      // The fuzzed game has no teams.
      return "no-teams";
  }
}

// ---------- generators ----------

/** Every client message type the schema knows (a new one is fuzzed without touching this file). */
const TYPES = clientMessage.options.map((o) => o.shape.type.value);
const fakeId = fc.oneof(fc.constantFrom("nobody", "", "host", "0"), fc.uuid(), anyString);
const anyAnswer = fc.oneof(
  fc.record({ choice: fc.integer({ min: -1, max: 7 }) }),
  fc.record({ choices: fc.array(fc.integer({ min: -1, max: 7 }), { maxLength: 7 }) }),
  fc.record({ text: fc.oneof(anyString, fc.constantFrom("\ud800", "a\udfffb", "Paris\u0000", "\u202eParis")) }),
  fc.record({ order: fc.array(fc.integer({ min: -1, max: 7 }), { maxLength: 7 }) }),
  fc.record({ value: fc.oneof(fc.double(), fc.integer()) }),
  anyJson,
);
/** Well-formed messages of every type (some valid, some not), from either role. */
const messageLike = fc.oneof(
  fc.record({ type: fc.constant("answer"), q: fc.oneof(fc.integer({ min: -1, max: 4 }), anyJson), answer: anyAnswer }),
  fc.record({ type: fc.constant("probe"), nonce: fc.oneof(fc.string({ maxLength: 40 }), anyJson) }),
  fc.record({ type: fc.constantFrom("start", "next", "skip", "end") }),
  fc.record({ type: fc.constant("next"), from: fc.oneof(fc.constantFrom("reveal", "leaderboard", "podium"), anyJson) }),
  fc.record({ type: fc.constant("kick"), playerId: fc.oneof(fakeId, anyJson) }),
  fc.record({ type: fc.constant("lock"), locked: fc.oneof(fc.boolean(), anyJson) }),
  fc.record({
    type: fc.constant("extraTime"),
    playerId: fakeId,
    factor: fc.oneof(fc.constantFrom(1, 1.5, 2, 3, 0, -1), anyJson),
  }),
  fc.record({ type: fc.constantFrom("pause", "resume") }),
  fc.record({
    type: fc.constant("addTime"),
    seconds: fc.oneof(fc.integer({ min: -5, max: 90 }), fc.double(), anyJson),
  }),
  fc.record({
    type: fc.constant("hideEntry"),
    index: fc.oneof(fc.integer({ min: -1, max: 100 }), anyJson),
    key: fc.oneof(fc.constantFrom("paris", "lyon", "", "x".repeat(81)), anyString, anyJson),
  }),
  fc.record({ type: fc.constant("pickTeam"), teamId: fc.oneof(fc.constantFrom("t1", "t999999999"), anyJson) }),
  fc.record({ type: fc.constant("moveTeam"), playerId: fakeId, teamId: fc.oneof(fc.constant("t2"), anyJson) }),
  fc.record({ type: fc.constant("renameTeam"), teamId: fc.constant("t1"), name: fc.oneof(anyString, anyJson) }),
);
/** Messages the schema accepts, sent at any time by either role: only the phase and role make them wrong. */
const validAnswer = fc.record({
  type: fc.constant("answer"),
  // Mostly the question being played (already answered, or closed), sometimes another.
  q: fc.constantFrom(0, 0, 1, 3),
  answer: fc.oneof(
    fc.record({ choice: fc.integer({ min: 0, max: 2 }) }),
    fc.record({ text: fc.constantFrom("Paris", "Lyon", "") }),
    fc.constantFrom({ order: [0, 1, 2] }, { order: [2, 1, 0] }),
  ),
});
const validMessage = fc.oneof(
  fc.record({ type: fc.constantFrom("start", "next", "skip") }),
  fc.record({ type: fc.constant("kick"), playerId: fc.uuid() }),
  fc.record({ type: fc.constant("extraTime"), playerId: fc.uuid(), factor: fc.constantFrom(1, 1.5, 2) }),
  fc.record({ type: fc.constantFrom("pause", "resume") }),
  fc.record({ type: fc.constant("addTime"), seconds: fc.integer({ min: 5, max: 60 }) }),
  fc.record({
    type: fc.constant("hideEntry"),
    index: fc.constantFrom(0, 1, 2),
    key: fc.constantFrom("paris", "lyon", "rome", "Paris"),
  }),
  fc.record({ type: fc.constant("pickTeam"), teamId: fc.constantFrom("t1", "t2") }),
  fc.record({ type: fc.constant("moveTeam"), playerId: fc.uuid(), teamId: fc.constantFrom("t1", "t2") }),
  fc.record({ type: fc.constant("renameTeam"), teamId: fc.constant("t1"), name: fc.constantFrom("Red", "Blue") }),
  fc.record({ type: fc.constant("balanceTeams") }),
);
/** Right type names carrying fields of the wrong type or extra fields. */
const wrongTypes = fc
  .tuple(
    fc.constantFrom(...TYPES),
    fc.dictionary(fc.constantFrom("q", "answer", "nonce", "playerId", "locked", "factor", "extra", "type"), anyJson, {
      maxKeys: 4,
    }),
  )
  .map(([type, fields]) => ({ ...fields, type }));
const unknownType = fc.oneof(
  fc.record({ type: anyString }),
  fc.record({ type: fc.constantFrom(...TYPES).map((t) => t.toUpperCase()) }),
  fc.record({
    type: fc
      .constantFrom(...TYPES)
      .chain((t) => fc.constantFrom(`${t}\u200b`, `\u202e${t}`, `${t}\u0000`, ` ${t}`, `${t}\ud800`, `${t}\u0301`)),
  }),
  fc.record({ type: fc.oneof(fc.integer(), fc.constant(null), fc.array(fc.constant("answer"))) }),
);
/** Frames within a few bytes of the limit, in one- to four-byte characters. */
const nearLimit = fc
  .tuple(fc.integer({ min: -40, max: 40 }), fc.constantFrom("x", "é", "€", "😀", "\u0000"))
  .map(([delta, ch]) => {
    const head = '{"type":"answer","q":0,"answer":{"text":"';
    const tail = '"}}';
    const room = MAX_FRAME_BYTES + delta - utf8(head) - utf8(tail);
    const pad = ch === "\u0000" ? "\\u0000" : ch;
    return head + pad.repeat(Math.max(0, Math.floor(room / utf8(pad)))) + tail;
  });
const huge = fc.integer({ min: MAX_FRAME_BYTES + 1, max: 64 * 1024 }).map((n) => "a".repeat(n));
const deep = fc
  .tuple(fc.integer({ min: 1, max: 2040 }), fc.constantFrom("[", '{"a":'), fc.boolean())
  .map(([d, open, balanced]) => {
    const close = open === "[" ? "]" : "}";
    const body =
      open.repeat(d) + (open === "[" ? "" : "1") + (balanced ? close.repeat(d) : close.repeat(Math.max(0, d - 1)));
    return body.length > MAX_FRAME_BYTES ? body.slice(0, MAX_FRAME_BYTES) : body;
  });
const binary = fc.oneof(
  fc.uint8Array({ maxLength: 64 }).map((a) => a.buffer as ArrayBuffer),
  fc.integer({ min: MAX_FRAME_BYTES - 2, max: MAX_FRAME_BYTES + 2 }).map((n) => new Uint8Array(n).buffer),
  fc.constantFrom(
    new TextEncoder().encode('{"type":"start"}').buffer,
    new TextEncoder().encode('{"type":"answer","q":0,"answer":{"choice":0}}').buffer,
  ),
);

const frame: fc.Arbitrary<Frame> = fc.oneof(
  { weight: 2, arbitrary: anyString.filter((s) => s !== "ping") },
  { weight: 1, arbitrary: fc.constantFrom(...NASTY_STRINGS.filter((s) => s !== "ping")) },
  { weight: 2, arbitrary: anyJson.map((v) => JSON.stringify(v) ?? "undefined") },
  { weight: 4, arbitrary: messageLike.map((m) => JSON.stringify(m)) },
  { weight: 3, arbitrary: validMessage.map((m) => JSON.stringify(m)) },
  { weight: 4, arbitrary: validAnswer.map((m) => JSON.stringify(m)) },
  { weight: 2, arbitrary: wrongTypes.map((m) => JSON.stringify(m)) },
  { weight: 2, arbitrary: unknownType.map((m) => JSON.stringify(m)) },
  { weight: 1, arbitrary: nearLimit },
  { weight: 1, arbitrary: huge },
  { weight: 1, arbitrary: deep },
  { weight: 2, arbitrary: binary },
);

const EXAMPLES: [unknown, boolean][] = [
  [{ type: "kick", playerId: "nobody" }, true],
  [{ type: "extraTime", playerId: "nobody", factor: 2 }, true],
  [{ type: "resume" }, true],
  [{ type: "pause" }, true],
  [{ type: "addTime", seconds: 10 }, true],
  [{ type: "hideEntry", index: 0, key: "rome" }, true],
  [{ type: "hideEntry", index: 1, key: "paris" }, true],
  [{ type: "pause" }, false],
  [{ type: "start" }, true],
  [{ type: "next" }, true],
  [{ type: "skip" }, true],
  [{ type: "answer", q: 0, answer: { choice: 0 } }, true],
  [{ type: "start" }, false],
  [{ type: "answer", q: 0, answer: { text: "Paris" } }, false],
  [{ type: "answer", q: 1, answer: { order: [0, 1, 2] } }, false],
];

// ---------- the room ----------

/** Everything that matters in the room's storage (events by the highest id ever written: a flush deletes rows). */
async function snapshot(code: string) {
  return runInDurableObject(roomOf(code), (_room, state) => {
    const sql = state.storage.sql;
    const all = <T extends Record<string, SqlStorageValue>>(q: string) => sql.exec<T>(q).toArray();
    return {
      meta: all<{ key: string; value: string }>("SELECT key, value FROM meta ORDER BY key"),
      players: all<{ data: string }>("SELECT data FROM players ORDER BY id").map((r) => {
        const { minRttMs: _rtt, ...rest } = JSON.parse(r.data);
        return rest;
      }),
      answers: allStoredAnswers(sql),
      eventSeq: all<{ seq: number }>("SELECT seq FROM sqlite_sequence WHERE name = 'events'"),
    };
  });
}

const QUIZ = [
  { type: "text" as const, text: "Capital of France?", accepted: ["Paris"] },
  { type: "order" as const, text: "Smallest first", items: ["one", "two", "three"] },
  { type: "single" as const, text: "2+2?", options: ["3", "4", "5"], correct: 1 },
];

/** The next frame of a type that satisfies `ok` (coalesced counts from the joins may come first). */
async function until<T extends ServerMessage["type"]>(
  c: Client,
  type: T,
  ok: (m: ServerMessageOf<T>) => boolean,
): Promise<ServerMessageOf<T>> {
  for (;;) {
    const m = await c.next(type);
    if (ok(m)) return m;
  }
}

let totalFrames = 0;
let crashes = 0;
const codes = new Map<string, number>();
afterAll(() =>
  console.log(
    `ws-fuzz: ${totalFrames} frames, ${crashes} crashes (${[...codes].map(([c, n]) => `${c}×${n}`).join(" ")})`,
  ),
);

describe("WebSocket fuzzing", () => {
  it("every generated frame from a player or the host gets the predicted error frame and changes nothing; the game then plays to the end", async () => {
    const handlerFailures = vi.spyOn(console, "error");
    const teacher = await makeUser("teacher");
    const quizId = await makeQuiz(teacher.id, QUIZ);
    const game: Hosted = await host(teacher.token, quizId, {
      readingTime: 0,
      shuffleOptions: true,
      leaderboard: "each",
    });
    const h = await Client.host(game, teacher.token);
    await h.next("welcome");
    const seats: Seat[] = [];
    for (let i = 0; i < POOL; i++) seats.push(await join(game.code, `Fuzzer ${i}`));
    const players = await Promise.all(seats.map((s) => Client.player(s)));
    await Promise.all(players.map((p) => p.next("welcome")));
    // Someone who never fuzzes and answers nothing until asked: keeps each question open.
    const holdoutSeat = await join(game.code, "Holdout");
    const holdout = await Client.player(holdoutSeat);
    await holdout.next("welcome");
    const spent = new Map<Client, number>(players.map((p) => [p, 0]));
    let turn = 0;
    const nextPlayer = () => {
      for (let k = 0; k < players.length; k++) {
        const p = players[turn++ % players.length];
        if (spent.get(p)! < PER_PLAYER) return p;
      }
      throw new Error("fuzz players' budgets are used up: raise POOL");
    };

    const fuzz = async (phase: keyof typeof RUNS, q: number) => {
      const before = await snapshot(game.code);
      let tried = 0;
      await fc.assert(
        fc.asyncProperty(frame, fc.boolean(), async (f, fromHost) => {
          const role: Role = fromHost ? "host" : "player";
          const want = expected(f, role, phase, q);
          fc.pre(want !== null);
          const c = fromHost ? h : nextPlayer();
          if (!fromHost) spent.set(c, spent.get(c)! + 1);
          c.send(f);
          const e = await c.next("error");
          tried++;
          codes.set(`${phase}:${want}`, (codes.get(`${phase}:${want}`) ?? 0) + 1);
          expect(
            e.code,
            `${role} ${typeof f === "string" ? JSON.stringify(f.slice(0, 200)) : `binary ${f.byteLength}`}`,
          ).toBe(want);
          expect(c.closed).toBeNull();
          expect(await snapshot(game.code)).toEqual(before);
        }),
        // Each kind of refusal at least once in every phase, whatever the seed draws.
        {
          numRuns: RUNS[phase],
          examples: EXAMPLES.map((e) => [JSON.stringify(e[0]), e[1]] as [Frame, boolean]).filter(
            ([f, fromHost]) => expected(f, fromHost ? "host" : "player", phase, q) !== null,
          ),
        },
      );
      totalFrames += tried;
      console.log(`ws-fuzz: ${phase}: ${tried} frames`);
      expect(tried).toBeGreaterThan(RUNS[phase] / 2);
    };

    // Lobby.
    await fuzz("lobby", -1);
    // Valid commands in the lobby have their documented effect.
    h.send({ type: "lock", locked: true });
    await until(holdout, "lobby", (m) => m.locked);
    h.send({ type: "lock", locked: false });
    await until(holdout, "lobby", (m) => !m.locked);
    h.send({ type: "extraTime", playerId: holdoutSeat.playerId, factor: 1.5 });
    expect((await holdout.next("playerUpdated")).player.extraTime).toBe(1.5);

    // Question 0 (text). Every fuzz player answers first, so any answer to it is "already-answered".
    h.send({ type: "start" });
    await holdout.next("question");
    await Promise.all(players.map((p) => p.next("question")));
    for (const [k, p] of players.entries()) {
      p.send({ type: "answer", q: 0, answer: { text: k % 2 ? "paris" : "Lyon" } });
      spent.set(p, spent.get(p)! + 1);
    }
    await Promise.all(players.map((p) => p.next("answered")));
    await fuzz("question", 0);
    // A text answer holding half a surrogate pair is refused and stores nothing.
    await holdout.expectError({ type: "answer", q: 0, answer: { text: "Par\ud800is" } }, "bad-message");
    h.send({ type: "skip" });
    await h.next("reveal");
    // The host's screens list the typed answers; the players never get them.
    const typed = await h.next("typed");
    typedShown = { index: 0, keys: typed.entries.map((e) => e.key) };
    expect(typedShown.keys.sort()).toEqual(["lyon", "paris"]);
    expect(players.some((p) => p.all("typed").length > 0)).toBe(false);
    await fuzz("reveal", 0);
    h.send({ type: "next" });
    await h.next("leaderboard");
    await fuzz("leaderboard", 0);

    // Then the game goes on normally: question 1 (order) and 2 (single) answered by all, to the podium.
    for (const qi of [1, 2]) {
      h.send({ type: "next" });
      const view = await holdout.next("question");
      await Promise.all(players.map((p) => p.next("question")));
      const answer =
        qi === 1 ? { order: ["one", "two", "three"].map((t) => idOf(view, t)) } : { choice: idOf(view, "4") };
      for (const p of [holdout, ...players]) p.send({ type: "answer", q: qi, answer });
      const reveal = await h.next("reveal");
      expect(reveal.answered).toBe(POOL + 1);
      const results = await Promise.all([holdout, ...players].map((p) => p.next("result")));
      expect(results.every((r) => r.correct)).toBe(true);
      h.send({ type: "next" });
      if (qi === 1) await h.next("leaderboard");
    }
    const podium = await h.next("podium");
    expect(podium.playerCount).toBe(POOL + 1);
    h.send({ type: "next" });
    await h.next("ended");

    const db = drizzle(env.DB);
    await vi.waitFor(
      async () => expect((await db.select().from(games).where(eq(games.id, game.gameId)).get())?.status).toBe("ended"),
      { timeout: 10_000 },
    );
    expect(await db.select().from(gamePlayers).where(eq(gamePlayers.gameId, game.gameId)).all()).toHaveLength(POOL + 1);
    const rows = await db.select().from(answers).where(eq(answers.gameId, game.gameId)).all();
    // Q0: the fuzz players' one real answer each; Q1 and Q2: everyone.
    expect(rows.filter((r) => r.questionIndex === 0)).toHaveLength(POOL);
    expect(rows.filter((r) => r.questionIndex > 0)).toHaveLength(2 * (POOL + 1));
    expect(rows.filter((r) => r.questionIndex === 0 && r.correct).length).toBe(POOL / 2);

    // Every kind of refusal was exercised where it can happen.
    const seen = (phase: string, code: string) => (codes.get(`${phase}:${code}`) ?? 0) > 0;
    for (const phase of ["lobby", "question", "reveal", "leaderboard"])
      for (const code of ["bad-json", "bad-message", "too-large", "forbidden", "wrong-phase", "unknown-player"])
        expect(seen(phase, code), `${phase}:${code}`).toBe(true);
    expect(
      seen("question", "wrong-question") &&
        seen("question", "already-answered") &&
        seen("reveal", "too-late") &&
        seen("leaderboard", "too-late"),
    ).toBe(true);

    // No socket was dropped and no handler threw.
    const failures = handlerFailures.mock.calls.filter((args) =>
      String(args[0]).includes("room message handler failed"),
    ).length;
    const dropped = [h, holdout, ...players].filter((c) => c.closed !== null).length;
    crashes = failures + dropped;
    expect(crashes).toBe(0);
    handlerFailures.mockRestore();
    for (const c of [h, holdout, ...players]) c.close();
    await runInDurableObject(roomOf(game.code), (_r, s) => s.storage.deleteAlarm());
  }, 120_000);
});
