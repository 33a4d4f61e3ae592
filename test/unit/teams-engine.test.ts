// Team mode through the game's state machine (rooms/live/game.ts on an in-memory store, the
// clock moved by the test): placement at join and late, the lobby's commands, team talk, each
// scoring way, the consensus pick when it changes in the last 100 ms, kick and team boards.
import { describe, expect, it } from "vitest";
import { rig } from "../helpers/game-rig.ts";

const SINGLE = { type: "single" as const, text: "?", options: ["a", "b"], correct: 1, timeLimit: 20 };
const teams = (extra: object = {}) => ({ mode: "personal", count: 3, ...extra }) as const;

/** The id players see for the right option (ids are per game). */
const rightId = (r: ReturnType<typeof rig>, who: string) => {
  const q = r.last(who, "question").question;
  const ids = r.store.cfg!.ids?.[q.index];
  return ids ? ids[1] : 1;
};
const wrongId = (r: ReturnType<typeof rig>, who: string) => {
  const ids = r.store.cfg!.ids?.[r.last(who, "question").question.index];
  return ids ? ids[0] : 0;
};

describe("team mode in the game rules", () => {
  it("places joiners in the smallest team, late joiners too, and says so in the welcome", () => {
    const r = rig([SINGLE, SINGLE], { readingTime: 0, teams: teams() });
    const ids = ["A", "B", "C", "D"].map((n) => r.add(n));
    expect(ids.map((id) => r.store.ps.get(id)!.teamId)).toEqual(["t1", "t2", "t3", "t1"]);
    const w = r.last(ids[3], "welcome");
    expect(w.teams.settings).toEqual({ mode: "personal", assign: "auto", scoring: "mean", talkSeconds: 0 });
    expect(w.teams.list.map((t: { members: number }) => t.members)).toEqual([2, 1, 1]);
    expect(w.me.team).toMatchObject({ teamId: "t1", name: "Team 1", rank: null });
    r.hostSays({ type: "start" });
    const late = r.add("Late");
    expect(r.store.ps.get(late)!.teamId).toBe("t2");
    expect(r.last("host", "playerJoined").player.teamId).toBe("t2");
  });

  it("lobby: players pick, the host moves, renames (nickname rules) and balances within ±1", () => {
    const r = rig([SINGLE], { teams: teams({ assign: "pick", count: 2 }) });
    const [a, b, c, d] = ["A", "B", "C", "D"].map((n) => r.add(n));
    r.says(a, { type: "pickTeam", teamId: "t2" });
    r.says(c, { type: "pickTeam", teamId: "t2" });
    expect(r.last(a, "myTeam").team.teamId).toBe("t2");
    expect(r.last(b, "teams").teams.map((t: { members: number }) => t.members)).toEqual([0, 4]);
    expect(r.says(a, { type: "pickTeam", teamId: "t9" })).toEqual([expect.objectContaining({ code: "unknown-team" })]);
    expect(r.says(a, { type: "moveTeam", playerId: b, teamId: "t1" })).toEqual([
      expect.objectContaining({ code: "forbidden" }),
    ]);
    r.hostSays({ type: "moveTeam", playerId: d, teamId: "t1" });
    expect(r.store.ps.get(d)!.teamId).toBe("t1");
    expect(r.last(d, "myTeam").team.teamId).toBe("t1");
    r.hostSays({ type: "balanceTeams" });
    const sizes = [...r.store.ps.values()].reduce(
      (m, p) => m.set(p.teamId!, (m.get(p.teamId!) ?? 0) + 1),
      new Map<string, number>(),
    );
    expect([...sizes.values()].sort()).toEqual([2, 2]);
    expect(r.last("host", "teams").members).toEqual(
      Object.fromEntries([...r.store.ps.values()].map((p) => [p.id, p.teamId])),
    );
    expect(r.hostSays({ type: "renameTeam", teamId: "t1", name: "Теam 2" })).toEqual([
      expect.objectContaining({ code: "name-refused" }),
    ]);
    r.hostSays({ type: "renameTeam", teamId: "t1", name: "  Red   Foxes " });
    expect(r.store.ts.get("t1")!.name).toBe("Red Foxes");
    expect(r.last(a, "teams").teams[0].name).toBe("Red Foxes");
    r.hostSays({ type: "start" });
    expect(r.hostSays({ type: "balanceTeams" })).toEqual([expect.objectContaining({ code: "wrong-phase" })]);
    expect(r.says(a, { type: "pickTeam", teamId: "t1" })).toEqual([expect.objectContaining({ code: "wrong-phase" })]);
  });

  it("team commands in a game without teams are refused and change nothing", () => {
    const r = rig([SINGLE]);
    const a = r.add("A");
    expect(r.says(a, { type: "pickTeam", teamId: "t1" })).toEqual([expect.objectContaining({ code: "no-teams" })]);
    expect(r.hostSays({ type: "balanceTeams" })).toEqual([expect.objectContaining({ code: "no-teams" })]);
    expect(r.store.ps.get(a)!.teamId).toBeUndefined();
  });

  it("team talk delays the options by its length after the reading time", () => {
    const r = rig([SINGLE], { readingTime: 2, teams: teams({ talkSeconds: 10 }) });
    const a = r.add("A");
    r.hostSays({ type: "start" });
    expect(r.last(a, "question").question).toMatchObject({ opensInMs: 12_000, talkMs: 10_000 });
    r.advance(11_999);
    expect(r.says(a, { type: "answer", q: 0, answer: { choice: 1 } })).toEqual([
      expect.objectContaining({ code: "not-open" }),
    ]);
  });

  for (const scoring of ["mean", "sum"] as const)
    it(`personal devices: the team scores the ${scoring} of its members' points; each sees their part`, () => {
      const r = rig([SINGLE], { readingTime: 0, accuracyOnly: true, teams: teams({ count: 2, scoring }) });
      const [a, b, c] = ["A", "B", "C"].map((n) => r.add(n)); // t1: A, C; t2: B
      r.hostSays({ type: "start" });
      r.says(a, { type: "answer", q: 0, answer: { choice: rightId(r, a) } });
      r.says(c, { type: "answer", q: 0, answer: { choice: wrongId(r, c) } });
      r.says(b, { type: "answer", q: 0, answer: { choice: rightId(r, b) } });
      expect(r.store.st!.phase).toBe("reveal");
      const t1 = scoring === "mean" ? 500 : 1000;
      expect(r.last(a, "result").team).toMatchObject({
        teamId: "t1",
        score: t1,
        contribution: scoring === "mean" ? 500 : 1000,
      });
      expect(r.last(c, "result").team).toMatchObject({ teamId: "t1", score: t1, contribution: 0 });
      // A tie (sum: 1000 each, no time in accuracy-only) goes to the earlier team.
      expect(r.last(b, "result").team).toMatchObject({ teamId: "t2", score: 1000, rank: scoring === "mean" ? 1 : 2 });
      expect(r.last(a, "result").team.rank).toBe(scoring === "mean" ? 2 : 1);
      const reveal = r.last(a, "teamReveal");
      expect(reveal.teams.find((t: { teamId: string }) => t.teamId === "t1")).toMatchObject({
        answered: 2,
        correct: 1,
        members: 2,
      });
      r.hostSays({ type: "next" }); // the last question: podium
      const podium = r.last(a, "podium");
      expect(podium.teams.map((t: { teamId: string; score: number }) => [t.teamId, t.score])).toEqual(
        scoring === "mean"
          ? [
              ["t2", 1000],
              ["t1", 500],
            ]
          : [
              ["t1", 1000],
              ["t2", 1000],
            ],
      );
    });

  it("consensus: members see the team's pick live; the last pick received by the close stands, even in its last 100 ms", () => {
    const r = rig([SINGLE, SINGLE], {
      readingTime: 0,
      accuracyOnly: true,
      leaderboard: "each",
      teams: { mode: "consensus", count: 2 },
    });
    const [a, b, c] = ["A", "B", "C"].map((n) => r.add(n)); // t1: A, C; t2: B
    r.hostSays({ type: "start" });
    r.says(a, { type: "answer", q: 0, answer: { choice: rightId(r, a) } });
    // The team's members see it; the other team does not.
    expect(r.last(c, "teamPick")).toMatchObject({ teamId: "t1", by: "A", answer: { choice: rightId(r, a) } });
    expect(r.last(b, "teamPick")).toBeUndefined();
    r.says(b, { type: "answer", q: 0, answer: { choice: rightId(r, b) } });
    // Everyone has proposed, but the question stays open: picks may change until the close.
    expect(r.store.st!.phase).toBe("question");
    r.advance(19_950);
    // C changes the team's pick 50 ms before the deadline: it counts.
    expect(r.says(c, { type: "answer", q: 0, answer: { choice: wrongId(r, c) } })).toEqual([]);
    expect(r.last(a, "teamPick")).toMatchObject({ by: "C" });
    r.advance(50);
    r.game.alarm();
    expect(r.store.st!.phase).toBe("reveal");
    expect(r.last(a, "result")).toMatchObject({ correct: false, points: 0 });
    expect(r.last(c, "result")).toMatchObject({ correct: false, points: 0 });
    expect(r.last(b, "result")).toMatchObject({ correct: true, points: 1000 });
    expect(r.last(a, "leaderboard")).toBeUndefined();
    r.hostSays({ type: "next" });
    expect(r.last(a, "leaderboard").teams.map((t: { teamId: string }) => t.teamId)).toEqual(["t2", "t1"]);
    // Next question: a pick after the deadline is refused and the earlier one stands.
    r.hostSays({ type: "next" });
    r.says(a, { type: "answer", q: 1, answer: { choice: rightId(r, a) } });
    r.advance(20_001);
    expect(r.says(c, { type: "answer", q: 1, answer: { choice: wrongId(r, c) } })).toEqual([
      expect.objectContaining({ code: "too-late" }),
    ]);
    r.game.alarm();
    expect(r.last(c, "result")).toMatchObject({ index: 1, correct: true, points: 1000 });
  });

  it("a kicked member stops counting for their team; kick and pause work in team games", () => {
    const r = rig([SINGLE], { readingTime: 0, accuracyOnly: true, teams: teams({ count: 2 }) });
    const [a, b, c] = ["A", "B", "C"].map((n) => r.add(n)); // t1: A, C; t2: B
    r.hostSays({ type: "start" });
    r.hostSays({ type: "pause" });
    expect(r.says(a, { type: "answer", q: 0, answer: { choice: rightId(r, a) } })).toEqual([
      expect.objectContaining({ code: "paused" }),
    ]);
    r.hostSays({ type: "resume" });
    r.says(a, { type: "answer", q: 0, answer: { choice: rightId(r, a) } });
    r.says(b, { type: "answer", q: 0, answer: { choice: rightId(r, b) } });
    r.hostSays({ type: "kick", playerId: c });
    // C was the last one waited for: the question closed; t1 is A alone.
    expect(r.store.st!.phase).toBe("reveal");
    expect(r.last(a, "result").team).toMatchObject({ score: 1000, contribution: 1000 });
  });
});
