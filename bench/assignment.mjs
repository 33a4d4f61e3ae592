#!/usr/bin/env node
// An assignment under load: a teacher assigns the bench quiz (10 questions), N students (default
// 1,000, each from its own address) start it over HTTP, then each opens its socket and answers
// every question at their own pace, the answers spread over a minute; the teacher's progress
// socket is open throughout. Each answer is timed from the frame sent to its acknowledgement (sent
// only once the answer is durable; it carries the next question). Then the teacher closes it and
// the results in D1 are checked: nothing lost. Prints the figures for BENCHMARKS.md.
//   npm run bench:assignment                 1,000 students × 10 questions over 60 s
//   npm run bench:assignment -- --quick      20 students over 10 s (CI)
//   npm run bench:assignment -- --http       the HTTP path instead (one request per step)
//   N=300 SPREAD_MS=30000 npm run bench:assignment
// Bounded: N ≤ 5000, stopped after LIMIT_S seconds (default 300), printing what it measured so far.
import os from "node:os";
import { WebSocket } from "ws";
import { api, benchQuiz, phoneIp, summarize } from "./scenario.mjs";
import { startServer } from "./server.mjs";

const quick = process.argv.includes("--quick");
const overHttp = process.argv.includes("--http");
const N = Math.min(5000, Number(process.env.N ?? (quick ? 20 : 1000)));
const Q = 10;
const SPREAD_MS = Number(process.env.SPREAD_MS ?? (quick ? 10_000 : 60_000));

const LIMIT_S = Number(process.env.LIMIT_S ?? 300);
let server;
let partial = () => ({});
setTimeout(async () => {
  console.error(`bench:assignment: time limit (${LIMIT_S} s); so far ${JSON.stringify(partial())}`);
  await server?.stop();
  process.exit(2);
}, LIMIT_S * 1000).unref();

server = await startServer(18950 + Math.floor(Math.random() * 40));
const url = server.runtimeUrl;

