// The projector's room state (web/src/teacher/host-state.ts): every message the host screen acts
// on, run through the pure reducer.
import { describe, expect, it } from "vitest";
import type { ServerMessage } from "../../schema/messages.ts";
import { initialHostState, reduceHost, type HostState } from "../../web/src/teacher/host/host-state.ts";
import { entry, player, question, reveal, welcome } from "../helpers/server-messages.ts";

const NOW = 5_000;

/** Runs the messages in order, checking on the way that no step changes the state it was given. */
function run(messages: ServerMessage[], from: HostState = initialHostState): HostState {
  let s = from;
  for (const m of messages) {
    const before = structuredClone(s);
    const next = reduceHost(s, m, NOW);
    expect(s, `${m.type} must not change its input`).toEqual(before);
    s = next;
  }
  return s;
}

const hostWelcome = (over: Parameters<typeof welcome>[0] = {}) =>
  welcome({ role: "host", players: [player("p1"), player("p2")], playerCount: 2, ...over });

describe("welcome", () => {
  it("takes the room's phase, title, lock, size and players, and clears an old error", () => {
    const s = run([hostWelcome({ locked: true, questionCount: 7 })], { ...initialHostState, error: "offline" });
    expect(s).toMatchObject({
      phase: "lobby",
      title: "Capitals of Europe",
      locked: true,
      questionCount: 7,
      playerCount: 2,
      error: "",
    });
    expect(s.players.map((p) => p.playerId)).toEqual(["p1", "p2"]);
  });

  it("without a player list keeps the one it has", () => {
    const s = run([hostWelcome(), welcome({ role: "host", phase: "question", playerCount: 2 })]);
    expect(s.phase).toBe("question");
    expect(s.players.map((p) => p.playerId)).toEqual(["p1", "p2"]);
  });
});

describe("players", () => {
  it("a joining player is added once, even when they come back", () => {
    const s = run([
      hostWelcome(),
      { type: "playerJoined", player: player("p3"), playerCount: 3 },
      { type: "playerJoined", player: player("p3", { nickname: "CY" }), playerCount: 3 },
    ]);
    expect(s.players.map((p) => p.playerId)).toEqual(["p1", "p2", "p3"]);
    expect(s.players[2].nickname).toBe("CY");
    expect(s.playerCount).toBe(3);
  });

  it("a big room's gathered joins (playersJoined) are added like single ones, each once", () => {
    const s = run([
      hostWelcome(),
      { type: "playerJoined", player: player("p3"), playerCount: 3 },
      {
        type: "playersJoined",
        players: [player("p3", { nickname: "CY" }), player("p4"), player("p5")],
        playerCount: 5,
      },
    ]);
    expect(s.players.map((p) => p.playerId)).toEqual(["p1", "p2", "p3", "p4", "p5"]);
    expect(s.players[2].nickname).toBe("CY");
    expect(s.playerCount).toBe(5);
  });

  it("a disconnected player stays, marked away; a kicked one is removed", () => {
    const away = run([hostWelcome(), { type: "playerLeft", playerId: "p1", reason: "disconnected", playerCount: 1 }]);
    expect(away.players).toEqual([player("p1", { connected: false }), player("p2")]);
    expect(away.playerCount).toBe(1);
    const kicked = run([{ type: "playerLeft", playerId: "p2", reason: "kicked", playerCount: 1 }], away);
    expect(kicked.players.map((p) => p.playerId)).toEqual(["p1"]);
  });

  it("an updated player (extra time) replaces its entry in place", () => {
    const s = run([hostWelcome(), { type: "playerUpdated", player: player("p1", { extraTime: 2 }) }]);
    expect(s.players).toEqual([player("p1", { extraTime: 2 }), player("p2")]);
  });

  it("the lobby message sets the lock and the count", () => {
    const s = run([hostWelcome(), { type: "lobby", locked: true, playerCount: 9 }]);
    expect(s).toMatchObject({ locked: true, playerCount: 9 });
  });
});

describe("questions", () => {
  it("a question opens with deadlines counted from its arrival and forgets the last reveal", () => {
    const s = run([hostWelcome(), question(0), reveal(0), question(1, { opensInMs: 1000, closesInMs: 21_000 })]);
    expect(s.phase).toBe("question");
    expect(s.question).toMatchObject({ opensAt: NOW + 1000, closesAt: NOW + 21_000 });
    expect(s.question?.q.index).toBe(1);
    expect(s.reveal).toBeNull();
  });

  it("counts answers for the current question only", () => {
    const s = run([hostWelcome(), question(0), { type: "answerCount", index: 0, answered: 1, expected: 2 }]);
    expect(s.answered).toEqual({ answered: 1, expected: 2 });
    expect(run([{ type: "answerCount", index: 3, answered: 2, expected: 2 }], s)).toBe(s);
  });

  it("the same question again (after a reconnect) keeps its count; the next one starts afresh", () => {
    const s = run([
      hostWelcome(),
      question(0),
      { type: "answerCount", index: 0, answered: 1, expected: 2 },
      question(0),
    ]);
    expect(s.answered).toEqual({ answered: 1, expected: 2 });
    expect(run([question(1)], s).answered).toBeNull();
  });
});

