// The import endpoints over HTTP: the preview never saves, a save stores the quiz only when the
// file has no problem (each named by line or row), roles are checked; GIFT and Aiken export.
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import gift from "./fixtures/moodle.gift?raw";
import quizlet from "./fixtures/quizlet.txt?raw";
import kahootUrl from "./fixtures/kahoot-template.xlsx?inline";
import kahootBadUrl from "./fixtures/kahoot-bad-row.xlsx?inline";
import type { ImportPreview } from "../schema/imports.ts";
import type { StoredQuiz } from "../schema/catalog.ts";
import {
  api,
  authHeaders,
  createQuiz,
  everyTypeQuiz,
  registerStudent,
  registerTeacher,
  type ErrorBody,
  type TestAccount,
} from "./helpers/api.ts";
import { Client, host, hostedGames, join } from "./helpers/room-client.ts";

const bytes = (dataUrl: string) => Uint8Array.from(atob(dataUrl.split(",")[1]), (c) => c.charCodeAt(0));
const XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

function post(path: string, body: BodyInit, token: string, type = "text/plain; charset=utf-8") {
  return api(path, { method: "POST", headers: { "content-type": type, ...authHeaders(token) }, body });
}

async function quizCount(): Promise<number> {
  return (await env.DB.prepare("SELECT count(*) AS n FROM quizzes").first<number>("n"))!;
}

let teacher: TestAccount;
let student: TestAccount;
beforeAll(async () => {
  [teacher, student] = await Promise.all([registerTeacher(), registerStudent()]);
});

describe("preview", () => {
  it("shows a GIFT file's questions, what it skips and its formulas rendered, and saves nothing", async () => {
    const before = await quizCount();
    const res = await post("/api/quizzes/import/preview?format=gift&title=Science", gift, teacher.token);
    expect(res.status).toBe(200);
    const p = (await res.json()) as ImportPreview;
    expect(p).toMatchObject({ format: "gift", found: 7, problems: [], quiz: { title: "Science" } });
    // The numerical question is a slider now (value ± tolerance); only the essay is left out.
    expect(p.quiz.questions.map((q) => q.type)).toEqual([
      "single",
      "multi",
      "truefalse",
      "text",
      "single",
      "single",
      "slider",
    ]);
    expect(p.skipped).toHaveLength(1);
    expect(Object.values(p.math)[0]).toMatch(/<math aria-label="square root of 81">/);
    expect(await quizCount()).toBe(before);
  });

  it("names the row of a bad Kahoot row; the save that follows is refused the same way and stores nothing", async () => {
    const before = await quizCount();
    const res = await post("/api/quizzes/import/preview?format=kahoot", bytes(kahootBadUrl), teacher.token, XLSX);
    expect(res.status).toBe(200);
    const p = (await res.json()) as ImportPreview;
    expect(p.problems).toEqual([
      { path: "row 10", row: 10, message: "row 10: correct answer 5 is not one of answers 1–4" },
    ]);
    const save = await post("/api/quizzes/import/kahoot?title=Planets", bytes(kahootBadUrl), teacher.token, XLSX);
    expect(save.status).toBe(400);
    const err = ((await save.json()) as ErrorBody).error;
    expect(err.code).toBe("validation_failed");
    expect(err.message).toMatch(/row 10: correct answer 5/);
    expect(err.issues).toEqual([
      expect.objectContaining({ path: "row 10", message: expect.stringMatching(/^row 10: /) }),
    ]);
    expect(await quizCount()).toBe(before);
  });

  it("reads JSON and CSV too, and refuses an unknown format, an empty body and students", async () => {
    const json = await post(
      "/api/quizzes/import/preview?format=json",
      JSON.stringify({ title: "J", questions: [{ type: "truefalse", text: "T?", correct: true }] }),
      teacher.token,
      "application/json",
    );
    expect(((await json.json()) as ImportPreview).quiz.title).toBe("J");
    const csv = (await (
      await post("/api/quizzes/import/preview?format=csv", "Q,a,b,,,20,3\n", teacher.token, "text/csv")
    ).json()) as ImportPreview;
    expect(csv.problems[0].path).toBe("line 1");
    const unknown = await post("/api/quizzes/import/preview?format=docx", "x", teacher.token);
    expect(unknown.status).toBe(400);
    expect(((await unknown.json()) as ErrorBody).error.message).toMatch(
      /format must be one of json, csv, xlsx, kahoot, gift, aiken, quizlet/,
    );
    expect((await post("/api/quizzes/import/preview?format=gift", "", teacher.token)).status).toBe(400);
    expect((await post("/api/quizzes/import/preview?format=gift", gift, student.token)).status).toBe(403);
    expect((await post("/api/quizzes/import/gift", gift, student.token)).status).toBe(403);
    expect((await api("/api/quizzes/import/preview?format=gift", { method: "POST", body: gift })).status).toBe(401);
  });
});

