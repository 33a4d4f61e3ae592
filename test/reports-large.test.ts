// A report of a large game (1,000 players × 30 questions = 30,000 answers) is complete and exact.
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { games } from "../schema/db.ts";
import { gameSettings } from "../schema/game.ts";
import { question } from "../schema/quiz.ts";
import type { GameReport } from "../schema/report.ts";
import { db, makeUser, type TestUser } from "./helpers/fixtures.ts";
import { api } from "./helpers/api.ts";

const PLAYERS = 1000;
const QUESTIONS = 30;
const GAME = "big-game";
let teacher: TestUser;

beforeAll(async () => {
  teacher = await makeUser("teacher");
  const q = question.parse({ type: "single", text: "Pick B", options: ["A", "B", "C", "D"], correct: 1 });
  await db()
    .insert(games)
    .values({
      id: GAME,
      code: "BGBGBG",
      hostId: teacher.id,
      title: "Big",
      settings: gameSettings.parse({}),
      snapshot: Array.from({ length: QUESTIONS }, () => q),
      status: "ended",
      playerCount: PLAYERS,
      questionCount: QUESTIONS,
      createdAt: Date.now(),
    });
  // Generated in SQL: player k answers question i with option (k + i) mod 4 after 1000 + k ms.
  await env.DB.prepare(
    `WITH RECURSIVE p(k) AS (SELECT 0 UNION ALL SELECT k + 1 FROM p WHERE k < ?1 - 1)
     INSERT INTO game_players (game_id, player_id, nickname, score, rank, correct_count, answered_count, total_time_ms, joined_at)
     SELECT ?2, 'p' || k, 'Player ' || k, 0, k + 1, 0, ?3, 0, 0 FROM p`,
  )
    .bind(PLAYERS, GAME, QUESTIONS)
    .run();
  await env.DB.prepare(
    `WITH RECURSIVE p(k) AS (SELECT 0 UNION ALL SELECT k + 1 FROM p WHERE k < ?1 - 1),
                    q(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM q WHERE i < ?2 - 1)
     INSERT INTO answers (game_id, question_index, player_id, answer, correct, points, response_ms, answered_at)
     SELECT ?3, i, 'p' || k, json_object('choice', (k + i) % 4), ((k + i) % 4) = 1, 0, 1000 + k, 0 FROM p, q`,
  )
    .bind(PLAYERS, QUESTIONS, GAME)
    .run();
});

describe("a large game's report", () => {
  it("counts all 30,000 answers exactly", async () => {
    const res = await api(`/api/games/${GAME}/report`, { headers: teacher.headers });
    expect(res.status).toBe(200);
    const report = (await res.json()) as GameReport;
    expect(report.questions).toHaveLength(QUESTIONS);
    for (const q of report.questions) {
      expect(q).toMatchObject({ answered: 1000, correctCount: 250, accuracy: 0.25, meanMs: 1500, medianMs: 1500 });
      expect(q.distribution.map((d) => d.count)).toEqual([250, 250, 250, 250]);
    }
    expect(report.players).toHaveLength(PLAYERS);
    expect(report.players[0]).toMatchObject({ playerId: "p0", rank: 1, meanMs: 1000 });
    expect(report.players[999]).toMatchObject({ playerId: "p999", rank: 1000, meanMs: 1999 });
  });

  it("exports every answer as a CSV row", async () => {
    const res = await api(`/api/games/${GAME}/report.csv?table=answers`, { headers: teacher.headers });
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text.split("\r\n").length - 2).toBe(PLAYERS * QUESTIONS);
  });
});
