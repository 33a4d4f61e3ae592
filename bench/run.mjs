#!/usr/bin/env node
// Load benchmark: one room, N real WebSocket players, Q questions answered by everyone at once.
// Each size runs on QuickQuiz and on the floor (bench/floor/: the least a room must do, on the same
// wrangler and workerd) in one invocation, the order alternating from one pair to the next, and
// the QuickQuiz/floor ratios are printed next to the absolute figures.
//
//   npm run bench                       # N = 100, 500, 1000, 2000; Q = 3
//   npm run bench -- --repeat 2         # two pairs per size (floor, app, then app, floor)
//   npm run bench -- --no-floor         # QuickQuiz only, no ratios
//   npm run bench -- --floor-limit      # the floor's joins ask a rate limiter too, as the app's do (its
//                                       # emulation in wrangler dev is a Durable Object with SQLite per call)
//   npm run bench -- --players 1000     # one size
//   npm run bench -- --quick            # CI smoke: small N; exits 1 on any lost message or error
//   npm run bench -- --url http://127.0.0.1:8787   # use a running app instead of starting one
//   npm run bench -- --via-proxy        # through wrangler dev's proxy Worker (see server.mjs)
//   npm run bench -- --deflate          # players' sockets offer permessage-deflate
//   npm run bench -- --http-join        # players join over HTTP, then open the socket (two requests)
//   npm run bench -- --observability    # keep wrangler dev's local observability collector on
//   npm run bench -- --teams 100        # a team game (personal devices) with 100 teams
//   npm run bench -- --pause 0          # the host clicks "start" the instant all have joined and "next" the
//                                       # instant the reveal is in (default: 1000 ms in the full lobby and on each reveal)
//
// Everything it starts listens on 127.0.0.1 and is stopped at the end; every loop is bounded.
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { relayCounts, relayFigures, relayVars } from "./relay-stats.mjs";
import { startServer } from "./server.mjs";
import { runScenario } from "./scenario.mjs";
import { formatPhases, formatRatios, formatTable, pairSummary } from "./report.mjs";

const { values } = parseArgs({
  options: {
    quick: { type: "boolean", default: false },
    players: { type: "string" },
    questions: { type: "string" },
    think: { type: "string", default: "0" },
    url: { type: "string" },
    port: { type: "string", default: "8799" },
    "floor-port": { type: "string" },
    "no-floor": { type: "boolean", default: false },
    "floor-limit": { type: "boolean", default: false },
    repeat: { type: "string", default: "1" },
    json: { type: "string" },
    "via-proxy": { type: "boolean", default: false },
    deflate: { type: "boolean", default: false },
    "http-join": { type: "boolean", default: false },
    observability: { type: "boolean", default: false },
    pause: { type: "string", default: "1000" },
    teams: { type: "string", default: "0" },
    // Every player's socket through relays, this many per relay (bench/relay-stats.mjs prints each object's figures).
    relays: { type: "string" },
  },
});

const sizes = values.players ? values.players.split(",").map(Number) : values.quick ? [25] : [100, 500, 1000, 2000];
const questions = Number(values.questions ?? (values.quick ? 2 : 3));
const thinkMs = Number(values.think);
const pauseMs = Number(values.pause);
if (!Number.isFinite(pauseMs) || pauseMs < 0 || pauseMs > 60_000) throw new Error("--pause takes 0..60000 (ms)");
if (sizes.some((n) => !Number.isInteger(n) || n < 1 || n > 20000)) throw new Error("--players takes 1..20000");
if (!Number.isInteger(questions) || questions < 1 || questions > 20) throw new Error("--questions takes 1..20");
// workerd holds every accepted socket twice (it dup()s the descriptor: 421 socket descriptors for
// 214 sockets, counted in /proc) and a few hundred descriptors of its own; all objects share one
// process here. A size past the open-files limit would fail part-way ("Too many open files", or a
// crashed runtime), so it is refused before anything starts, with the largest size that fits.
const FDS_PER_PLAYER = 2;
const FDS_RESERVED = 300;
if (!values.url) {
  const m = /^Max open files\s+\S+\s+(\d+)/m.exec(readFileSync("/proc/self/limits", "utf8"));
  const largest = m ? Math.floor((Number(m[1]) - FDS_RESERVED) / FDS_PER_PLAYER) : Infinity;
  const over = sizes.filter((n) => n > largest);
  if (over.length) {
    console.error(
      `bench: ${over.join(", ")} players cannot run in one local workerd here: it needs ~${FDS_PER_PLAYER} open files per player (+${FDS_RESERVED}) and this machine's hard limit is ${m?.[1]}; the largest size that fits is ${largest} (docs: BENCHMARKS.md, Relays)`,
    );
    process.exit(2);
  }
}
const repeat = Number(values.repeat);
if (!Number.isInteger(repeat) || repeat < 1 || repeat > 10) throw new Error("--repeat takes 1..10");
// With --url the app is someone else's; the floor is started only when asked for by its own port.
const withFloor = !values["no-floor"];