describe("save", () => {
  const used = hostedGames();
  it("Moodle's weighted numerical answers import as a slider whose other range earns part of the points", async () => {
    const res = await post(
      "/api/quizzes/import/gift?title=Numbers",
      "Three? {#=%50%3:2#Close, but not *quite* =%100%3:0.5#Right ~#Far off}",
      teacher.token,
    );
    expect(res.status, await res.clone().text()).toBe(201);
    const { quiz, skipped } = (await res.json()) as { quiz: StoredQuiz; skipped: unknown[] };
    expect(skipped).toEqual([]);
    expect(quiz.questions[0]).toMatchObject({ type: "slider", correct: 3, tolerance: 0.5, ranges: [{ weight: 50 }] });
    const game = await host(teacher.token, quiz.id, { readingTime: 0 });
    used.push(game);
    const h = await Client.host(game, teacher.token);
    await h.next("welcome");
    const [near, far] = await Promise.all(["Near", "Far"].map(async (n) => Client.player(await join(game.code, n))));
    await Promise.all([near.next("welcome"), far.next("welcome")]);
    h.send({ type: "start" });
    await Promise.all([near.next("question"), far.next("question")]);
    near.send({ type: "answer", q: 0, answer: { value: 4 } });
    far.send({ type: "answer", q: 0, answer: { value: 6 } });
    await Promise.all([near.next("answered"), far.next("answered")]);
    const [r1, r2] = await Promise.all([near.next("result"), far.next("result")]);
    // 4 is outside 3 ± 0.5 but inside 3 ± 2: partly right, with points; 6 earns nothing.
    // Each with the feedback of its range (Moodle's "~#…" to whoever no range holds).
    expect(r1).toMatchObject({ correct: false, fraction: 0.5, feedback: "Close, but not \\*quite\\*" });
    expect(r1.points).toBeGreaterThan(0);
    expect(r2).toMatchObject({ correct: false, points: 0, feedback: "Far off" });
    for (const c of [h, near, far]) c.close();
  });

  it("a Kahoot template becomes a quiz titled as asked, with what the preview showed", async () => {
    const preview = (await (
      await post("/api/quizzes/import/preview?format=xlsx", bytes(kahootUrl), teacher.token, XLSX)
    ).json()) as ImportPreview;
    const res = await post("/api/quizzes/import/xlsx?title=Planets&tags=space", bytes(kahootUrl), teacher.token, XLSX);
    expect(res.status).toBe(201);
    const { quiz } = (await res.json()) as { quiz: StoredQuiz };
    expect(quiz).toMatchObject({ title: "Planets", tags: ["space"], ownerId: teacher.user.id });
    expect(quiz.questions.map(({ id: _id, ...q }) => q)).toEqual(preview.quiz.questions);
  });

  it("a Quizlet paste saves the very questions its preview showed (the wrong options are seeded by the text)", async () => {
    const preview = (await (
      await post("/api/quizzes/import/preview?format=quizlet", quizlet, teacher.token)
    ).json()) as ImportPreview;
    const res = await post("/api/quizzes/import/quizlet?title=Biology", quizlet, teacher.token);
    expect(res.status).toBe(201);
    const { quiz } = (await res.json()) as { quiz: StoredQuiz };
    expect(quiz.questions.map(({ id: _id, ...q }) => q)).toEqual(preview.quiz.questions);
  });

  it("a GIFT file saves and tells what it skipped; a path that is not a format is refused", async () => {
    const res = await post("/api/quizzes/import/gift", gift, teacher.token);
    expect(res.status).toBe(201);
    const body = (await res.json()) as { quiz: StoredQuiz; skipped: unknown[] };
    expect(body.quiz.title).toBe("Imported quiz");
    expect(body.skipped).toHaveLength(1);
    expect((await post("/api/quizzes/import/docx", "x", teacher.token)).status).toBe(400);
  });
});

describe("export", () => {
  it("GIFT and Aiken files download with what they leave out in a header; GIFT reads back", async () => {
    const source = await createQuiz(teacher.token, everyTypeQuiz({ title: "Every type" }));
    const get = (format: string) =>
      api(`/api/quizzes/${source.id}/export?format=${format}`, { headers: authHeaders(teacher.token) });
    const g = await get("gift");
    expect(g.status).toBe(200);
    expect(g.headers.get("content-type")).toMatch(/^text\/plain/);
    expect(g.headers.get("content-disposition")).toMatch(/filename="every-type\.gift\.txt"/);
    // Ordering and poll (questions 5 and 7) have no GIFT form.
    expect(g.headers.get("x-skipped-questions")).toBe("5,7");
    const text = await g.text();
    const back = (await (
      await post("/api/quizzes/import/preview?format=gift", text, teacher.token)
    ).json()) as ImportPreview;
    expect(back.problems).toEqual([]);
    expect(back.quiz.questions.map((q) => q.text)).toEqual([
      "Capital of France?",
      "Which are primes?",
      "Water boils at 100 °C at sea level.",
      "Largest planet?",
      // The slider travels as a numerical question and comes back as a slider.
      "Bits in a byte?",
    ]);

    const a = await get("aiken");
    expect(a.headers.get("x-skipped-questions")).toBe("2,4,5,6,7");
    expect(await a.text()).toMatch(
      /^Capital of France\?\nA\. Paris\nB\. Lyon\nC\. Nice\nD\. Lille\nANSWER: A\n\nWater boils/,
    );
    expect((await get("docx")).status).toBe(400);
    // JSON stays the default.
    expect(((await (await get("json")).json()) as { format: string }).format).toBe("quickquiz");
  });
});
