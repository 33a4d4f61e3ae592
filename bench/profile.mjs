#!/usr/bin/env node
// CPU profile of the runtime during the load benchmark: starts the app (or the floor) with wrangler
// dev's V8 inspector on --inspector-port, starts V8's sampling profiler over the DevTools protocol
// (a plain WebSocket to the inspector), runs one bench/scenario.mjs run and prints the top
// self-time entries (function, file:line, ms, %) of the whole run and of each phase.
//
//   npm run bench:profile                              # 1,000 players, the app
//   npm run bench:profile -- --players 500 --floor     # the floor instead
//   npm run bench:profile -- --top 30 --out /tmp/room.json   # the profile (.profile: Chrome's DevTools) and phases
//   npm run bench:profile -- --players 2000 --relays 500           # through relays: CPU by object
//
// Phases come from the scenario's own marks (join, question, answers, reveal, leaderboard …),
// mapped onto the profile's clock from the instant Profiler.start answered. Everything it starts
// listens on 127.0.0.1 and is stopped at the end.
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { SourceMap } from "node:module";
import path from "node:path";
import { parseArgs } from "node:util";
import { WebSocket } from "ws";
import { nodeOwners, OWNER_NAMES, ownerTimes } from "./profile-owners.ts";
import { relayVars } from "./relay-stats.mjs";
import { runScenario } from "./scenario.mjs";
import { startServer } from "./server.mjs";

const { values } = parseArgs({
  options: {
    players: { type: "string", default: "1000" },
    questions: { type: "string", default: "3" },
    port: { type: "string", default: "8813" },
    "inspector-port": { type: "string", default: "9231" },
    floor: { type: "boolean", default: false },
    top: { type: "string", default: "20" },
    interval: { type: "string", default: "200" },
    pause: { type: "string", default: "1000" },
    teams: { type: "string", default: "0" },
    out: { type: "string" },
    relays: { type: "string" },
  },
});

const killTimer = setTimeout(async () => {
  console.error("profile: time limit reached, stopping");
  await server?.stop();
  process.exit(2);
}, 10 * 60_000);

