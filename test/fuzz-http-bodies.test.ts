// Property-based fuzzing of every HTTP endpoint that takes a JSON body: random JSON values, wrong
// types, huge and deeply nested bodies, non-JSON bytes, every kind of Content-Type, and single
// mutations of a valid body (a field deleted, retyped or set to a nasty string). Each input gets
// the answer the shared zod schema predicts: a 4xx in the one error shape when it is bad (413 too
// big, 415 not sent as JSON, 400 otherwise, lone surrogates included), the documented success when it is good. D1's row
// counts change by exactly what the accepted inputs explain, and normal requests work afterwards.
import { env } from "cloudflare:workers";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loginRequest, registerRequest } from "../schema/auth.ts";
import { clientLogBatch, CLIENT_LOG_LIMITS } from "../schema/events.ts";
import { quiz } from "../schema/quiz.ts";
import { MAX_BODY_BYTES } from "../worker/app.ts";
import { hostBody, joinBody } from "../worker/games/routes.ts";
import { changePasswordRequest, resetPasswordRequest, updateMeRequest } from "../schema/accounts.ts";
import { adminUserPatch, unpublishRequest } from "../schema/admin.ts";
// What the API saves: the quiz schema plus "every formula renders" (and, when creating or saving, alt text).
import { importedQuizWithMath, quizExportWithMath, quizWithMath } from "../worker/math/quiz-math.ts";
import { everyTypeQuiz, sampleQuiz, uniqueEmail } from "./helpers/api.ts";
import { makeUser } from "./helpers/fixtures.ts";
import {
  anyJson,
  anyString,
  bodyBytes,
  CONTENT_TYPES,
  countRows,
  Delta,
  expectClientError,
  JSON_TYPES,
  nastyString,
  rawBody,
  send,
  Tally,
  type Counts,
  type RawBody,
  type Reply,
  clip,
  holdsLoneSurrogate,
  hostGame,
  makeAdmin,
  postQuiz,
  signUp,
  type Account,
} from "./helpers/fuzz-http.ts";

const tally = new Tally("fuzz-http-bodies");
afterAll(() => console.log(tally.summary()));

/** Runs per property; with 13 endpoints × 2 properties this is 3,900 generated requests. */
const RUNS = 150;

let teacher: Account;
let admin: Account;
let student: Account;
/** The user the admin endpoint changes (role, disabled): nobody else's session depends on it. */
let target: Account;
let publicQuizId: string;
let quizId: string;
let ownQuizTags = 0;
let game: { code: string; gameId: string };

interface Endpoint {
  name: string;
  method: "POST" | "PUT" | "PATCH";
  path: () => string;
  headers?: () => Record<string, string>;
  /** What the server reads the body with: Hono's validator treats an empty non-JSON body as `{}`; readJson refuses it. */
  reader: "validator" | "readJson";
  maxBytes: number;
  /** Whether the endpoint's own schema accepts this value. */
  valid: (value: unknown) => boolean;
  /** A valid body to mutate (fresh each time: a sign-up needs a new email). */
  base: () => Record<string, unknown>;
  /** Checks the reply to a schema-valid body, and books what it changed in D1. */
  accepted: (r: Reply, value: unknown, delta: Delta) => void | Promise<void>;
}

const bearer = () => ({ authorization: `Bearer ${teacher.token}` });
const adminBearer = () => ({ authorization: `Bearer ${admin.token}` });
const studentBearer = () => ({ authorization: `Bearer ${student.token}` });

let spare: { id: string };
/**
 * The per-account quotas (worker/quotas.ts) would end a run after 30 games or 200 quizzes of the one
 * teacher. What is accepted is booked, then taken off that account (its games aged past the hour, a
 * new quiz handed to a spare account; neither changes a row count), so every valid body still gets
 * the one predicted answer. The quotas themselves: test/quotas.test.ts.
 */
async function spareQuota(newQuizId?: string): Promise<void> {
  if (newQuizId) await env.DB.prepare("UPDATE quizzes SET owner_id = ? WHERE id = ?").bind(spare.id, newQuizId).run();
  else
    await env.DB.prepare("UPDATE games SET created_at = created_at - 3600001 WHERE host_id = ?")
      .bind(teacher.user.id)
      .run();
}

