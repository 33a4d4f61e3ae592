import { exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";

describe("health and unknown routes", () => {
  it("answers /api/health", async () => {
    const res = await exports.default.fetch("http://qq.test/api/health");
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ ok: true });
  });

  it("gives a JSON 404 for an unknown API route", async () => {
    const res = await exports.default.fetch("http://qq.test/api/nope");
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ error: { code: "not_found", message: "no such endpoint: GET /api/nope" } });
  });

  it("has the migrations applied to D1", async () => {
    const { env } = await import("cloudflare:workers");
    const tables = await env.DB.prepare("select name from sqlite_master where type='table' order by name").all<{
      name: string;
    }>();
    expect(tables.results.map((r) => r.name)).toEqual(
      expect.arrayContaining(["users", "quizzes", "games", "answers", "events"]),
    );
  });
});
