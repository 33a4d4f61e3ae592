// The floor: a minimal Worker + Durable Object doing the least a live room must, spoken in enough
// of docs/protocol.md that bench/scenario.mjs drives it unchanged. Per player it accepts a
// hibernatable socket (the join over the socket, a seat written to SQLite, a welcome with a
// token), parses each frame as JSON, writes the answers of a burst in one transaction and
// acknowledges each only after that commit, and sends every question, reveal, leaderboard and
// podium with one serialisation for everyone. Nothing else: no accounts, no D1, no rate limit
// (unless FLOOR_JOIN_LIMIT is "1": `npm run bench -- --floor-limit`),
// no validation beyond the question index, no teams, no timers, no reconnection state.
// It is a yardstick for the benchmark, never deployed.
import { DurableObject } from "cloudflare:workers";

const json = (body, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });

export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    const path = url.pathname;
    if (path === "/api/health") return json({ ok: true, floor: true });
    // The bench's set-up calls, answered with what the scenario reads from them.
    if (request.method === "POST" && path === "/api/auth/register") return json({ token: "floor" }, 201);
    if (request.method === "POST" && path === "/api/quizzes") {
      const quiz = await request.json();
      return json({ quiz: { id: String(quiz.questions.length) } }, 201);
    }
    if (request.method === "POST" && path === "/api/games") {
      const { quizId } = await request.json();
      const code = Math.random().toString(36).slice(2, 8).toUpperCase();
      await env.FLOOR.getByName(code).init(code, Number(quizId));
      return json({ code, hostWsUrl: `/ws/${code}/host` }, 201);
    }
    const ws = /^\/ws\/([A-Z0-9]+)\/(join|host)$/.exec(path);
    if (ws && request.headers.get("upgrade") === "websocket") {
      if (ws[2] === "join" && env.FLOOR_JOIN_LIMIT === "1") {
        const key = `join:${request.headers.get("cf-connecting-ip") ?? "unknown"}`;
        if (!(await env.JOIN_LIMITER.limit({ key })).success)
          return json({ error: { code: "rate_limited", message: "too many joins" } }, 429);
      }
      return env.FLOOR.getByName(ws[1]).fetch(request);
    }
    return json({ error: { code: "not-found", message: "not found" } }, 404);
  },
};

const POINTS = 1000;
const LIMIT_MS = 60_000;
const FLUSH_EVERY = 64;

export class FloorRoom extends DurableObject {
  constructor(ctx, env) {
    super(ctx, env);
    this.sql = ctx.storage.sql;
    ctx.blockConcurrencyWhile(async () => {
      this.sql.exec(`CREATE TABLE IF NOT EXISTS meta (k TEXT PRIMARY KEY, v TEXT)`);
      this.sql.exec(`CREATE TABLE IF NOT EXISTS players (id INTEGER PRIMARY KEY, nickname TEXT UNIQUE, score INTEGER)`);
      this.sql.exec(`CREATE TABLE IF NOT EXISTS answers (q INTEGER, player INTEGER, choice INTEGER, points INTEGER,
        PRIMARY KEY (q, player))`);
      const meta = Object.fromEntries(
        this.sql
          .exec(`SELECT k, v FROM meta`)
          .toArray()
          .map((r) => [r.k, r.v]),
      );
      this.state = meta.state ? JSON.parse(meta.state) : { code: "", questions: 0, phase: "lobby", index: -1 };
      // Scores in memory, rebuilt from storage after an eviction.
      this.players = new Map();
      for (const r of this.sql.exec(`SELECT id, nickname, score FROM players`))
        this.players.set(r.id, { id: r.id, nickname: r.nickname, score: r.score });
      this.answered = new Set(
        this.sql
          .exec(`SELECT player FROM answers WHERE q = ?`, this.state.index)
          .toArray()
          .map((r) => r.player),
      );
    });
    this.pending = [];
  }

  async init(code, questions) {
    this.state = { code, questions, phase: "lobby", index: -1, openedAt: 0 };
    this.save();
  }

  save() {
    this.sql.exec(`INSERT OR REPLACE INTO meta (k, v) VALUES ('state', ?)`, JSON.stringify(this.state));
  }

  async fetch(request) {
    const url = new URL(request.url);
    const [client, server] = Object.values(new WebSocketPair());
    if (url.pathname.endsWith("/host")) {
      this.ctx.acceptWebSocket(server, ["host"]);
      server.serializeAttachment({ host: true });
      server.send(JSON.stringify({ type: "welcome", role: "host", code: this.state.code, phase: this.state.phase }));
    } else {
      const nickname = url.searchParams.get("nickname") ?? "";
      const id = this.players.size + 1;
      this.players.set(id, { id, nickname, score: 0 });
      this.ctx.acceptWebSocket(server, ["player"]);
      server.serializeAttachment({ id });
      // The seat is written with the others of its burst; its welcome leaves after that commit.
      this.queue({ seat: { id, nickname }, ws: server });
    }
    return new Response(null, { status: 101, webSocket: client });
  }

