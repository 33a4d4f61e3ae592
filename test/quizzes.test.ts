import { env } from "cloudflare:workers";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { quiz as quizSchema, quizExport, type QuizInput } from "../schema/quiz.ts";
import type { CatalogPage, StoredQuiz } from "../schema/catalog.ts";
import { csvToQuestions, parseCsv } from "../worker/quizzes/csv.ts";
import {
  api,
  authHeaders,
  createAdmin,
  createQuiz,
  jsonInit,
  registerStudent,
  registerTeacher,
  sampleQuiz,
  type ErrorBody,
  type TestAccount,
} from "./helpers/api.ts";
import { eventually } from "./helpers/wait.ts";

async function errorOf(res: Response): Promise<ErrorBody["error"]> {
  return ((await res.json()) as ErrorBody).error;
}

async function getQuiz(id: string, token: string) {
  return api(`/api/quizzes/${id}`, { headers: authHeaders(token) });
}

async function list(token: string, params: Record<string, string>): Promise<CatalogPage> {
  const res = await api(`/api/quizzes?${new URLSearchParams(params)}`, { headers: authHeaders(token) });
  expect(res.status).toBe(200);
  return (await res.json()) as CatalogPage;
}

async function quizCount(): Promise<number> {
  return (await env.DB.prepare("SELECT count(*) AS n FROM quizzes").first<number>("n"))!;
}

let alice: TestAccount; // teacher
let bob: TestAccount; // another teacher
let sam: TestAccount; // student
let admin: TestAccount;

beforeAll(async () => {
  [alice, bob, sam, admin] = await Promise.all([
    registerTeacher({ name: "Alice" }),
    registerTeacher({ name: "Bob" }),
    registerStudent(),
    createAdmin(),
  ]);
});