describe("reveal to the end", () => {
  const top = [entry("p2", 1, 1900, 2), entry("p1", 2, 950, 1)];

  it("reveal, leaderboard, podium and end each take their phase and keep their message", () => {
    const r = reveal(0, "Because.");
    let s = run([hostWelcome(), question(0), r]);
    expect(s).toMatchObject({ phase: "reveal", reveal: r });
    const board: ServerMessage = { type: "leaderboard", index: 0, top, playerCount: 2 };
    s = run([board], s);
    expect(s).toMatchObject({ phase: "leaderboard", board });
    const podium: ServerMessage = { type: "podium", top, playerCount: 2 };
    s = run([podium], s);
    expect(s).toMatchObject({ phase: "podium", podium });
    s = run([{ type: "ended", reason: "finished" }], s);
    expect(s).toMatchObject({ phase: "ended", ended: { type: "ended", reason: "finished" }, podium });
  });

  it("an error from the room is shown", () => {
    const s = run([hostWelcome(), { type: "error", code: "wrong-phase", message: "not now", for: "next" }]);
    expect(s.error).toBe("not now");
    expect(s.phase).toBe("lobby");
  });

  it("a repeated next the room refused as moved on is not shown (its move happened)", () => {
    const s = run([hostWelcome(), { type: "error", code: "moved-on", message: "moved on", for: "next" }]);
    expect(s.error).toBe("");
  });

  it("a refused team rename goes to the inline edit, numbered, not to the banner", () => {
    const refusal = { type: "error", code: "name-refused", message: "taken", for: "renameTeam" } as const;
    const s = run([hostWelcome(), refusal, { ...refusal, message: "rude" }]);
    expect(s.error).toBe("");
    expect(s.renameError).toEqual({ message: "rude", seq: 2 });
  });
});

describe("messages the host ignores", () => {
  it.each<ServerMessage>([
    { type: "probe", nonce: "n1" },
    { type: "answered", index: 0 },
    { type: "kicked" },
    { type: "replaced" },
  ])("$type returns the same state", (m) => {
    const before = run([hostWelcome()]);
    expect(reduceHost(before, m, NOW)).toBe(before);
  });
});

describe("the room's clock: pause, added time, auto-advance", () => {
  it("a question arriving paused is frozen; the welcome's flag is kept", () => {
    const s = run([hostWelcome({ phase: "question", paused: true }), question(0, { closesInMs: 8_000, paused: true })]);
    expect(s.paused).toBe(true);
    expect(s.question).toMatchObject({ closesAt: NOW + 8_000, pausedAt: NOW });
  });

  it("pause then resume keeps the time that was left, counted from each timer's receipt", () => {
    let s = run([hostWelcome(), question(0, { opensInMs: 0, closesInMs: 20_000 })]);
    s = reduceHost(s, { type: "timer", index: 0, paused: true, opensInMs: 0, closesInMs: 12_000 }, 13_000);
    expect(s.paused).toBe(true);
    expect(s.question).toMatchObject({ closesAt: 25_000, pausedAt: 13_000 });
    s = reduceHost(s, { type: "timer", index: 0, paused: false, opensInMs: 0, closesInMs: 12_000 }, 18_000);
    expect(s.paused).toBe(false);
    expect(s.question).toMatchObject({ closesAt: 30_000, pausedAt: null });
  });

  it("a timer out of a question sets the pause and the auto-advance only", () => {
    const s = run([hostWelcome(), question(0), reveal(0)]);
    const t = run([{ type: "timer", index: 0, paused: false, opensInMs: 0, closesInMs: 0, autoAdvanceInMs: 4_000 }], s);
    expect(t.autoAdvanceAt).toBe(NOW + 4_000);
    expect(t.question).toEqual(s.question);
    expect(
      run([{ type: "timer", index: 0, paused: true, opensInMs: 0, closesInMs: 0, autoAdvanceInMs: null }], t),
    ).toMatchObject({ paused: true, autoAdvanceAt: null });
  });
});

describe("errors", () => {
  it("a refused command's error goes once the game moves on", () => {
    const s = run([hostWelcome(), question(0), { type: "error", code: "paused", message: "paused", for: "skip" }]);
    expect(s.error).toBe("paused");
    expect(run([reveal(0)], s).error).toBe("");
  });
});

describe("typed answers (hosts only)", () => {
  it("attaches the class's typed answers to the reveal they belong to, and ignores those of another question", () => {
    const typed: ServerMessage = {
      type: "typed",
      index: 0,
      entries: [{ key: "paris", text: "Paris", count: 3, correct: true }],
    };
    const s = run([hostWelcome(), question(0), reveal(0), typed]);
    expect((s.reveal as unknown as { typed: unknown[] }).typed).toEqual([
      { key: "paris", label: "Paris", count: 3, correct: true },
    ]);
    const other = run([hostWelcome(), question(0), reveal(0), { ...typed, index: 1 }]);
    expect((other.reveal as unknown as { typed?: unknown }).typed).toBeUndefined();
  });
});
