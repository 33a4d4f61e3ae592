// Team mode for homework through the real Worker and the real Durable Object: students placed in
// the smallest team (sizes within ±1) or in the team they pick, the teacher's rename (the nickname
// filter and look-alike checks), move and balance, membership kept across evictions and an abort,
// the team standings in the progress view (mean, or sum), and the teams in the report's CSV.
import { runInDurableObject } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import type { Assignment } from "../rooms/assignment/object.ts";
import type { AssignmentTeamChoice, ProgressView } from "../schema/assignment.ts";
import {
  AssignmentSocket,
  answer,
  assign,
  assignmentOf,
  evictAssignment,
  playOk,
  progressOf,
  start,
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

/** Sizes of the teams in the progress view, by team id. */
const sizes = (p: ProgressView) => Object.fromEntries(p.teams!.list.map((t) => [t.teamId, t.members]));
const teamOf = (p: ProgressView, nickname: string) => p.participants.find((x) => x.nickname === nickname)?.teamId;

/** The object goes away without a clean shutdown. */
async function abort(code: string) {
  await runInDurableObject(assignmentOf(code), (_o: Assignment, state) => state.abort("test")).catch(() => {});
}

async function playAll(code: string, token: string, right: boolean) {
  for (let q = 0; q < RIGHT.length; q++) {
    await playOk(code, token);
    const r = await answer(code, token, q, { choice: right ? RIGHT[q] : (RIGHT[q] + 1) % 3 });
    expect(r.status, r.text).toBe(200);
  }
}

describe("homework in teams", () => {
  it("places each new student in the smallest team, within ±1, and keeps them there across evictions", async () => {
    const a = await assign(teacher.token, quizId, { teams: { count: 3 } });
    const info = (await send(`/api/rooms/${a.code}`)).json as { teams: AssignmentTeamChoice };
    expect(info.teams).toEqual({
      assign: "auto",
      list: [1, 2, 3].map((i) => ({ teamId: `t${i}`, name: `Team ${i}`, members: 0 })),
    });
    const names = ["Ann", "Ben", "Cat", "Dan", "Eve", "Fay", "Gus"];
    for (const [i, n] of names.entries()) {
      const s = await startOk(a.code, n);
      // An "auto" assignment ignores a pick: the room places.
      expect(s.team).toMatchObject({ teamId: `t${(i % 3) + 1}`, name: `Team ${(i % 3) + 1}` });
      if (i === 3) await evictAssignment(a.code);
    }
    const before = await progressOf(a.code, teacher.token);
    expect(sizes(before)).toEqual({ t1: 3, t2: 2, t3: 2 });
    await abort(a.code);
    const after = await progressOf(a.code, teacher.token);
    expect(after.participants.map((p) => p.teamId)).toEqual(before.participants.map((p) => p.teamId));
  });

  it("lets a student pick their team, refuses one that does not exist, and places one without a pick in the smallest", async () => {
    const a = await assign(teacher.token, quizId, { teams: { count: 2, assign: "pick" } });
    expect((await startOk(a.code, "Ann")).team?.teamId).toBe("t1");
    const picked = await start(a.code, { nickname: "Ben", team: "t1" });
    expect(picked.status, picked.text).toBe(201);
    expect((picked.json as { team: { teamId: string } }).team.teamId).toBe("t1");
    const bad = await start(a.code, { nickname: "Cat", team: "t9" });
    expect(bad.status).toBe(400);
    expect((await progressOf(a.code, teacher.token)).participants.map((p) => p.nickname)).toEqual(["Ann", "Ben"]);
    const tooLong = await start(a.code, { nickname: "Cat", team: "t".repeat(20) });
    expect(tooLong.status).toBe(400);
    // Without a pick: the smallest team.
    expect((await startOk(a.code, "Cat")).team?.teamId).toBe("t2");
  });

  it("the teacher renames (name rules apply), moves and balances; all of it survives eviction", async () => {
    const a = await assign(teacher.token, quizId, { teams: { count: 2, assign: "pick" } });
    for (const n of ["Ann", "Ben", "Cat", "Dan"])
      expect((await start(a.code, { nickname: n, team: "t1" })).status).toBe(201);
    const post = (body: unknown, who = teacher) => teacherPost(a.code, who.token, "teams", body);

    // A look-alike of another team's name, an empty one and a refused word are refused; nothing changes.
    for (const name of ["TEAM 1", "Team l", "   "]) {
      const r = await post({ type: "renameTeam", teamId: "t2", name });
      expect(r.status, name).toBe(400);
    }
    expect((await post({ type: "renameTeam", teamId: "t9", name: "Owls" })).status).toBe(404);
    expect((await post({ type: "renameTeam", teamId: "t2", name: "Owls", extra: 1 })).status).toBe(400);
    const other = await makeUser("teacher");
    expect((await post({ type: "renameTeam", teamId: "t2", name: "Owls" }, other)).status).toBe(404);
    const student = await makeUser("student");
    expect((await post({ type: "balanceTeams" }, student)).status).toBe(403);
    expect((await progressOf(a.code, teacher.token)).teams!.list.map((t) => t.name)).toEqual(["Team 1", "Team 2"]);

    const renamed = await post({ type: "renameTeam", teamId: "t2", name: "Owls" });
    expect(renamed.status, renamed.text).toBe(200);
    const ann = (renamed.json as ProgressView).participants.find((p) => p.nickname === "Ann")!;
    const moved = await post({ type: "moveTeam", playerId: ann.participantId, teamId: "t2" });
    expect(teamOf(moved.json as ProgressView, "Ann")).toBe("t2");
    expect(sizes(moved.json as ProgressView)).toEqual({ t1: 3, t2: 1 });
    await evictAssignment(a.code);
    const balanced = await post({ type: "balanceTeams" });
    expect(sizes(balanced.json as ProgressView)).toEqual({ t1: 2, t2: 2 });
    // Ann stays where she is: balancing moves as few as it can.
    expect(teamOf(balanced.json as ProgressView, "Ann")).toBe("t2");
    await abort(a.code);
    const back = await progressOf(a.code, teacher.token);
    expect(back.teams!.list.map((t) => [t.name, t.members])).toEqual([
      ["Team 1", 2],
      ["Owls", 2],
    ]);
    expect(back.participants.map((p) => p.teamId)).toEqual(
      (balanced.json as ProgressView).participants.map((p) => p.teamId),
    );
    // The student's own screen names the new team.
    const info = (await send(`/api/rooms/${a.code}`)).json as { teams: AssignmentTeamChoice };
    expect(info.teams.list.map((t) => t.name)).toEqual(["Team 1", "Owls"]);
  });

  it("a connected student sees a move, a rename and a balance at once, not at their next step", async () => {
    const a = await assign(teacher.token, quizId, { teams: { count: 2, assign: "pick" } });
    const started = [];
    for (const n of ["Eve", "Fin", "Gil"]) {
      const r = await start(a.code, { nickname: n, team: "t1" });
      expect(r.status).toBe(201);
      started.push(r.json as { token: string; participantId?: string });
    }
    const eve = await AssignmentSocket.student(a.code, started[0].token);
    expect((await eve.next("state")).state.team).toMatchObject({ teamId: "t1", name: "Team 1" });
    const post = (body: unknown) => teacherPost(a.code, teacher.token, "teams", body);
    const view = (await progressOf(a.code, teacher.token)).participants.find((p) => p.nickname === "Eve")!;
    expect((await post({ type: "moveTeam", playerId: view.participantId, teamId: "t2" })).status).toBe(200);
    expect((await eve.next("state")).state.team).toMatchObject({ teamId: "t2", name: "Team 2" });
    expect((await post({ type: "renameTeam", teamId: "t2", name: "Otters" })).status).toBe(200);
    expect((await eve.next("state")).state.team).toMatchObject({ teamId: "t2", name: "Otters" });
    // Nothing was answered or skipped on the way: her question is still the first.
    expect(eve.all("state").map((f) => f.state.phase === "question" && f.state.question?.index)).toEqual([0, 0, 0]);
    eve.close();
  });

  it("adds up each team's results (mean, or sum) in the progress view and the report; closed, teams no longer change", async () => {
    for (const scoring of ["mean", "sum"] as const) {
      const a = await assign(teacher.token, quizId, { teams: { count: 2, scoring }, showAnswers: "each" });
      // t1: Ann (all right), Cat (all wrong); t2: Ben (all right).
      const seats = [];
      for (const n of ["Ann", "Ben", "Cat"]) seats.push(await startOk(a.code, n));
      await playAll(a.code, seats[0].token, true);
      await playAll(a.code, seats[1].token, true);
      await evictAssignment(a.code);
      await playAll(a.code, seats[2].token, false);
      const p = await progressOf(a.code, teacher.token);
      const full = p.participants.find((x) => x.nickname === "Ann")!.score;
      expect(full).toBeGreaterThan(0);
      expect(p.participants.find((x) => x.nickname === "Cat")!.score).toBe(0);
      const t1 = scoring === "mean" ? Math.round(full / 2) : full;
      expect(p.teams?.scoring).toBe(scoring);
      const byTeam = [...p.teams!.list].sort((x, y) => (x.teamId < y.teamId ? -1 : 1));
      expect(byTeam.map((t) => [t.teamId, t.name, t.members, t.score])).toEqual([
        ["t1", "Team 1", 2, t1],
        ["t2", "Team 2", 1, full],
      ]);
      // Mean: Team 2 leads; sum: a tie in points, which the members' lower mean time breaks.
      if (scoring === "mean")
        expect(p.teams!.list.map((t) => [t.teamId, t.rank])).toEqual([
          ["t2", 1],
          ["t1", 2],
        ]);
      else expect(p.teams!.list.map((t) => t.rank)).toEqual([1, 2]);
      // The student sees their team, its rank and their part of it (showAnswers "each").
      const cat = await playOk(a.code, seats[2].token);
      expect(cat.team).toMatchObject({ teamId: "t1", score: t1, contribution: 0, teamCount: 2 });

      expect((await teacherPost(a.code, teacher.token, "close")).status).toBe(200);
      expect((await teacherPost(a.code, teacher.token, "teams", { type: "balanceTeams" })).status).toBe(403);
      const csv = async (table: string) => {
        const r = await send(`/api/games/${a.gameId}/report.csv?table=${table}`, { headers: teacher.headers });
        return r.text
          .replace(/^\uFEFF/, "")
          .trimEnd()
          .split("\r\n");
      };
      const teams = await csv("teams");
      expect(teams[0]).toBe("rank,team,score,members");
      // The report ranks the teams as the progress view does.
      expect(teams.slice(1)).toEqual(p.teams!.list.map((t) => `${t.rank},${t.name},${t.score},${t.members}`));
      const players = await csv("players");
      expect(players[0].split(",").slice(-2)).toEqual(["team", "team_contribution"]);
      const byName = Object.fromEntries(players.slice(1).map((l) => [l.split(",")[1], l.split(",").slice(-2)]));
      expect(byName).toEqual({
        Ann: ["Team 1", String(scoring === "mean" ? Math.round(full / 2) : full)],
        Ben: ["Team 2", String(full)],
        Cat: ["Team 1", "0"],
      });
      const xlsx = await send(`/api/games/${a.gameId}/report.xlsx`, { headers: teacher.headers });
      expect(xlsx.status).toBe(200);
    }
  });

  it("an assignment without teams says nothing about teams", async () => {
    const a = await assign(teacher.token, quizId);
    const s = await startOk(a.code, "Solo");
    expect(s.team).toBeUndefined();
    const p = await progressOf(a.code, teacher.token);
    expect(p.teams).toBeUndefined();
    expect((await teacherPost(a.code, teacher.token, "teams", { type: "balanceTeams" })).status).toBe(409);
  });
});