describe("create and read", () => {
  it("creates a quiz with defaults filled, tags normalised and an id on every question", async () => {
    const res = await api(
      "/api/quizzes",
      jsonInit(
        "POST",
        sampleQuiz({
          tags: [" Geography ", "europe", "geography"],
          questions: [
            { type: "single", text: "Capital of Italy?", options: ["Rome", "Milan"], correct: 0 },
            {
              type: "multi",
              text: "Which are seas?",
              options: ["Baltic", "Nile", "Adriatic"],
              correct: [0, 2],
              id: "keep-me",
            },
          ],
        }),
        alice.token,
      ),
    );
    expect(res.status).toBe(201);
    const { quiz } = (await res.json()) as { quiz: StoredQuiz };
    expect(quiz).toMatchObject({
      ownerId: alice.user.id,
      ownerName: "Alice",
      title: "Capitals",
      visibility: "private",
      tags: ["europe", "geography"],
    });
    expect(quiz.questions[0]).toMatchObject({ timeLimit: 20, points: "standard" });
    expect(quiz.questions[0].id).toMatch(/\S/);
    expect(quiz.questions[1].id).toBe("keep-me");
    expect(quiz.createdAt).toBe(quiz.updatedAt);

    const read = await getQuiz(quiz.id, alice.token);
    expect(read.status).toBe(200);
    expect(((await read.json()) as { quiz: StoredQuiz }).quiz).toEqual(quiz);

    const row = await eventually(() =>
      env.DB.prepare("SELECT * FROM events WHERE type = 'quiz.create' AND quiz_id = ?")
        .bind(quiz.id)
        .first<Record<string, unknown>>(),
    );
    expect(row).toMatchObject({
      actor_type: "user",
      actor_id: alice.user.id,
      owner_id: alice.user.id,
      role: "teacher",
    });
  });

  it("names each bad field of a bad quiz and writes nothing", async () => {
    const before = await quizCount();
    const bad = {
      title: "",
      visibility: "secret",
      questions: [
        { type: "single", text: "Only one option?", options: ["A"], correct: 0 },
        { type: "multi", text: "Out of range", options: ["A", "B"], correct: [5] },
        { type: "slider", text: "Where?", min: 10, max: 0, step: 1, correct: 5 },
        { type: "wat", text: "?" },
        { type: "truefalse", text: "Plain-http picture", correct: true, image: "http://example.com/p.png" },
      ],
    };
    const res = await api("/api/quizzes", jsonInit("POST", bad, alice.token));
    expect(res.status).toBe(400);
    const err = await errorOf(res);
    expect(err.code).toBe("validation_failed");
    const paths = err.issues!.map((i) => i.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        "title",
        "visibility",
        "questions.0.options",
        "questions.1.correct",
        "questions.2.max",
        "questions.3.type",
        "questions.4.image",
      ]),
    );
    expect(err.message).toContain("questions.0.options");
    expect(await quizCount()).toBe(before);
  });

  it("refuses malformed JSON and oversized bodies with the error shape", async () => {
    const malformed = await api("/api/quizzes", {
      method: "POST",
      headers: { "content-type": "application/json", ...authHeaders(alice.token) },
      body: '{"title": "x",',
    });
    expect(malformed.status).toBe(400);
    expect((await errorOf(malformed)).message).toMatch(/malformed json/i);

    const big = sampleQuiz({ description: "x".repeat(600 * 1024) });
    const tooLarge = await api("/api/quizzes", jsonInit("POST", big, alice.token));
    expect(tooLarge.status).toBe(413);
    expect(await errorOf(tooLarge)).toMatchObject({ code: "payload_too_large" });
  });

  it("needs a session, and the teacher role to create", async () => {
    const before = await quizCount();
    expect((await api("/api/quizzes", jsonInit("POST", sampleQuiz()))).status).toBe(401);
    expect((await api("/api/quizzes?scope=public")).status).toBe(401);
    const asStudent = await api("/api/quizzes", jsonInit("POST", sampleQuiz(), sam.token));
    expect(asStudent.status).toBe(403);
    expect((await errorOf(asStudent)).code).toBe("forbidden");
    expect(await quizCount()).toBe(before);
  });

  it("hides private quizzes from others, shows unlisted and public ones by id", async () => {
    const priv = await createQuiz(alice.token, sampleQuiz({ visibility: "private" }));
    const unlisted = await createQuiz(alice.token, sampleQuiz({ visibility: "unlisted" }));
    const pub = await createQuiz(alice.token, sampleQuiz({ visibility: "public" }));

    const hidden = await getQuiz(priv.id, bob.token);
    expect(hidden.status).toBe(404);
    expect((await errorOf(hidden)).code).toBe("not_found");
    expect((await getQuiz(priv.id, sam.token)).status).toBe(404);
    expect((await getQuiz(priv.id, admin.token)).status).toBe(200);
    for (const token of [bob.token, sam.token]) {
      expect((await getQuiz(unlisted.id, token)).status).toBe(200);
      expect((await getQuiz(pub.id, token)).status).toBe(200);
    }
    expect((await getQuiz("no-such-quiz", alice.token)).status).toBe(404);
    expect((await api(`/api/quizzes/${pub.id}`)).status).toBe(401);
  });
});

describe("errors", () => {
  it("needs a session for every quiz endpoint", async () => {
    const q = await createQuiz(alice.token, sampleQuiz({ visibility: "public" }));
    const calls: [string, string][] = [
      ["GET", "/api/quizzes"],
      ["GET", `/api/quizzes/${q.id}`],
      ["PUT", `/api/quizzes/${q.id}`],
      ["DELETE", `/api/quizzes/${q.id}`],
      ["POST", `/api/quizzes/${q.id}/duplicate`],
      ["GET", `/api/quizzes/${q.id}/export`],
      ["POST", "/api/quizzes/import"],
      ["POST", "/api/quizzes/import/csv"],
    ];
    for (const [method, path] of calls) {
      const res = await api(path, {
        method,
        headers: { "content-type": "application/json" },
        body: method === "GET" || method === "DELETE" ? undefined : JSON.stringify(sampleQuiz()),
      });
      expect(res.status, `${method} ${path}`).toBe(401);
      expect((await errorOf(res)).code).toBe("unauthorized");
    }
    expect((await getQuiz(q.id, alice.token)).status).toBe(200);
  });

  it("answers an unknown quiz endpoint with a JSON 404", async () => {
    const res = await api("/api/quizzes/some-id/nope", { headers: authHeaders(alice.token) });
    expect(res.status).toBe(404);
    expect((await errorOf(res)).code).toBe("not_found");
  });

  it("turns a server-side failure into a 500 in the error shape, without a stack trace", async () => {
    // A row no API call could write: its questions are not JSON, so reading it fails inside the Worker.
    const id = crypto.randomUUID();
    await env.DB.prepare(
      "INSERT INTO quizzes (id, owner_id, title, description, language, visibility, questions, question_count, created_at, updated_at) VALUES (?, ?, 'Broken', '', 'en', 'public', 'not json', 1, 1, 1)",
    )
      .bind(id, alice.user.id)
      .run();
    const res = await getQuiz(id, alice.token);
    expect(res.status).toBe(500);
    const text = await res.text();
    expect(JSON.parse(text)).toEqual({ error: { code: "internal", message: "something went wrong on our side" } });
    expect(text).not.toMatch(/\bat\s|SyntaxError|\.ts/);
    await env.DB.prepare("DELETE FROM quizzes WHERE id = ?").bind(id).run();
  });
});

