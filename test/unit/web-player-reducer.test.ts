// The player's room state (web/src/player/play-state.ts): every message the phone acts on, and the
// events it learns on its own, run through the pure reducer.
import { describe, expect, it } from "vitest";
import type { ServerMessage } from "../../schema/messages.ts";
import {
  initialPlayerState,
  reducePlayer,
  refusalKey,
  sentences,
  standingShown,
  type PlayerEvent,
  type PlayerState,
} from "../../web/src/player/play-state.ts";
import { entry, me, question, result, reveal, welcome } from "../helpers/server-messages.ts";

const NOW = 10_000;
const seat = { playerId: "p1", nickname: "Ada" };

/** Runs the events in order from `from`, checking on the way that no step changes the state it was given. */
function run(events: PlayerEvent[], from: PlayerState = initialPlayerState(seat)): PlayerState {
  let s = from;
  for (const e of events) {
    const before = structuredClone(s);
    const next = reducePlayer(s, e, NOW);
    expect(s, `${e.type} must not change its input`).toEqual(before);
    s = next;
  }
  return s;
}

/** In a game, past the lobby: welcomed mid-game, on question 0. */
const inGame = () => run([welcome({ phase: "question", me: me() }), question(0)]);

describe("initial state", () => {
  it("starts connecting, as the kept seat's player", () => {
    const s = initialPlayerState({ playerId: "p9", nickname: "Zed" });
    expect(s.view).toEqual({ k: "connecting" });
    expect(s.me).toEqual({ playerId: "p9", nickname: "Zed", score: 0, rank: null, streak: 0 });
    expect(s.answered).toBe(-1);
    expect(s.pending).toBeNull();
    expect(s.ended).toBe(false);
    expect(s.announcement).toBeNull();
  });

  it("without a seat, shows the nickname being joined as (none in generated-names mode)", () => {
    expect(initialPlayerState(null, "Bea").me).toMatchObject({ playerId: "", nickname: "Bea" });
    expect(initialPlayerState(null).me.nickname).toBe("");
  });
});

describe("welcome", () => {
  it("in the lobby: the room's title and count, the player's standing, the lobby announced", () => {
    const s = run(
      [welcome({ playerCount: 5, me: me({ playerId: "p2", nickname: "Ben", score: 0 }), token: "tok" })],
      initialPlayerState(null, "Ben"),
    );
    expect(s.title).toBe("Capitals of Europe");
    expect(s.playerCount).toBe(5);
    expect(s.me).toEqual({ playerId: "p2", nickname: "Ben", score: 0, rank: null, streak: 0 });
    expect(s.view).toEqual({ k: "lobby" });
    expect(s.announcement).toEqual({ k: "lobby" });
  });

  it("mid-game: waits for the phase's message; an answered question stays answered", () => {
    const s = run([
      welcome({ phase: "question", questionIndex: 2, me: me({ score: 1800, rank: 2, streak: 2, answered: true }) }),
    ]);
    expect(s.view).toEqual({ k: "wait" });
    expect(s.answered).toBe(2);
    expect(s.me).toMatchObject({ score: 1800, rank: 2, streak: 2 });
    expect(s.announcement).toBeNull();
  });

  it("an unanswered question leaves `answered` alone", () => {
    expect(run([welcome({ phase: "question", questionIndex: 2, me: me({ answered: false }) })]).answered).toBe(-1);
  });

  it("after a reconnect, keeps the screen it is on (the phase's message follows)", () => {
    const s = run([welcome({ phase: "question", me: me() })], inGame());
    expect(s.view.k).toBe("question");
  });

  it("a game that started while the phone was away leaves the lobby for the phase's message", () => {
    const s = run([welcome(), welcome({ phase: "reveal" })]);
    expect(s.view).toEqual({ k: "wait" });
  });

  it("in an ended game: the final screen, without a podium", () => {
    expect(run([welcome({ phase: "ended", me: me() })]).view).toEqual({ k: "final", top: [] });
  });
});

describe("player counts", () => {
  it.each<ServerMessage>([
    { type: "lobby", playerCount: 7, locked: false },
    { type: "playerJoined", player: { playerId: "p3", nickname: "Cy", connected: true, extraTime: 1 }, playerCount: 7 },
    { type: "playerLeft", playerId: "p3", reason: "disconnected", playerCount: 7 },
  ])("$type updates the count and nothing else", (m) => {
    const before = run([welcome()]);
    const s = run([m], before);
    expect(s.playerCount).toBe(7);
    expect({ ...s, playerCount: before.playerCount }).toEqual(before);
  });
});

