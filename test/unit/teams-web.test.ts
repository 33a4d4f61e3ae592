// Team mode in the screens' pure reducers: the phone keeps its team, the teams to pick from and
// the consensus pick; the projector keeps the teams and who is in which.
import { describe, expect, it } from "vitest";
import type { ServerMessage } from "../../schema/messages.ts";
import { initialPlayerState, reducePlayer } from "../../web/src/player/play-state.ts";
import { initialHostState, reduceHost, teamSizes } from "../../web/src/teacher/host/host-state.ts";

const team = { teamId: "t2", name: "Owls", rank: null, score: 0, contribution: 0, teamCount: 2 };
const list = [
  { teamId: "t1", name: "Team 1", members: 1 },
  { teamId: "t2", name: "Owls", members: 1 },
];
const welcome = (role: "host" | "player"): ServerMessage => ({
  type: "welcome",
  role,
  code: "ABCDEF",
  title: "T",
  phase: "lobby",
  questionIndex: -1,
  questionCount: 2,
  locked: false,
  playerCount: 2,
  settings: { leaderboard: "each", autoAdvance: false, accuracyOnly: false, readingTime: 0 },
  teams: { settings: { mode: "consensus", assign: "pick", scoring: "mean", talkSeconds: 5 }, list },
  ...(role === "player"
    ? { me: { playerId: "a", nickname: "Ann", score: 0, streak: 0, rank: null, extraTime: 1, answered: false, team } }
    : {
        players: [
          { playerId: "a", nickname: "Ann", connected: true, extraTime: 1, teamId: "t2" },
          { playerId: "b", nickname: "Ben", connected: true, extraTime: 1, teamId: "t1" },
        ],
      }),
});

describe("team mode in the reducers", () => {
  it("the phone: its team, the teams to pick, team moves and the consensus pick of the open question", () => {
    let s = reducePlayer(initialPlayerState(null, "Ann"), welcome("player"), 0);
    expect(s.team?.name).toBe("Owls");
    expect(s.teams).toEqual({ consensus: true, pick: true, list });
    s = reducePlayer(s, { type: "myTeam", team: { ...team, teamId: "t1", name: "Team 1" } }, 0);
    expect(s.team?.teamId).toBe("t1");
    s = reducePlayer(s, { type: "teams", teams: [list[0], { ...list[1], name: "Foxes" }] }, 0);
    expect(s.teams?.list[1].name).toBe("Foxes");
    const q = {
      index: 0,
      total: 2,
      type: "single",
      text: "?",
      points: "standard",
      timeLimit: 20,
      opensInMs: 0,
      closesInMs: 20_000,
    } as const;
    s = reducePlayer(s, { type: "question", question: q }, 0);
    s = reducePlayer(s, { type: "teamPick", index: 0, teamId: "t1", answer: { choice: 1 }, by: "Ben" }, 0);
    expect(s.teamPick?.by).toBe("Ben");
    // The next question starts with no pick.
    s = reducePlayer(s, { type: "question", question: { ...q, index: 1 } }, 0);
    expect(s.teamPick).toBeNull();
  });

  it("the projector: teams from the welcome, sizes from the members after a move or balance", () => {
    let s = reduceHost(initialHostState, welcome("host"), 0);
    expect(teamSizes(s).map((t) => t.members)).toEqual([1, 1]);
    s = reduceHost(s, { type: "teams", teams: list, members: { a: "t1", b: "t1" } }, 0);
    expect(teamSizes(s).map((t) => t.members)).toEqual([2, 0]);
    s = reduceHost(s, { type: "teamReveal", index: 0, teams: [] }, 0);
    expect(s.teamReveal?.index).toBe(0);
  });

  it("shared devices: the phone knows it is a team's and keeps the names it gave; the projector speaks of teams", () => {
    const shared = (role: "host" | "player") => {
      const w = welcome(role) as Extract<ServerMessage, { type: "welcome" }>;
      return { ...w, teams: { settings: { ...w.teams!.settings, mode: "shared" as const }, list: [] } };
    };
    let p = reducePlayer(initialPlayerState(null, "Owls"), shared("player"), 0);
    expect(p.shared).toEqual({ members: [] });
    // No team list to pick from: the seat is the team.
    expect(p.teams).toBeNull();
    const mine = { playerId: "a", nickname: "Owls", connected: true, extraTime: 1, members: ["Ann", "Ben"] };
    p = reducePlayer(p, { type: "playerUpdated", player: { ...mine, playerId: "b", members: ["X"] } }, 0);
    expect(p.shared?.members).toEqual([]);
    p = reducePlayer(p, { type: "playerUpdated", player: mine }, 0);
    expect(p.shared?.members).toEqual(["Ann", "Ben"]);
    // A reconnect's welcome keeps them; a reloaded phone learns them from its welcome.
    p = reducePlayer(p, shared("player"), 0);
    expect(p.shared?.members).toEqual(["Ann", "Ben"]);
    const w = shared("player");
    const reloaded = reducePlayer(initialPlayerState(null, "Owls"), { ...w, me: { ...w.me!, members: ["Cy"] } }, 0);
    expect(reloaded.shared?.members).toEqual(["Cy"]);

    const h = reduceHost(initialHostState, shared("host"), 0);
    expect(h).toMatchObject({ shared: true, teams: null });
    expect(reduceHost(initialHostState, welcome("host"), 0).shared).toBe(false);
  });
});
