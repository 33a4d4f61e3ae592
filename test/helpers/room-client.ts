// Test helpers for the live rooms: the HTTP calls of hosting and joining (through the one `api()`),
// and a WebSocket client that queues every frame and awaits the next frame of a given type.
// Joins come from a fresh client address each (freshIp), so the join rate limit only bites where
// a test wants it to.
import { env, exports } from "cloudflare:workers";
import { runInDurableObject } from "cloudflare:test";
import { afterEach } from "vitest";
import type { QuestionInput } from "../../schema/quiz.ts";
import type { GameSettingsInput } from "../../schema/game.ts";
import type { ServerMessage, ServerMessageOf } from "../../schema/messages.ts";
import { api, BASE, freshIp } from "./api.ts";
import { makeQuiz, makeUser } from "./fixtures.ts";

export interface Hosted {
  gameId: string;
  code: string;
  joinUrl: string;
  hostWsUrl: string;
}

export async function host(token: string, quizId: string, settings: GameSettingsInput = {}): Promise<Hosted> {
  const res = await api("/api/games", { method: "POST", token, json: { quizId, settings } });
  if (res.status !== 201) throw new Error(`hosting failed: ${res.status} ${await res.text()}`);
  return res.json();
}

export interface Seat {
  playerId: string;
  nickname: string;
  token: string;
  wsUrl: string;
}

export async function joinRaw(code: string, body: unknown, opts: { ip?: string; token?: string } = {}) {
  return api(`/api/rooms/${code}/join`, {
    method: "POST",
    json: body,
    token: opts.token,
    headers: { "CF-Connecting-IP": opts.ip ?? freshIp() },
  });
}

export async function join(code: string, nickname?: string): Promise<Seat> {
  const res = await joinRaw(code, nickname === undefined ? {} : { nickname });
  if (res.status !== 201) throw new Error(`join failed: ${res.status} ${await res.text()}`);
  return res.json();
}

/** Joins over the socket itself (`/ws/:code/join`): the seat and the connection in one request. */
export function joinSocket(
  code: string,
  nickname?: string,
  opts: { token?: string; ip?: string; headers?: Record<string, string>; studentId?: string } = {},
): Promise<Client> {
  const q = new URLSearchParams();
  if (nickname !== undefined) q.set("nickname", nickname);
  if (opts.studentId !== undefined) q.set("studentId", opts.studentId);
  if (opts.token) q.set("token", opts.token);
  return Client.open(`/ws/${code}/join?${q}`, {
    headers: { "CF-Connecting-IP": opts.ip ?? freshIp(), ...opts.headers },
  });
}

/**
 * The games a test file hosts: push each one, and their alarms are deleted after every test
 * (alarms are not reset between tests, and one firing later would act on a finished test's room).
 */
export function hostedGames(): Hosted[] {
  const used: Hosted[] = [];
  afterEach(async () => {
    for (const g of used.splice(0))
      await runInDurableObject(roomOf(g.code), (_r, s) => s.storage.deleteAlarm()).catch(() => {});
  });
  return used;
}

export function roomOf(code: string) {
  return env.ROOMS.get(env.ROOMS.idFromName(code));
}

/**
 * The id a question shows for an option or item, found by its text: ids are per game (random
 * for ordering items and shuffled options), not the quiz's indexes.
 */
export function idOf(view: ServerMessageOf<"question">, text: string): number {
  const o = view.question.options?.find((x) => "text" in x && x.text === text);
  if (!o) throw new Error(`no option "${text}" in question ${view.question.index}`);
  return o.id;
}

type Type = ServerMessage["type"];

export class Client {
  /** Every frame received, in order (never consumed). */
  readonly frames: ServerMessage[] = [];
  private queue: ServerMessage[] = [];
  private waiters: { type: Type; resolve: (m: ServerMessage) => void }[] = [];
  closed: { code: number; reason: string } | null = null;
  private closeWaiters: ((c: { code: number; reason: string }) => void)[] = [];