async function bookQuiz(r: Reply, value: unknown, delta: Delta, what: string) {
  expect(r.status, `${what}: ${clip(r.text, 300)}`).toBe(201);
  const stored = (r.json as { quiz: Record<string, unknown> }).quiz;
  const body = value as Record<string, unknown>;
  const expected = quiz.parse("format" in body ? (body as { quiz: unknown }).quiz : body);
  // What was accepted is what is stored, character for character (lone surrogates and all).
  expect({
    title: stored.title,
    description: stored.description,
    tags: stored.tags,
    language: stored.language,
  }).toEqual({
    title: expected.title,
    description: expected.description,
    // The store keeps a quiz's tags sorted.
    tags: [...expected.tags].sort(),
    language: expected.language,
  });
  delta.add("quizzes");
  delta.add("quiz_tags", expected.tags.length);
  delta.add("events");
  await spareQuota(stored.id as string);
}

const endpoints: Endpoint[] = [
  {
    name: "POST /api/auth/register",
    method: "POST",
    path: () => "/api/auth/register",
    reader: "validator",
    maxBytes: MAX_BODY_BYTES,
    valid: (v) => registerRequest.safeParse(v).success,
    base: () => ({ email: uniqueEmail("fuzz"), password: "long enough password", name: "Fuzz", role: "student" }),
    accepted: (r, _v, delta) => {
      expect([201, 409], clip(r.text, 300)).toContain(r.status);
      if (r.status === 201) {
        delta.add("users");
        delta.add("events");
      } else expectClientError(r, "register conflict");
    },
  },
  {
    name: "POST /api/auth/login",
    method: "POST",
    path: () => "/api/auth/login",
    reader: "validator",
    maxBytes: MAX_BODY_BYTES,
    valid: (v) => loginRequest.safeParse(v).success,
    base: () => ({ email: "nobody@example.test", password: "not the password" }),
    accepted: (r, _v, delta) => {
      // Nobody has these credentials: a well-formed attempt is a 401 and an auth.login_failed event.
      expectClientError(r, "login");
      expect(r.status).toBe(401);
      delta.add("events");
    },
  },
  {
    name: "POST /api/quizzes",
    method: "POST",
    path: () => "/api/quizzes",
    headers: bearer,
    reader: "validator",
    maxBytes: MAX_BODY_BYTES,
    // Creating and saving also need alt text on every image (imports do not: older files have none).
    valid: (v) => quizWithMath.safeParse(v).success,
    base: () => everyTypeQuiz() as unknown as Record<string, unknown>,
    accepted: (r, v, delta) => bookQuiz(r, v, delta, "create"),
  },
  {
    name: "PUT /api/quizzes/:id",
    method: "PUT",
    path: () => `/api/quizzes/${quizId}`,
    headers: bearer,
    reader: "validator",
    maxBytes: MAX_BODY_BYTES,
    // Creating and saving also need alt text on every image (imports do not: older files have none).
    valid: (v) => quizWithMath.safeParse(v).success,
    base: () => everyTypeQuiz() as unknown as Record<string, unknown>,
    accepted: (r, v, delta) => {
      expect(r.status, clip(r.text, 300)).toBe(200);
      const tags = quiz.parse(v).tags.length;
      delta.add("quiz_tags", tags - ownQuizTags);
      ownQuizTags = tags;
      delta.add("events");
    },
  },
  {
    name: "POST /api/quizzes/import",
    method: "POST",
    path: () => "/api/quizzes/import",
    headers: bearer,
    reader: "readJson",
    maxBytes: MAX_BODY_BYTES,
    valid: (v) => {
      const envelope = typeof v === "object" && v !== null && "format" in v;
      return (envelope ? quizExportWithMath : importedQuizWithMath).safeParse(v).success;
    },
    base: () => ({ format: "quickquiz", version: 1, quiz: everyTypeQuiz() }),
    accepted: (r, v, delta) => bookQuiz(r, v, delta, "import"),
  },
  {
    name: "POST /api/logs",
    method: "POST",
    path: () => "/api/logs",
    reader: "readJson",
    maxBytes: CLIENT_LOG_LIMITS.bodyBytes,
    valid: (v) => clientLogBatch.safeParse(v).success,
    base: () => ({
      events: [
        { type: "client.error", ts: 1, path: "/play", message: "boom", detail: { line: 1, file: "x.js" } },
        { type: "client.page_view" },
      ],
    }),
    accepted: (r, v, delta) => {
      expect(r.status, clip(r.text, 300)).toBe(202);
      const n = (v as { events: unknown[] }).events.length;
      expect(r.json).toEqual({ accepted: n });
      delta.add("events", n);
    },
  },
  {
    name: "POST /api/games",
    method: "POST",
    path: () => "/api/games",
    headers: bearer,
    reader: "validator",
    maxBytes: MAX_BODY_BYTES,
    valid: (v) => hostBody.safeParse(v).success,
    base: () => ({
      quizId,
      settings: { shuffleQuestions: true, readingTime: 0, maxPlayers: 10, nicknames: "free" },
      locationHint: "weur",
    }),
    accepted: async (r, v, delta) => {
      if ((v as { quizId: string }).quizId !== quizId) {
        expectClientError(r, "host another quiz");
        expect(r.status).toBe(404);
        return;
      }
      expect(r.status, clip(r.text, 300)).toBe(201);
      delta.add("games");
      delta.add("events");
      await spareQuota();
    },
  },
  {
    name: "POST /api/rooms/:code/join",
    method: "POST",
    path: () => `/api/rooms/${game.code}/join`,
    reader: "validator",
    maxBytes: MAX_BODY_BYTES,
    valid: (v) => joinBody.safeParse(v).success,
    base: () => ({ nickname: "Fuzzy" }),
    accepted: (r) => {
      // A well-formed join may still be refused: a bad or taken nickname, a full room.
      if (r.status === 201) joined += 1;
      else {
        expectClientError(r, "join refused");
        expect([400, 403, 409]).toContain(r.status);
      }
    },
  },
  {
    name: "PATCH /api/auth/me",
    method: "PATCH",
    path: () => "/api/auth/me",
    headers: bearer,
    reader: "validator",
    maxBytes: MAX_BODY_BYTES,
    valid: (v) => updateMeRequest.safeParse(v).success,
    base: () => ({ name: "Fuzzed Name" }),
    accepted: (r, v, delta) => {
      expect(r.status, clip(r.text, 300)).toBe(200);
      expect((r.json as { user: { name: string } }).user.name).toBe(updateMeRequest.parse(v).name);
      delta.add("events");
    },
  },
  {
    // Nobody knows the student's password: a well-formed change is refused as a wrong current password.
    name: "POST /api/auth/password",
    method: "POST",
    path: () => "/api/auth/password",
    headers: studentBearer,
    reader: "validator",
    maxBytes: MAX_BODY_BYTES,
    valid: (v) => changePasswordRequest.safeParse(v).success,
    base: () => ({ currentPassword: "not the password", newPassword: "a new long password" }),
    accepted: (r, _v, delta) => {
      expectClientError(r, "password change");
      expect(r.status).toBe(400);
      expect((r.json as { error: { issues: { path: string }[] } }).error.issues[0].path).toBe("currentPassword");
      delta.add("events");
    },
  },
  {
    name: "POST /api/auth/reset",
    method: "POST",
    path: () => "/api/auth/reset",
    reader: "validator",
    maxBytes: MAX_BODY_BYTES,
    valid: (v) => resetPasswordRequest.safeParse(v).success,
    base: () => ({ token: "x".repeat(43), password: "a new long password" }),
    accepted: (r, _v, delta) => {
      // No link was ever issued with such a token.
      expectClientError(r, "reset");
      expect(r.status).toBe(400);
      delta.add("events");
    },
  },
  {
    name: "PATCH /api/admin/users/:id",
    method: "PATCH",
    path: () => `/api/admin/users/${target.user.id}`,
    headers: adminBearer,
    reader: "validator",
    maxBytes: MAX_BODY_BYTES,
    valid: (v) => adminUserPatch.safeParse(v).success,
    base: () => ({ role: "student", disabled: false }),
    accepted: (r, v, delta) => {
      expect(r.status, clip(r.text, 300)).toBe(200);
      expect((r.json as { user: Record<string, unknown> }).user).toMatchObject(adminUserPatch.parse(v));
      delta.add("events");
    },
  },
  {
    name: "POST /api/admin/quizzes/:id/unpublish",
    method: "POST",
    path: () => `/api/admin/quizzes/${publicQuizId}/unpublish`,
    headers: adminBearer,
    reader: "validator",
    maxBytes: MAX_BODY_BYTES,
    valid: (v) => unpublishRequest.safeParse(v).success,
    base: () => ({ reason: "Fuzzed reason" }),
    accepted: (r, _v, delta) => {
      // The first good body unpublishes it; after that it is not public any more.
      if (r.status === 200) delta.add("events");
      else {
        expectClientError(r, "unpublish again");
        expect(r.status).toBe(409);
      }
    },
  },
];
let joined = 0;