describe("update and delete", () => {
  it("lets the owner replace a quiz: content, tags and a later updatedAt", async () => {
    const q = await createQuiz(alice.token, sampleQuiz({ tags: ["old"] }));
    const res = await api(
      `/api/quizzes/${q.id}`,
      jsonInit("PUT", sampleQuiz({ title: "Renamed", tags: ["new", "fresh"], visibility: "public" }), alice.token),
    );
    expect(res.status).toBe(200);
    const updated = ((await res.json()) as { quiz: StoredQuiz }).quiz;
    expect(updated).toMatchObject({
      id: q.id,
      ownerId: alice.user.id,
      title: "Renamed",
      tags: ["fresh", "new"],
      visibility: "public",
      createdAt: q.createdAt,
    });
    expect(updated.updatedAt).toBeGreaterThan(q.updatedAt);
    const read = ((await (await getQuiz(q.id, bob.token)).json()) as { quiz: StoredQuiz }).quiz;
    expect(read).toEqual(updated);
    const tags = await env.DB.prepare("SELECT tag FROM quiz_tags WHERE quiz_id = ? ORDER BY tag")
      .bind(q.id)
      .all<{ tag: string }>();
    expect(tags.results.map((t) => t.tag)).toEqual(["fresh", "new"]);
    await eventually(() =>
      env.DB.prepare("SELECT 1 AS one FROM events WHERE type = 'quiz.update' AND quiz_id = ?").bind(q.id).first(),
    );
  });

  it("refuses changes from anyone but the owner or an admin, and a bad body changes nothing", async () => {
    const pub = await createQuiz(alice.token, sampleQuiz({ visibility: "public", title: "Alice's" }));
    const priv = await createQuiz(alice.token, sampleQuiz({ visibility: "private", title: "Alice's secret" }));
    const change = sampleQuiz({ title: "Hijacked" });

    expect((await api(`/api/quizzes/${pub.id}`, jsonInit("PUT", change, bob.token))).status).toBe(403);
    expect((await api(`/api/quizzes/${priv.id}`, jsonInit("PUT", change, bob.token))).status).toBe(404);
    expect((await api(`/api/quizzes/${pub.id}`, jsonInit("PUT", change, sam.token))).status).toBe(403);
    expect((await api(`/api/quizzes/${pub.id}`, { method: "DELETE", headers: authHeaders(bob.token) })).status).toBe(
      403,
    );
    expect((await api(`/api/quizzes/${priv.id}`, { method: "DELETE", headers: authHeaders(bob.token) })).status).toBe(
      404,
    );
    expect((await api(`/api/quizzes/${pub.id}`, { method: "DELETE", headers: authHeaders(sam.token) })).status).toBe(
      403,
    );
    const badBody = await api(`/api/quizzes/${pub.id}`, jsonInit("PUT", { ...change, questions: [] }, alice.token));
    expect(badBody.status).toBe(400);
    expect((await errorOf(badBody)).issues!.map((i) => i.path)).toEqual(["questions"]);

    const after = ((await (await getQuiz(pub.id, alice.token)).json()) as { quiz: StoredQuiz }).quiz;
    expect(after).toEqual(pub);

    const byAdmin = await api(
      `/api/quizzes/${priv.id}`,
      jsonInit("PUT", sampleQuiz({ title: "Fixed by admin" }), admin.token),
    );
    expect(byAdmin.status).toBe(200);
    expect(((await byAdmin.json()) as { quiz: StoredQuiz }).quiz).toMatchObject({
      title: "Fixed by admin",
      ownerId: alice.user.id,
    });
  });

  it("deletes a quiz with its tags; then it is gone", async () => {
    const q = await createQuiz(alice.token, sampleQuiz({ tags: ["doomed"] }));
    const res = await api(`/api/quizzes/${q.id}`, { method: "DELETE", headers: authHeaders(alice.token) });
    expect(res.status).toBe(204);
    expect((await getQuiz(q.id, alice.token)).status).toBe(404);
    expect((await api(`/api/quizzes/${q.id}`, { method: "DELETE", headers: authHeaders(alice.token) })).status).toBe(
      404,
    );
    expect(await env.DB.prepare("SELECT 1 FROM quiz_tags WHERE quiz_id = ?").bind(q.id).first()).toBeNull();
    const row = await eventually(() =>
      env.DB.prepare("SELECT * FROM events WHERE type = 'quiz.delete' AND quiz_id = ?")
        .bind(q.id)
        .first<Record<string, unknown>>(),
    );
    expect(row).toMatchObject({ owner_id: alice.user.id, actor_id: alice.user.id });
  });

  it("lets an admin delete anyone's quiz", async () => {
    const q = await createQuiz(bob.token);
    expect((await api(`/api/quizzes/${q.id}`, { method: "DELETE", headers: authHeaders(admin.token) })).status).toBe(
      204,
    );
    expect((await getQuiz(q.id, bob.token)).status).toBe(404);
  });
});