  private constructor(
    readonly ws: WebSocket,
    private readonly autoProbe: boolean,
  ) {
    ws.addEventListener("message", (e) => {
      // The runtime's own answer to a keep-alive "ping" (setWebSocketAutoResponse).
      if (e.data === "pong") return;
      const msg = JSON.parse(String(e.data)) as ServerMessage;
      this.frames.push(msg);
      if (msg.type === "probe" && this.autoProbe) {
        try {
          this.send({ type: "probe", nonce: msg.nonce });
        } catch {
          // Closed meanwhile.
        }
      }
      const i = this.waiters.findIndex((w) => w.type === msg.type);
      if (i >= 0) {
        // Frames before the awaited one are skipped, as `next` does.
        this.queue = [];
        this.waiters.splice(i, 1)[0].resolve(msg);
      } else this.queue.push(msg);
    });
    ws.addEventListener("close", (e) => {
      this.closed = { code: e.code, reason: e.reason };
      for (const w of this.closeWaiters) w(this.closed);
    });
  }

  static async open(
    path: string,
    opts: { headers?: Record<string, string>; autoProbe?: boolean; cf?: Record<string, unknown> } = {},
  ): Promise<Client> {
    const res = await exports.default.fetch(`${BASE}${path}`, {
      headers: { Upgrade: "websocket", ...opts.headers },
      // Where the request comes from (a relay is placed by it: worker/games/placement.ts).
      ...(opts.cf ? { cf: opts.cf } : {}),
    });
    if (!res.webSocket) throw new Error(`upgrade refused: ${res.status} ${await res.text()}`);
    res.webSocket.accept();
    return new Client(res.webSocket, opts.autoProbe ?? true);
  }

  static player(seat: Seat, opts: { autoProbe?: boolean } = {}) {
    return Client.open(seat.wsUrl, opts);
  }

  static host(hosted: Hosted, token: string) {
    return Client.open(`${hosted.hostWsUrl}?token=${encodeURIComponent(token)}`);
  }

  /** The next frame of this type (frames queued before it are dropped). */
  next<T extends Type>(type: T, timeoutMs = 5000): Promise<ServerMessageOf<T>> {
    const i = this.queue.findIndex((m) => m.type === type);
    if (i >= 0) {
      const msg = this.queue[i];
      this.queue = this.queue.slice(i + 1);
      return Promise.resolve(msg as ServerMessageOf<T>);
    }
    return new Promise((resolve, reject) => {
      const waiter = { type, resolve: resolve as (m: ServerMessage) => void };
      this.waiters.push(waiter);
      setTimeout(() => {
        const k = this.waiters.indexOf(waiter);
        if (k >= 0) {
          this.waiters.splice(k, 1);
          reject(new Error(`no "${type}" frame; received: ${this.frames.map((f) => f.type).join(", ")}`));
        }
      }, timeoutMs);
    });
  }

  /** Every frame of a type received so far. */
  all<T extends Type>(type: T): ServerMessageOf<T>[] {
    return this.frames.filter((f) => f.type === type) as ServerMessageOf<T>[];
  }

  send(msg: unknown): void {
    this.ws.send(
      typeof msg === "string" || msg instanceof ArrayBuffer || ArrayBuffer.isView(msg)
        ? (msg as string)
        : JSON.stringify(msg),
    );
  }

  /** Sends and awaits the error frame that must come back. */
  async expectError(msg: unknown, code: string): Promise<ServerMessageOf<"error">> {
    this.send(msg);
    const e = await this.next("error");
    if (e.code !== code) throw new Error(`expected error ${code}, got ${e.code}: ${e.message}`);
    return e;
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

/**
 * A hosted game with its host and the named players connected and welcomed. `used` collects the
 * game so an afterEach can delete its alarm (alarms are not reset between tests).
 */
export async function hostedRoom(
  used: Hosted[],
  questions: QuestionInput[],
  names: string[],
  settings: GameSettingsInput = {},
) {
  const teacher = await makeUser("teacher");
  const quizId = await makeQuiz(teacher.id, questions);
  const game = await host(teacher.token, quizId, { readingTime: 0, shuffleOptions: true, ...settings });
  used.push(game);
  const h = await Client.host(game, teacher.token);
  await h.next("welcome");
  const seats: Seat[] = [];
  for (const n of names) seats.push(await join(game.code, n));
  const clients = await Promise.all(seats.map((s) => Client.player(s)));
  await Promise.all(clients.map((c) => c.next("welcome")));
  return { teacher, game, h, seats, clients, stub: roomOf(game.code) };
}