/** What the server makes of the body bytes: the Fetch "UTF-8 decode" (lossy, BOM dropped), then JSON.parse. */
function serverView(body: RawBody): { ok: true; value: unknown } | { ok: false } {
  const bytes = typeof body.text === "string" ? new TextEncoder().encode(body.text) : body.text;
  try {
    return { ok: true, value: JSON.parse(new TextDecoder().decode(bytes)) };
  } catch {
    return { ok: false };
  }
}

/** Sends one input and checks the reply against what the schema predicts. */
async function probe(ep: Endpoint, body: RawBody, contentType: string | undefined, delta: Delta): Promise<void> {
  const headers: Record<string, string> = { ...(ep.headers?.() ?? {}) };
  if (contentType !== undefined) headers["content-type"] = contentType;
  const text = body.text;
  const r = tally.note(await send(ep.path(), { method: ep.method, headers, body: text as BodyInit }));
  const what = `${ep.name} with ${contentType ?? "no content type"} and ${bodyBytes(text)} bytes: ${typeof text === "string" ? JSON.stringify(clip(text, 120)) : `[${text.slice(0, 20)}]`}`;
  expect(r.status, `${what}: no server error`).toBeLessThan(500);
  const size = bodyBytes(text);
  const isJson = contentType !== undefined && JSON_TYPES.has(contentType);
  if (size > ep.maxBytes) {
    expectClientError(r, what);
    return void expect(r.status, what).toBe(413);
  }
  let view: { ok: true; value: unknown } | { ok: false };
  if (!isJson) {
    if (size > 0) {
      expectClientError(r, what);
      return void expect(r.status, what).toBe(415);
    }
    view = ep.reader === "validator" ? { ok: true, value: {} } : { ok: false };
  } else view = serverView(body);
  // JSON may spell lone surrogates ("\ud800"): not Unicode text, so refused wherever they are.
  if (view.ok && !holdsLoneSurrogate(view.value) && ep.valid(view.value))
    return void (await ep.accepted(r, view.value, delta));
  expectClientError(r, what);
  expect(r.status, what).toBe(400);
}