describe("duplicate", () => {
  it("copies a readable quiz to the caller as a private quiz", async () => {
    const source = await createQuiz(
      alice.token,
      sampleQuiz({ visibility: "public", title: "Original", tags: ["a", "b"] }),
    );
    const res = await api(`/api/quizzes/${source.id}/duplicate`, { method: "POST", headers: authHeaders(bob.token) });
    expect(res.status).toBe(201);
    const copy = ((await res.json()) as { quiz: StoredQuiz }).quiz;
    expect(copy.id).not.toBe(source.id);
    expect(copy).toMatchObject({
      ownerId: bob.user.id,
      title: "Original (copy)",
      visibility: "private",
      tags: ["a", "b"],
      questions: source.questions,
    });
    const event = await eventually(() =>
      env.DB.prepare("SELECT * FROM events WHERE type = 'quiz.copy' AND quiz_id = ?")
        .bind(copy.id)
        .first<Record<string, unknown>>(),
    );
    expect(event).toMatchObject({ actor_id: bob.user.id, owner_id: bob.user.id });
    expect(JSON.parse(String(event.payload))).toMatchObject({ copyOf: source.id });

    const priv = await createQuiz(alice.token, sampleQuiz({ visibility: "private" }));
    expect(
      (await api(`/api/quizzes/${priv.id}/duplicate`, { method: "POST", headers: authHeaders(bob.token) })).status,
    ).toBe(404);
    expect(
      (await api(`/api/quizzes/${source.id}/duplicate`, { method: "POST", headers: authHeaders(sam.token) })).status,
    ).toBe(403);
  });
});