describe("question and answer", () => {
  it("a question shows with its deadlines counted from its arrival", () => {
    const s = run([question(1, { opensInMs: 2000, closesInMs: 12_000 })], inGame());
    expect(s.view).toMatchObject({ k: "question", opensAt: NOW + 2000, closesAt: NOW + 12_000 });
    expect(s.view.k === "question" && s.view.q.index).toBe(1);
  });

  it("sending an answer marks the question answered and keeps the answer until the room acknowledges it", () => {
    const s = run([{ type: "sent", q: 0, answer: { choice: 2 } }], inGame());
    expect(s.answered).toBe(0);
    expect(s.pending).toEqual({ q: 0, answer: { choice: 2 } });
    const acked = run([{ type: "answered", index: 0 }], s);
    expect(acked.pending).toBeNull();
    expect(acked.answered).toBe(0);
  });

  it("an acknowledgement of another question keeps the pending answer", () => {
    const s = run(
      [
        { type: "sent", q: 1, answer: { choice: 0 } },
        { type: "answered", index: 0 },
      ],
      inGame(),
    );
    expect(s.pending).toEqual({ q: 1, answer: { choice: 0 } });
    expect(s.answered).toBe(0);
  });

  it("the same question again (after a reconnect) keeps the unacknowledged answer, to be sent again", () => {
    const s = run([{ type: "sent", q: 0, answer: { text: "Paris" } }, question(0)], inGame());
    expect(s.pending).toEqual({ q: 0, answer: { text: "Paris" } });
  });

  it("a new question drops an answer to the old one", () => {
    const s = run([{ type: "sent", q: 0, answer: { choice: 1 } }, question(1)], inGame());
    expect(s.pending).toBeNull();
    expect(s.view.k === "question" && s.view.q.index).toBe(1);
  });
});

describe("reveal and result", () => {
  it("a result shows the player's own outcome, updates the standing and is announced", () => {
    const r = result(0, { score: 950, rank: 1, streak: 1, playerCount: 4 });
    const s = run([{ type: "sent", q: 0, answer: { choice: 1 } }, r], inGame());
    expect(s.view).toEqual({ k: "result", r, explanation: undefined });
    expect(s.me).toMatchObject({ score: 950, rank: 1, streak: 1 });
    expect(s.playerCount).toBe(4);
    expect(s.pending).toBeNull();
    expect(s.announcement).toEqual({ k: "result", r });
  });

  it("the reveal's explanation joins the result that follows it", () => {
    const s = run([reveal(0, "Paris is the capital"), result(0)], inGame());
    expect(s.view).toMatchObject({ k: "result", explanation: "Paris is the capital" });
  });

  it("the reveal's explanation joins the result that came first", () => {
    const s = run([result(0), reveal(0, "Paris is the capital")], inGame());
    expect(s.view).toMatchObject({ k: "result", explanation: "Paris is the capital" });
  });

  it("an older question's explanation does not join this result", () => {
    const s = run([reveal(0, "old"), result(1)], inGame());
    expect(s.view).toMatchObject({ k: "result", explanation: undefined });
    const t = run([result(1), reveal(0, "old")], inGame());
    expect(t.view).toMatchObject({ k: "result", explanation: undefined });
  });

  it("a reveal alone leaves the question screen up (the player's result brings the change)", () => {
    const before = inGame();
    expect(run([reveal(0)], before).view).toBe(before.view);
  });
});

