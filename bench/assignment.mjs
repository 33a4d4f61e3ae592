#!/usr/bin/env node
// An assignment under load: a teacher assigns the bench quiz (10 questions), N students (default
// 1,000, each from its own address) start it and answer every question at their own pace, the
// answers spread over a minute. Each answer is timed from the request to its acknowledgement (sent
// only once the answer is durable). Then the teacher closes it and the results in D1 are checked:
// nothing lost. Prints the figures for BENCHMARKS.md.
//   npm run bench:assignment                 1,000 students × 10 questions over 60 s
//   npm run bench:assignment -- --quick      20 students over 10 s (CI)
//   N=300 SPREAD_MS=30000 npm run bench:assignment
// Bounded: N ≤ 5000, stopped after LIMIT_S seconds (default 300), printing what it measured so far.
import os from "node:os";
import { api, benchQuiz, phoneIp, summarize } from "./scenario.mjs";
import { startServer } from "./server.mjs";

const quick = process.argv.includes("--quick");
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
console.log(`assignment ${code}: ${N} students × ${Q} questions over ${SPREAD_MS / 1000} s`);

const sleep = (ms) => new Promise((r) => setTimeout(r, Math.max(0, ms)));
const acks = [];
const failures = [];
let acked = 0;
server.stats(true);
const cpu0 = server.stats().cpuSeconds;
const t0 = Date.now();
partial = () => {
  const a = summarize(acks);
  return { acked, failures: failures.length, wallS: (Date.now() - t0) / 1000, ackP50Ms: a.p50, ackP99Ms: a.p99 };
};
const ticker = setInterval(() => console.log(JSON.stringify(partial())), 15_000);

/** One student: starts at a random moment, then answers at random moments spread over the minute. */
async function student(i) {
  const at = Array.from({ length: Q + 1 }, () => Math.random() * SPREAD_MS).sort((a, b) => a - b);
  await sleep(t0 + at[0] - Date.now());
  const s = await call(
    "POST",
    `/api/assignments/${code}/start`,
    { nickname: `s${i}` },
    { "cf-connecting-ip": phoneIp(i) },
  );
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

await Promise.all(Array.from({ length: N }, (_, i) => student(i).catch((e) => failures.push(`s${i}: ${e.message}`))));
const wallMs = Date.now() - t0;
clearInterval(ticker);
const stats = server.stats();
const cpuS = stats.cpuSeconds - cpu0;

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
  runtimeCpuS: +cpuS.toFixed(2),
  runtimeCpuMsPerAnswer: +((cpuS * 1000) / Math.max(1, acked)).toFixed(2),
  peakRssMB: Math.round(stats.peakRss / 2 ** 20),
};
console.log(JSON.stringify(out, null, 2));
if (failures.length) console.error(failures.slice(0, 10).join("\n"));
await server.stop();
process.exit(lost === 0 && failures.length === 0 && finished === N ? 0 : 1);