const HARD_LIMIT_MS = 15 * 60_000;
const killTimer = setTimeout(async () => {
  console.error("bench: hard time limit reached, stopping");
  await server?.stop();
  process.exit(2);
}, HARD_LIMIT_MS);

let server;
let floor;
// Stopped from outside (Ctrl-C, a CI timeout): stop the servers we started too.
for (const sig of ["SIGINT", "SIGTERM"]) {
  process.once(sig, async () => {
    console.error(`bench: ${sig}, stopping`);
    await Promise.all([server?.stop(), floor?.stop()]);
    process.exit(130);
  });
}
const results = [];
const pairs = [];
let failed = false;
try {
  server = values.url
    ? { url: values.url, stats: () => null, stop: async () => {} }
    : await startServer(Number(values.port), { observability: values.observability, vars: relayVars(values.relays) });
  const baseUrl = values["via-proxy"] || !server.runtimeUrl ? server.url : server.runtimeUrl;
  if (withFloor && !values.url)
    floor = await startServer(Number(values["floor-port"] ?? Number(values.port) + 1), {
      observability: values.observability,
      floor: true,
      floorLimit: values["floor-limit"],
    });
  const floorUrl = floor && (values["via-proxy"] || !floor.runtimeUrl ? floor.url : floor.runtimeUrl);
  console.log(
    `bench: app at ${baseUrl}${baseUrl === server.url ? "" : ` (the runtime's own port; wrangler dev's proxy is ${server.url})`}${floor ? `; floor at ${floorUrl}${values["floor-limit"] ? " (joins rate-limited)" : ""}` : "; no floor"}; players ${sizes.join(", ")}; ${questions} questions; think ${thinkMs} ms; lobby and reveal pause ${pauseMs} ms; ${values.deflate ? "deflate offered" : "no deflate"}; ${values["http-join"] ? "HTTP join + socket" : "join over the socket"}${values.observability ? "; local observability on" : ""}${Number(values.teams) ? `; ${values.teams} teams (the floor has none)` : ""}`,
  );
  const run = async (target, n) => {
    const r = await runScenario({
      baseUrl: target === "floor" ? floorUrl : baseUrl,
      players: n,
      questions,
      thinkMs,
      serverStats: (target === "floor" ? floor : server).stats,
      deflate: values.deflate,
      pauseMs,
      // The floor speaks only the join over the socket and has no teams.
      httpJoin: target === "app" && values["http-join"],
      teams: target === "app" ? Number(values.teams) : 0,
      beforeQuestions: target === "app" && values.relays ? (g) => relayCounts(baseUrl, g) : undefined,
    });
    r.target = target;
    results.push(r);
    console.log(formatTable([r]));
    if (values.relays) console.log(await relayFigures(baseUrl, r));
    if (!r.clean) failed = true;
    return r;
  };
  // The order alternates from pair to pair (floor first, then the app first, …) so that neither
  // always runs on a machine warmed, or loaded, by the other.
  let k = 0;
  for (const n of sizes) {
    for (let rep = 0; rep < repeat; rep++, k++) {
      if (!floor) {
        await run("app", n);
        continue;
      }
      const order = k % 2 === 0 ? ["floor", "app"] : ["app", "floor"];
      const pair = { players: n, order };
      for (const target of order) pair[target] = await run(target, n);
      pairs.push(pair);
      console.log(formatRatios([pair]));
    }
  }
  console.log("\n" + formatTable(results));
  console.log("\n" + formatPhases(results));
  if (pairs.length) console.log("\nQuickQuiz ÷ floor (figures: QuickQuiz / floor = ratio)\n" + formatRatios(pairs));
  const clean = results.filter((r) => r.clean && r.target === "app").map((r) => r.players);
  console.log(`largest clean N: ${clean.length ? Math.max(...clean) : "none"}`);
  if (values.json) {
    const fs = await import("node:fs");
    fs.writeFileSync(
      values.json,
      JSON.stringify({ date: new Date().toISOString(), results, pairs: pairs.map(pairSummary) }, null, 2),
    );
  }
} catch (err) {
  console.error("bench failed:", err);
  failed = true;
} finally {
  await Promise.all([server?.stop(), floor?.stop()]);
  clearTimeout(killTimer);
}
console.log(failed ? "bench: FAILED (lost/duplicated messages, errors or dropped sockets)" : "bench: clean");
process.exit(failed ? 1 : 0);
