// What the live room and the homework room share (rooms/kit/): a homework question is shown as a
// live one is (the teacher's alt text, the formula table rendered when it was assigned), and both
// rooms rank ties the same way, down to the last tie-break.
import { beforeAll, describe, expect, it } from "vitest";
import { assignmentRows } from "../rooms/assignment/results.ts";
import * as rules from "../rooms/assignment/rules.ts";
import type { AssignmentConfig, AssignmentState, Participant } from "../rooms/assignment/types.ts";
import { resultRows } from "../rooms/live/results.ts";
import type { GameConfig, GameState, PlayerRow } from "../rooms/live/types.ts";
import { assignmentSettings } from "../schema/assignment.ts";
import type { QuestionView } from "../schema/messages.ts";
import type { QuestionInput } from "../schema/quiz.ts";
import { AssignmentSocket, assign, playOk, start, answer } from "./helpers/assignment-client.ts";
import { makeQuiz, makeUser, type TestUser } from "./helpers/fixtures.ts";
import { Client, host, join } from "./helpers/room-client.ts";

const HALF = "What is \\(\\frac{1}{2}\\) of a pizza?";
const HALF_OPTION = "$\\frac{1}{2}$";
const ALT = "A cat beside half a pizza";
const TYPED = "Write \\(\\sqrt{4}\\)";
const TYPED_ANSWER = "$\\sqrt{4}$";
const QUESTIONS: QuestionInput[] = [
  {
    type: "single",
    text: HALF,
    image: "https://example.com/pizza.png",
    imageAlt: ALT,
    options: [HALF_OPTION, "one", "two"],
    correct: 0,
    timeLimit: 20,
  },
  { type: "text", text: TYPED, accepted: [TYPED_ANSWER, "2"], timeLimit: 20 },
];

let teacher: TestUser;
let quizId: string;

beforeAll(async () => {
  teacher = await makeUser("teacher");
  quizId = await makeQuiz(teacher.id, QUESTIONS);
});

/** What a player of either room sees of a question apart from its timing. */
const shown = (q: QuestionView) => ({
  text: q.text,
  image: q.image,
  imageAlt: q.imageAlt,
  options: q.options?.map((o) => ("text" in o ? o.text : o.labelKey)).sort(),
  math: q.math,
});

describe("a homework question is shown as a live one", () => {
  it("carries the teacher's alt text and the formula table, over HTTP and the socket, as a live player gets them", async () => {
    // The live player's question, the reference.
    const game = await host(teacher.token, quizId, { readingTime: 0 });
    const h = await Client.host(game, teacher.token);
    const p = await Client.player(await join(game.code, "Liv"));
    await p.next("welcome");
    h.send({ type: "start" });
    const live = (await p.next("question")).question;
    h.close();
    p.close();
    expect(live.imageAlt).toBe(ALT);
    expect(live.math?.[HALF]).toMatch(/<math aria-label="1 over 2">/);
    expect(live.math?.[HALF_OPTION]).toMatch(/^<math/);

    const a = await assign(teacher.token, quizId, { showAnswers: "end" });
    // HTTP: the start's first screen and the heartbeat.
    const started = await start(a.code, { nickname: "Hal" });
    expect(started.status, started.text).toBe(201);
    const first = (started.json as { question: QuestionView; token: string }).question;
    expect(shown(first)).toEqual(shown(live));
    const token = (started.json as { token: string }).token;
    expect(shown((await playOk(a.code, token)).question!)).toEqual(shown(live));

    // The socket: the state at connect, then the next question with the acknowledgement.
    const s = (await start(a.code, { nickname: "Sox" })).json as { token: string };
    const ws = await AssignmentSocket.student(a.code, s.token);
    const atConnect = (await ws.next("state")).state.question!;
    expect(shown(atConnect)).toEqual(shown(live));
    const halfId = atConnect.options!.find((o) => "text" in o && o.text === HALF_OPTION)!.id;
    const ack = await ws.answer(0, { choice: halfId });
    const typed = ack.state.question!;
    expect(typed.text).toBe(TYPED);
    expect(typed.math?.[TYPED]).toMatch(/<math aria-label="[^"]*">.*<msqrt>/);
    // The accepted answer is not part of the question: its formula does not leak with it.
    expect(Object.keys(typed.math ?? {})).toEqual([TYPED]);

    // The summary carries the formulas of the texts it shows: its questions and options.
    const done = await ws.answer(1, { text: "2" });
    const items = done.state.summary!.items;
    expect(items[0].math).toEqual({ [HALF]: live.math?.[HALF], [HALF_OPTION]: live.math?.[HALF_OPTION] });
    expect(items[1].right).toEqual({ accepted: [TYPED_ANSWER, "2"] });
    expect(items[1].math?.[TYPED]).toBe(typed.math?.[TYPED]);
    ws.close();

    // Over HTTP the same summary, once finished.
    expect((await answer(a.code, token, 0, { choice: halfId })).status).toBe(200);
    expect(shown((await playOk(a.code, token)).question!).math).toEqual(typed.math);
    expect((await answer(a.code, token, 1, { text: "no" })).status).toBe(200);
    expect((await playOk(a.code, token)).summary!.items.map((i) => i.math)).toEqual(items.map((i) => i.math));
  });
});