describe("leaderboard, podium and the end", () => {
  const top = [entry("p2", 1, 1900, 2), entry("p1", 2, 950, 1)];

  it("a leaderboard shows the top and the count", () => {
    const s = run([{ type: "leaderboard", index: 0, top, playerCount: 6 }], inGame());
    expect(s.view).toEqual({ k: "leaderboard", top });
    expect(s.playerCount).toBe(6);
  });

  it("the podium shows the final screen and is announced", () => {
    const s = run([{ type: "podium", top, playerCount: 6 }], inGame());
    expect(s.view).toEqual({ k: "final", top });
    expect(s.playerCount).toBe(6);
    expect(s.announcement).toEqual({ k: "final" });
  });

  it("the podium holds the final rank until the projector has raised first place (the room's revealInMs)", () => {
    const s = run([{ type: "podium", top, playerCount: 2, revealInMs: 4100 }], inGame());
    expect(s.view).toEqual({ k: "final", top, revealAt: NOW + 4100 });
    // A phone back after the reveal: nothing to hold.
    expect(run([{ type: "podium", top, playerCount: 2, revealInMs: 0 }], inGame()).view).toEqual({ k: "final", top });
  });

  it("the last question's result keeps the standing for the podium; earlier ones show it", () => {
    const s = inGame();
    expect(s.total).toBe(3);
    expect(standingShown(s, result(1))).toBe(true);
    expect(standingShown(s, result(2))).toBe(false);
    // Welcomed at the reveal of the last question, before any question frame: the welcome's count decides.
    const back = run([welcome({ phase: "reveal", questionIndex: 2, questionCount: 3, me: me() })]);
    expect(standingShown(back, result(2))).toBe(false);
  });

  it("the end after the podium keeps the podium", () => {
    const s = run(
      [
        { type: "podium", top, playerCount: 2 },
        { type: "ended", reason: "finished" },
      ],
      inGame(),
    );
    expect(s.view).toEqual({ k: "final", top });
    expect(s.ended).toBe(true);
  });

  it("a host who ends the game early: the phone says so", () => {
    const s = run([{ type: "ended", reason: "ended-by-host" }], inGame());
    expect(s.view).toEqual({ k: "gone", why: "ended" });
    expect(s.ended).toBe(true);
  });

  it("a game that ends otherwise without a podium: the final screen with the player's own standing", () => {
    expect(run([{ type: "ended", reason: "expired" }], run([welcome()])).view).toEqual({ k: "final", top: [] });
  });

  it("the API's word that the game ended keeps a shown podium, and otherwise says it is over", () => {
    const podium = run([{ type: "podium", top, playerCount: 2 }], inGame());
    expect(run([{ type: "roomEnded" }], podium).view).toEqual({ k: "final", top });
    expect(run([{ type: "roomEnded" }], inGame()).view).toEqual({ k: "gone", why: "over" });
  });

  it("a game the API no longer knows is over, whatever was shown", () => {
    const podium = run([{ type: "podium", top, playerCount: 2 }], inGame());
    expect(run([{ type: "roomMissing" }], podium).view).toEqual({ k: "gone", why: "over" });
  });
});

describe("leaving", () => {
  it("kicked", () => {
    expect(run([{ type: "kicked" }], inGame()).view).toEqual({ k: "gone", why: "kicked" });
  });

  it("replaced by another tab or device", () => {
    expect(run([{ type: "replaced" }], inGame()).view).toEqual({ k: "gone", why: "replaced" });
  });

  it("a refused join changes nothing here (the phone goes back to the form) and names its reason", () => {
    const before = initialPlayerState(null, "Ada");
    expect(run([{ type: "joinRefused", reason: "nickname-taken", message: "taken" }], before)).toBe(before);
    expect(refusalKey("nickname-taken")).toBe("nick.taken");
    // Worded under the form's ID field.
    expect(refusalKey("student-id-required")).toBe("sid.empty");
    expect(refusalKey("nickname-invalid")).toBe("nick.invalid");
    expect(refusalKey("not-found")).toBe("code.unknown");
    expect(refusalKey("kicked")).toBe("kicked");
    expect(refusalKey("ended")).toBe("code.over");
    expect(refusalKey("full")).toBe("join.full");
    expect(refusalKey("locked")).toBe("join.refused");
    expect(refusalKey("late-join-closed")).toBe("join.refused");
  });
});

describe("errors", () => {
  it("already answered (from another tab): the question counts as answered", () => {
    const sent = run([{ type: "sent", q: 0, answer: { choice: 1 } }], inGame());
    const s = run([{ type: "error", code: "already-answered", message: "already answered", for: "answer" }], {
      ...sent,
      answered: -1,
    });
    expect(s.answered).toBe(0);
    expect(s.pending).toBeNull();
  });

  it("an answer that did not count: the question shows again", () => {
    const sent = run([{ type: "sent", q: 0, answer: { choice: 1 } }], inGame());
    const s = run([{ type: "error", code: "too-late", message: "too late", for: "answer" }], sent);
    expect(s.answered).toBe(-1);
    expect(s.pending).toBeNull();
  });

  it("an error about something else leaves the answer alone", () => {
    const sent = run([{ type: "sent", q: 0, answer: { choice: 1 } }], inGame());
    const s = run([{ type: "error", code: "rate-limited", message: "slow down", for: "probe" }], sent);
    expect(s.answered).toBe(0);
    expect(s.pending).toEqual({ q: 0, answer: { choice: 1 } });
  });

  it("an unknown player changes no state (the socket leaves)", () => {
    const before = inGame();
    expect(run([{ type: "error", code: "unknown-player", message: "no such seat" }], before)).toEqual(before);
  });
});

