// Shared machinery of the HTTP fuzz and abuse tests (fuzz-http-*.test.ts, abuse-http.test.ts):
// send a request through the real Worker and wait for everything it scheduled (waitUntil), check
// the one error shape, count D1 rows, and the generators of hostile input.
import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import fc from "fast-check";
import { expect } from "vitest";
import worker from "../../worker/index.ts";
import type { StoredQuiz } from "../../schema/catalog.ts";
import type { QuizInput } from "../../schema/quiz.ts";
import { BASE, freshIp, uniqueEmail } from "./api.ts";
import { insertAdmin } from "./fixtures.ts";

export interface Reply {
  status: number;
  headers: Headers;
  text: string;
  json: unknown;
}

/**
 * The real Worker's fetch with an execution context of our own, so that what a request logs with
 * waitUntil is in D1 before we count rows (exports.default.fetch would return before that).
 * Every request comes from an address of its own unless the caller sets one: the rate limiters
 * are real, and the fuzz tests are about validation, not floods.
 */
export async function send(path: string, init: RequestInit = {}): Promise<Reply> {
  const headers = new Headers(init.headers);
  if (!headers.has("cf-connecting-ip")) headers.set("cf-connecting-ip", freshIp());
  const ctx = createExecutionContext();
  const res = await worker.fetch(
    new Request(`${BASE}${path}`, { ...init, headers }) as Parameters<typeof worker.fetch>[0],
    env,
    ctx,
  );
  const text = res.webSocket ? "" : await res.text();
  await waitOnExecutionContext(ctx);
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, text, json };
}

/**
 * The first `n` characters, with lone surrogates replaced: a message holding one cannot travel
 * back to vitest (its WebSocket refuses invalid UTF-8), and slicing can split a pair.
 */
export function clip(s: string, n = 300): string {
  return s.slice(0, n).replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, "\ufffd");
}

/** Whether any string or key in a JSON value holds a lone surrogate (the server refuses those, 400). */
export function holdsLoneSurrogate(value: unknown): boolean {
  const lone = (s: string) =>
    Array.from(s).some((ch) => ch.length === 1 && ch.charCodeAt(0) >= 0xd800 && ch.charCodeAt(0) <= 0xdfff);
  const stack = [value];
  while (stack.length) {
    const v = stack.pop();
    if (typeof v === "string" && lone(v)) return true;
    if (v !== null && typeof v === "object")
      for (const [k, c] of Object.entries(v)) {
        if (lone(k)) return true;
        stack.push(c);
      }
  }
  return false;
}

export const ERROR_CODES = [
  "bad_request",
  "validation_failed",
  "unauthorized",
  "forbidden",
  "not_found",
  "conflict",
  "payload_too_large",
  "unsupported_media_type",
  "rate_limited",
] as const;

/** A 4xx in the one error shape: `{"error": {"code", "message", "issues"?: [{path, message}]}}`, as JSON. */
export function expectClientError(r: Reply, what: string): void {
  expect(r.status, `${what}: got ${r.status} ${clip(r.text)}`).toBeGreaterThanOrEqual(400);
  expect(r.status, `${what}: got ${r.status} ${clip(r.text)}`).toBeLessThan(500);
  expect(r.headers.get("content-type") ?? "", `${what}: error content type`).toMatch(/^application\/json/);
  const body = r.json as { error?: { code?: unknown; message?: unknown; issues?: unknown } } | undefined;
  expect(body?.error, `${what}: error shape of ${clip(r.text)}`).toBeTypeOf("object");
  expect(ERROR_CODES, `${what}: error code`).toContain(body!.error!.code);
  expect(body!.error!.message, `${what}: error message`).toBeTypeOf("string");
  expect((body!.error!.message as string).length, `${what}: empty message`).toBeGreaterThan(0);
  if (body!.error!.issues !== undefined) {
    expect(Array.isArray(body!.error!.issues), `${what}: issues is a list`).toBe(true);
    for (const i of body!.error!.issues as { path: unknown; message: unknown }[]) {
      expect(
        typeof i.path === "string" && typeof i.message === "string",
        `${what}: issue shape ${JSON.stringify(i)}`,
      ).toBe(true);
    }
  }
}

/** Tallies per file, printed as one summary line at the end. */
export class Tally {
  inputs = 0;
  serverErrors = 0;
  readonly statuses = new Map<number, number>();
  constructor(readonly name: string) {}
  /** Records a reply; a 5xx is counted here and then fails the test that sent it. */
  note(r: Reply): Reply {
    this.inputs += 1;
    this.statuses.set(r.status, (this.statuses.get(r.status) ?? 0) + 1);
    if (r.status >= 500) this.serverErrors += 1;
    return r;
  }
  summary(): string {
    const byStatus = [...this.statuses]
      .sort(([a], [b]) => a - b)
      .map(([s, n]) => `${s}×${n}`)
      .join(" ");
    return `${this.name}: ${this.inputs} inputs, ${this.serverErrors} server errors (${byStatus})`;
  }
}

// ---------- D1 rows ----------

/**
 * Rows per table. Events that rooms write (every one carries its game id) flush on the room's
 * own schedule, so they are left out; the worker's own game events (game.host) are counted.
 */
