// The one way tests call the API: `api()` through the real Worker (and so the real D1), with the
// accounts and quizzes most tests start from.
import { exports } from "cloudflare:workers";
import type { QuizInput } from "../../schema/quiz.ts";
import type { SessionResponse } from "../../schema/auth.ts";
import type { StoredQuiz } from "../../schema/catalog.ts";
import { insertAdmin } from "./fixtures.ts";
import { sampleQuiz } from "./quizzes.ts";

export { everyTypeQuiz, sampleQuiz } from "./quizzes.ts";

export const BASE = "http://qq.test";

let ipCounter = 0;
/**
 * A fresh client address. The auth rate limiter is real in tests (10 per minute per address),
 * so every sign-up gets an address of its own unless a test wants to hit the limit.
 */
export function freshIp(): string {
  ipCounter += 1;
  const salt = Math.floor(Math.random() * 200) + 1;
  return `10.${salt}.${(ipCounter >> 8) & 255}.${ipCounter & 255}`;
}

export interface ApiInit extends RequestInit {
  /** Sent as `Authorization: Bearer <token>`. */
  token?: string;
  /** Sent as the JSON body, with its Content-Type. */
  json?: unknown;
}

/** A request through the real Worker (exports.default), as a client would send it. */
export function api(path: string, init: ApiInit = {}): Promise<Response> {
  const { token, json, ...rest } = init;
  const headers = new Headers(rest.headers);
  if (token) headers.set("authorization", `Bearer ${token}`);
  if (json !== undefined) headers.set("content-type", "application/json");
  return exports.default.fetch(
    new Request(`${BASE}${path}`, { ...rest, headers, body: json !== undefined ? JSON.stringify(json) : rest.body }),
  );
}

export async function getJson<T = any>(
  path: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: T }> {
  const res = await api(path, { headers });
  return { status: res.status, body: (await res.json()) as T };
}

export function authHeaders(token: string, extra: Record<string, string> = {}): Record<string, string> {
  return { authorization: `Bearer ${token}`, ...extra };
}

export function jsonInit(
  method: string,
  body: unknown,
  token?: string,
  headers: Record<string, string> = {},
): RequestInit {
  return {
    method,
    headers: { "content-type": "application/json", ...(token ? authHeaders(token) : {}), ...headers },
    body: JSON.stringify(body),
  };
}

export interface TestAccount extends SessionResponse {
  password: string;
}

let userCounter = 0;
export function uniqueEmail(prefix = "user"): string {
  userCounter += 1;
  return `${prefix}-${userCounter}-${crypto.randomUUID().slice(0, 8)}@example.test`;
}

export async function register(
  role: "teacher" | "student",
  overrides: Partial<{ email: string; password: string; name: string }> = {},
): Promise<TestAccount> {
  const body = {
    email: overrides.email ?? uniqueEmail(role),
    password: overrides.password ?? "correct horse battery",
    name: overrides.name ?? `Test ${role}`,
    role,
  };
  const res = await api("/api/auth/register", jsonInit("POST", body, undefined, { "cf-connecting-ip": freshIp() }));
  if (res.status !== 201) throw new Error(`register failed: ${res.status} ${await res.text()}`);
  return { ...((await res.json()) as SessionResponse), password: body.password };
}

export const registerTeacher = (overrides?: Partial<{ email: string; password: string; name: string }>) =>
  register("teacher", overrides);
export const registerStudent = (overrides?: Partial<{ email: string; password: string; name: string }>) =>
  register("student", overrides);

export async function login(email: string, password: string): Promise<SessionResponse> {
  const res = await api(
    "/api/auth/login",
    jsonInit("POST", { email, password }, undefined, { "cf-connecting-ip": freshIp() }),
  );
  if (res.status !== 200) throw new Error(`login failed: ${res.status} ${await res.text()}`);
  return (await res.json()) as SessionResponse;
}

/** Admins cannot sign up: write one straight into D1, as the seed and the admin CLI do, then log in. */
export async function createAdmin(): Promise<TestAccount> {
  const email = uniqueEmail("admin");
  const password = "admin password 1";
  await insertAdmin(email, password, "Test admin");
  const res = await api(
    "/api/auth/login",
    jsonInit("POST", { email, password }, undefined, { "cf-connecting-ip": freshIp() }),
  );
  if (res.status !== 200) throw new Error(`admin login failed: ${res.status} ${await res.text()}`);
  return { ...((await res.json()) as SessionResponse), password };
}

export async function createQuiz(token: string, quiz: QuizInput = sampleQuiz()): Promise<StoredQuiz> {
  const res = await api("/api/quizzes", jsonInit("POST", quiz, token));
  if (res.status !== 201) throw new Error(`create quiz failed: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { quiz: StoredQuiz }).quiz;
}

export interface ErrorBody {
  error: { code: string; message: string; issues?: { path: string; message: string }[] };
}
