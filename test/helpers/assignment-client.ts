// A teacher and students of an assignment, through the real Worker (fuzz-http.ts `send`: its own
// address per request, waitUntil work awaited).
import { evictDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { expect } from "vitest";
import type { AssignmentSettingsInput, PlayState, ProgressView } from "../../schema/assignment";
import { send } from "./fuzz-http";

export const assignmentOf = (code: string) => env.ASSIGNMENTS.get(env.ASSIGNMENTS.idFromName(code));

/** Evicts the assignment's object; one that is not running (evicted already) is as good. */
export async function evictAssignment(code: string) {
  try {
    await evictDurableObject(assignmentOf(code));
  } catch (e) {
    if (!String(e).includes("not currently running")) throw e;
  }
}

const json = (body: unknown, headers: Record<string, string> = {}): RequestInit => ({
  method: "POST",
  headers: { "content-type": "application/json", ...headers },
  body: JSON.stringify(body),
});

export async function assign(
  teacherToken: string,
  quizId: string,
  settings: Partial<AssignmentSettingsInput> = {},
): Promise<{ gameId: string; code: string; url: string }> {
  const r = await send(
    "/api/assignments",
    json(
      { quizId, settings: { deadline: Date.now() + 3600_000, ...settings } },
      { authorization: `Bearer ${teacherToken}` },
    ),
  );
  expect(r.status, r.text).toBe(201);
  return r.json as { gameId: string; code: string; url: string };
}

export type Started = PlayState & { token: string };

export async function start(code: string, body: Record<string, unknown>, headers: Record<string, string> = {}) {
  return send(`/api/assignments/${code}/start`, json(body, headers));
}

export async function startOk(code: string, nickname: string): Promise<Started> {
  const r = await start(code, { nickname });
  expect(r.status, r.text).toBe(201);
  return r.json as Started;
}

const seat = (token: string) => ({ authorization: `Player ${token}` });

export async function play(code: string, token: string) {
  return send(`/api/assignments/${code}/play`, { headers: seat(token) });
}

export async function playOk(code: string, token: string): Promise<PlayState> {
  const r = await play(code, token);
  expect(r.status, r.text).toBe(200);
  return r.json as PlayState;
}

export async function answer(code: string, token: string, q: number, answer: unknown) {
  return send(`/api/assignments/${code}/answer`, json({ q, answer }, seat(token)));
}

export async function progressOf(code: string, teacherToken: string): Promise<ProgressView> {
  const r = await send(`/api/assignments/${code}/progress`, { headers: { authorization: `Bearer ${teacherToken}` } });
  expect(r.status, r.text).toBe(200);
  return r.json as ProgressView;
}

export function teacherPost(code: string, teacherToken: string, what: string, body?: unknown) {
  const headers = { authorization: `Bearer ${teacherToken}` };
  return send(
    `/api/assignments/${code}/${what}`,
    body === undefined ? { method: "POST", headers } : json(body, headers),
  );
}
