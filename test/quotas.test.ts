// Issue #12 item 8: per-account quotas. A new teacher hosting game after game is refused on the
// 31st within the hour; storing more quizzes, or more bytes of questions, than an account may is
// refused; all with 429 in the one error shape, and nothing is written.
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { GAMES_PER_HOUR, QUIZ_BYTES_STORED, QUIZZES_STORED } from "../worker/quotas.ts";
import { api, createQuiz, registerTeacher, sampleQuiz } from "./helpers/api.ts";

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
      error: { code: "rate_limited", message: expect.stringContaining("hour") },
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
        error: { code: "rate_limited", message: expect.stringContaining("200") },
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
      error: { code: "rate_limited", message: expect.stringContaining("MB") },
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
});
