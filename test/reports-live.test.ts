// A small game played over real WebSockets (the real room, the real D1), then read back through
// the report, its CSV and the log: the numbers must be those of the answers that were played.
import { env } from "cloudflare:workers";
import { drizzle } from "drizzle-orm/d1";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { answers, games } from "../schema/db.ts";
import type { LogPage } from "../schema/events.ts";
import type { GameReport } from "../schema/report.ts";
import { eventually } from "./helpers/wait.ts";
import { Client, host, idOf, join } from "./helpers/room-client.ts";
import { makeQuiz, makeUser } from "./helpers/fixtures.ts";
import { api } from "./helpers/api.ts";

describe("a played game's report", () => {
  it("matches the answers played, and the host reads the game's log", async () => {
    const teacher = await makeUser("teacher");
    const stranger = await makeUser("teacher");
    const quizId = await makeQuiz(teacher.id, [
      { type: "single", text: "2+2?", options: ["3", "4", "5", "22"], correct: 1 },
      { type: "text", text: "Capital of France?", accepted: ["Paris"] },
      { type: "poll", text: "Enjoying it?", options: ["Yes", "Very"] },
    ]);
    const game = await host(teacher.token, quizId, { readingTime: 0, shuffleOptions: true, leaderboard: "end" });
    const h = await Client.host(game, teacher.token);
    await h.next("welcome");
    const seats = [await join(game.code, "Alice"), await join(game.code, "Bob"), await join(game.code, "Carol")];
    const [alice, bob, carol] = await Promise.all(seats.map((s) => Client.player(s)));
    await Promise.all([alice, bob, carol].map((c) => c.next("welcome")));
    const players = [alice, bob, carol];

    h.send({ type: "start" });
    // Q0: two right, one wrong; everyone answered, so it closes at once.
    // Options are shuffled, so their ids are per game: pick by text.
    let [view] = await Promise.all(players.map((p) => p.next("question")));
    alice.send({ type: "answer", q: 0, answer: { choice: idOf(view, "4") } });
    bob.send({ type: "answer", q: 0, answer: { choice: idOf(view, "4") } });
    carol.send({ type: "answer", q: 0, answer: { choice: idOf(view, "5") } });
    await Promise.all(players.map((p) => p.next("answered")));
    await h.next("reveal");
    h.send({ type: "next" });
    // Q1: Carol does not answer; the host closes the question.
    await Promise.all(players.map((p) => p.next("question")));
    alice.send({ type: "answer", q: 1, answer: { text: " paris" } });
    bob.send({ type: "answer", q: 1, answer: { text: "Lyon" } });
    await Promise.all([alice.next("answered"), bob.next("answered")]);
    h.send({ type: "skip" });
    await h.next("reveal");
    h.send({ type: "next" });
    // Q2: a poll.
    [view] = await Promise.all(players.map((p) => p.next("question")));
    alice.send({ type: "answer", q: 2, answer: { choice: idOf(view, "Yes") } });
    bob.send({ type: "answer", q: 2, answer: { choice: idOf(view, "Very") } });
    carol.send({ type: "answer", q: 2, answer: { choice: idOf(view, "Very") } });
    await Promise.all(players.map((p) => p.next("answered")));
    await h.next("reveal");
    const finals = await Promise.all(players.map((p) => p.next("result")));
    h.send({ type: "next" });
    await h.next("podium");
    h.send({ type: "next" });
    await h.next("ended");

    // The room writes the results to D1 at the podium; wait until the game row says ended.
    const db = drizzle(env.DB);
    await eventually(async () =>
      (await db.select().from(games).where(eq(games.id, game.gameId)).get())?.status === "ended" ? true : null,
    );
    const rows = await db.select().from(answers).where(eq(answers.gameId, game.gameId));
    expect(rows).toHaveLength(8);
    const times = (qi: number) => rows.filter((r) => r.questionIndex === qi).map((r) => r.responseMs);
    const meanOf = (xs: number[]) => Math.round(xs.reduce((a, b) => a + b, 0) / xs.length);
    const medianOf = (xs: number[]) => {
      const s = [...xs].sort((a, b) => a - b);
      return s.length % 2 ? s[(s.length - 1) / 2] : Math.round((s[s.length / 2 - 1] + s[s.length / 2]) / 2);
    };

    const res = await api(`/api/games/${game.gameId}/report`, { token: teacher.token });
    expect(res.status).toBe(200);
    const report = (await res.json()) as GameReport;
    expect(report.game).toMatchObject({
      id: game.gameId,
      code: game.code,
      status: "ended",
      playerCount: 3,
      questionCount: 3,
    });
    expect(report.questions.map(({ meanMs, medianMs, ...rest }) => rest)).toEqual([
      {
        index: 0,
        type: "single",
        text: "2+2?",
        points: "standard",
        answered: 3,
        correctCount: 2,
        accuracy: 2 / 3,
        distribution: [
          { label: "3", count: 0, correct: false },
          { label: "4", count: 2, correct: true },
          { label: "5", count: 1, correct: false },
          { label: "22", count: 0, correct: false },
        ],
      },
      {
        index: 1,
        type: "text",
        text: "Capital of France?",
        points: "standard",
        answered: 2,
        correctCount: 1,
        accuracy: 0.5,
        distribution: [
          { label: "Lyon", count: 1, correct: false },
          { label: "paris", count: 1, correct: true },
        ],
      },
      {
        index: 2,
        type: "poll",
        text: "Enjoying it?",
        points: "standard",
        answered: 3,
        correctCount: 0,
        accuracy: null,
        distribution: [
          { label: "Yes", count: 1, correct: null },
          { label: "Very", count: 2, correct: null },
        ],
      },
    ]);
    for (const q of report.questions) {
      expect(q.meanMs).toBe(meanOf(times(q.index)));
      expect(q.medianMs).toBe(medianOf(times(q.index)));
    }
    // Standings and scores are those the players were told at the last reveal.
    expect(report.players.map((p) => [p.nickname, p.correctCount, p.answeredCount])).toEqual([
      ["Alice", 2, 3],
      ["Bob", 1, 3],
      ["Carol", 0, 2],
    ]);
    expect(report.players.map((p) => [p.score, p.rank])).toEqual(finals.map((f) => [f.score, f.rank]));
    expect(report.players[0].meanMs).toBe(
      meanOf(rows.filter((r) => r.playerId === seats[0].playerId).map((r) => r.responseMs)),
    );

    const csv = await api(`/api/games/${game.gameId}/report.csv?table=players`, { token: teacher.token });
    const lines = (await csv.text())
      .replace(/^\uFEFF/, "")
      .trimEnd()
      .split("\r\n");
    expect(lines.slice(1).map((l) => l.split(",").slice(0, 5).join(","))).toEqual(
      report.players.map((p) => [p.rank, p.nickname, p.score, p.correctCount, p.answeredCount].join(",")),
    );
    expect((await api(`/api/games/${game.gameId}/report`, { token: stranger.token })).status).toBe(404);

    // A player's own client event, sent with the seat's token, lands in the same game's log.
    const posted = await api("/api/logs", {
      method: "POST",
      json: { events: [{ type: "client.reconnect", detail: { attempts: 2 } }] },
      headers: { authorization: `Player ${seats[2].token}`, "cf-connecting-ip": "203.0.113.77" },
    });
    expect(posted.status).toBe(202);

    // The room's events belong to the host: the host reads them, another teacher does not.
    const log = await eventually(async () => {
      const page = (await (
        await api(`/api/logs?gameId=${game.gameId}&limit=200`, { token: teacher.token })
      ).json()) as LogPage;
      return page.items.some((e) => e.type === "game.end") ? page : null;
    });
    const types = log.items.map((e) => e.type);
    expect(types.filter((t) => t === "player.join")).toHaveLength(3);
    expect(types).toEqual(
      expect.arrayContaining([
        "game.host",
        "game.start",
        "question.show",
        "question.skip",
        "question.reveal",
        "answer.summary",
        "game.end",
      ]),
    );
    expect(types.filter((t) => t === "answer.summary")).toHaveLength(3);
    expect(log.items.find((e) => e.type === "client.reconnect")).toMatchObject({
      actorType: "client",
      actorId: seats[2].playerId,
      role: "player",
      gameId: game.gameId,
    });
    const other = (await (await api(`/api/logs?gameId=${game.gameId}`, { token: stranger.token })).json()) as LogPage;
    expect(other.items).toEqual([]);
    for (const c of [h, ...players]) c.close();
  });
});
