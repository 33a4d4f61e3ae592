// One benchmark run: a teacher hosts a quiz, N players join over real WebSockets and every
// player answers every question at the same instant. Times are this process's monotonic clock.
import { randomBytes } from "node:crypto";

/**
 * The i-th phone's nickname: `p<i>`, except that the digits 3647 read as a Russian swear word to
 * the nickname filter's look-alike check (rooms/kit/nickname.ts), so p3647, p13647 … would be
 * refused; a letter breaks the run.
 */
export const benchNickname = (i) => `p${String(i).replace("3647", "36x47")}`;

const STEP_TIMEOUT_MS = 60_000;
const JOIN_CONCURRENCY = 64;

const now = () => performance.now();

export function percentile(sorted, p) {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i];
}

export function summarize(values) {
  const s = [...values].sort((a, b) => a - b);
  return { n: s.length, p50: percentile(s, 50), p99: percentile(s, 99), max: s.length ? s[s.length - 1] : NaN };
}

/** Each simulated phone has its own address (RFC 2544's benchmarking range), as players on mobile data do. */
export const phoneIp = (i) => `198.18.${(i >> 8) & 255}.${i & 255}`;

export async function api(baseUrl, method, path, body, token, ip) {
  const res = await fetch(baseUrl + path, {
    method,
    headers: {
      "content-type": "application/json",
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(ip ? { "cf-connecting-ip": ip } : {}),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  const json = text ? JSON.parse(text) : null;
  if (!res.ok) throw new Error(`${method} ${path} -> ${res.status} ${text.slice(0, 300)}`);
  return json;
}

function wsUrl(baseUrl, path) {
  return baseUrl.replace(/^http/, "ws") + path;
}

/** A socket that records when each message type arrived, per question index. */
/**
 * The socket client: the `ws` package (Node's built-in WebSocket costs the generator more than
 * twice the CPU per socket and cannot set headers). Without permessage-deflate by default: the
 * app's Worker sets `no_web_socket_compression` (wrangler.toml), so in production no socket is
 * compressed whatever the browser offers; locally, miniflare's entry layer would still accept the
 * deflate a browser offers. `--deflate` offers it, to see what compression would cost.
 */
async function socketFactory(deflate) {
  const { WebSocket: Ws } = await import("ws");
  return (url, headers) => new Ws(url, { perMessageDeflate: deflate, headers });
}
let openSocket = (url) => new WebSocket(url);

class Client {
  constructor(url, label, headers) {
    this.label = label;
    this.ws = openSocket(url, headers);
    this.arrivals = new Map(); // "type:index" -> [times]
    this.messages = [];
    this.errors = [];
    this.closedUnexpectedly = false;
    this.closing = false;
    this.waiters = [];
    this.opened = new Promise((resolve, reject) => {
      this.ws.addEventListener("open", resolve, { once: true });
      this.ws.addEventListener("error", () => reject(new Error(`${label}: socket error`)), { once: true });
    });
    this.ws.addEventListener("message", (ev) => this.onMessage(ev));
    this.ws.addEventListener("close", () => {
      if (!this.closing) this.closedUnexpectedly = true;
    });
  }

  onMessage(ev) {
    const t = now();
    const msg = JSON.parse(ev.data);
    if (msg.type === "probe") {
      this.ws.send(JSON.stringify({ type: "probe", nonce: msg.nonce }));
      return;
    }
    if (msg.type === "error") this.errors.push(msg);
    const key = `${msg.type}:${msg.index ?? msg.question?.index ?? ""}`;
    const list = this.arrivals.get(key);
    if (list) list.push(t);
    else this.arrivals.set(key, [t]);
    this.messages.push({ t, msg });
    for (const w of [...this.waiters]) w();
  }

  first(type, index = "") {
    return this.arrivals.get(`${type}:${index}`)?.[0];
  }

  count(type, index = "") {
    return this.arrivals.get(`${type}:${index}`)?.length ?? 0;
  }

  last(type) {
    for (let i = this.messages.length - 1; i >= 0; i--)
      if (this.messages[i].msg.type === type) return this.messages[i].msg;
    return undefined;
  }

  send(obj) {
    this.ws.send(JSON.stringify(obj));
  }

  close() {
    this.closing = true;
    this.ws.close();
  }
}

/** Resolves when `cond()` holds for every client, or after the step timeout with what it has. */
async function waitAll(clients, cond, timeoutMs = STEP_TIMEOUT_MS) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (clients.every(cond)) return true;
    await new Promise((r) => setTimeout(r, 5));
  }
  return clients.every(cond);
}

async function pool(items, limit, fn) {
  const out = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await fn(items[i], i);
      }
    }),
  );
  return out;
}

export function benchQuiz(questions) {
  return {
    title: `Bench quiz ${questions}q`,
    description: "load benchmark",
    tags: ["bench"],
    language: "en",
    visibility: "private",
    questions: Array.from({ length: questions }, (_, i) => ({
      type: "single",
      text: `Question ${i + 1}: which is the first option?`,
      timeLimit: 60,
      points: "standard",
      options: ["first", "second", "third", "fourth"],
      correct: 0,
    })),
  };
}