async function call(method, path, body, headers = {}) {
  const res = await fetch(url + path, {
    method,
    headers: { "content-type": "application/json", ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path} -> ${res.status} ${text.slice(0, 200)}`);
  return JSON.parse(text);
}

const { token } = await api(url, "POST", "/api/auth/register", {
  email: `a${Date.now()}@bench.test`,
  password: "bench-password-123",
  name: "Bench",
  role: "teacher",
});
const { quiz } = await api(url, "POST", "/api/quizzes", benchQuiz(Q), token);
const assignment = await api(
  url,
  "POST",
  "/api/assignments",
  { quizId: quiz.id, settings: { deadline: Date.now() + 3600_000, maxParticipants: N + 10 } },
  token,
);
const code = assignment.code;
console.log(
  `assignment ${code}: ${N} students × ${Q} questions over ${SPREAD_MS / 1000} s, ${overHttp ? "HTTP" : "sockets"}`,
);
const wsBase = url.replace(/^http/, "ws");

/** A socket whose frames are awaited in order: `next()` resolves with the next frame. */
function openSocket(path, headers = {}) {
  const ws = new WebSocket(wsBase + path, { headers, perMessageDeflate: false });
  const queue = [];
  const waiters = [];
  ws.on("message", (data) => {
    const msg = JSON.parse(String(data));
    const w = waiters.shift();
    if (w) w.resolve(msg);
    else queue.push(msg);
  });
  const gone = (why) => {
    for (const w of waiters.splice(0)) w.reject(new Error(why));
  };
  ws.on("close", (c) => gone(`closed ${c}`));
  ws.on("error", (e) => gone(e.message));
  const opened = new Promise((resolve, reject) => {
    ws.once("open", resolve);
    ws.once("error", reject);
  });
  return {
    ws,
    opened,
    next: () =>
      queue.length
        ? Promise.resolve(queue.shift())
        : new Promise((resolve, reject) => waiters.push({ resolve, reject })),
    send: (m) => ws.send(JSON.stringify(m)),
  };
}

// The teacher follows live: progress frames, counted.
let progressFrames = 0;
let progressBytes = 0;
const teacherWs = overHttp ? null : new WebSocket(`${wsBase}/ws/assignment/${code}/host?token=${token}`);
teacherWs?.on("message", (d) => {
  progressFrames++;
  progressBytes += d.length;
});

const sleep = (ms) => new Promise((r) => setTimeout(r, Math.max(0, ms)));
const acks = [];
const failures = [];
let acked = 0;
/** Start (HTTP) and connect (socket open to its first state) latencies: where a slow run spends its time. */
const starts = [];
const connects = [];
server.stats(true);
const { cpuSeconds: cpu0, runQueueSeconds: wait0 } = server.stats();
/** The runtime's CPU and run-queue wait when every student had started and connected (the start burst's share). */
let atConnected = null;
const t0 = Date.now();
partial = () => {
  const a = summarize(acks);
  const st = summarize(starts);
  const co = summarize(connects);
  return {
    started: starts.length,
    connected: connects.length,
    acked,
    failures: failures.length,
    wallS: (Date.now() - t0) / 1000,
    ackP50Ms: a.p50,
    ackP99Ms: a.p99,
    startP50Ms: st.p50,
    startP99Ms: st.p99,
    connectP50Ms: co.p50,
    connectP99Ms: co.p99,
  };
};
const ticker = setInterval(() => console.log(JSON.stringify(partial())), 15_000);

/** One student: starts at a random moment, then answers at random moments spread over the minute. */
async function student(i) {
  const at = Array.from({ length: Q + 1 }, () => Math.random() * SPREAD_MS).sort((a, b) => a - b);
  await sleep(t0 + at[0] - Date.now());
  const began = performance.now();
  const s = await call(
    "POST",
    `/api/assignments/${code}/start`,
    { nickname: `s${i}` },
    { "cf-connecting-ip": phoneIp(i) },
  );
  starts.push(performance.now() - began);
  if (!overHttp) return studentOverSocket(i, s.token, at);
  const seat = { authorization: `Player ${s.token}`, "cf-connecting-ip": phoneIp(i) };
  for (let q = 0; q < Q; q++) {
    if (q > 0) await call("GET", `/api/assignments/${code}/play`, undefined, seat);
    await sleep(t0 + at[q + 1] - Date.now());
    const sent = performance.now();
    try {
      const r = await call("POST", `/api/assignments/${code}/answer`, { q, answer: { choice: 0 } }, seat);
      if (!r.result.accepted) throw new Error("not accepted");
      acks.push(performance.now() - sent);
      acked++;
    } catch (e) {
      failures.push(`s${i} q${q}: ${e.message}`);
    }
  }
}

/** The socket path: one frame a step, the acknowledgement carrying the next question. */
async function studentOverSocket(i, seatToken, at) {
  const sock = openSocket(`/ws/assignment/${code}?token=${encodeURIComponent(seatToken)}`, {
    "cf-connecting-ip": phoneIp(i),
  });
  const began = performance.now();
  await sock.opened;
  let state = (await sock.next()).state;
  connects.push(performance.now() - began);
  if (connects.length === N) {
    const s = server.stats();
    atConnected = { wallS: +((Date.now() - t0) / 1000).toFixed(1), cpuS: +(s.cpuSeconds - cpu0).toFixed(2), acked };
  }
  for (let q = 0; q < Q; q++) {
    await sleep(t0 + at[q + 1] - Date.now());
    const sent = performance.now();
    try {
      if (state?.question?.index !== q) throw new Error(`shown ${state?.question?.index} instead of ${q}`);
      sock.send({ type: "answer", q, answer: { choice: 0 } });
      const r = await sock.next();
      if (r.type !== "answered" || !r.result.accepted)
        throw new Error(`not accepted: ${JSON.stringify(r).slice(0, 200)}`);
      acks.push(performance.now() - sent);
      acked++;
      state = r.state;
    } catch (e) {
      failures.push(`s${i} q${q}: ${e.message}`);
    }
  }
  sock.ws.close(1000);
}

await Promise.all(Array.from({ length: N }, (_, i) => student(i).catch((e) => failures.push(`s${i}: ${e.message}`))));
const wallMs = Date.now() - t0;
clearInterval(ticker);
const stats = server.stats();
const cpuS = stats.cpuSeconds - cpu0;

teacherWs?.close(1000);
const progress = await api(url, "GET", `/api/assignments/${code}/progress`, undefined, token);
const finished = progress.participants.filter((p) => p.state === "finished").length;
const answeredInRoom = progress.participants.reduce((s, p) => s + p.answered, 0);
await api(url, "POST", `/api/assignments/${code}/close`, undefined, token);
let report = null;
for (let i = 0; i < 100; i++) {
  report = await api(url, "GET", `/api/games/${assignment.gameId}/report`, undefined, token);
  if (report.game.status === "ended") break;
  await sleep(200);
}
const answersInD1 = report.questions.reduce((s, q) => s + q.answered, 0);
const ack = summarize(acks);
const lost = N * Q - answersInD1;
const out = {
  date: new Date().toISOString().slice(0, 10),
  machine: `${os.cpus().length}× ${os.cpus()[0]?.model ?? "cpu"}, ${Math.round(os.totalmem() / 2 ** 30)} GB, Node ${process.version}`,
  path: overHttp ? "http" : "socket",
  students: N,
  questions: Q,
  spreadS: SPREAD_MS / 1000,
  wallS: +(wallMs / 1000).toFixed(1),
  acked,
  failures: failures.length,
  finished,
  answeredInRoom,
  answersInD1,
  playersInD1: report.players.length,
  lost,
  ackP50Ms: +ack.p50.toFixed(1),
  ackP99Ms: +ack.p99.toFixed(1),
  ackMaxMs: +ack.max.toFixed(1),
  startP50Ms: +summarize(starts).p50.toFixed(1),
  startP99Ms: +summarize(starts).p99.toFixed(1),
  ...(overHttp
    ? {}
    : { connectP50Ms: +summarize(connects).p50.toFixed(1), connectP99Ms: +summarize(connects).p99.toFixed(1) }),
  runtimeCpuS: +cpuS.toFixed(2),
  runtimeCpuMsPerAnswer: +((cpuS * 1000) / Math.max(1, acked)).toFixed(2),
  runtimeRunQueueWaitS: +(stats.runQueueSeconds - wait0).toFixed(2),
  ...(atConnected ? { atAllConnected: atConnected } : {}),
  peakRssMB: Math.round(stats.peakRss / 2 ** 20),
  loadAverage: os.loadavg().map((l) => +l.toFixed(1)),
  ...(overHttp ? {} : { progressFrames, progressKB: Math.round(progressBytes / 1024) }),
};
console.log(JSON.stringify(out, null, 2));
if (failures.length) console.error(failures.slice(0, 10).join("\n"));
await server.stop();
process.exit(lost === 0 && failures.length === 0 && finished === N ? 0 : 1);