describe("catalog", () => {
  it("lists only the caller's quizzes for scope=mine and only public ones for scope=public", async () => {
    const carol = await registerTeacher({ name: "Carol" });
    const mine = await Promise.all(
      (["private", "public", "unlisted"] as const).map((visibility) =>
        createQuiz(carol.token, sampleQuiz({ visibility, title: `Carol ${visibility}` })),
      ),
    );
    const own = await list(carol.token, { scope: "mine" });
    expect(own.items.map((i) => i.id).sort()).toEqual(mine.map((q) => q.id).sort());
    expect(own.items[0]).toMatchObject({ ownerName: "Carol", questionCount: 2, tags: ["geography"] });

    const pub = await list(sam.token, { scope: "public", limit: "50" });
    const ids = new Set(pub.items.map((i) => i.id));
    expect(ids.has(mine[1].id)).toBe(true);
    expect(ids.has(mine[0].id)).toBe(false);
    expect(ids.has(mine[2].id)).toBe(false);
    expect(pub.items.every((i) => i.visibility === "public")).toBe(true);
  });

  it("searches title and description with LIKE wildcards taken literally, and filters by tag", async () => {
    const dana = await registerTeacher({ name: "Dana" });
    const a = await createQuiz(dana.token, sampleQuiz({ title: "100% sure", tags: ["maths"] }));
    const b = await createQuiz(dana.token, sampleQuiz({ title: "100 percent", tags: ["maths", "fun"] }));
    const c = await createQuiz(
      dana.token,
      sampleQuiz({ title: "Volcanoes", description: "snake_case and lava", tags: ["science"] }),
    );
    const d = await createQuiz(
      dana.token,
      sampleQuiz({ title: "Snakes", description: "snakeXcase", tags: ["science", "fun"] }),
    );
    const ids = async (params: Record<string, string>) =>
      (await list(dana.token, { scope: "mine", ...params })).items.map((i) => i.id).sort();

    expect(await ids({ q: "100%" })).toEqual([a.id]);
    expect(await ids({ q: "100" })).toEqual([a.id, b.id].sort());
    expect(await ids({ q: "snake_case" })).toEqual([c.id]);
    expect(await ids({ q: "LAVA" })).toEqual([c.id]);
    expect(await ids({ tag: "fun" })).toEqual([b.id, d.id].sort());
    expect(await ids({ tag: "FUN" })).toEqual([b.id, d.id].sort());
    expect(await ids({ tag: "fun", q: "snake" })).toEqual([d.id]);
    expect(await ids({ tag: "nothing-has-this" })).toEqual([]);
    expect(await ids({ q: "" })).toHaveLength(4);

    const ru = await createQuiz(
      dana.token,
      sampleQuiz({ title: "Русская литература", description: "Пушкин и Гоголь", language: "ru" }),
    );
    expect(await ids({ q: "русская" })).toEqual([ru.id]);
    expect(await ids({ q: "ЛИТЕРАТУРА" })).toEqual([ru.id]);
    expect(await ids({ q: "пушкин" })).toEqual([ru.id]);
  });

  it("pages newest first through every quiz once, with no duplicates or gaps", async () => {
    const erin = await registerTeacher({ name: "Erin" });
    const created: StoredQuiz[] = [];
    // Quick inserts often share a millisecond: the id breaks those ties.
    for (let i = 0; i < 23; i++) created.push(await createQuiz(erin.token, sampleQuiz({ title: `Quiz ${i}` })));
    const seen: string[] = [];
    const stamps: number[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page: CatalogPage = await list(erin.token, { scope: "mine", limit: "5", ...(cursor ? { cursor } : {}) });
      expect(page.items.length).toBeLessThanOrEqual(5);
      seen.push(...page.items.map((i) => i.id));
      stamps.push(...page.items.map((i) => i.updatedAt));
      cursor = page.nextCursor;
      pages += 1;
    } while (cursor && pages < 20);
    expect(pages).toBe(5);
    expect(seen).toHaveLength(23);
    expect(new Set(seen).size).toBe(23);
    expect([...seen].sort()).toEqual(created.map((q) => q.id).sort());
    for (let i = 1; i < stamps.length; i++) expect(stamps[i]).toBeLessThanOrEqual(stamps[i - 1]);

    const first = await list(erin.token, { scope: "mine" });
    expect(first.items).toHaveLength(20);
    expect(first.nextCursor).not.toBeNull();
  });

  it("rejects bad catalog queries with 400 naming the parameter", async () => {
    for (const [params, path] of [
      ["limit=0", "limit"],
      ["limit=51", "limit"],
      ["limit=abc", "limit"],
      ["scope=everyone", "scope"],
      ["cursor=not-a-cursor", "cursor"],
      ["cursor=%25%25", "cursor"],
    ] as const) {
      const res = await api(`/api/quizzes?${params}`, { headers: authHeaders(alice.token) });
      expect(res.status, params).toBe(400);
      expect(
        (await errorOf(res)).issues!.map((i) => i.path),
        params,
      ).toContain(path);
    }
  });
});

