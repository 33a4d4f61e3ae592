#!/usr/bin/env node
// The chaos run of a self-paced assignment: the teacher assigns the bench quiz, N students start
// and answer at their own pace over HTTP, and wrangler's whole process group is SIGKILLed at chosen
// moments, then restarted on the same state and secret. Students come back with their tokens the
// way the student page does (backoff with jitter) and must find themselves exactly where they
// were. Then the assignment is closed and D1 is read straight from its SQLite file.
//
//   npm run chaos:assignment -- [--students 30] [--kill started,answers,close] [--questions 5]
//                               [--port 8795] [--rounds 1] [--json]
//
// Kill points, in this order within one assignment: started (half the students have their seat),
// answers (a third of the answers acknowledged), then the end: close (0–150 ms after the teacher's
// close was sent, without its answer: before, during or after the results' write; `d1AtKill` says
// what D1 and the object held) or deadline (right after the deadline the teacher moved to a moment
// from now has passed: the object's alarm closes it and writes them).
// A tenth of the students stop halfway; after the close their answer must be refused.
//
// Exits non-zero on any acknowledged answer missing from D1, a student resumed on another
// question than the one they were on, a score in D1 that is not the sum of the points the student
// was told, a ghost or doubled seat, a late answer accepted, or a games row not ended.
import { parseArgs } from "node:util";
import { rmSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { randomBytes } from "node:crypto";
import { restartServer } from "./server.mjs";
import { api, benchQuiz } from "./scenario.mjs";
import { sleep, until } from "./chaos-clients.mjs";
import { Student, backoff, readD1, request, transient } from "./chaos-students.mjs";

const STARTS = ["started", "answers"];
const ENDS = ["close", "deadline"];
/** Every wait is bounded: one assignment may take at most this long. */
const RUN_DEADLINE_MS = 300_000;
const START_SPREAD_MS = 3000;
/** The close's kill: this long after the close request was sent, plus up to the spread. */
const CLOSE_KILL_MIN_MS = 0;
const CLOSE_KILL_SPREAD_MS = 150;

/** Set by `assignmentChaos` for one call (the run's shape). */
let N = 30;
let Q = 5;
let port = 8795;
let kills = [];
let end = "close";

const boot = (options = {}) => restartServer(port, options);

async function run() {
  const runDeadline = Date.now() + RUN_DEADLINE_MS;
  let server = await boot();
  const { state, secret } = server;
  const base = () => server.url;
  const downtimes = [];
  let gameId = null;
  /**
   * What D1 held when the end's kill landed ("running": the results were written after the
   * restart) and, for the close, the object's status after it ("closed": the close was committed).
   */
  let atKill = "-";
  const crash = async (point) => {
    const t = Date.now();
    await server.kill();
    if (ENDS.includes(point)) atKill = readD1(state, gameId).game?.status ?? "none";
    server = await boot({ state, secret });
    downtimes.push({ point, ms: Date.now() - t });
  };

  try {
    const { token } = await api(server.url, "POST", "/api/auth/register", {
      email: `chaos-a-${randomBytes(5).toString("hex")}@chaos.test`,
      password: "chaos-password-1",
      name: "Chaos",
      role: "teacher",
    });
    const teacher = (method, p, body) =>
      request(base, method, p, body, { authorization: `Bearer ${token}` }).then(async (r) => {
        for (let attempt = 0; transient(r) && Date.now() < runDeadline; attempt++) {
          await sleep(backoff(attempt));
          r = await request(base, method, p, body, { authorization: `Bearer ${token}` });
        }
        if (r.status >= 300) throw new Error(`${method} ${p} -> ${r.status} ${JSON.stringify(r.json)}`);
        return r.json;
      });
    const { quiz } = await teacher("POST", "/api/quizzes", benchQuiz(Q));
    const a = await teacher("POST", "/api/assignments", {
      quizId: quiz.id,
      settings: { deadline: Date.now() + 3600_000, maxParticipants: N + 10, showAnswers: "each", timer: false },
    });
    gameId = a.gameId;
    const students = Array.from({ length: N }, (_, i) => new Student(i, base, a.code, runDeadline, Q));
    let started = 0;
    const failures = [];
    const runs = students.map(async (s) => {
      await sleep(Math.random() * START_SPREAD_MS);
      try {
        const first = await s.start();
        started++;
        await s.play(first);
      } catch (e) {
        failures.push(e.message);
        s.done = true;
      }
    });
    const total = students.reduce((n, s) => n + s.stopAt, 0);
    const ackedSoFar = () => students.reduce((n, s) => n + s.acked.size, 0);
    if (kills.includes("started")) {
      await until(() => started >= Math.ceil(N / 2), 120_000, "half the students started");
      await crash("started");
    }
    if (kills.includes("answers")) {
      await until(() => ackedSoFar() >= Math.ceil(total / 3), 180_000, "a third of the answers acknowledged");
      await crash("answers");
    }
    await until(() => students.every((s) => s.done), Math.max(1000, runDeadline - Date.now()), "every student done");
    await Promise.all(runs);

    const closePath = `/api/assignments/${a.code}/close`;
    if (end === "close" && kills.includes("close")) {
      // The kill lands a moment after the close was sent (the results' write follows its commit
      // at once): before, during or after that write. The teacher, with no answer, closes again.
      const closing = request(base, "POST", closePath, undefined, { authorization: `Bearer ${token}` });
      await sleep(CLOSE_KILL_MIN_MS + Math.random() * CLOSE_KILL_SPREAD_MS);
      await crash("close");
      await closing;
      // Whether the object had committed the close before the kill (then it, not this second close, writes the results).
      atKill += `/${(await teacher("GET", `/api/assignments/${a.code}/progress`)).status}`;
      await teacher("POST", closePath);
    } else if (end === "close") await teacher("POST", closePath);
    else {
      const at = Date.now() + 1500;
      await teacher("POST", `/api/assignments/${a.code}/deadline`, { deadline: at });
      await sleep(at + 50 - Date.now());
      if (kills.includes("deadline")) await crash("deadline");
    }
    for (const s of students) if (s.token) await s.afterClose().catch((e) => failures.push(e.message));

    let d1;
    for (;;) {
      d1 = readD1(state, a.gameId);
      if (d1.game?.status === "ended") break;
      if (Date.now() > runDeadline) throw new Error(`D1 never had the results (status ${d1.game?.status})`);
      await sleep(500);
    }
    return { ...judge(students, d1, failures, downtimes), d1AtKill: atKill };
  } finally {
    await server.stop();
    rmSync(state, { recursive: true, force: true });
  }
}

function judge(students, d1, failures, downtimes) {
  const seat = new Map(d1.players.map((p) => [p.nickname, p]));
  const rows = new Map();
  for (const r of d1.answers) rows.set(`${r.player_id}:${r.question_index}`, r);
  let acked = 0;
  let inferred = 0;
  let lost = 0;
  let pointsOff = 0;
  let scoreOff = 0;
  for (const s of students) {
    const p = seat.get(s.nickname);
    let sum = 0;
    for (const [q, points] of [...s.acked, ...s.inferred]) {
      sum += points;
      const row = p && rows.get(`${p.player_id}:${q}`);
      if (!row) lost++;
      else if (row.points !== points) pointsOff++;
    }
    acked += s.acked.size;
    inferred += s.inferred.size;
    if (!p || p.score !== sum || p.answered_count !== s.answered) scoreOff++;
  }
  const known = new Set(students.map((s) => s.nickname));
  const ghosts = d1.players.filter((p) => !known.has(p.nickname)).length + students.reduce((n, s) => n + s.ghost, 0);
  const doubled = d1.players.length - new Set(d1.players.map((p) => p.nickname)).size;
  // Rows in D1 no student was told of (an answer counted twice would show here).
  const extra = d1.answers.length - acked - inferred;
  const sum = (k) => students.reduce((n, s) => n + s[k], 0);
  const out = {
    students: students.length,
    inD1: d1.players.length,
    acked,
    inferred,
    lost,
    extra,
    pointsOff,
    scoreOff,
    rewound: sum("rewound"),
    skipped: sum("skipped"),
    scoreMismatch: sum("scoreMismatch"),
    ghosts,
    doubled,
    lateRefused: sum("lateRefused"),
    lateAccepted: sum("lateAccepted"),
    ended: d1.game?.status === "ended" && d1.game.ended_at !== null && d1.game.player_count === students.length,
    retried: sum("transient"),
    downMs: downtimes.map((d) => `${d.point}:${d.ms}`).join(" "),
    failures: failures.length,
  };
  out.ok =
    out.inD1 === students.length &&
    lost + extra + pointsOff + scoreOff + out.rewound + out.skipped + out.scoreMismatch === 0 &&
    ghosts + doubled + out.lateAccepted + out.failures === 0 &&
    out.lateRefused === students.filter((s) => s.stopAt < Q).length &&
    out.ended;
  if (failures.length) console.error(failures.slice(0, 10).join("\n"));
  return out;
}

/**
 * Runs `rounds` assignments with the given kills; returns one row each. Also called by chaos.mjs
 * (its quick assignment case).
 */
export async function assignmentChaos(options) {
  N = options.students;
  Q = Math.max(2, options.questions);
  port = options.port;
  kills = options.kills;
  for (const k of kills)
    if (![...STARTS, ...ENDS].includes(k)) throw new Error(`unknown kill point ${k}; of ${[...STARTS, ...ENDS]}`);
  if (kills.includes("close") && kills.includes("deadline")) throw new Error("one end: close or deadline");
  end = kills.find((k) => ENDS.includes(k)) ?? "close";
  const results = [];
  for (let r = 0; r < options.rounds; r++) {
    const t0 = Date.now();
    const row = { round: r + 1, kills: kills.join(",") };
    try {
      results.push({ ...row, ...(await run()), seconds: Math.round((Date.now() - t0) / 1000) });
    } catch (e) {
      console.error(`round ${r + 1}: ${e.message}`);
      results.push({ ...row, ok: false, failed: e.message });
    }
    console.error(`${results.at(-1).ok ? "ok  " : "FAIL"} assignment round ${r + 1} (kills ${kills.join(", ")})`);
  }
  return results;
}

const COLUMNS = [
  "round",
  "kills",
  "students",
  "inD1",
  "acked",
  "inferred",
  "lost",
  "extra",
  "pointsOff",
  "scoreOff",
  "rewound",
  "skipped",
  "ghosts",
  "doubled",
  "lateRefused",
  "lateAccepted",
  "ended",
  "retried",
  "downMs",
  "d1AtKill",
  "seconds",
  "ok",
];

export function printAssignmentTable(results) {
  console.log(COLUMNS.join("\t"));
  for (const r of results) console.log(COLUMNS.map((c) => r[c] ?? (c === "ok" ? false : "-")).join("\t"));
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { values: args } = parseArgs({
    options: {
      students: { type: "string", default: "30" },
      kill: { type: "string", default: "started,answers,close" },
      questions: { type: "string", default: "5" },
      rounds: { type: "string", default: "1" },
      port: { type: "string", default: "8795" },
      json: { type: "boolean", default: false },
    },
  });
  const results = await assignmentChaos({
    students: Number(args.students),
    questions: Number(args.questions),
    port: Number(args.port),
    rounds: Number(args.rounds),
    kills: args.kill.split(",").filter(Boolean),
  });
  if (args.json) console.log(JSON.stringify(results, null, 2));
  else printAssignmentTable(results);
  process.exit(results.every((r) => r.ok) ? 0 : 1);
}