  webSocketMessage(ws, data) {
    const msg = JSON.parse(data);
    const who = ws.deserializeAttachment();
    if (who.host) return this.hostCommand(msg);
    if (msg.type !== "answer") return;
    const s = this.state;
    if (s.phase !== "question" || msg.q !== s.index || this.answered.has(who.id)) {
      ws.send(JSON.stringify({ type: "error", code: "wrong-phase", message: "no such open question", for: "answer" }));
      return;
    }
    this.answered.add(who.id);
    const elapsed = Date.now() - s.openedAt;
    const points = msg.answer?.choice === 0 ? Math.round(POINTS * (1 - elapsed / LIMIT_MS / 2)) : 0;
    this.queue({ answer: { id: who.id, choice: msg.answer?.choice ?? -1, points }, ws });
  }

  /**
   * Writes of one burst share one commit, made after the messages already delivered have run (or
   * once 64 are waiting, so the first replies need not wait for the whole burst); each reply
   * leaves after its write's commit.
   */
  queue(item) {
    this.pending.push(item);
    if (this.pending.length >= FLUSH_EVERY) this.flush();
    else if (this.pending.length === 1) setTimeout(() => this.flush(), 0);
  }

  flush() {
    const batch = this.pending;
    if (!batch.length) return;
    this.pending = [];
    const s = this.state;
    this.ctx.storage.transactionSync(() => {
      for (const { seat, answer } of batch) {
        if (seat) this.sql.exec(`INSERT INTO players (id, nickname, score) VALUES (?, ?, 0)`, seat.id, seat.nickname);
        if (answer) {
          this.sql.exec(
            `INSERT INTO answers (q, player, choice, points) VALUES (?, ?, ?, ?)`,
            s.index,
            answer.id,
            answer.choice,
            answer.points,
          );
          this.sql.exec(`UPDATE players SET score = score + ? WHERE id = ?`, answer.points, answer.id);
        }
      }
    });
    const ack = JSON.stringify({ type: "answered", index: s.index });
    let answers = 0;
    for (const { seat, answer, ws } of batch) {
      if (seat)
        ws.send(
          JSON.stringify({
            type: "welcome",
            role: "player",
            code: s.code,
            phase: s.phase,
            me: { playerId: String(seat.id), nickname: seat.nickname, score: 0 },
            token: String(seat.id),
          }),
        );
      if (answer) {
        this.players.get(answer.id).score += answer.points;
        ws.send(ack);
        answers++;
      }
    }
    if (answers && s.phase === "question" && this.answered.size >= this.players.size) this.reveal();
  }

  reveal() {
    const s = this.state;
    s.phase = "reveal";
    this.save();
    const ranked = [...this.players.values()].sort((a, b) => b.score - a.score);
    const rank = new Map(ranked.map((p, i) => [p.id, i + 1]));
    this.top = ranked;
    const points = new Map(
      this.sql
        .exec(`SELECT player, points FROM answers WHERE q = ?`, s.index)
        .toArray()
        .map((r) => [r.player, r.points]),
    );
    this.broadcast({ type: "reveal", index: s.index, correct: { choice: 0 } });
    for (const ws of this.ctx.getWebSockets("player")) {
      const { id } = ws.deserializeAttachment();
      const p = this.players.get(id);
      ws.send(
        JSON.stringify({
          type: "result",
          index: s.index,
          answered: points.has(id),
          points: points.get(id) ?? 0,
          score: p.score,
          rank: rank.get(id),
          playerCount: this.players.size,
        }),
      );
    }
  }

  hostCommand(msg) {
    const s = this.state;
    if (msg.type === "start" && s.phase === "lobby") return this.open(0);
    if (msg.type === "next" && s.phase === "reveal") {
      if (s.index + 1 >= s.questions) return this.podium();
      s.phase = "leaderboard";
      this.save();
      const top = this.top
        .slice(0, 5)
        .map((p, i) => ({ playerId: String(p.id), nickname: p.nickname, score: p.score, rank: i + 1 }));
      return this.broadcast({ type: "leaderboard", index: s.index, top, playerCount: this.players.size });
    }
    if (msg.type === "next" && s.phase === "leaderboard") return this.open(s.index + 1);
    if (msg.type === "end" || (msg.type === "next" && s.phase === "podium")) {
      s.phase = "ended";
      this.save();
      return this.broadcast({ type: "ended", reason: "ended-by-host" });
    }
  }

  open(index) {
    const s = this.state;
    s.phase = "question";
    s.index = index;
    s.openedAt = Date.now();
    this.save();
    this.answered = new Set();
    this.broadcast({
      type: "question",
      question: {
        index,
        total: s.questions,
        type: "single",
        text: `Question ${index + 1}: which is the first option?`,
        points: "standard",
        options: ["first", "second", "third", "fourth"].map((text, id) => ({ id, text })),
        timeLimit: LIMIT_MS / 1000,
        opensInMs: 0,
        closesInMs: LIMIT_MS,
      },
    });
  }

  podium() {
    this.state.phase = "podium";
    this.save();
    const top = this.top
      .slice(0, 3)
      .map((p, i) => ({ playerId: String(p.id), nickname: p.nickname, score: p.score, rank: i + 1 }));
    this.broadcast({ type: "podium", top, playerCount: this.players.size, revealInMs: 0 });
  }

  /** One serialisation for every socket. */
  broadcast(msg) {
    const frame = JSON.stringify(msg);
    for (const ws of this.ctx.getWebSockets()) {
      try {
        ws.send(frame);
      } catch {
        // a socket closing meanwhile
      }
    }
  }

  webSocketClose(ws, code) {
    try {
      ws.close(code === 1005 ? 1000 : code);
    } catch {
      // already closed
    }
  }
}