describe("JSON export and import", () => {
  const rich: QuizInput = {
    title: "Всё сразу: every type",
    description: "Round trip",
    tags: ["mixed"],
    language: "ru",
    visibility: "unlisted",
    questions: [
      { type: "single", text: "One?", options: ["a", "b"], correct: 1, points: "double", explanation: "b it is" },
      { type: "multi", text: "Some?", options: ["a", "b", "c"], correct: [0, 2] },
      { type: "truefalse", text: "True?", correct: false, timeLimit: 10 },
      { type: "text", text: "Say Ёж", accepted: ["ёж", "ezh"] },
      { type: "order", text: "Order", items: ["1", "2", "3"] },
      { type: "slider", text: "Slide", min: 0, max: 100, step: 5, correct: 40, tolerance: 5 },
      {
        type: "poll",
        text: "Which?",
        options: ["x", "y"],
        points: "none",
        image: "https://example.com/p.png",
        imageAlt: "Two shapes, x and y",
      },
    ],
  };

  it("exports a quiz as a download that imports back to the same quiz", async () => {
    const source = await createQuiz(alice.token, rich);
    const res = await api(`/api/quizzes/${source.id}/export`, { headers: authHeaders(bob.token) });
    expect(res.status).toBe(200);
    const disposition = res.headers.get("content-disposition")!;
    expect(disposition).toMatch(/^attachment;/);
    expect(disposition).toContain(".quickquiz.json");
    expect(disposition).toContain("filename*=UTF-8''");
    const envelope = await res.json();
    expect(quizExport.safeParse(envelope).success).toBe(true);

    const imported = await api("/api/quizzes/import", jsonInit("POST", envelope, bob.token));
    expect(imported.status).toBe(201);
    const copy = ((await imported.json()) as { quiz: StoredQuiz }).quiz;
    expect(copy.ownerId).toBe(bob.user.id);
    const strip = ({ id: _i, ownerId: _o, ownerName: _n, createdAt: _c, updatedAt: _u, ...rest }: StoredQuiz) => rest;
    expect(strip(copy)).toEqual(strip(source));
    await eventually(() =>
      env.DB.prepare("SELECT 1 AS one FROM events WHERE type = 'quiz.import' AND quiz_id = ?").bind(copy.id).first(),
    );
  });

  it("imports a bare quiz too", async () => {
    const res = await api("/api/quizzes/import", jsonInit("POST", rich, alice.token));
    expect(res.status).toBe(201);
    expect(((await res.json()) as { quiz: StoredQuiz }).quiz.questions).toHaveLength(7);
  });

  it("refuses a private quiz's export to others, bad files, and students", async () => {
    const priv = await createQuiz(alice.token, sampleQuiz());
    expect((await api(`/api/quizzes/${priv.id}/export`, { headers: authHeaders(bob.token) })).status).toBe(404);
    const before = await quizCount();
    const wrongVersion = await api(
      "/api/quizzes/import",
      jsonInit("POST", { format: "quickquiz", version: 2, quiz: rich }, alice.token),
    );
    expect(wrongVersion.status).toBe(400);
    expect((await errorOf(wrongVersion)).issues!.map((i) => i.path)).toEqual(["version"]);
    const badQuestion = await api(
      "/api/quizzes/import",
      jsonInit(
        "POST",
        {
          format: "quickquiz",
          version: 1,
          quiz: { ...rich, questions: [{ type: "single", text: "x", options: ["a", "b"], correct: 4 }] },
        },
        alice.token,
      ),
    );
    expect((await errorOf(badQuestion)).issues!.map((i) => i.path)).toEqual(["quiz.questions.0.correct"]);
    const notJson = await api("/api/quizzes/import", {
      method: "POST",
      headers: { "content-type": "application/json", ...authHeaders(alice.token) },
      body: "nope{",
    });
    expect(notJson.status).toBe(400);
    expect((await errorOf(notJson)).message).toMatch(/not valid JSON/);
    expect((await api("/api/quizzes/import", jsonInit("POST", rich, sam.token))).status).toBe(403);
    expect(await quizCount()).toBe(before);
  });
});

