// The live room's answers as documents (rooms/live/answer-log.ts): later documents win, a deleted
// seat's answers go, and a room that was running before documents came in keeps the answers it
// wrote to the old table, through eviction and into D1.
import { env } from "cloudflare:workers";
import { evictDurableObject, runInDurableObject } from "cloudflare:test";
import { describe, expect, it, vi } from "vitest";
import type { QuestionInput } from "../schema/quiz.ts";
import {
  ANSWER_DOCS_TABLE,
  allStoredAnswers,
  appendAnswers,
  deleteAnswersOf,
  readAnswers,
} from "../rooms/live/answer-log.ts";
import type { AnswerRow } from "../rooms/live/types.ts";
import { Client, host, join, roomOf } from "./helpers/room-client.ts";
import { makeQuiz, makeUser } from "./helpers/fixtures.ts";

const row = (q: number, playerId: string, points: number): AnswerRow => ({
  q,
  playerId,
  answer: { choice: 0 },
  correct: true,
  fraction: 1,
  basePoints: points,
  points,
  responseMs: 100,
  answeredAt: 1,
});

/** The old table, as rooms made it before answer documents. */
const LEGACY =
  "CREATE TABLE answers (q INTEGER NOT NULL, player_id TEXT NOT NULL, data TEXT NOT NULL, PRIMARY KEY (q, player_id))";

describe("answer documents", () => {
  it("the latest row of each player wins, over the old table too; a deleted player's answers go from both", async () => {
    await runInDurableObject(roomOf("LOGTST"), (_r, s) => {
      const sql = s.storage.sql;
      sql.exec(LEGACY);
      for (const a of [row(0, "p-b", 10), row(0, "p-c", 30)])
        sql.exec("INSERT INTO answers (q, player_id, data) VALUES (?, ?, ?)", a.q, a.playerId, JSON.stringify(a));
      sql.exec(ANSWER_DOCS_TABLE);
      appendAnswers(sql, [row(0, "p-a", 5), row(1, "p-a", 7), row(0, "p-b", 11)]);
      // The close's new points: a later document.
      appendAnswers(sql, [row(0, "p-a", 6)]);
      const q0 = readAnswers(sql, 0);
      expect([...q0.keys()]).toEqual([0]);
      expect(Object.fromEntries([...q0.get(0)!].map(([id, a]) => [id, a.points]))).toEqual({
        "p-a": 6,
        "p-b": 11,
        "p-c": 30,
      });
      expect(allStoredAnswers(sql).map((a) => [a.q, a.playerId, a.points])).toEqual([
        [0, "p-a", 6],
        [0, "p-b", 11],
        [0, "p-c", 30],
        [1, "p-a", 7],
      ]);
      deleteAnswersOf(sql, ["p-a", "p-c"]);
      expect(allStoredAnswers(sql).map((a) => [a.q, a.playerId, a.points])).toEqual([[0, "p-b", 11]]);
      // A document left empty is gone, not kept as "[]".
      expect(sql.exec("SELECT count(*) AS n FROM answer_docs").one().n).toBe(1);
      sql.exec("DROP TABLE answers");
      sql.exec("DROP TABLE answer_docs");
    });
  });

  it("a room running since before documents keeps its old answers through eviction: the results, the scores and D1 agree", async () => {
    const teacher = await makeUser("teacher");
    const quiz: QuestionInput[] = [
      { type: "single", text: "First?", options: ["a", "b", "c"], correct: 2 },
      { type: "single", text: "Second?", options: ["a", "b"], correct: 0 },
    ];
    const game = await host(teacher.token, await makeQuiz(teacher.id, quiz), { readingTime: 0, leaderboard: "end" });
    const h = await Client.host(game, teacher.token);
    await h.next("welcome");
    const seats = [await join(game.code, "Ada"), await join(game.code, "Bo")];
    const [ada, bo] = await Promise.all(seats.map((s) => Client.player(s)));
    for (const c of [ada, bo]) await c.next("welcome");
    h.send({ type: "start" });
    for (const c of [ada, bo]) await c.next("question");
    ada.send({ type: "answer", q: 0, answer: { choice: 2 } });
    bo.send({ type: "answer", q: 0, answer: { choice: 1 } });
    const first = await Promise.all([ada.next("result"), bo.next("result")]);
    // The first question's answers as an older room stored them: rows of the old table, no documents.
    const stub = roomOf(game.code);
    const moved = await runInDurableObject(stub, (_r, s) => {
      const sql = s.storage.sql;
      const as = allStoredAnswers(sql);
      sql.exec(LEGACY);
      for (const a of as)
        sql.exec("INSERT INTO answers (q, player_id, data) VALUES (?, ?, ?)", a.q, a.playerId, JSON.stringify(a));
      sql.exec("DROP TABLE answer_docs");
      return as.length;
    });
    expect(moved).toBe(2);
    await evictDurableObject(stub);
    // Ada reloads mid-reveal: her answer, read from the old table, is still her result.
    ada.close();
    const ada2 = await Client.player(seats[0]);
    expect((await ada2.next("welcome")).me).toMatchObject({ score: first[0].score });
    expect(await ada2.next("result")).toMatchObject({ index: 0, correct: true, score: first[0].score });
    h.send({ type: "next" });
    for (const c of [ada2, bo]) await c.next("question");
    ada2.send({ type: "answer", q: 1, answer: { choice: 0 } });
    bo.send({ type: "answer", q: 1, answer: { choice: 0 } });
    const second = await Promise.all([ada2.next("result"), bo.next("result")]);
    expect(second[1].score).toBe(first[1].score + second[1].points);
    const stored = await runInDurableObject(stub, (_r, s) => allStoredAnswers(s.storage.sql));
    expect(stored.map((a) => [a.q, a.playerId])).toEqual(
      [0, 1].flatMap((q) =>
        seats
          .map((s) => s.playerId)
          .sort()
          .map((id) => [q, id]),
      ),
    );
    h.send({ type: "next" });
    await h.next("podium");
    await vi.waitFor(
      async () => {
        const rows = await env.DB.prepare("SELECT player_id, points FROM answers WHERE game_id = ?")
          .bind(game.gameId)
          .all<{ player_id: string; points: number }>();
        expect(rows.results).toHaveLength(4);
        const byPlayer = new Map<string, number>();
        for (const r of rows.results) byPlayer.set(r.player_id, (byPlayer.get(r.player_id) ?? 0) + r.points);
        expect(byPlayer.get(seats[0].playerId)).toBe(second[0].score);
        expect(byPlayer.get(seats[1].playerId)).toBe(second[1].score);
      },
      { timeout: 5_000 },
    );
    for (const c of [h, ada2, bo]) c.close();
  });
});
