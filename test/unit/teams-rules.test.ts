// Team mode's pure rules (rooms/kit/teams.ts; talk time: rooms/live/teams.ts): scoring each way, balancing within ±1 with few
// moves, late joiners to the smallest team, the consensus pick at the close, team names.
import { describe, expect, it } from "vitest";
import { teamSettings } from "../../schema/game.ts";
import {
  balance,
  balanceMoves,
  checkTeamName,
  contribution,
  initialTeams,
  type Member,
  rankTeams,
  renamedTeam,
  smallestTeam,
  standingPick,
  teamScore,
  teamSizes,
} from "../../rooms/kit/teams.ts";
import { talkMs } from "../../rooms/live/teams.ts";

const m = (id: string, teamId: string | null, score = 0, joinedAt = 0, extra: Partial<Member> = {}): Member => ({
  id,
  teamId,
  score,
  totalTimeMs: 0,
  joinedAt,
  ...extra,
});

describe("team settings", () => {
  it("validates count, talk time and modes", () => {
    expect(teamSettings.parse({ mode: "personal" })).toEqual({
      mode: "personal",
      count: 4,
      scoring: "mean",
      talkSeconds: 0,
      assign: "auto",
    });
    expect(teamSettings.safeParse({ mode: "personal", count: 1 }).success).toBe(false);
    expect(teamSettings.safeParse({ mode: "personal", count: 101 }).success).toBe(false);
    expect(teamSettings.safeParse({ mode: "consensus", talkSeconds: 31 }).success).toBe(false);
    expect(teamSettings.safeParse({ mode: "solo" }).success).toBe(false);
  });

  it("team talk is the configured seconds, none for shared devices or solo games", () => {
    expect(talkMs({ teams: teamSettings.parse({ mode: "personal", talkSeconds: 12 }) })).toBe(12_000);
    expect(talkMs({ teams: teamSettings.parse({ mode: "shared", talkSeconds: 12 }) })).toBe(0);
    expect(talkMs({ teams: null })).toBe(0);
    expect(talkMs({})).toBe(0);
  });
});

describe("team scoring", () => {
  it("mean rounds the members' average; sum adds them; an empty team scores 0", () => {
    expect(teamScore([1000, 500, 0], "mean")).toBe(500);
    expect(teamScore([1000, 501], "mean")).toBe(751);
    expect(teamScore([1000, 500, 0], "sum")).toBe(1500);
    expect(teamScore([], "mean")).toBe(0);
    expect(teamScore([], "sum")).toBe(0);
  });

  it("a member's contribution is their share of a mean, all of their points in a sum", () => {
    expect(contribution(900, 3, "mean")).toBe(300);
    expect(contribution(900, 3, "sum")).toBe(900);
    expect(contribution(900, 1, "mean")).toBe(900);
    // The parts make up the team's score.
    const scores = [900, 600, 300];
    const parts = scores.map((s) => contribution(s, scores.length, "mean"));
    expect(parts.reduce((a, b) => a + b, 0)).toBe(teamScore(scores, "mean"));
  });

  it("ranks teams by score (mean vs sum can differ), kicked members do not count, empty teams last", () => {
    const teams = initialTeams(3);
    const players = [m("a", "t1", 1000), m("b", "t1", 0), m("c", "t2", 600), m("k", "t2", 0, 0, { kicked: true })];
    const mean = rankTeams(teams, players, "mean");
    expect(mean.map((t) => [t.teamId, t.score, t.rank, t.members])).toEqual([
      ["t2", 600, 1, 1],
      ["t1", 500, 2, 2],
      ["t3", 0, 3, 0],
    ]);
    const sum = rankTeams(teams, players, "sum");
    expect(sum.map((t) => [t.teamId, t.score])).toEqual([
      ["t1", 1000],
      ["t2", 600],
      ["t3", 0],
    ]);
  });

  it("breaks a tie by the members' lower mean time, then the team order", () => {
    const teams = initialTeams(3);
    const players = [m("a", "t1", 500, 0, { totalTimeMs: 900 }), m("b", "t2", 500, 0, { totalTimeMs: 300 })];
    expect(rankTeams(teams, players, "mean").map((t) => t.teamId)).toEqual(["t2", "t1", "t3"]);
    expect(rankTeams(initialTeams(2), [], "mean").map((t) => t.teamId)).toEqual(["t1", "t2"]);
  });
});

