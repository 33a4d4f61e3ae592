// The runtime's own CPU, by what it was doing: `perf` samples workerd's native stacks (the C++ of
// the runtime, SQLite, V8's compiler and garbage collector, and the JavaScript in between) while a
// phase runs, and each sample is counted under every runtime entry point on its stack. V8's CPU
// profile (bench/profile.mjs) sees only the isolate's JavaScript; this sees the rest: the HTTP
// server, each request's and each socket event's set-up, timers, commits.
//
// Needs `perf` (Debian's linux-perf) and a kernel that allows it; software clock sampling works in
// VMs without hardware counters.
import { execFileSync, spawn } from "node:child_process";
import { readdirSync, readFileSync, rmSync } from "node:fs";

/** Runtime entry points worth telling apart (substrings of workerd's symbols). */
const CATEGORIES = [
  ["an incoming request (Worker or object fetch), JavaScript included", "ServiceWorkerGlobalScope::request"],
  ["a socket message to an object (hibernation event), JavaScript included", "HibernatableWebSocketCustomEvent::run"],
  ["a timer's callback, JavaScript included", "TimeoutManagerImpl::setTimeoutImpl"],
  ["fetch() from JavaScript (Worker → object, bindings)", "api::fetchImpl"],
  ["new Request / Headers", "api::Request::constructor"],
  ["request.cf copied", "CfProperty::deepClone"],
  ["SQLite statements", "sqlite3_step"],
  ["storage transactions and implicit commits", "ActorSqlite::"],
  ["WebSocket send", "api::WebSocket::send"],
  ["acceptWebSocket", "acceptWebSocket"],
  ["JSON", "internal::Json"],
  ["garbage collection", "internal::Heap::"],
  ["memory allocation (tcmalloc)", "tcmalloc"],
  ["kernel (syscalls, network, page faults)", "[kernel.kallsyms]"],
];

const workerdPids = () =>
  readdirSync("/proc").filter((d) => {
    if (!/^\d+$/.test(d)) return false;
    try {
      return readFileSync(`/proc/${d}/comm`, "utf8").startsWith("workerd");
    } catch {
      return false;
    }
  });

/** Starts sampling every workerd process; `stop()` ends it and returns the breakdown. */
export async function startNativeProfile(file = "/tmp/qq-native.perf.data", hz = 1999) {
  const perf = spawn("perf", ["record", "-F", String(hz), "-g", "-p", workerdPids().join(","), "-o", file], {
    stdio: "ignore",
  });
  const failed = new Promise((r) => perf.once("error", r));
  await Promise.race([new Promise((r) => setTimeout(r, 500)), failed]);
  if (perf.exitCode !== null || perf.pid === undefined)
    throw new Error("perf did not start: apt-get install linux-perf");
  return {
    async stop() {
      perf.kill("SIGINT");
      await new Promise((r) => perf.once("exit", r));
      const script = execFileSync("perf", ["script", "-i", file], {
        maxBuffer: 1 << 30,
        stdio: ["ignore", "pipe", "ignore"],
      });
      rmSync(file, { force: true });
      const stacks = script
        .toString()
        .split("\n\n")
        .filter((s) => s.trim());
      const counts = CATEGORIES.map(([label, marker]) => ({
        label,
        samples: stacks.filter((s) => s.includes(marker)).length,
      }));
      return { hz, samples: stacks.length, cpuSeconds: stacks.length / hz, counts };
    },
  };
}

/** The breakdown as Markdown rows: category, samples, µs per unit of work (`per`, e.g. per join). */
export function nativeTable(profile, per, unit) {
  const us = (n) => ((n / profile.hz / per) * 1e6).toFixed(0);
  const rows = [
    `| runtime work (a sample counts under every entry on its stack) | samples | µs per ${unit} |`,
    "| --- | ---: | ---: |",
    `| **all of workerd** | ${profile.samples} | ${us(profile.samples)} |`,
    ...profile.counts.map((c) => `| ${c.label} | ${c.samples} | ${us(c.samples)} |`),
  ];
  return rows.join("\n");
}