const COUNTS: Record<string, string> = {
  users: "SELECT count(*) AS n FROM users",
  revoked_sessions: "SELECT count(*) AS n FROM revoked_sessions",
  quizzes: "SELECT count(*) AS n FROM quizzes",
  quiz_tags: "SELECT count(*) AS n FROM quiz_tags",
  games: "SELECT count(*) AS n FROM games",
  game_players: "SELECT count(*) AS n FROM game_players",
  answers: "SELECT count(*) AS n FROM answers",
  events: "SELECT count(*) AS n FROM events WHERE game_id IS NULL OR type = 'game.host'",
};
export type Table = keyof typeof COUNTS;
export type Counts = Record<Table, number>;

export async function countRows(): Promise<Counts> {
  const results = await env.DB.batch(Object.values(COUNTS).map((sql) => env.DB.prepare(sql)));
  return Object.fromEntries(
    Object.keys(COUNTS).map((t, i) => [t, (results[i].results[0] as { n: number }).n]),
  ) as Counts;
}

/** Expected changes, added up as valid inputs are accepted. */
export class Delta {
  readonly by: Partial<Counts> = {};
  add(table: Table, n = 1): void {
    this.by[table] = (this.by[table] ?? 0) + n;
  }
  applyTo(before: Counts): Counts {
    return Object.fromEntries(Object.entries(before).map(([t, n]) => [t, n + (this.by[t] ?? 0)])) as Counts;
  }
}

// ---------- hostile input ----------

/** Strings that have broken parsers, databases, terminals and eyes before. */
export const NASTY_STRINGS = [
  "",
  " ",
  "\t\n\r",
  "\u0000",
  "a\u0000b",
  "\ud800",
  "\udfff",
  "x\ud83d",
  "\ude00y",
  "\u200b",
  "\u200d",
  "\u2060",
  "\u202eevil\u202c",
  "\u2066rtl\u2069",
  "\ufeff",
  "\u2028\u2029",
  "e\u0301\u0301\u0301",
  "👩‍👩‍👧‍👦",
  "𝕏𝕐",
  "İıßẞ",
  "\uffff\ufffe",
  "Ａｌｉｃｅ",
  "Аlice",
  "<script>alert(1)</script>",
  "' OR 1=1 --",
  "Robert'); DROP TABLE users;--",
  "${7*7}{{7*7}}",
  "%00%ff%",
  "../../etc/passwd",
  "__proto__",
  "constructor",
  "toString",
  "null",
  "undefined",
  "NaN",
  "1e400",
  "-0",
  "=cmd|' /C calc'!A0",
  "a".repeat(10_000),
  "é".repeat(700),
  "\u0000".repeat(300),
];

export const nastyString = fc.constantFrom(...NASTY_STRINGS);

/** Any code points (including astral and unassigned), single UTF-16 units (lone surrogates), and nasty ones glued together. */
export const anyString: fc.Arbitrary<string> = fc.oneof(
  nastyString,
  fc.string({ unit: "binary", maxLength: 40 }),
  fc.string({ maxLength: 30 }),
  fc.array(fc.integer({ min: 0, max: 0xffff }), { maxLength: 20 }).map((units) => String.fromCharCode(...units)),
  fc.array(nastyString, { minLength: 2, maxLength: 4 }).map((parts) => parts.join("")),
);

export const anyNumber: fc.Arbitrary<number> = fc.oneof(
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.constantFrom(0, -0, -1, 1, 2 ** 31, 2 ** 53 + 1, -(2 ** 53) - 1, 1e308, -1e308, 5e-324, 0.5, 8.64e15 + 1),
);

/** The fields the API's bodies use, so random objects often look almost right. */
export const FIELD_NAMES = [
  "email",
  "password",
  "name",
  "role",
  "title",
  "description",
  "tags",
  "language",
  "visibility",
  "questions",
  "type",
  "text",
  "options",
  "correct",
  "timeLimit",
  "points",
  "accepted",
  "items",
  "min",
  "max",
  "step",
  "tolerance",
  "image",
  "imageAlt",
  "imageDecorative",
  "cover",
  "explanation",
  "id",
  "events",
  "ts",
  "path",
  "message",
  "detail",
  "nickname",
  "token",
  "quizId",
  "settings",
  "locationHint",
  "format",
  "version",
  "quiz",
  "__proto__",
  "constructor",
];

export const anyKey: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...FIELD_NAMES) },
  { weight: 1, arbitrary: anyString },
);

/** Random JSON values: scalars of every kind, nested arrays and objects keyed by likely field names. */
export const anyJson: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    fc.constant(null),
    fc.boolean(),
    anyNumber,
    anyString,
    fc.array(tie("value"), { maxLength: 5 }),
    fc.dictionary(anyKey, tie("value"), { maxKeys: 6 }),
  ),
})).value;

/** `depth` levels of nesting, written out by hand (JSON.stringify of such a value would itself recurse). */
export function deepArrays(depth: number): string {
  return "[".repeat(depth) + "]".repeat(depth);
}
export function deepObjects(depth: number, key = "a"): string {
  return `{"${key}":`.repeat(depth) + "null" + "}".repeat(depth);
}

