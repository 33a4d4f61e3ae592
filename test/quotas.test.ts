// Issue #12 item 8 and the outside probe's finding 2: per-account quotas (worker/quotas.ts, one
// table of kinds and one checkQuota) on every way to create work: live games and assignments
// together per hour, assignments open at once, uploads per hour, import file reads per hour,
// quizzes and bytes stored. Each refusal is a 429 in the one error shape naming its kind, and
// nothing is written.
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { IMPORT_READ_EVENT, QUOTAS, type QuotaKind } from "../worker/quotas.ts";
import { api, createQuiz, registerTeacher, sampleQuiz } from "./helpers/api.ts";
import { assign } from "./helpers/assignment-client.ts";
import { makePng, upload } from "./helpers/media.ts";

const GAMES_PER_HOUR = QUOTAS.hosting.limit;
const QUIZZES_STORED = QUOTAS.quizzes.limit;
const QUIZ_BYTES_STORED = QUOTAS.quizBytes.limit;

const INSERT = `INSERT INTO quizzes (id, owner_id, title, description, language, visibility, questions, question_count, created_at, updated_at)
  VALUES (?, ?, 'Stored', '', 'en', 'private', ?, 1, ?, ?)`;
// A questions column of exactly `bytes` bytes, built by SQLite so the test does not ship megabytes.
const INSERT_SIZED = `INSERT INTO quizzes (id, owner_id, title, description, language, visibility, questions, question_count, created_at, updated_at)
  VALUES (?, ?, 'Big', '', 'en', 'private', '["' || replace(hex(zeroblob(?)), '0', 'x') || '"]', 1, ?, ?)`;

async function quizCount(ownerId: string): Promise<number> {
  return (await env.DB.prepare("SELECT count(*) AS n FROM quizzes WHERE owner_id = ?")
    .bind(ownerId)
    .first<{ n: number }>())!.n;
}