describe("CSV import", () => {
  const csvInit = (body: string, token: string): RequestInit => ({
    method: "POST",
    headers: { "content-type": "text/csv", ...authHeaders(token) },
    body,
  });

  it("imports the common spreadsheet layout: header, BOM, quoting, CRLF, multi and true/false", async () => {
    const csv =
      "\uFEFFQuestion,Answer 1,Answer 2,Answer 3,Answer 4,Time limit (sec),Correct answer(s)\r\n" +
      '"Which city is the capital of Spain, officially?",Madrid,Barcelona,Seville,,30,1\r\n' +
      '"Pick the ""prime"" numbers",2,4,7,9,20,"1,3"\r\n' +
      '"A question\nacross two lines",yes,no,,,,2\r\n' +
      "The Earth is flat.,True,False,,,10,2\r\n" +
      "Even numbers?,1,2,3,4,60,2;4\r\n";
    const res = await api(
      `/api/quizzes/import/csv?${new URLSearchParams({ title: "From a sheet", tags: "csv,Imported" })}`,
      csvInit(csv, alice.token),
    );
    expect(res.status).toBe(201);
    const q = ((await res.json()) as { quiz: StoredQuiz }).quiz;
    expect(q).toMatchObject({ title: "From a sheet", tags: ["csv", "imported"], visibility: "private" });
    const plain = q.questions.map(({ id: _id, ...rest }) => rest);
    expect(plain).toEqual([
      {
        type: "single",
        text: "Which city is the capital of Spain, officially?",
        options: ["Madrid", "Barcelona", "Seville"],
        correct: 0,
        timeLimit: 30,
        points: "standard",
      },
      {
        type: "multi",
        text: 'Pick the "prime" numbers',
        options: ["2", "4", "7", "9"],
        correct: [0, 2],
        timeLimit: 20,
        points: "standard",
      },
      {
        type: "single",
        text: "A question\nacross two lines",
        options: ["yes", "no"],
        correct: 1,
        timeLimit: 20,
        points: "standard",
      },
      { type: "truefalse", text: "The Earth is flat.", correct: false, timeLimit: 10, points: "standard" },
      {
        type: "multi",
        text: "Even numbers?",
        options: ["1", "2", "3", "4"],
        correct: [1, 3],
        timeLimit: 60,
        points: "standard",
      },
    ]);
  });

  it("imports a headerless, semicolon-separated sheet", async () => {
    const csv = "Столица России?;Москва;Казань;;;20;1\nКакие реки текут в Сибири?;Обь;Волга;Енисей;Лена;30;1,3,4\n";
    const res = await api("/api/quizzes/import/csv?language=ru", csvInit(csv, alice.token));
    expect(res.status).toBe(201);
    const q = ((await res.json()) as { quiz: StoredQuiz }).quiz;
    expect(q.language).toBe("ru");
    expect(q.questions.map((x) => x.type)).toEqual(["single", "multi"]);
    expect(q.questions[1]).toMatchObject({ options: ["Обь", "Волга", "Енисей", "Лена"], correct: [0, 2, 3] });
  });

  it("names the line of every bad row and imports nothing", async () => {
    const before = await quizCount();
    const csv = [
      "question,answer 1,answer 2,answer 3,answer 4,time limit,correct",
      '"Fine, but spans',
      'two lines",a,b,,,20,1',
      "No correct answer given,a,b,,,20,",
      "Bad time,a,b,,,soon,1",
      "Correct points at nothing,a,b,,,20,3",
      "Out of range time,a,b,,,999,1",
      "Lonely,a,,,,20,1",
    ].join("\n");
    const res = await api("/api/quizzes/import/csv", csvInit(csv, alice.token));
    expect(res.status).toBe(400);
    const err = await errorOf(res);
    const messages = err.issues!.map((i) => i.message);
    expect(messages.some((m) => m.startsWith("line 4: correct answer(s) missing"))).toBe(true);
    expect(messages.some((m) => m.startsWith("line 5: time limit must be a whole number"))).toBe(true);
    expect(messages.some((m) => m.startsWith("line 6: correct answer 3 points at an empty answer"))).toBe(true);
    expect(messages.some((m) => m.startsWith("line 7: time limit:"))).toBe(true);
    expect(messages.some((m) => m.startsWith("line 8: a question needs at least 2 answers"))).toBe(true);
    expect(messages.some((m) => m.startsWith("line 2") || m.startsWith("line 3"))).toBe(false);
    expect(err.issues!.map((i) => i.path)).toEqual(
      expect.arrayContaining(["line 4", "line 5", "line 6", "line 7", "line 8"]),
    );
    expect(await quizCount()).toBe(before);
  });

  it("refuses more rows than a quiz may have questions", async () => {
    const rows = Array.from({ length: 101 }, (_, i) => `Question ${i + 1},a,b,,,20,1`).join("\n");
    const res = await api("/api/quizzes/import/csv", csvInit(rows, alice.token));
    expect(res.status).toBe(400);
    expect((await errorOf(res)).message).toMatch(/101 questions; a quiz has at most 100/);
  });

  it("refuses an unclosed quote, an empty body, too many columns and students", async () => {
    const unclosed = await api(
      "/api/quizzes/import/csv",
      csvInit('Q1,a,b,,,20,1\n"Q2 never ends,a,b,,,20,1\n', alice.token),
    );
    expect(unclosed.status).toBe(400);
    expect((await errorOf(unclosed)).issues![0].message).toMatch(/^line 2: a quoted cell is never closed/);
    expect((await api("/api/quizzes/import/csv", csvInit("  \n", alice.token))).status).toBe(400);
    const wide = await api("/api/quizzes/import/csv", csvInit("Q,a,b,c,d,20,1,extra\n", alice.token));
    expect((await errorOf(wide)).issues![0].message).toMatch(/^line 1: expected 7 columns/);
    expect((await api("/api/quizzes/import/csv", csvInit("Q,a,b,,,20,1\n", sam.token))).status).toBe(403);
  });
});

