// A teacher and students of an assignment, through the real Worker (fuzz-http.ts `send`: its own
// address per request, waitUntil work awaited), and their sockets (`AssignmentSocket`).
import { evictDurableObject } from "cloudflare:test";
import { env, exports } from "cloudflare:workers";
import { expect } from "vitest";
import type { QuestionInput } from "../../schema/quiz.ts";
import type {
  AssignmentServerMessage,
  AssignmentServerMessageOf,
  AssignmentSettingsInput,
  PlayState,
  ProgressView,
} from "../../schema/assignment.ts";
import { BASE, freshIp } from "./api.ts";
import { send } from "./fuzz-http.ts";

/** The quiz the assignment tests play: three single-choice questions of 20 s, and their right options. */
const single = (text: string, correct: number): QuestionInput => ({
  type: "single",
  text,
  options: ["a", "b", "c"],
  correct,
  timeLimit: 20,
});
export const ASSIGNMENT_QUESTIONS = [single("One", 1), single("Two", 2), single("Three", 0)];
export const ASSIGNMENT_RIGHT = [1, 2, 0];

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

type SocketFrame = AssignmentServerMessage;
type FrameType = SocketFrame["type"];

/** An assignment socket (a student's or the teacher's) that queues every frame and awaits the next of a type. */
export class AssignmentSocket {
  readonly frames: SocketFrame[] = [];
  private waiters: { type: FrameType; resolve: (m: SocketFrame) => void }[] = [];
  private seen = new Map<FrameType, number>();
  closed: { code: number; reason: string } | null = null;
  private closeWaiters: ((c: { code: number; reason: string }) => void)[] = [];

  private constructor(readonly ws: WebSocket) {
    ws.addEventListener("message", (e) => {
      if (e.data === "pong") return;
      const msg = JSON.parse(String(e.data)) as SocketFrame;
      this.frames.push(msg);
      const i = this.waiters.findIndex((w) => w.type === msg.type);
      if (i >= 0) {
        this.seen.set(msg.type, this.frames.length);
        this.waiters.splice(i, 1)[0].resolve(msg);
      }
    });
    ws.addEventListener("close", (e) => {
      this.closed = { code: e.code, reason: e.reason };
      for (const w of this.closeWaiters) w(this.closed);
    });
  }

  /** Opens `path`; a refused upgrade (an HTTP error) is returned as it came. */
  static async open(path: string): Promise<AssignmentSocket | { status: number; text: string }> {
    const res = await exports.default.fetch(`${BASE}${path}`, {
      headers: { Upgrade: "websocket", "CF-Connecting-IP": freshIp() },
    });
    if (!res.webSocket) return { status: res.status, text: await res.text() };
    res.webSocket.accept();
    return new AssignmentSocket(res.webSocket);
  }

  static async student(code: string, token: string): Promise<AssignmentSocket> {
    return AssignmentSocket.must(`/ws/assignment/${code}?token=${encodeURIComponent(token)}`);
  }

  static async teacher(code: string, sessionToken: string): Promise<AssignmentSocket> {
    return AssignmentSocket.must(`/ws/assignment/${code}/host?token=${encodeURIComponent(sessionToken)}`);
  }

  private static async must(path: string): Promise<AssignmentSocket> {
    const s = await AssignmentSocket.open(path);
    if (!(s instanceof AssignmentSocket)) throw new Error(`upgrade refused: ${s.status} ${s.text}`);
    return s;
  }

  /** The first frame of this type after the last one awaited (of that type). */
  next<T extends FrameType>(type: T, timeoutMs = 5000): Promise<AssignmentServerMessageOf<T>> {
    const from = this.seen.get(type) ?? 0;
    const k = this.frames.findIndex((m, i) => i >= from && m.type === type);
    if (k >= 0) {
      this.seen.set(type, k + 1);
      return Promise.resolve(this.frames[k] as AssignmentServerMessageOf<T>);
    }
    return new Promise((resolve, reject) => {
      const waiter = { type, resolve: resolve as (m: SocketFrame) => void };
      this.waiters.push(waiter);
      setTimeout(() => {
        const i = this.waiters.indexOf(waiter);
        if (i < 0) return;
        this.waiters.splice(i, 1);
        reject(new Error(`no "${type}" frame; received: ${this.frames.map((f) => f.type).join(", ")}`));
      }, timeoutMs);
    });
  }

  all<T extends FrameType>(type: T): AssignmentServerMessageOf<T>[] {
    return this.frames.filter((f) => f.type === type) as AssignmentServerMessageOf<T>[];
  }

  send(msg: unknown): void {
    this.ws.send(typeof msg === "string" || msg instanceof ArrayBuffer ? msg : JSON.stringify(msg));
  }

  /** Sends an answer and awaits its acknowledgement. */
  async answer(q: number, answer: unknown): Promise<AssignmentServerMessageOf<"answered">> {
    this.send({ type: "answer", q, answer });
    return this.next("answered");
  }

  waitClosed(timeoutMs = 5000): Promise<{ code: number; reason: string }> {
    if (this.closed) return Promise.resolve(this.closed);
    return new Promise((resolve, reject) => {
      this.closeWaiters.push(resolve);
      setTimeout(() => reject(new Error("socket did not close")), timeoutMs);
    });
  }

  close(): void {
    try {
      this.ws.close(1000, "bye");
    } catch {}
  }
}
