// Scripted phones and a scripted host for the chaos run. They behave as the web app does after a
// dropped connection (web/src/socket.ts): back off 0.5 s, 1 s, 2 s … up to 10 s with jitter,
// come back with the seat's token, resend an answer the room had not confirmed; a join that
// dropped before its welcome is tried again under the same nickname.
import { randomUUID } from "node:crypto";
import WebSocket from "ws";

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Waits for `cond()`, bounded; throws with `what` when it does not come. */
export async function until(cond, timeoutMs, what) {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (cond()) return;
    await sleep(20);
  }
  throw new Error(`timed out waiting for ${what}`);
}

const backoff = (attempt) => Math.min(10_000, 500 * 2 ** attempt) * (0.5 + Math.random() / 2);
const wsBase = (base) => base.replace(/^http/, "ws");

class Reconnecting {
  constructor() {
    this.ws = null;
    this.attempt = 0;
    this.closedByUs = false;
    this.connected = false;
    this.errorFrames = [];
    this.retry = null;
  }

  open(url, headers) {
    const ws = new WebSocket(url, { headers });
    this.ws = ws;
    ws.on("message", (data) => {
      const msg = JSON.parse(String(data));
      if (msg.type === "probe") return ws.send(JSON.stringify({ type: "probe", nonce: msg.nonce }));
      if (msg.type === "welcome") {
        this.connected = true;
        this.attempt = 0;
      }
      if (msg.type === "error") this.errorFrames.push(msg);
      this.onMessage(msg);
    });
    const lost = () => {
      if (this.ws !== ws) return;
      this.connected = false;
      this.ws = null;
      if (this.closedByUs || this.final) return;
      clearTimeout(this.retry);
      this.retry = setTimeout(() => this.reconnect(), backoff(this.attempt++));
    };
    ws.on("close", lost);
    ws.on("error", lost);
  }

  send(obj) {
    if (this.ws?.readyState === WebSocket.OPEN) this.ws.send(JSON.stringify(obj));
  }

  close() {
    this.closedByUs = true;
    clearTimeout(this.retry);
    this.ws?.close();
  }
}

export class ChaosPlayer extends Reconnecting {
  constructor(base, code, nickname, ip) {
    super();
    Object.assign(this, { base, code, nickname, ip });
    this.token = null;
    this.seated = false;
    this.acked = new Set();
    this.joinRefusals = [];
    /** Question index -> when its time runs out, as this phone first heard it. */
    this.seen = new Map();
    this.sentFor = null;
    this.refusedWhileOpen = 0;
    this.missedQuestion = false;
    this.droppedAt = null;
    /** Team games: every team a welcome put this player in (more than one: a team lost across a kill). */
    this.teams = new Set();
  }

  join() {
    // As the web app does: one key for every try of this join, so a retry finds the seat it took.
    this.joinKey ??= randomUUID();
    const url = `${wsBase(this.base)}/ws/${this.code}/join?nickname=${encodeURIComponent(this.nickname)}&key=${this.joinKey}`;
    this.open(url, { "cf-connecting-ip": this.ip });
  }

  reconnect() {
    if (this.token)
      this.open(`${wsBase(this.base)}/ws/${this.code}?token=${encodeURIComponent(this.token)}`, {
        "cf-connecting-ip": this.ip,
      });
    else this.join();
  }

  onMessage(msg) {
    switch (msg.type) {
      case "welcome": {
        if (msg.token) this.token = msg.token;
        this.seated = true;
        if (msg.me?.team) this.teams.add(msg.me.team.name);
        const q = msg.questionIndex;
        // Back to a question that closed, unanswered, long before its time could have run out.
        if (
          msg.phase !== "question" &&
          msg.phase !== "lobby" &&
          this.seen.has(q) &&
          !this.acked.has(q) &&
          !msg.me?.answered
        ) {
          if (Date.now() < this.seen.get(q) - 500) this.missedQuestion = true;
        }
        if (msg.me?.answered) this.acked.add(q);
        break;
      }
      case "joinRefused":
        this.joinRefusals.push(msg.reason);
        // What a person does when the name is taken: another one.
        if (msg.reason === "nickname-taken") this.nickname = `${this.nickname}x`;
        break;
      case "question": {
        const q = msg.question.index;
        if (!this.seen.has(q)) this.seen.set(q, Date.now() + msg.question.closesInMs);
        if (this.acked.has(q)) break;
        const choice = msg.question.options[0].id;
        const think = Math.max(msg.question.opensInMs, 0) + Math.random() * 1500;
        const ws = this.ws;
        setTimeout(() => {
          if (this.ws === ws && !this.acked.has(q)) this.send({ type: "answer", q, answer: { choice } });
        }, think);
        break;
      }
      case "answered":
        this.acked.add(msg.index);
        break;
      case "error":
        if (msg.code === "already-answered") this.acked.add(this.lastQuestion());
        else if (msg.code === "too-late" || msg.code === "wrong-phase") this.refusedWhileOpen++;
        break;
    }
  }

  lastQuestion() {
    return Math.max(-1, ...this.seen.keys());
  }
}

export class ChaosHost extends Reconnecting {
  constructor(base, code, token) {
    super();
    Object.assign(this, { base, code, token });
    this.phase = null;
    this.index = -1;
    this.playerCount = 0;
    this.podium = null;
    this.queue = [];
    this.reconnect();
  }

  reconnect() {
    this.open(`${wsBase(this.base)}/ws/${this.code}/host?token=${encodeURIComponent(this.token)}`, {});
  }

  /** Held until the host is connected: a click made while the screen says "reconnecting" lands when it is back. */
  send(obj) {
    if (this.connected) super.send(obj);
    else this.queue.push(obj);
  }

  onMessage(msg) {
    switch (msg.type) {
      case "welcome":
        this.phase = msg.phase;
        this.index = msg.questionIndex;
        this.playerCount = msg.players?.length ?? msg.playerCount;
        for (const m of this.queue.splice(0)) super.send(m);
        break;
      case "playerJoined":
      case "playersJoined":
      case "playerLeft":
        this.playerCount = msg.playerCount;
        break;
      case "question":
        this.phase = "question";
        this.index = msg.question.index;
        break;
      case "reveal":
        this.phase = "reveal";
        this.index = msg.index;
        break;
      case "leaderboard":
        this.phase = "leaderboard";
        break;
      case "podium":
        this.phase = "podium";
        this.podium = msg;
        break;
      case "ended":
        this.phase = "ended";
        break;
    }
  }
}