describe("messages the phone ignores", () => {
  it.each<ServerMessage>([
    { type: "probe", nonce: "n1" },
    { type: "answerCount", index: 0, answered: 1, expected: 2 },
    { type: "playerUpdated", player: { playerId: "p3", nickname: "Cy", connected: true, extraTime: 2 } },
  ])("$type returns the same state", (m) => {
    const before = inGame();
    expect(reducePlayer(before, m, NOW)).toBe(before);
  });
});

describe("a whole game", () => {
  it("joins, answers, sees the result, the board and the podium", () => {
    const top = [entry("p1", 1, 950), entry("p2", 2, 0)];
    const s = run(
      [
        welcome({ me: me(), token: "tok" }),
        {
          type: "playerJoined",
          player: { playerId: "p2", nickname: "Ben", connected: true, extraTime: 1 },
          playerCount: 2,
        },
        question(0),
        { type: "sent", q: 0, answer: { choice: 1 } },
        { type: "answered", index: 0 },
        reveal(0, "Because."),
        result(0, { score: 950, rank: 1, playerCount: 2 }),
        { type: "leaderboard", index: 0, top, playerCount: 2 },
        { type: "podium", top, playerCount: 2 },
        { type: "ended", reason: "finished" },
      ],
      initialPlayerState(null, "Ada"),
    );
    expect(s).toMatchObject({
      view: { k: "final", top },
      me: { playerId: "p1", nickname: "Ada", score: 950, rank: 1 },
      playerCount: 2,
      answered: 0,
      pending: null,
      ended: true,
      announcement: { k: "final" },
    });
  });
});

describe("the room's clock: reconnects, pause, added time", () => {
  it("a question met on reconnect counts from its receipt, not from the question's start", () => {
    const s = reducePlayer(inGame(), question(0, { opensInMs: 0, closesInMs: 9_000 }), 50_000);
    expect(s.view).toMatchObject({ k: "question", closesAt: 59_000, pausedAt: null });
  });

  it("a paused question arrives frozen, and the state says paused", () => {
    const s = run([question(1, { closesInMs: 7_000, paused: true })], inGame());
    expect(s.paused).toBe(true);
    expect(s.view).toMatchObject({ k: "question", closesAt: NOW + 7_000, pausedAt: NOW });
  });

  it("a timer freezes the countdown, and the next one starts it again with the time that was left", () => {
    let s = reducePlayer(inGame(), { type: "timer", index: 0, paused: true, opensInMs: 0, closesInMs: 9_000 }, 20_000);
    expect(s.paused).toBe(true);
    expect(s.view).toMatchObject({ closesAt: 29_000, pausedAt: 20_000 });
    s = reducePlayer(s, { type: "timer", index: 0, paused: false, opensInMs: 0, closesInMs: 9_000 }, 25_000);
    expect(s.paused).toBe(false);
    expect(s.view).toMatchObject({ closesAt: 34_000, pausedAt: null });
  });

  it("added time moves the deadline; a timer for another question only sets the paused flag", () => {
    const s = run([{ type: "timer", index: 0, paused: false, opensInMs: 0, closesInMs: 30_000 }], inGame());
    expect(s.view).toMatchObject({ closesAt: NOW + 30_000 });
    const other = run([{ type: "timer", index: 5, paused: true, opensInMs: 0, closesInMs: 1 }], s);
    expect(other.view).toEqual(s.view);
    expect(other.paused).toBe(true);
  });

  it("the welcome carries the paused flag", () => {
    expect(run([welcome({ phase: "reveal", paused: true, me: me() })]).paused).toBe(true);
    expect(run([welcome({ phase: "reveal", me: me() })]).paused).toBe(false);
  });
});

describe("spoken sentences", () => {
  it("one full stop each, none after a headline that has its own", () => {
    expect(sentences(["Correct!", "Score: 10", "You are #1 of 3"])).toBe("Correct! Score: 10. You are #1 of 3.");
    expect(sentences(["Not quite", "Score: 0."])).toBe("Not quite. Score: 0.");
  });
});