describe("CSV parsing (pure)", () => {
  it("follows RFC 4180 and reports where each record starts", () => {
    const records = parseCsv('a,"b,c","d ""e"""\r\n\r\n"multi\r\nline",x\nlast,');
    expect(records).toEqual([
      { line: 1, cells: ["a", "b,c", 'd "e"'] },
      { line: 3, cells: ["multi\r\nline", "x"] },
      { line: 5, cells: ["last", ""] },
    ]);
  });

  it("reads back any table written with RFC 4180 quoting, with the right start lines", () => {
    const cell = fc.string({ unit: fc.constantFrom("a", "Я", " ", ",", ";", '"', "\n", "\r\n", "1"), maxLength: 8 });
    fc.assert(
      fc.property(
        fc.array(fc.array(cell, { minLength: 2, maxLength: 6 }), { minLength: 1, maxLength: 6 }),
        fc.constantFrom(",", ";"),
        fc.constantFrom("\n", "\r\n"),
        (rows, delimiter, eol) => {
          const text = rows.map((r) => r.map((c) => `"${c.replace(/"/g, '""')}"`).join(delimiter)).join(eol);
          let line = 1;
          const expected = rows.map((cells) => {
            const record = { line, cells };
            line += cells.join("").split("\n").length - 1 + 1;
            return record;
          });
          expect(parseCsv(text, delimiter)).toEqual(expected);
        },
      ),
      { numRuns: 300 },
    );
  });

  it("treats a first row of column names as a header, and a first question as data", () => {
    expect(csvToQuestions("Question,A1,A2,A3,A4,Time,Correct\nQ,a,b,,,20,2").questions).toHaveLength(1);
    expect(csvToQuestions("What time is it?,noon,midnight,,,20,2").questions).toHaveLength(1);
  });
});

describe("demo quizzes", () => {
  const files = import.meta.glob<{ default: unknown }>("../scripts/demo-quizzes/*.json", { eager: true });

  it("are valid quizzes that together use every question type, one of them in Russian", () => {
    const quizzes = Object.entries(files).map(([path, mod]) => {
      const parsed = quizSchema.safeParse(mod.default);
      expect(parsed.error?.issues ?? [], path).toEqual([]);
      return parsed.data!;
    });
    expect(quizzes.length).toBeGreaterThanOrEqual(3);
    const types = new Set(quizzes.flatMap((q) => q.questions.map((x) => x.type)));
    expect([...types].sort()).toEqual(["multi", "order", "poll", "single", "slider", "text", "truefalse"]);
    expect(quizzes.some((q) => q.language === "ru")).toBe(true);
    expect(quizzes.every((q) => q.visibility === "public")).toBe(true);
  });
});
