// Team mode in the real room (workerd, real sockets and SQLite): membership survives eviction and
// a reconnect returns the player to their team; consensus picks reach exactly the team's sockets
// (by its tag), a member moved while connected included; late joiners and kicks.
import { evictDurableObject, runInDurableObject } from "cloudflare:test";
import { afterEach, describe, expect, it } from "vitest";
import type { QuestionInput } from "../schema/quiz.ts";
import { env } from "cloudflare:workers";
import { drizzle } from "drizzle-orm/d1";
import { eq } from "drizzle-orm";
import { games } from "../schema/db.ts";
import { api } from "./helpers/api.ts";
import { eventually } from "./helpers/wait.ts";
import { Client, type Hosted, hostedRoom, idOf, join, roomOf } from "./helpers/room-client.ts";

const QUIZ: QuestionInput[] = [
  { type: "single", text: "First?", options: ["a", "b", "c"], correct: 2, timeLimit: 60 },
  { type: "single", text: "Second?", options: ["a", "b"], correct: 0, timeLimit: 60 },
];

const used: Hosted[] = [];
afterEach(async () => {
  for (const g of used.splice(0))
    await runInDurableObject(roomOf(g.code), async (_room, state) => {
      await state.storage.deleteAlarm();
    }).catch(() => {});
});

const settle = () => new Promise((r) => setTimeout(r, 50));