export const CONTENT_TYPES = [
  undefined,
  "text/plain",
  "text/plain;charset=UTF-8",
  "application/x-www-form-urlencoded",
  "multipart/form-data; boundary=xyz",
  "application/octet-stream",
  "text/csv",
  "application/xml",
  "application/jsonp",
  "json",
  "application/json",
  "application/json; charset=utf-8",
  "APPLICATION/JSON",
  "application/vnd.api+json",
  "application/json; charset=utf-16",
] as const;
export const JSON_TYPES = new Set([
  "application/json",
  "application/json; charset=utf-8",
  "APPLICATION/JSON",
  "application/vnd.api+json",
  "application/json; charset=utf-16",
]);

/** A raw request body: JSON text of a value, or something that is not JSON at all. */
export type RawBody = { kind: "json"; value: unknown; text: string } | { kind: "raw"; text: string | Uint8Array };

export const rawBody: fc.Arbitrary<RawBody> = fc.oneof(
  {
    weight: 6,
    arbitrary: anyJson.map((value) => ({ kind: "json" as const, value, text: JSON.stringify(value) ?? "null" })),
  },
  { weight: 1, arbitrary: anyString.map((text) => ({ kind: "raw" as const, text })) },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 64 }).map((bytes) => ({ kind: "raw" as const, text: bytes })) },
  {
    weight: 1,
    arbitrary: fc.constantFrom<RawBody>(
      { kind: "raw", text: deepArrays(10_000) },
      { kind: "raw", text: deepObjects(10_000) },
      { kind: "raw", text: deepObjects(10_000, "events") },
      { kind: "raw", text: "{" },
      { kind: "raw", text: '{"a":1,}' },
      { kind: "raw", text: "\ufeff{}" },
      { kind: "raw", text: "{}\u0000" },
      { kind: "raw", text: "NaN" },
      { kind: "raw", text: '"\\ud800"' },
      { kind: "raw", text: '{"__proto__":{"role":"admin"}}' },
      { kind: "raw", text: "[" + "1,".repeat(50_000) + "1]" },
      { kind: "raw", text: JSON.stringify({ title: "x".repeat(600_000), events: [] }) },
      {
        kind: "raw",
        text: JSON.stringify({
          nickname: "n".repeat(40_000),
          events: [{ type: "client.error", message: "m".repeat(40_000) }],
        }),
      },
      { kind: "raw", text: new Uint8Array([0xff, 0xfe, 0x7b, 0x7d]) },
      { kind: "raw", text: new Uint8Array([0x7b, 0x22, 0xc3, 0x28, 0x22, 0x3a, 0x31, 0x7d]) },
    ),
  },
);

export function bodyBytes(text: string | Uint8Array): number {
  return typeof text === "string" ? new TextEncoder().encode(text).length : text.length;
}

// ---------- set-up through `send`, so its log writes have landed before rows are counted ----------

export interface Account {
  token: string;
  user: { id: string; email: string; role: string };
  password: string;
}

const JSON_HEADERS = { "content-type": "application/json" };

export async function signUp(role: "teacher" | "student"): Promise<Account> {
  const body = { email: uniqueEmail(`kit-${role}`), password: "kit password 123", name: `Kit ${role}`, role };
  const r = await send("/api/auth/register", { method: "POST", headers: JSON_HEADERS, body: JSON.stringify(body) });
  if (r.status !== 201) throw new Error(`sign-up failed: ${r.status} ${r.text}`);
  return { ...(r.json as Omit<Account, "password">), password: body.password };
}

/** Admins cannot sign up: one is written straight into D1 (as the admin CLI does), then logs in. */
export async function makeAdmin(): Promise<Account> {
  const email = uniqueEmail("kit-admin");
  const password = "kit admin password";
  await insertAdmin(email, password, "Kit admin");
  const r = await send("/api/auth/login", {
    method: "POST",
    headers: JSON_HEADERS,
    body: JSON.stringify({ email, password }),
  });
  if (r.status !== 200) throw new Error(`admin login failed: ${r.status} ${r.text}`);
  return { ...(r.json as Omit<Account, "password">), password };
}

export async function postQuiz(token: string, quiz: QuizInput): Promise<StoredQuiz> {
  const r = await send("/api/quizzes", {
    method: "POST",
    headers: { ...JSON_HEADERS, authorization: `Bearer ${token}` },
    body: JSON.stringify(quiz),
  });
  if (r.status !== 201) throw new Error(`create quiz failed: ${r.status} ${r.text}`);
  return (r.json as { quiz: StoredQuiz }).quiz;
}

export async function hostGame(
  token: string,
  quizId: string,
  settings: Record<string, unknown> = {},
): Promise<{ gameId: string; code: string }> {
  const r = await send("/api/games", {
    method: "POST",
    headers: { ...JSON_HEADERS, authorization: `Bearer ${token}` },
    body: JSON.stringify({ quizId, settings }),
  });
  if (r.status !== 201) throw new Error(`hosting failed: ${r.status} ${r.text}`);
  return r.json as { gameId: string; code: string };
}