/** CPU seconds spent by this process and by the server (runtime and dev proxy) in each phase. */
function phaseClock(serverStats, onMark) {
  const phases = {};
  let last = null;
  const read = () => {
    const c = process.cpuUsage();
    const s = serverStats(false);
    return {
      t: now(),
      client: (c.user + c.system) / 1e6,
      server: s ? s.cpuSeconds - s.proxyCpuSeconds : NaN,
      proxy: s ? s.proxyCpuSeconds : NaN,
    };
  };
  return {
    start() {
      last = read();
    },
    /** Charges the time since the last mark to `name`. */
    mark(name) {
      const r = read();
      const p = (phases[name] ??= { wallMs: 0, clientCpuS: 0, serverCpuS: 0, proxyCpuS: 0 });
      p.wallMs += r.t - last.t;
      p.clientCpuS += r.client - last.client;
      p.serverCpuS += r.server - last.server;
      p.proxyCpuS += r.proxy - last.proxy;
      onMark?.(name, last.t, r.t);
      last = r;
    },
    phases,
  };
}

export async function runScenario({
  baseUrl,
  players,
  questions,
  thinkMs,
  serverStats,
  deflate = false,
  pauseMs = 1000,
  httpJoin = false,
  teams = 0,
  // Told each phase's name with its start and end (this process's clock): bench/profile.mjs.
  onMark,
  // Awaited once everyone has joined, before the first question, with the game's code and the
  // host's token (bench/relay-stats.mjs reads the objects' counts there).
  beforeQuestions,
}) {
  openSocket = await socketFactory(deflate);
  const startStats = serverStats(true);
  const clock = phaseClock(serverStats, onMark);
  const email = `bench-${randomBytes(6).toString("hex")}@bench.test`;
  const { token } = await api(baseUrl, "POST", "/api/auth/register", {
    email,
    password: "bench-password-123",
    name: "Bench",
    role: "teacher",
  });
  const { quiz } = await api(baseUrl, "POST", "/api/quizzes", benchQuiz(questions), token);
  const game = await api(
    baseUrl,
    "POST",
    "/api/games",
    {
      quizId: quiz.id,
      settings: {
        readingTime: 0,
        leaderboard: "each",
        maxPlayers: Math.max(players, 1),
        autoAdvance: false,
        // Team mode (personal devices): every player is placed in the smallest of `teams` teams.
        ...(teams ? { teams: { mode: "personal", count: teams } } : {}),
      },
    },
    token,
  );
  const host = new Client(wsUrl(baseUrl, `${game.hostWsUrl}?token=${encodeURIComponent(token)}`), "host");
  await host.opened;
  await waitAll([host], (c) => c.count("welcome") > 0, 10_000);

  // Join: HTTP join + socket + welcome, per player; wall time for all.
  clock.start();
  const joinStart = now();
  const joinTimes = [];
  const joinHttp = [];
  let joinErrors = 0;
  const clients = (
    await pool(Array.from({ length: players }), JOIN_CONCURRENCY, async (_, i) => {
      const t0 = now();
      const nick = benchNickname(i);
      try {
        let c;
        if (httpJoin) {
          const tJoin = now();
          const j = await api(
            baseUrl,
            "POST",
            `/api/rooms/${game.code}/join`,
            { nickname: nick },
            undefined,
            phoneIp(i),
          );
          joinHttp.push(now() - tJoin);
          c = new Client(wsUrl(baseUrl, j.wsUrl), nick);
        } else {
          // What the web app does: one upgrade that takes the seat; the welcome brings its token.
          c = new Client(wsUrl(baseUrl, `/ws/${game.code}/join?nickname=${nick}`), nick, {
            "cf-connecting-ip": phoneIp(i),
          });
        }
        await c.opened;
        await waitAll([c], (x) => x.count("welcome") > 0 || x.count("joinRefused") > 0, 30_000);
        if (!c.count("welcome")) throw new Error(`refused: ${c.last("joinRefused")?.message}`);
        if (!httpJoin && !c.last("welcome").token)
          throw new Error("the welcome of a join over the socket carries no token");
        joinTimes.push(c.first("welcome") - t0);
        return c;
      } catch (err) {
        joinErrors++;
        if (joinErrors <= 3) console.error(`join ${nick}:`, err.message);
        return null;
      }
    })
  ).filter(Boolean);
  const joinWall = now() - joinStart;
  clock.mark("join");

  const fanout = [];
  const fanoutByQuestion = [];
  const acks = [];
  const reveal = [];
  const leaderboard = [];
  const podium = [];
  let lost = 0;
  let duplicated = 0;
  let scoreSpread = 0;

  const expectOne = (type, index) => {
    for (const c of clients) {
      const n = c.count(type, index);
      if (n === 0) lost++;
      else if (n > 1) duplicated += n - 1;
    }
  };

  // The host looks at the full lobby before pressing start, as a teacher does; the room finishes
  // the join wave's tail meanwhile (its last probe replies, the join events' write to D1), so the
  // first question is timed from a click like the others. With --pause 0 it is not.
  if (pauseMs > 0) await new Promise((r) => setTimeout(r, pauseMs));
  const lobby = beforeQuestions ? await beforeQuestions({ code: game.code, hostToken: token }) : undefined;
  clock.mark("lobby pause");

  for (let q = 0; q < questions; q++) {
    // Question fan-out: host's command -> each player's receipt of the question.
    const t0 = now();
    host.send({ type: q === 0 ? "start" : "next" });
    await waitAll(clients, (c) => c.count("question", q) > 0);
    const thisQuestion = clients
      .map((c) => c.first("question", q))
      .filter((t) => t !== undefined)
      .map((t) => t - t0);
    fanout.push(...thisQuestion);
    fanoutByQuestion.push(summarize(thisQuestion));
    clock.mark("question");
    const opensIn = clients[0]?.last("question")?.question?.opensInMs ?? 0;
    if (opensIn > 0) await new Promise((r) => setTimeout(r, opensIn + 20));

    // The burst: every player answers at once (or spread over the think time).
    const sentAt = new Map();
    const sendAnswer = (c) => {
      sentAt.set(c, now());
      c.send({ type: "answer", q, answer: { choice: 0 } });
    };
    if (thinkMs > 0) {
      await Promise.all(
        clients.map((c) => new Promise((r) => setTimeout(() => (sendAnswer(c), r()), Math.random() * thinkMs))),
      );
    } else {
      for (const c of clients) sendAnswer(c);
    }
    const lastSent = Math.max(...sentAt.values());
    await waitAll(clients, (c) => c.count("answered", q) > 0);
    for (const c of clients)
      if (c.first("answered", q) !== undefined) acks.push(c.first("answered", q) - sentAt.get(c));
    clock.mark("answers");

    // Everyone answered, so the room closes the question and reveals by itself.
    await waitAll(clients, (c) => c.count("result", q) > 0 && c.count("reveal", q) > 0);
    for (const c of clients) if (c.first("reveal", q) !== undefined) reveal.push(c.first("reveal", q) - lastSent);
    clock.mark("reveal");
    if (thinkMs === 0) {
      const points = clients
        .map((c) => c.messages.find((m) => m.msg.type === "result" && m.msg.index === q)?.msg.points)
        .filter((p) => p > 0);
      if (points.length)
        scoreSpread = Math.max(scoreSpread, (Math.max(...points) - Math.min(...points)) / Math.max(...points));
    }

    for (const type of ["question", "answered", "reveal", "result"]) expectOne(type, q);
    // After the last reveal the room goes straight to the podium.
    // The host reads the reveal before moving on (auto-advance waits 5 s); the room finishes what
    // the close started meanwhile, so the leaderboard is timed from a click, not from the reveal.
    if (pauseMs > 0) await new Promise((r) => setTimeout(r, pauseMs));
    clock.mark("reveal pause");
    const t1 = now();
    host.send({ type: "next" });
    if (q < questions - 1) {
      await waitAll(clients, (c) => c.count("leaderboard", q) > 0);
      for (const c of clients)
        if (c.first("leaderboard", q) !== undefined) leaderboard.push(c.first("leaderboard", q) - t1);
      expectOne("leaderboard", q);
    } else {
      await waitAll(clients, (c) => c.count("podium") > 0);
      for (const c of clients) if (c.first("podium") !== undefined) podium.push(c.first("podium") - t1);
      expectOne("podium", "");
    }
    clock.mark("leaderboard");
  }

  const errors = joinErrors + clients.reduce((s, c) => s + c.errors.length, 0) + host.errors.length;
  const dropped = clients.filter((c) => c.closedUnexpectedly).length + (host.closedUnexpectedly ? 1 : 0);
  lost += players - clients.length;
  if (errors) console.error("error frames:", [...host.errors, ...clients.flatMap((c) => c.errors)].slice(0, 5));
  host.send({ type: "end" });
  for (const c of [host, ...clients]) c.close();

  const endStats = serverStats(false);
  return {
    // For the per-object figures (bench/relay-stats.mjs).
    code: game.code,
    hostToken: token,
    lobby,
    players,
    questions,
    thinkMs,
    pauseMs,
    deflate,
    httpJoin,
    joined: clients.length,
    joinWallMs: joinWall,
    join: summarize(joinTimes),
    joinHttp: summarize(joinHttp),
    fanout: summarize(fanout),
    fanoutByQuestion,
    ack: summarize(acks),
    reveal: summarize(reveal),
    leaderboard: summarize(leaderboard),
    podium: summarize(podium),
    scoreSpreadPct: scoreSpread * 100,
    lost,
    duplicated,
    errors,
    dropped,
    phases: clock.phases,
    server:
      endStats && startStats
        ? { cpuSeconds: endStats.cpuSeconds - startStats.cpuSeconds, peakRssMb: endStats.peakRss / 2 ** 20 }
        : null,
    clean: lost === 0 && duplicated === 0 && errors === 0 && dropped === 0,
  };
}