// ---------- single mutations of a valid body ----------

type Path = (string | number)[];
function paths(value: unknown, at: Path = []): Path[] {
  if (value === null || typeof value !== "object") return [at];
  const children = Object.entries(value as object).flatMap(([k, v]) =>
    paths(v, [...at, Array.isArray(value) ? Number(k) : k]),
  );
  return [at, ...children];
}

type Mutation = { op: "set"; value: unknown } | { op: "delete" } | { op: "extra"; key: string; value: unknown };
const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ op: fc.constant("set" as const), value: anyJson }),
  fc.record({ op: fc.constant("set" as const), value: nastyString }),
  fc.record({ op: fc.constant("set" as const), value: anyString }),
  fc.constant({ op: "delete" as const }),
  fc.record({ op: fc.constant("extra" as const), key: anyString, value: anyJson }),
);

function mutate(base: Record<string, unknown>, pick: number, m: Mutation): unknown {
  const copy = structuredClone(base);
  const all = paths(copy);
  const path = all[pick % all.length];
  if (path.length === 0) return m.op === "set" ? m.value : copy;
  const parent = path.slice(0, -1).reduce<any>((o, k) => o[k], copy);
  const last = path[path.length - 1];
  if (m.op === "set") parent[last] = m.value;
  else if (m.op === "delete") Array.isArray(parent) ? parent.splice(last as number, 1) : delete parent[last];
  else {
    const target = parent[last];
    if (target && typeof target === "object" && !Array.isArray(target))
      Object.defineProperty(target, m.key, { value: m.value, enumerable: true, writable: true, configurable: true });
    else parent[last] = m.value;
  }
  return copy;
}