/** One DevTools session: `call(method, params)` resolves with the result. */
async function devtools(inspectorPort) {
  const deadline = Date.now() + 30_000;
  let targets = [];
  while (Date.now() < deadline) {
    try {
      targets = await (await fetch(`http://127.0.0.1:${inspectorPort}/json`)).json();
      if (targets.length) break;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  // wrangler's inspector proxy lists the user Worker (its Durable Objects share its isolate).
  const target = targets.find((t) => t.webSocketDebuggerUrl);
  if (!target) throw new Error(`no inspector target on ${inspectorPort}: ${JSON.stringify(targets)}`);
  const ws = new WebSocket(target.webSocketDebuggerUrl, { perMessageDeflate: false });
  await new Promise((resolve, reject) => {
    ws.once("open", resolve);
    ws.once("error", reject);
  });
  let id = 0;
  const pending = new Map();
  ws.on("message", (data) => {
    const msg = JSON.parse(data.toString());
    const p = msg.id !== undefined && pending.get(msg.id);
    if (!p) return;
    pending.delete(msg.id);
    if (msg.error) p.reject(new Error(`${p.method}: ${msg.error.message}`));
    else p.resolve(msg.result);
  });
  return {
    title: target.title,
    call: (method, params = {}) =>
      new Promise((resolve, reject) => {
        const callId = ++id;
        pending.set(callId, { resolve, reject, method });
        ws.send(JSON.stringify({ id: callId, method, params }));
      }),
    close: () => ws.close(),
  };
}

/** The source map of the bundle wrangler dev built (in the snapshot's .wrangler/tmp), or null. */
function bundleMap(state) {
  const tmp = path.join(state, "app/.wrangler/tmp");
  if (!existsSync(tmp)) return null;
  for (const d of readdirSync(tmp)) {
    const f = path.join(tmp, d, "index.js.map");
    if (existsSync(f)) return new SourceMap(JSON.parse(readFileSync(f, "utf8")));
  }
  return null;
}

/** Rewrites the bundle's positions to the source's (rooms/live/x.ts:line), where the map knows them. */
function mapFrames(profile, map) {
  if (!map) return;
  for (const n of profile.nodes) {
    const f = n.callFrame;
    if (f.url !== "index.js" || f.lineNumber < 0) continue;
    const e = map.findEntry(f.lineNumber, f.columnNumber);
    if (!e?.originalSource) continue;
    f.url = e.originalSource.replace(/^(\.\.\/)+/, "").replace(/^.*node_modules\//, "node_modules/");
    f.lineNumber = e.originalLine;
  }
}

/**
 * Self time per function (name, file:line) over the samples taken between `from` and `to` (profile
 * µs); `keep`, if given, picks the samples (by their node id) that count.
 */
export function selfTimes(profile, from = -Infinity, to = Infinity, maxGapUs = 1000, keep = null) {
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  const totals = new Map();
  let t = profile.startTime;
  let all = 0;
  for (let i = 0; i < profile.samples.length; i++) {
    t += profile.timeDeltas[i];
    // A sample stands for the interval up to the next one, but workerd's isolate marks no idle
    // time: a long gap is the thread outside JavaScript (waiting for I/O), not the last function.
    const dt = Math.min(profile.timeDeltas[i + 1] ?? 0, maxGapUs) / 1000;
    if (t < from || t >= to || (keep && !keep(profile.samples[i]))) continue;
    const f = nodes.get(profile.samples[i]).callFrame;
    const file = f.url;
    const key = `${f.functionName || "(anonymous)"}\t${file ? `${file}:${f.lineNumber + 1}` : ""}`;
    totals.set(key, (totals.get(key) ?? 0) + dt);
    all += dt;
  }
  return { all, entries: [...totals].sort((a, b) => b[1] - a[1]) };
}

function formatTop({ all, entries }, top, wallMs) {
  const idle = entries.find(([k]) => k.startsWith("(idle)"))?.[1] ?? 0;
  const busy = all - idle;
  const head = ["self ms", "% of busy", "function", "file:line"];
  const rows = entries
    .filter(([k]) => !k.startsWith("(idle)"))
    .slice(0, top)
    .map(([k, ms]) => {
      const [fn, where] = k.split("\t");
      return [ms.toFixed(1), ((100 * ms) / busy).toFixed(1), fn, where];
    });
  return (
    `${wallMs ? `${wallMs.toFixed(0)} ms of wall time, ` : ""}in JavaScript or the runtime's calls from it ${busy.toFixed(0)} ms\n` +
    [head, head.map(() => "---"), ...rows].map((r) => `| ${r.join(" | ")} |`).join("\n")
  );
}

/** JavaScript CPU per phase by the object it ran for (bench/profile-owners.mjs), and per question. */
function byObject(profile, list, questions) {
  const head = ["phase", ...OWNER_NAMES.map((n) => `${n} ms`), "per question: root ms", "relays ms"];
  const rows = [];
  const row = (name, phases) => {
    const ms = Object.fromEntries(OWNER_NAMES.map((n) => [n, 0]));
    for (const p of phases) for (const [k, v] of Object.entries(ownerTimes(profile, ...p.window))) ms[k] += v;
    const perQ = name === "join" ? ["", ""] : [ms.root / questions, ms.relays / questions].map((v) => v.toFixed(1));
    rows.push([name, ...OWNER_NAMES.map((n) => ms[n].toFixed(1)), ...perQ]);
  };
  for (const name of new Set(list.map((p) => p.name)))
    row(
      name,
      list.filter((x) => x.name === name),
    );
  row(
    "**the questions** (all but the join)",
    list.filter((x) => x.name !== "join"),
  );
  return [
    "## JavaScript CPU by object (the outermost object's own frame on each sample's stack)",
    [head, head.map(() => "---"), ...rows].map((r) => `| ${r.join(" | ")} |`).join("\n"),
  ].join("\n");
}

let server;
try {
  const inspectorPort = Number(values["inspector-port"]);
  server = await startServer(Number(values.port), {
    floor: values.floor,
    inspectorPort,
    ...(values.floor ? {} : { vars: relayVars(values.relays) }),
  });
  const session = await devtools(inspectorPort);
  console.log(
    `profile: ${values.floor ? "floor" : "app"} at ${server.runtimeUrl}, inspector target "${session.title}"`,
  );
  await session.call("Profiler.enable");
  await session.call("Profiler.setSamplingInterval", { interval: Number(values.interval) });
  await session.call("Profiler.start");
  // One profile for the whole run, split afterwards at the scenario's marks. (Stopping and starting
  // the profiler at each mark lost the start of every short phase: the inspector's commands wait
  // for the isolate, which was busy with the very work the phase timed.) This process's clock is
  // V8's (both count CLOCK_MONOTONIC on Linux, in µs there and ns in process.hrtime).
  const monotonicMs = Number(process.hrtime.bigint()) / 1e6 - performance.now();
  const phases = [];
  const result = await runScenario({
    baseUrl: server.runtimeUrl,
    players: Number(values.players),
    questions: Number(values.questions),
    thinkMs: 0,
    serverStats: server.stats,
    pauseMs: Number(values.pause),
    teams: Number(values.teams),
    onMark: (name, from, to) => phases.push({ name, from, to, wallMs: to - from }),
  });
  const { profile } = await session.call("Profiler.stop");
  mapFrames(profile, bundleMap(server.state));
  const onProfileClock = (t) => (t + monotonicMs) * 1000;
  for (const p of phases) p.window = [onProfileClock(p.from), onProfileClock(p.to)];
  session.close();
  if (values.out) writeFileSync(values.out, JSON.stringify({ profile, phases }));
  console.log(
    `${result.players} players, ${result.questions} questions: ${result.clean ? "clean" : "NOT clean"}; join wall ${result.joinWallMs.toFixed(0)} ms, ack p99 ${result.ack.p99.toFixed(0)} ms, fan-out p99 ${result.fanout.p99.toFixed(0)} ms`,
  );
  const top = Number(values.top);
  /** Self times of several profiles added together. */
  const merged = (list, keep = null) => {
    const sum = new Map();
    let all = 0;
    for (const p of list) {
      const t = selfTimes(profile, ...p.window, 1000, keep);
      all += t.all;
      for (const [k, ms] of t.entries) sum.set(k, (sum.get(k) ?? 0) + ms);
    }
    const wall = list.reduce((s, p) => s + p.wallMs, 0);
    return [{ all, entries: [...sum].sort((a, b) => b[1] - a[1]) }, wall];
  };
  const busyPhases = phases.filter((p) => !p.name.includes("pause"));
  console.log(
    `\n## whole run but the pauses\n${formatTop(...merged(busyPhases).slice(0, 1), top, merged(busyPhases)[1])}`,
  );
  for (const name of new Set(busyPhases.map((p) => p.name))) {
    const [times, wall] = merged(busyPhases.filter((p) => p.name === name));
    console.log(`\n## ${name}\n${formatTop(times, top, wall)}`);
  }
  console.log(`\n${byObject(profile, busyPhases, result.questions)}`);
  // What the root itself spends its questions on: the part that decides how far one game scales.
  const ownerOf = nodeOwners(profile);
  const [rootTimes, rootWall] = merged(
    busyPhases.filter((p) => p.name !== "join"),
    (id) => ownerOf(id) === "root",
  );
  console.log(
    `\n## the root's own JavaScript in the questions (all ${result.questions})\n${formatTop(rootTimes, top, rootWall)}`,
  );
} catch (err) {
  console.error("profile failed:", err);
  process.exitCode = 1;
} finally {
  await server?.stop();
  clearTimeout(killTimer);
}
