// Formulas and alt text after the game: the teacher's report, the drill-down into one player and
// the player's own history carry the rendered formulas of the game's texts (as the room's frames
// do) and the teacher's alt text, while the CSV keeps the TeX as the teacher typed it.
import { beforeAll, describe, expect, it } from "vitest";
import { answers, gamePlayers, games } from "../schema/db.ts";
import { gameSettings } from "../schema/game.ts";
import { question } from "../schema/quiz.ts";
import type { GameReport } from "../schema/report.ts";
import type { MyGame, PlayerDrillDown } from "../schema/students.ts";
import { api, getJson } from "./helpers/api.ts";
import { db, makeUser, type TestUser } from "./helpers/fixtures.ts";

const Q = String.raw`What is \(\frac{1}{2}\) of 4?`;
const OPT = String.raw`\(\frac{4}{2}\)`;
const ALT = "Two green hills under the sun";
const GAME = "game-report-math";
let teacher: TestUser;
let student: TestUser;

beforeAll(async () => {
  teacher = await makeUser("teacher");
  student = await makeUser("student");
  const snapshot = [
    question.parse({
      type: "single",
      text: Q,
      image: "https://example.com/hills.png",
      imageAlt: ALT,
      options: [OPT, "3"],
      correct: 0,
      explanation: String.raw`\(4 \div 2 = 2\)`,
    }),
  ];
  await db()
    .insert(games)
    .values({
      id: GAME,
      code: "MQ7ZP3",
      hostId: teacher.id,
      title: "Halves",
      settings: gameSettings.parse({}),
      snapshot,
      status: "ended",
      playerCount: 1,
      questionCount: 1,
      createdAt: Date.now() - 60_000,
      startedAt: Date.now() - 50_000,
      endedAt: Date.now() - 1000,
    });
  await db()
    .insert(gamePlayers)
    .values({
      gameId: GAME,
      playerId: "pm1",
      userId: student.id,
      nickname: "Sam",
      score: 900,
      rank: 1,
      correctCount: 1,
      answeredCount: 1,
      totalTimeMs: 2000,
      joinedAt: Date.now() - 50_000,
    });
  await db()
    .insert(answers)
    .values({
      gameId: GAME,
      questionIndex: 0,
      playerId: "pm1",
      answer: { choice: 0 },
      correct: true,
      points: 900,
      responseMs: 2000,
      answeredAt: Date.now() - 40_000,
    });
});

/** Every formula text of the quiz has MathML in the table, and no table entry is TeX. */
function expectTyped(math: Record<string, string> | undefined, texts: string[]) {
  expect(math).toBeDefined();
  for (const t of texts) expect(math?.[t]).toMatch(/<math[\s>]/);
}

describe("formulas and alt text after the game", () => {
  it("the teacher's report carries the rendered formulas of questions, options and explanations", async () => {
    const { status, body: r } = await getJson<GameReport>(`/api/games/${GAME}/report`, teacher.headers);
    expect(status).toBe(200);
    expect(r.questions[0].text).toBe(Q);
    expectTyped(r.math, [Q, OPT, String.raw`\(4 \div 2 = 2\)`]);
    // Plain texts are not in the table: the page shows them as written.
    expect(r.math?.["3"]).toBeUndefined();
  });

  it("the player's own history and the teacher's drill-down carry them, and the teacher's alt text", async () => {
    const { body: mine } = await getJson<MyGame>(`/api/me/games/${GAME}`, student.headers);
    expectTyped(mine.math, [Q, OPT]);
    expect(mine.questions[0].imageAlt).toBe(ALT);
    expect(mine.questions[0].yours).toEqual([OPT]);
    const { body: drill } = await getJson<PlayerDrillDown>(`/api/games/${GAME}/players/pm1`, teacher.headers);
    expectTyped(drill.math, [Q, OPT]);
    expect(drill.questions[0].imageAlt).toBe(ALT);
  });

  it("the CSV keeps the TeX exactly as the teacher typed it", async () => {
    const res = await api(`/api/games/${GAME}/report.csv?table=answers`, { headers: teacher.headers });
    expect(res.status).toBe(200);
    const csv = await res.text();
    expect(csv).toContain(String.raw`\(\frac{4}{2}\)`);
    expect(csv).not.toContain("<math");
  });
});