describe("both rooms rank ties the same way", () => {
  const T0 = 1_800_000_000_000;
  // Score, then less time, then who joined first, then the id: each pair below is decided by the next rule.
  const who = [
    { id: "e", score: 500, totalTimeMs: 4000, joinedAt: T0 + 1 },
    { id: "d", score: 500, totalTimeMs: 4000, joinedAt: T0 + 1 },
    { id: "c", score: 500, totalTimeMs: 4000, joinedAt: T0 },
    { id: "b", score: 500, totalTimeMs: 3000, joinedAt: T0 + 5 },
    { id: "a", score: 900, totalTimeMs: 9000, joinedAt: T0 + 9 },
  ];
  const expected = ["a", "b", "c", "d", "e"];

  const liveRanks = () => {
    const players = who.map(
      (w): PlayerRow =>
        ({
          ...w,
          nickname: w.id,
          skeleton: w.id,
          userId: null,
          streak: 0,
          correctCount: 0,
          answeredCount: 1,
          rank: null,
          prevRank: null,
          extraTime: 1,
          kicked: false,
          minRttMs: null,
          connects: 1,
        }) as PlayerRow,
    );
    const rows = resultRows({
      config: { gameId: "g" } as GameConfig,
      state: {} as GameState,
      players,
      answers: [],
    }).playerRows;
    return [...rows].sort((x, y) => x.rank - y.rank).map((r) => r.playerId);
  };

  const assignmentRanks = () => {
    const settings = assignmentSettings.parse({ deadline: T0 + 3600_000, opensAt: T0, counted: "best" });
    const participants = who.map(
      (w): Participant => ({
        ...rules.newParticipant(w.id, { nickname: w.id, skeleton: w.id }, null, null, w.joinedAt),
        score: w.score,
        totalTimeMs: w.totalTimeMs,
        answeredCount: 1,
        position: 1,
        finishedAt: T0 + 10_000,
      }),
    );
    const standings = rules.ranked(settings, participants).map((r) => r.p.id);
    const rows = assignmentRows({
      config: { gameId: "g", settings, questions: [] } as unknown as AssignmentConfig,
      state: {} as AssignmentState,
      participants,
      answers: [],
    }).playerRows;
    expect([...rows].sort((x, y) => x.rank - y.rank).map((r) => r.playerId)).toEqual(standings);
    return standings;
  };

  it("by score, less time, who joined first, then the id: the live results and the assignment's standings agree", () => {
    expect(liveRanks()).toEqual(expected);
    expect(assignmentRanks()).toEqual(expected);
  });
});