describe("forming teams", () => {
  const spread = (teams: ReturnType<typeof initialTeams>, placed: Map<string, string>) => {
    const sizes = teamSizes(
      teams,
      [...placed].map(([id, t]) => m(id, t)),
    );
    return [...sizes.values()];
  };

  it("balances any crowd within ±1", () => {
    for (const count of [2, 3, 7]) {
      for (const n of [0, 1, 5, 13, 40]) {
        const teams = initialTeams(count);
        // Everyone piled into the first team, some unplaced.
        const players = Array.from({ length: n }, (_, i) => m(`p${i}`, i % 4 === 0 ? null : "t1", 0, i));
        const placed = balance(teams, players);
        expect(placed.size).toBe(n);
        const sizes = spread(teams, placed);
        expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
      }
    }
  });

  it("moves as few players as possible, the newest of an oversized team first", () => {
    const teams = initialTeams(2);
    const players = [m("a", "t1", 0, 1), m("b", "t1", 0, 2), m("c", "t1", 0, 3), m("d", "t2", 0, 4)];
    const placed = balance(teams, players);
    expect([...placed].filter(([id, t]) => players.find((p) => p.id === id)!.teamId !== t)).toEqual([["c", "t2"]]);
    // Already balanced: nobody moves.
    const even = [m("a", "t1", 0, 1), m("b", "t2", 0, 2), m("c", "t1", 0, 3)];
    expect([...balance(teams, even)]).toEqual([
      ["a", "t1"],
      ["c", "t1"],
      ["b", "t2"],
    ]);
  });

  it("as moves, only the players whose team changes (both rooms apply these)", () => {
    const teams = initialTeams(2);
    const players = [m("a", "t1", 0, 1), m("b", "t1", 0, 2), m("c", "t1", 0, 3), m("n", null, 0, 4)];
    expect([...balanceMoves(teams, players)]).toEqual([
      ["c", "t2"],
      ["n", "t2"],
    ]);
    expect(balanceMoves(teams, [m("a", "t1"), m("b", "t2")]).size).toBe(0);
  });

  it("renames a team through the name rules, leaving its other fields", () => {
    const teams = initialTeams(2);
    const ok = renamedTeam(teams, "t2", "  Owls ");
    expect(ok).toEqual({ ok: true, row: { ...teams[1], name: "Owls", skeleton: expect.any(String) } });
    expect(renamedTeam(teams, "t2", "Team 1").ok).toBe(false);
  });

  it("leaves kicked players out", () => {
    const teams = initialTeams(2);
    const placed = balance(teams, [m("a", "t1"), m("k", "t1", 0, 0, { kicked: true })]);
    expect(placed.has("k")).toBe(false);
  });

  it("a late joiner goes to the smallest team, the earlier one on a tie", () => {
    const teams = initialTeams(3);
    expect(smallestTeam(teams, [m("a", "t1"), m("b", "t2"), m("c", "t2")]).id).toBe("t3");
    expect(smallestTeam(teams, [m("a", "t1"), m("b", "t3")]).id).toBe("t2");
    expect(smallestTeam(teams, []).id).toBe("t1");
    // Kicked members leave room in their team.
    expect(smallestTeam(teams, [m("a", "t1", 0, 0, { kicked: true }), m("b", "t2"), m("c", "t3")]).id).toBe("t1");
  });

  it("team names go through the nickname filter and look-alike check", () => {
    const teams = initialTeams(2);
    const ok = checkTeamName("  Red   Foxes ", teams, "t1");
    expect(ok).toMatchObject({ ok: true, name: "Red Foxes" });
    expect(checkTeamName("Team 2", teams, "t1").ok).toBe(false);
    // A Cyrillic look-alike of another team's name collides.
    expect(checkTeamName("Теam 2", teams, "t1").ok).toBe(false);
    // Its own name is fine.
    expect(checkTeamName("Team 1", teams, "t1").ok).toBe(true);
    expect(checkTeamName("fuck", teams, "t1").ok).toBe(false);
    expect(checkTeamName("\u200b", teams, "t1").ok).toBe(false);
  });
});

describe("consensus pick", () => {
  const closesAt = 10_000;
  it("the last pick received before the close stands", () => {
    const picks = [
      { playerId: "a", answer: 1, receivedAt: 4000 },
      { playerId: "b", answer: 2, receivedAt: 7000 },
      { playerId: "a", answer: 3, receivedAt: 5000 },
    ];
    expect(standingPick(picks, closesAt)?.answer).toBe(2);
  });

  it("a change in the last 100 ms counts if it arrived by the close; one after does not", () => {
    const base = [{ playerId: "a", answer: 1, receivedAt: 3000 }];
    expect(standingPick([...base, { playerId: "b", answer: 2, receivedAt: closesAt - 60 }], closesAt)?.answer).toBe(2);
    expect(standingPick([...base, { playerId: "b", answer: 2, receivedAt: closesAt }], closesAt)?.answer).toBe(2);
    expect(standingPick([...base, { playerId: "b", answer: 2, receivedAt: closesAt + 1 }], closesAt)?.answer).toBe(1);
  });

  it("no pick in time: the team has not answered", () => {
    expect(standingPick([], closesAt)).toBeNull();
    expect(standingPick([{ playerId: "a", answer: 1, receivedAt: closesAt + 5 }], closesAt)).toBeNull();
  });

  it("same millisecond: the later write wins", () => {
    const picks = [
      { playerId: "a", answer: 1, receivedAt: 9000 },
      { playerId: "b", answer: 2, receivedAt: 9000 },
    ];
    expect(standingPick(picks, closesAt)?.answer).toBe(2);
  });
});
