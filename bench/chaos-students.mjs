// The students of the assignment chaos run (chaos-assignment.mjs) and its reading of D1. A student
// plays over HTTP as the student page does: one request per step, tried again with backoff and
// jitter while the runtime is down, the start's key kept until the token arrives, and after a
// dropped answer a look at where the server says they are.
import { readdirSync } from "node:fs";
import path from "node:path";
import { randomBytes } from "node:crypto";
import { DatabaseSync } from "node:sqlite";
import { phoneIp } from "./scenario.mjs";
import { sleep } from "./chaos-clients.mjs";

export const backoff = (attempt) => Math.min(5000, 250 * 2 ** attempt) * (0.5 + Math.random() / 2);

/** One HTTP step; a dropped connection (the runtime is down) is `{ status: 0 }`. */
export async function request(base, method, path, body, headers) {
  try {
    const res = await fetch(base() + path, {
      method,
      headers: { "content-type": "application/json", ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(60_000),
    });
    const text = await res.text();
    let json = null;
    try {
      json = text ? JSON.parse(text) : null;
    } catch {
      // a proxy's HTML error page while the runtime restarts
    }
    return { status: res.status, json };
  } catch {
    return { status: 0, json: null };
  }
}

export const transient = (r) => r.status === 0 || r.status >= 500;
const reason = (r) => r.json?.error?.issues?.find((i) => i.path === "reason")?.message ?? null;

/** A student: their seat, and everything the server told them. */
export class Student {
  /** `questions`: how many the assignment has. */
  constructor(i, base, code, deadline, questions) {
    this.questions = questions;
    this.i = i;
    this.nickname = `s${i}`;
    this.base = base;
    this.code = code;
    this.deadline = deadline;
    this.headers = { "cf-connecting-ip": phoneIp(i) };
    this.token = null;
    /** The start's key, kept until the token arrives, as the student page does. */
    this.key = randomBytes(16).toString("hex");
    /** Position → points, for answers the server acknowledged. */
    this.acked = new Map();
    /** Answers whose acknowledgement the kill swallowed, found durable on resuming (position moved past them). */
    this.inferred = new Map();
    this.score = 0;
    this.rewound = 0;
    this.skipped = 0;
    this.scoreMismatch = 0;
    this.ghost = 0;
    this.lateAccepted = 0;
    this.lateRefused = 0;
    this.transient = 0;
    /** A tenth stop halfway: they still have a question to answer when the assignment closes. */
    this.stopAt = i % 10 === 9 ? Math.ceil(this.questions / 2) : this.questions;
    this.done = false;
  }

  get answered() {
    return this.acked.size + this.inferred.size;
  }

  /** A step, tried again with backoff while the runtime is down or restarting. */
  async step(method, path, body) {
    for (let attempt = 0; ; attempt++) {
      const auth = this.token ? { authorization: `Player ${this.token}` } : {};
      const r = await request(this.base, method, `/api/assignments/${this.code}${path}`, body, {
        ...this.headers,
        ...auth,
      });
      if (!transient(r) || Date.now() > this.deadline) return r;
      this.transient++;
      await sleep(backoff(attempt));
    }
  }

  async start() {
    let nickname = this.nickname;
    for (let attempt = 0; ; attempt++) {
      const r = await this.step("POST", "/start", { nickname, key: this.key });
      if (r.status === 201) {
        this.token = r.json.token;
        this.nickname = nickname;
        return r.json;
      }
      // A seat nobody holds (a start whose answer the kill swallowed, not recognised by its key):
      // the student must pick another nickname.
      if (r.status === 409 && reason(r) === "nickname_taken" && attempt < 3) {
        this.ghost++;
        nickname = `${this.nickname}x${attempt}`;
        continue;
      }
      throw new Error(`${this.nickname} start -> ${r.status} ${JSON.stringify(r.json)}`);
    }
  }

  /** Where the server says the student is, checked against what they were told. */
  position(state, pending) {
    const at = state.question?.index ?? (state.phase === "finished" ? this.questions : null);
    if (at === null) throw new Error(`${this.nickname}: no question in phase ${state.phase}`);
    if (pending !== null) {
      if (at > pending) {
        this.inferred.set(pending, state.me.score - this.score);
        this.score = state.me.score;
      }
    }
    if (at < this.answered) this.rewound++;
    if (at > this.answered) this.skipped++;
    if (state.me.score !== this.score) this.scoreMismatch++;
    return at;
  }

  async play(state) {
    let pending = null;
    for (;;) {
      const at = this.position(state, pending);
      pending = null;
      if (at >= this.stopAt || Date.now() > this.deadline) break;
      await sleep(150 + Math.random() * 900);
      const r = await this.step("POST", "/answer", { q: at, answer: { choice: Math.floor(Math.random() * 4) } });
      if (r.status === 200 && r.json.result.accepted) {
        this.acked.set(at, r.json.result.points);
        this.score = r.json.result.score;
      } else if (r.status === 0 || r.status === 409 || r.status >= 500) {
        // Unknown (the connection dropped, or the answer had landed before: "not this question"): look.
        pending = at;
      } else throw new Error(`${this.nickname} answer ${at} -> ${r.status} ${JSON.stringify(r.json)}`);
      // The next question is shown (its clock starts) by the next request, as the student page does.
      const p = await this.step("GET", "/play");
      if (p.status !== 200) throw new Error(`${this.nickname} play -> ${p.status} ${JSON.stringify(p.json)}`);
      state = p.json;
    }
    this.done = true;
  }

  /** After the close: the screen is the summary with the same score; a straggler's answer is refused. */
  async afterClose() {
    const p = await this.step("GET", "/play");
    if (p.status !== 200 || p.json.phase !== "closed") throw new Error(`${this.nickname} after close -> ${p.status}`);
    if (p.json.me.score !== this.score) this.scoreMismatch++;
    if (this.answered >= this.questions) return;
    const r = await this.step("POST", "/answer", { q: this.answered, answer: { choice: 0 } });
    if (r.status === 200) this.lateAccepted++;
    else if (r.status === 403 && reason(r) === "closed") this.lateRefused++;
    else throw new Error(`${this.nickname} late answer -> ${r.status} ${JSON.stringify(r.json)}`);
  }
}

/** D1's SQLite file in the state directory (read-only, while the runtime runs). */
export function readD1(state, gameId) {
  const dir = path.join(state, "v3/d1/miniflare-D1DatabaseObject");
  for (const f of readdirSync(dir).filter((f) => f.endsWith(".sqlite"))) {
    const db = new DatabaseSync(path.join(dir, f), { readOnly: true });
    try {
      const hasGames = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'games'").get();
      if (!hasGames) continue;
      return {
        game: db.prepare("SELECT status, ended_at, player_count, kind FROM games WHERE id = ?").get(gameId),
        players: db
          .prepare("SELECT player_id, nickname, score, answered_count FROM game_players WHERE game_id = ?")
          .all(gameId),
        answers: db.prepare("SELECT player_id, question_index, points FROM answers WHERE game_id = ?").all(gameId),
      };
    } finally {
      db.close();
    }
  }
  throw new Error(`no D1 database with a games table in ${dir}`);
}
