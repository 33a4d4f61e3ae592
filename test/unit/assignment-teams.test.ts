// Homework's team rules (rooms/assignment/teams.ts on kit/teams.ts): placing a new student, the
// teacher's rename / move / balance, team standings from each member's counted attempt, and what
// a student is told of their team while showAnswers hides their results.
import { describe, expect, it } from "vitest";
import { assignmentSettings, type AssignmentSettingsInput } from "../../schema/assignment.ts";
import { newParticipant } from "../../rooms/assignment/rules.ts";
import * as teams from "../../rooms/assignment/teams.ts";
import type { Participant } from "../../rooms/assignment/types.ts";

const cfg = (s: Partial<AssignmentSettingsInput> = {}) => ({
  settings: assignmentSettings.parse({ deadline: 10_000, opensAt: 0, ...s }),
});

function seat(id: string, teamId: string | null, score = 0, extra: Partial<Participant> = {}): Participant {
  return {
    ...newParticipant(id, { nickname: id, skeleton: id }, null, null, Number(id.slice(1)) || 0),
    teamId,
    score,
    ...extra,
  };
}
const byId = (ps: Participant[]) => new Map(ps.map((p) => [p.id, p]));

describe("homework teams", () => {
  const c = cfg({ teams: { count: 3 } });
  const rows = teams.startingTeams(c);

  it("starts with the configured number of teams, none without team mode", () => {
    expect(rows.map((r) => r.name)).toEqual(["Team 1", "Team 2", "Team 3"]);
    expect(teams.startingTeams(cfg())).toEqual([]);
    expect(teams.choice(cfg(), [], [])).toBeNull();
  });

  it("places a new student in the smallest team; a pick counts only when students pick", () => {
    const ps = [seat("p1", "t1"), seat("p2", "t2"), seat("p3", "t1", 0, { removed: true })];
    // A removed student does not count: t1 and t2 have one each, t3 none.
    expect(teams.placeNew(c, rows, ps, undefined)).toEqual({ ok: true, teamId: "t3" });
    expect(teams.placeNew(c, rows, ps, "t1")).toEqual({ ok: true, teamId: "t3" });
    const pick = cfg({ teams: { count: 3, assign: "pick" } });
    expect(teams.placeNew(pick, rows, ps, "t1")).toEqual({ ok: true, teamId: "t1" });
    expect(teams.placeNew(pick, rows, ps, "t7")).toMatchObject({ ok: false, status: 400, code: "unknown_team" });
    expect(teams.placeNew(cfg(), [], ps, "t1")).toEqual({ ok: true, teamId: null });
  });

  it("renames through the nickname rules, moves and balances within ±1 moving as few as it can", () => {
    const ps = byId([seat("p1", "t1"), seat("p2", "t1"), seat("p3", "t1"), seat("p4", "t1"), seat("p5", "t2")]);
    expect(teams.command(c, rows, ps, { type: "renameTeam", teamId: "t2", name: "team 3" })).toMatchObject({
      ok: false,
      code: "name_refused",
    });
    const renamed = teams.command(c, rows, ps, { type: "renameTeam", teamId: "t2", name: "  Owls " });
    expect(renamed).toMatchObject({ ok: true, teams: [{ id: "t2", name: "Owls" }], moved: [] });
    expect(teams.command(c, rows, ps, { type: "moveTeam", playerId: "p9", teamId: "t2" })).toMatchObject({ ok: false });
    expect(teams.command(c, rows, ps, { type: "moveTeam", playerId: "p1", teamId: "t9" })).toMatchObject({
      ok: false,
      code: "unknown_team",
    });
    const balanced = teams.command(c, rows, ps, { type: "balanceTeams" });
    if (!balanced.ok) throw new Error("refused");
    // Four in t1, one in t2, none in t3: the two newest of t1 go, one each, to the smaller teams.
    expect(balanced.moved.map((p) => [p.id, p.teamId])).toEqual([
      ["p3", "t2"],
      ["p4", "t3"],
    ]);
    expect(teams.command(cfg(), [], ps, { type: "balanceTeams" })).toMatchObject({ ok: false, code: "no_teams" });
  });

  it("scores each team from its members' counted attempts, by mean or sum; a removed member does not count", () => {
    const best = (score: number) => [
      { attempt: 1, score, correctCount: 0, answeredCount: 0, totalTimeMs: 0, finishedAt: 1 },
    ];
    // p1's best attempt (900) counts, not the current one (100).
    const ps = [
      seat("p1", "t1", 100, { attempt: 2, past: best(900) }),
      seat("p2", "t1", 300),
      seat("p3", "t2", 500),
      seat("p4", "t2", 5000, { removed: true }),
    ];
    const mean = teams.progressTeams(
      cfg({ teams: { count: 2 }, attempts: 2, showAnswers: "deadline" }),
      rows.slice(0, 2),
      ps,
    );
    expect(mean).toEqual({
      scoring: "mean",
      list: [
        { teamId: "t1", name: "Team 1", members: 2, score: 600, rank: 1 },
        { teamId: "t2", name: "Team 2", members: 1, score: 500, rank: 2 },
      ],
    });
    const sum = teams.progressTeams(
      cfg({ teams: { count: 2, scoring: "sum" }, attempts: 2, showAnswers: "deadline" }),
      rows.slice(0, 2),
      ps,
    );
    expect(sum?.list.map((t) => [t.teamId, t.score])).toEqual([
      ["t1", 1200],
      ["t2", 500],
    ]);
  });

  it("tells a student their team's name always, its standing and their part only when they may see results", () => {
    const ps = [seat("p1", "t1", 800), seat("p2", "t1", 400), seat("p3", "t2", 700)];
    expect(teams.myTeam(c, rows, ps, ps[1], false)).toEqual({ teamId: "t1", name: "Team 1", rank: null, teamCount: 3 });
    expect(teams.myTeam(c, rows, ps, ps[1], true)).toEqual({
      teamId: "t1",
      name: "Team 1",
      rank: 2,
      score: 600,
      contribution: 200,
      teamCount: 3,
    });
    expect(teams.myTeam(c, rows, ps, seat("p4", null), true)).toBeUndefined();
  });
});