describe("per-account quotas", () => {
  it(`a new teacher hosting ${GAMES_PER_HOUR + 1} games in a row gets 429 on the last`, async () => {
    const teacher = await registerTeacher();
    const quiz = await createQuiz(teacher.token, sampleQuiz());
    for (let i = 0; i < GAMES_PER_HOUR; i++) {
      const res = await api("/api/games", { method: "POST", token: teacher.token, json: { quizId: quiz.id } });
      expect(res.status, `game ${i + 1}`).toBe(201);
    }
    const refused = await api("/api/games", { method: "POST", token: teacher.token, json: { quizId: quiz.id } });
    expect(refused.status).toBe(429);
    expect(await refused.json()).toMatchObject({
      error: {
        code: "rate_limited",
        message: expect.stringMatching(/last hour.*try again in about \d+ minutes/),
        issues: [{ path: "quota", message: "hosting" }],
      },
    });
    const hosted = await env.DB.prepare("SELECT count(*) AS n FROM games WHERE host_id = ?")
      .bind(teacher.user.id)
      .first<{ n: number }>();
    expect(hosted!.n).toBe(GAMES_PER_HOUR);
    // Games hosted more than an hour ago no longer count.
    await env.DB.prepare("UPDATE games SET created_at = created_at - 3600001 WHERE host_id = ?")
      .bind(teacher.user.id)
      .run();
    expect((await api("/api/games", { method: "POST", token: teacher.token, json: { quizId: quiz.id } })).status).toBe(
      201,
    );
    // Another teacher is not affected by this one's quota.
    const other = await registerTeacher();
    const othersQuiz = await createQuiz(other.token, sampleQuiz());
    expect(
      (await api("/api/games", { method: "POST", token: other.token, json: { quizId: othersQuiz.id } })).status,
    ).toBe(201);
  });

  it(`storing a quiz beyond ${QUIZZES_STORED} quizzes is 429 on every route that creates one`, async () => {
    const teacher = await registerTeacher();
    const publicQuiz = await createQuiz((await registerTeacher()).token, sampleQuiz({ visibility: "public" }));
    const now = Date.now();
    const questions = JSON.stringify(sampleQuiz().questions);
    await env.DB.batch(
      Array.from({ length: QUIZZES_STORED }, () =>
        env.DB.prepare(INSERT).bind(crypto.randomUUID(), teacher.user.id, questions, now, now),
      ),
    );
    const attempts = [
      api("/api/quizzes", { method: "POST", token: teacher.token, json: sampleQuiz() }),
      api("/api/quizzes/import", { method: "POST", token: teacher.token, json: sampleQuiz() }),
      api(`/api/quizzes/${publicQuiz.id}/duplicate`, { method: "POST", token: teacher.token }),
      api("/api/quizzes/import/csv?title=CSV", {
        method: "POST",
        token: teacher.token,
        headers: { "content-type": "text/csv" },
        body: "Capital of France?,Paris,Lyon,,,20,1\n",
      }),
    ];
    for (const res of await Promise.all(attempts)) {
      expect(res.status, await res.clone().text()).toBe(429);
      expect(await res.json()).toMatchObject({
        error: { code: "quota_exceeded", message: expect.stringContaining("200"), issues: [{ message: "quizzes" }] },
      });
    }
    expect(await quizCount(teacher.user.id)).toBe(QUIZZES_STORED);
    // Editing one of them is no new quiz: allowed.
    const { id } = (await env.DB.prepare("SELECT id FROM quizzes WHERE owner_id = ? LIMIT 1")
      .bind(teacher.user.id)
      .first<{ id: string }>())!;
    expect((await api(`/api/quizzes/${id}`, { method: "PUT", token: teacher.token, json: sampleQuiz() })).status).toBe(
      200,
    );
    // Deleting one makes room for one.
    expect((await api(`/api/quizzes/${id}`, { method: "DELETE", token: teacher.token })).status).toBe(204);
    expect((await api("/api/quizzes", { method: "POST", token: teacher.token, json: sampleQuiz() })).status).toBe(201);
  });

  it(`storing more than ${QUIZ_BYTES_STORED / 1_000_000} MB of questions is 429, creating or editing`, async () => {
    const teacher = await registerTeacher();
    const small = await createQuiz(teacher.token, sampleQuiz());
    const smallBytes = new TextEncoder().encode(JSON.stringify(small.questions)).length;
    // Big quizzes filling the quota to 100 bytes short of it (each column is '["' + 2n × "x" + '"]').
    const now = Date.now();
    const big = (bytes: number) =>
      env.DB.prepare(INSERT_SIZED).bind(crypto.randomUUID(), teacher.user.id, (bytes - 4) / 2, now, now);
    const left = QUIZ_BYTES_STORED - smallBytes - 100;
    const parts = Array.from({ length: 19 }, () => 1_000_000);
    parts.push(left - parts.reduce((a, b) => a + b, 0));
    expect(parts.every((b) => b % 2 === 0 && b > 4 && b < 2_000_000)).toBe(true);
    await env.DB.batch(parts.map(big));
    const stored = await env.DB.prepare(
      "SELECT sum(length(CAST(questions AS BLOB))) AS b FROM quizzes WHERE owner_id = ?",
    )
      .bind(teacher.user.id)
      .first<{ b: number }>();
    expect(stored!.b).toBe(QUIZ_BYTES_STORED - 100);

    const before = await quizCount(teacher.user.id);
    const create = await api("/api/quizzes", { method: "POST", token: teacher.token, json: sampleQuiz() });
    expect(create.status).toBe(429);
    expect(await create.json()).toMatchObject({
      error: { code: "quota_exceeded", message: expect.stringContaining("MB"), issues: [{ message: "quizBytes" }] },
    });
    expect(await quizCount(teacher.user.id)).toBe(before);
    // Growing the small quiz past the quota is refused too; keeping its size is not.
    const grown = sampleQuiz({ description: "", questions: [...sampleQuiz().questions, ...sampleQuiz().questions] });
    expect((await api(`/api/quizzes/${small.id}`, { method: "PUT", token: teacher.token, json: grown })).status).toBe(
      429,
    );
    expect(
      (await api(`/api/quizzes/${small.id}`, { method: "PUT", token: teacher.token, json: sampleQuiz() })).status,
    ).toBe(200);
  });

  it("assignments count with live games in the hour: at the limit, neither can be started", async () => {
    const teacher = await registerTeacher();
    const quiz = await createQuiz(teacher.token, sampleQuiz());
    const half = GAMES_PER_HOUR / 2;
    for (let i = 0; i < half; i++) await assign(teacher.token, quiz.id);
    for (let i = 0; i < GAMES_PER_HOUR - half; i++)
      expect(
        (await api("/api/games", { method: "POST", token: teacher.token, json: { quizId: quiz.id } })).status,
      ).toBe(201);
    // The probe's burst: many assignments at once, each refused, nothing written.
    const burst = await Promise.all(
      Array.from({ length: 10 }, () =>
        api("/api/assignments", {
          method: "POST",
          token: teacher.token,
          json: { quizId: quiz.id, settings: { deadline: Date.now() + 119 * 24 * 3600_000 } },
        }),
      ),
    );
    for (const res of burst) {
      expect(res.status).toBe(429);
      expect(await res.json()).toMatchObject({
        error: { code: "rate_limited", issues: [{ path: "quota", message: "hosting" }] },
      });
    }
    expect((await api("/api/games", { method: "POST", token: teacher.token, json: { quizId: quiz.id } })).status).toBe(
      429,
    );
    expect(await rows("SELECT count(*) AS n FROM games WHERE host_id = ?", teacher.user.id)).toBe(GAMES_PER_HOUR);
  });

  it("a fresh teacher's 60 assignments sent at once, racing the quota's check, make exactly the quota", async () => {
    const teacher = await registerTeacher();
    const quiz = await createQuiz(teacher.token, sampleQuiz());
    const burst = await Promise.all(
      Array.from({ length: 60 }, () =>
        api("/api/assignments", {
          method: "POST",
          token: teacher.token,
          json: { quizId: quiz.id, settings: { deadline: Date.now() + 119 * 24 * 3600_000 } },
        }),
      ),
    );
    const statuses = burst.map((r) => r.status);
    expect(statuses.filter((s) => s === 201).length, statuses.join(",")).toBe(GAMES_PER_HOUR);
    expect(statuses.filter((s) => s === 429).length).toBe(60 - GAMES_PER_HOUR);
    expect(await rows("SELECT count(*) AS n FROM games WHERE host_id = ?", teacher.user.id)).toBe(GAMES_PER_HOUR);
    for (const res of burst.filter((r) => r.status === 429))
      expect(await res.json()).toMatchObject({
        error: { code: "rate_limited", issues: [{ path: "quota", message: "hosting" }] },
      });
  });

  it(`at most ${QUOTAS.openAssignments.limit} assignments open at once, whenever they were made`, async () => {
    const teacher = await registerTeacher();
    const quiz = await createQuiz(teacher.token, sampleQuiz());
    const old = Date.now() - 7 * 24 * 3600_000;
    await env.DB.batch(
      Array.from({ length: QUOTAS.openAssignments.limit }, (_, i) =>
        env.DB.prepare(
          `INSERT INTO games (id, code, quiz_id, host_id, title, settings, snapshot, status, kind, deadline, question_count, created_at)
           VALUES (?, ?, ?, ?, 'Old', '{}', '[]', 'running', 'assignment', ?, 1, ?)`,
        ).bind(
          crypto.randomUUID(),
          `Q${String(i).padStart(5, "0")}`,
          quiz.id,
          teacher.user.id,
          Date.now() + 3600_000,
          old,
        ),
      ),
    );
    const refused = await api("/api/assignments", {
      method: "POST",
      token: teacher.token,
      json: { quizId: quiz.id, settings: { deadline: Date.now() + 3600_000 } },
    });
    expect(refused.status).toBe(429);
    expect(await refused.json()).toMatchObject({
      error: {
        code: "quota_exceeded",
        message: expect.stringContaining("open assignments"),
        issues: [{ message: "openAssignments" }],
      },
    });
    // A live game is not an assignment: still allowed. One assignment closed makes room for one.
    expect((await api("/api/games", { method: "POST", token: teacher.token, json: { quizId: quiz.id } })).status).toBe(
      201,
    );
    await env.DB.prepare(
      "UPDATE games SET status = 'ended' WHERE id = (SELECT id FROM games WHERE host_id = ? AND kind = 'assignment' LIMIT 1)",
    )
      .bind(teacher.user.id)
      .run();
    await assign(teacher.token, quiz.id);
  });

  it(`at most ${QUOTAS.uploads.limit} image uploads an hour, however small`, async () => {
    const teacher = await registerTeacher();
    const png = await makePng(4, 4);
    await insertMediaRows(teacher.user.id, QUOTAS.uploads.limit - 1, Date.now());
    expect((await upload(teacher.token, png)).status).toBe(201);
    const before = await rows("SELECT count(*) AS n FROM media WHERE owner_id = ?", teacher.user.id);
    const refused = await upload(teacher.token, png);
    expect(refused.status).toBe(429);
    expect(await refused.json()).toMatchObject({
      error: { code: "rate_limited", message: expect.stringContaining("uploaded"), issues: [{ message: "uploads" }] },
    });
    expect(await rows("SELECT count(*) AS n FROM media WHERE owner_id = ?", teacher.user.id)).toBe(before);
    // Uploads older than an hour no longer count.
    await env.DB.prepare("UPDATE media SET created_at = created_at - 3600001 WHERE owner_id = ?")
      .bind(teacher.user.id)
      .run();
    expect((await upload(teacher.token, png)).status).toBe(201);
  });

  it(`at most ${QUOTAS.imports.limit} import files read an hour, previews and failed files included`, async () => {
    const teacher = await registerTeacher();
    const gift = "::Q1:: What is 2+2? {=4 ~3 ~5}\n";
    const post = (path: string, body: string) =>
      api(path, { method: "POST", token: teacher.token, headers: { "content-type": "text/plain" }, body });
    const reads = () =>
      rows("SELECT count(*) AS n FROM events WHERE actor_id = ? AND type = ?", teacher.user.id, IMPORT_READ_EVENT);
    const now = Date.now();
    await env.DB.batch(
      Array.from({ length: QUOTAS.imports.limit - 2 }, () =>
        env.DB.prepare("INSERT INTO events (ts, type, actor_type, actor_id) VALUES (?, ?, 'user', ?)").bind(
          now,
          IMPORT_READ_EVENT,
          teacher.user.id,
        ),
      ),
    );
    // A broken file is read, and counts; a preview counts.
    expect((await post("/api/quizzes/import/gift?title=Broken", "::Q:: {")).status).toBe(400);
    expect((await post("/api/quizzes/import/preview?format=gift&title=T", gift)).status).toBe(200);
    expect(await reads()).toBe(QUOTAS.imports.limit);
    for (const path of ["/api/quizzes/import/preview?format=gift&title=T", "/api/quizzes/import/gift?title=T"]) {
      const res = await post(path, gift);
      expect(res.status, path).toBe(429);
      expect(await res.json()).toMatchObject({ error: { code: "rate_limited", issues: [{ message: "imports" }] } });
    }
    expect(await reads()).toBe(QUOTAS.imports.limit);
    expect(await rows("SELECT count(*) AS n FROM quizzes WHERE owner_id = ?", teacher.user.id)).toBe(0);
    // An hour later the reads no longer count.
    await env.DB.prepare("UPDATE events SET ts = ts - 3600001 WHERE actor_id = ?").bind(teacher.user.id).run();
    expect((await post("/api/quizzes/import/gift?title=T", gift)).status).toBe(201);
  });

  it("every kind in the table is a window or a stored total with a positive limit and a message", () => {
    for (const [kind, q] of Object.entries(QUOTAS) as [QuotaKind, (typeof QUOTAS)[QuotaKind]][]) {
      expect(q.limit, kind).toBeGreaterThan(0);
      expect(["window", "stored"], kind).toContain(q.per);
      expect(q.message(q.limit, 0, 0), kind).toMatch(/\S/);
    }
  });
});

async function rows(sqlText: string, ...binds: unknown[]): Promise<number> {
  return (await env.DB.prepare(sqlText)
    .bind(...binds)
    .first<{ n: number }>())!.n;
}

async function insertMediaRows(ownerId: string, n: number, createdAt: number) {
  await env.DB.batch(
    Array.from({ length: n }, () =>
      env.DB.prepare(
        "INSERT INTO media (key, owner_id, bytes, content_type, width, height, created_at) VALUES (?, ?, 10, 'image/png', 1, 1, ?)",
      ).bind(crypto.randomUUID().replace(/-/g, "").slice(0, 22), ownerId, createdAt),
    ),
  );
}