describe("team mode in the room", () => {
  it("membership and names survive eviction; a reconnecting player returns to their team", async () => {
    const { h, seats, clients, stub, game, teacher } = await hostedRoom(used, QUIZ, ["Ann", "Ben", "Cat", "Dan"], {
      teams: { mode: "personal", count: 2, assign: "pick" },
    });
    const [ann, ben] = clients;
    ann.send({ type: "pickTeam", teamId: "t2" });
    expect((await ann.next("myTeam")).team.teamId).toBe("t2");
    h.send({ type: "renameTeam", teamId: "t2", name: "Owls" });
    await h.next("teams");
    h.send({ type: "moveTeam", playerId: seats[1].playerId, teamId: "t2" });
    expect((await ben.next("myTeam")).team).toMatchObject({ teamId: "t2", name: "Owls" });
    for (const c of [h, ...clients]) c.close();
    await evictDurableObject(stub, { webSockets: "close" });
    const back = await Client.player(seats[0]);
    const w = await back.next("welcome");
    expect(w.me?.team).toMatchObject({ teamId: "t2", name: "Owls" });
    expect(w.teams?.list).toEqual([
      { teamId: "t1", name: "Team 1", members: 1 },
      { teamId: "t2", name: "Owls", members: 3 },
    ]);
    const h2 = await Client.host(game, teacher.token);
    const hw = await h2.next("welcome");
    expect(Object.fromEntries(hw.players!.map((p) => [p.nickname, p.teamId]))).toEqual({
      Ann: "t2",
      Ben: "t2",
      Cat: "t1",
      Dan: "t2",
    });
    // Mid-question too: a player who reconnects after an eviction is still in their team.
    h2.send({ type: "start" });
    await back.next("question");
    await evictDurableObject(stub, { webSockets: "close" });
    const again = await Client.player(seats[0]);
    expect((await again.next("welcome")).me?.team?.teamId).toBe("t2");
    await again.next("question");
    for (const c of [h2, back, again]) c.close();
  });

  it("consensus: picks reach the team's members (a member moved while connected too), never another team", async () => {
    const { h, seats, clients } = await hostedRoom(used, QUIZ, ["Ann", "Ben", "Cat", "Dan"], {
      teams: { mode: "consensus", count: 2 },
      accuracyOnly: true,
    });
    // Placed t1, t2, t1, t2; Dan moves to t1 while connected (his socket was tagged t2).
    const [ann, ben, cat, dan] = clients;
    h.send({ type: "moveTeam", playerId: seats[3].playerId, teamId: "t1" });
    await dan.next("myTeam");
    h.send({ type: "start" });
    const q = await ann.next("question");
    await Promise.all([ben, cat, dan].map((c) => c.next("question")));
    ann.send({ type: "answer", q: 0, answer: { choice: idOf(q, "a") } });
    await ann.next("answered");
    for (const c of [ann, cat, dan]) expect(await c.next("teamPick")).toMatchObject({ teamId: "t1", by: "Ann" });
    cat.send({ type: "answer", q: 0, answer: { choice: idOf(q, "c") } });
    for (const c of [ann, cat, dan]) expect(await c.next("teamPick")).toMatchObject({ by: "Cat" });
    ben.send({ type: "answer", q: 0, answer: { choice: idOf(q, "b") } });
    expect(await ben.next("teamPick")).toMatchObject({ teamId: "t2", by: "Ben" });
    await settle();
    // Team 2's pick never reached team 1, nor team 1's Ben; each pick once per socket.
    for (const c of [ann, cat, dan]) expect(c.all("teamPick").map((p) => p.by)).toEqual(["Ann", "Cat"]);
    expect(ben.all("teamPick").map((p) => p.by)).toEqual(["Ben"]);
    h.send({ type: "skip" });
    // Cat's pick (the last) is the team's: right, for every member.
    for (const c of [ann, cat, dan]) expect(await c.next("result")).toMatchObject({ correct: true, points: 1000 });
    expect(await ben.next("result")).toMatchObject({ correct: false });
    const tr = await h.next("teamReveal");
    expect(tr.teams[0]).toMatchObject({ teamId: "t1", members: 3, correct: 3 });
    for (const c of [h, ...clients]) c.close();
  });

  it("late joiners go to the smallest team; a kicked member's token is refused and their team shrinks", async () => {
    const { h, seats, clients, game } = await hostedRoom(used, QUIZ, ["Ann", "Ben", "Cat"], {
      teams: { mode: "personal", count: 3 },
    });
    h.send({ type: "kick", playerId: seats[2].playerId });
    await clients[2].waitClosed();
    h.send({ type: "start" });
    await clients[0].next("question");
    const late = await join(game.code, "Lou");
    const lc = await Client.player(late);
    const lw = await lc.next("welcome");
    // Cat (t3) was kicked: t3 is the smallest.
    expect(lw.me?.team?.teamId).toBe("t3");
    expect(lw.teams?.list.map((t) => t.members)).toEqual([1, 1, 1]);
    const kicked = await Client.player(seats[2]);
    await kicked.next("kicked");
    for (const c of [h, ...clients, lc]) c.close();
  });

  it("the team podium matches the report: teams CSV, each member's team and contribution, the xlsx", async () => {
    const { h, clients, game, teacher } = await hostedRoom(used, QUIZ, ["Ann", "Ben", "Cat"], {
      teams: { mode: "personal", count: 2, scoring: "mean" },
      accuracyOnly: true,
      leaderboard: "end",
    });
    // t1: Ann, Cat; t2: Ben. Ann right twice, Cat never, Ben once.
    h.send({ type: "renameTeam", teamId: "t2", name: "Owls" });
    await h.next("teams");
    h.send({ type: "start" });
    const [ann, ben, cat] = clients;
    for (const [i, right] of [
      [0, "c"],
      [1, "a"],
    ] as const) {
      const q = await ann.next("question");
      await Promise.all([ben.next("question"), cat.next("question")]);
      ann.send({ type: "answer", q: i, answer: { choice: idOf(q, right) } });
      ben.send({ type: "answer", q: i, answer: { choice: idOf(q, i === 0 ? right : "b") } });
      cat.send({ type: "answer", q: i, answer: { choice: idOf(q, "b") } });
      await h.next("reveal");
      h.send({ type: "next" });
    }
    const podium = await h.next("podium");
    expect(podium.teams?.map((t) => [t.name, t.score, t.rank, t.members])).toEqual([
      // Ann: 1000 + 1100 (streak), Cat 0: the mean is 1050.
      ["Team 1", 1050, 1, 2],
      ["Owls", 1000, 2, 1],
    ]);
    const db = drizzle(env.DB);
    await eventually(async () =>
      (await db.select().from(games).where(eq(games.id, game.gameId)).get())?.status === "ended" ? true : null,
    );
    const csv = async (table: string) =>
      (await (await api(`/api/games/${game.gameId}/report.csv?table=${table}`, { token: teacher.token })).text())
        .replace(/^\uFEFF/, "")
        .trimEnd()
        .split("\r\n");
    expect(await csv("teams")).toEqual(["rank,team,score,members", "1,Team 1,1050,2", "2,Owls,1000,1"]);
    const players = await csv("players");
    const header = players[0].split(",");
    expect(header.slice(-2)).toEqual(["team", "team_contribution"]);
    const byName = Object.fromEntries(
      players.slice(1).map((l) => {
        const cells = l.split(",");
        return [cells[1], cells.slice(-2)];
      }),
    );
    expect(byName).toEqual({ Ann: ["Team 1", "1050"], Ben: ["Owls", "1000"], Cat: ["Team 1", "0"] });
    const xlsx = await api(`/api/games/${game.gameId}/report.xlsx`, { token: teacher.token });
    expect(xlsx.status).toBe(200);
    for (const c of [h, ...clients]) c.close();
  });

  it("shared devices: the seats are the teams, a phone names its members (filtered), kept across eviction and in the report", async () => {
    const { h, clients, seats, stub, game, teacher } = await hostedRoom(used, QUIZ, ["Owls", "Foxes"], {
      teams: { mode: "shared", count: 2 },
      accuracyOnly: true,
      leaderboard: "end",
    });
    const [owls, foxes] = clients;
    owls.send({ type: "teamMembers", names: ["Ann", " Ben ", "ANN", ""] });
    // The host (and the phone) hear of it as an update of the seat; earlier updates (presence) are skipped.
    const withMembers = async (c: Client) => {
      for (;;) {
        const m = await c.next("playerUpdated");
        if (m.player.members) return m.player;
      }
    };
    // A look-alike of a name already given counts once; blanks are dropped.
    expect(await withMembers(h)).toMatchObject({ nickname: "Owls", members: ["Ann", "Ben"] });
    expect((await withMembers(owls)).members).toEqual(["Ann", "Ben"]);
    foxes.send({ type: "teamMembers", names: ["Cat", "x".repeat(30)] });
    expect(await foxes.next("error")).toMatchObject({ code: "name-refused", for: "teamMembers" });
    h.send({ type: "teamMembers", names: ["Host"] } as never);
    expect(await h.next("error")).toMatchObject({ code: "forbidden" });
    for (const c of [h, ...clients]) c.close();
    await evictDurableObject(stub, { webSockets: "close" });

    const back = await Client.player(seats[0]);
    const w = await back.next("welcome");
    // The phone is told it is a team's: shared settings, no team list (the seat is the team).
    expect(w.teams).toEqual({ settings: expect.objectContaining({ mode: "shared" }), list: [] });
    // …and what it said of who plays on it, after a reload too.
    expect(w.me?.members).toEqual(["Ann", "Ben"]);
    const h2 = await Client.host(game, teacher.token);
    const hw = await h2.next("welcome");
    expect(hw.teams?.settings.mode).toBe("shared");
    expect(Object.fromEntries(hw.players!.map((p) => [p.nickname, p.members ?? null]))).toEqual({
      Owls: ["Ann", "Ben"],
      Foxes: null,
    });
    h2.send({ type: "start" });
    const q = await back.next("question");
    back.send({ type: "teamMembers", names: ["Dan"] });
    expect(await back.next("error")).toMatchObject({ code: "wrong-phase" });
    back.send({ type: "answer", q: 0, answer: { choice: idOf(q, "c") } });
    await h2.next("reveal");
    h2.send({ type: "end" });
    const db = drizzle(env.DB);
    await eventually(async () =>
      (await db.select().from(games).where(eq(games.id, game.gameId)).get())?.status === "ended" ? true : null,
    );
    const csv = (
      await (await api(`/api/games/${game.gameId}/report.csv?table=players`, { token: teacher.token })).text()
    )
      .replace(/^\uFEFF/, "")
      .trimEnd()
      .split("\r\n");
    expect(csv[0].split(",").at(-1)).toBe("members");
    expect(csv.find((l) => l.includes(",Owls,"))?.endsWith(',"Ann, Ben"')).toBe(true);
    expect(csv.find((l) => l.includes(",Foxes,"))?.endsWith(",")).toBe(true);
    const xlsx = await api(`/api/games/${game.gameId}/report.xlsx`, { token: teacher.token });
    expect(xlsx.status).toBe(200);
    for (const c of [h2, back]) c.close();
  });
});