describe("fuzzing the JSON endpoints", () => {
  let before: Counts;
  const roomPlayersBefore = 0;
  const delta = new Delta();

  beforeAll(async () => {
    teacher = await signUp("teacher");
    [admin, student, target] = await Promise.all([makeAdmin(), signUp("student"), signUp("student")]);
    publicQuizId = (await postQuiz(teacher.token, sampleQuiz({ visibility: "public", tags: [] }))).id;
    spare = await makeUser("teacher", "Spare");
    const q = await postQuiz(teacher.token, everyTypeQuiz({ tags: ["a", "b"] }));
    quizId = q.id;
    ownQuizTags = q.tags.length;
    game = await hostGame(teacher.token, quizId, { maxPlayers: 5000 });
    before = await countRows();
  });

  for (const ep of endpoints) {
    it(`${ep.name}: ${RUNS} random bodies × content types get the predicted answer, never a 5xx`, async () => {
      await fc.assert(
        fc.asyncProperty(rawBody, fc.constantFrom(...CONTENT_TYPES), (body, type) => probe(ep, body, type, delta)),
        { numRuns: RUNS },
      );
    });

    it(`${ep.name}: ${RUNS} single mutations of a valid body get the predicted answer`, async () => {
      await fc.assert(
        fc.asyncProperty(fc.nat(), mutation, async (pick, m) => {
          const value = mutate(ep.base(), pick, m);
          await probe(ep, { kind: "json", value, text: JSON.stringify(value) ?? "null" }, "application/json", delta);
        }),
        { numRuns: RUNS },
      );
    });
  }

  it("a valid body without a JSON Content-Type is a 415 that says so, on every JSON route (not a misleading 'missing fields')", async () => {
    for (const ep of endpoints) {
      for (const type of [undefined, "text/plain;charset=UTF-8", "application/x-www-form-urlencoded"]) {
        const headers: Record<string, string> = {
          ...(ep.headers?.() ?? {}),
          ...(type ? { "content-type": type } : {}),
        };
        const r = tally.note(await send(ep.path(), { method: ep.method, headers, body: JSON.stringify(ep.base()) }));
        const what = `${ep.name} as ${type ?? "no content type"}`;
        expectClientError(r, what);
        expect(r.status, what).toBe(415);
        expect(r.json, what).toMatchObject({ error: { code: "unsupported_media_type" } });
        expect((r.json as { error: { message: string } }).error.message, what).toContain(
          "Content-Type: application/json",
        );
      }
    }
  });

  it("D1 changed by exactly what the accepted inputs explain, the room by exactly its accepted joins", async () => {
    expect(await countRows()).toEqual(delta.applyTo(before));
    const info = await send(`/api/rooms/${game.code}`);
    expect(info.status).toBe(200);
    expect((info.json as { playerCount: number }).playerCount).toBe(roomPlayersBefore + joined);
    console.log(`fuzz-http-bodies: accepted changes ${JSON.stringify(delta.by)}, ${joined} joins`);
  });

  it("normal requests still work afterwards", async () => {
    const json = { "content-type": "application/json" };
    const list = await send("/api/quizzes?scope=mine", { headers: bearer() });
    expect(list.status).toBe(200);
    const get = await send(`/api/quizzes/${quizId}`, { headers: bearer() });
    expect(get.status).toBe(200);
    const created = await send("/api/quizzes", {
      method: "POST",
      headers: { ...bearer(), ...json },
      body: JSON.stringify(everyTypeQuiz({ title: "After the storm" })),
    });
    expect(created.status, created.text).toBe(201);
    const logged = await send("/api/logs", {
      method: "POST",
      headers: json,
      body: JSON.stringify({ events: [{ type: "client.page_view" }] }),
    });
    expect(logged.status).toBe(202);
    const join = await send(`/api/rooms/${game.code}/join`, {
      method: "POST",
      headers: json,
      body: JSON.stringify({ nickname: "Calm Player" }),
    });
    expect(join.status, join.text).toBe(201);
    const me = await send("/api/auth/me", { headers: bearer() });
    expect(me.status).toBe(200);
    expect(tally.serverErrors, tally.summary()).toBe(0);
  });
});
