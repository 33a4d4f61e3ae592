// Starts the real app (`wrangler dev`: workerd with local D1 and Durable Objects) on 127.0.0.1
// with a throw-away state directory, and samples the server processes' CPU time and RSS.
import { spawn, execFileSync } from "node:child_process";
import {
  appendFileSync,
  cpSync,
  mkdtempSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  rmSync,
  symlinkSync,
} from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { randomBytes } from "node:crypto";

const root = path.resolve(import.meta.dirname, "..");
const wranglerBin = path.join(root, "node_modules/wrangler/bin/wrangler.js");
const CLK_TCK = 100;
const PAGE = 4096;

/**
 * Seconds the processes' threads were runnable but waited for a core (/proc/<pid>/task/<tid>/schedstat,
 * its second field): on a shared machine, how much of a slow run was waiting for the CPU rather than using it.
 */
function runQueueWait(procs) {
  let ns = 0;
  for (const p of procs) {
    try {
      for (const t of readdirSync(`/proc/${p.pid}/task`))
        ns += Number(readFileSync(`/proc/${p.pid}/task/${t}/schedstat`, "utf8").split(" ")[1]) || 0;
    } catch {
      // the process ended while we looked
    }
  }
  return ns / 1e9;
}

function childrenOf(pid) {
  const all = new Map();
  for (const d of readdirSync("/proc")) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = readFileSync(`/proc/${d}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      const comm = stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")"));
      all.set(Number(d), {
        comm,
        ppid: Number(fields[1]),
        utime: Number(fields[11]),
        stime: Number(fields[12]),
        rssPages: Number(fields[21]),
      });
    } catch {
      // the process ended while we looked
    }
  }
  const out = [];
  const queue = [pid];
  while (queue.length) {
    const p = queue.shift();
    for (const [c, info] of all)
      if (info.ppid === p) {
        out.push({ pid: c, ...info });
        queue.push(c);
      }
  }
  const self = all.get(pid);
  if (self) out.push({ pid, ...self });
  return out;
}

/**
 * `inspectorPort` puts the runtime's V8 inspector there (bench/profile.mjs).
 * `floorLimit`: the floor's joins go through a rate limiter too (bench/floor/worker.js).
 * `floor` starts bench/floor (the minimal room the benchmark compares against) instead of the app.
 * `state` and `secret` restart the app on the state (D1, the rooms' storage, pending alarms) and
 * the JWT secret of an earlier start, as after a crash (the chaos run); by default both are new.
 */
export async function startServer(
  port,
  {
    observability = false,
    state: reuse = null,
    secret = randomBytes(32).toString("hex"),
    floor = false,
    inspectorPort = null,
    floorLimit = false,
    vars = {},
  } = {},
) {
  // Something already answering on the port would be measured instead of the app started here.
  const taken = await fetch(`http://127.0.0.1:${port}/`, { signal: AbortSignal.timeout(1000) }).then(
    () => true,
    () => false,
  );
  if (taken) throw new Error(`port ${port} is already in use; pick another with --port`);
  const state = reuse ?? mkdtempSync(path.join(tmpdir(), "qq-bench-"));
  mkdirSync(path.join(root, "dist/client"), { recursive: true });
  const env = { ...process.env, WRANGLER_SEND_METRICS: "false", CI: "true" };
  // wrangler dev streams a trace of every invocation (each request, socket message and storage
  // call) to a local collector Worker for its dashboard: at the benchmark's rates that doubled
  // the runtime's CPU per request. It exists only in local development, so it is off unless
  // --observability asks for it.
  if (!observability) env.X_LOCAL_OBSERVABILITY = "false";
  if (!reuse && !floor) {
    execFileSync(process.execPath, [wranglerBin, "d1", "migrations", "apply", "DB", "--local", "--persist-to", state], {
      cwd: root,
      env,
      stdio: ["ignore", "ignore", "inherit"],
    });
  }
  // wrangler dev runs a copy of the app's source taken now: its file watcher then sees no edits
  // made to the working tree while the benchmark runs (a rebuild would restart the runtime and
  // drop every socket). A restart runs the same copy.
  const app = reuse ? path.join(state, "app") : snapshot(state, floor);
  const child = spawn(
    process.execPath,
    [
      wranglerBin,
      "dev",
      "--ip",
      "127.0.0.1",
      "--port",
      String(port),
      "--persist-to",
      state,
      "--var",
      `JWT_SECRET:${secret}`,
      ...(floorLimit ? ["--var", "FLOOR_JOIN_LIMIT:1"] : []),
      ...Object.entries(vars).flatMap(([k, v]) => ["--var", `${k}:${v}`]),
      "--log-level",
      "warn",
      "--show-interactive-dev-session=false",
      // The runtime's V8 inspector (bench/profile.mjs drives its profiler); otherwise wrangler picks one.
      ...(inspectorPort ? ["--inspector-port", String(inspectorPort)] : []),
    ],
    { cwd: app, env, stdio: ["ignore", "pipe", "pipe"], detached: true },
  );
  // Kept for the error message if it fails to start; BENCH_SERVER_LOG=<file> keeps all of it.
  let log = "";
  const keep = process.env.BENCH_SERVER_LOG;
  const onLog = (d) => {
    if (log.length < 1e6) log += d;
    if (keep) appendFileSync(keep, d);
  };
  child.stdout.on("data", onLog);
  child.stderr.on("data", onLog);
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`wrangler dev exited early:\n${log}`);
    try {
      const res = await fetch(`${url}/api/health`);
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`wrangler dev did not answer within 90 s:\n${log}`);
    await new Promise((r) => setTimeout(r, 250));
  }

  // wrangler dev puts a proxy Worker (its own workerd process, every request through one Durable
  // Object) in front of the runtime that runs the app. It exists only in local development, so the
  // load is sent straight to the runtime's own socket unless --via-proxy asks for the dev path.
  const runtimeUrl = await findRuntimeUrl(child.pid, port);

  let peakRss = 0;
  // The server is workerd (the Worker, the rooms, local D1); wrangler's own Node process only
  // supervises it, so it is left out of the figures.
  const sample = () => {
    const procs = childrenOf(child.pid).filter((p) => p.comm.startsWith("workerd"));
    const rss = procs.reduce((s, p) => s + p.rssPages * PAGE, 0);
    peakRss = Math.max(peakRss, rss);
    const cpu = (list) => list.reduce((s, p) => s + p.utime + p.stime, 0) / CLK_TCK;
    const proxy = procs.filter((p) => p.pid === runtimeUrl.proxyPid);
    return { cpuSeconds: cpu(procs), proxyCpuSeconds: cpu(proxy), rss, runQueueSeconds: runQueueWait(procs) };
  };
  const sampler = setInterval(sample, 200);
  return {
    url,
    runtimeUrl: runtimeUrl.url,
    state,
    secret,
    /** A crash: SIGKILL to wrangler's whole process group (killing only workerd hangs its dev proxy); the state stays. */
    kill: () => {
      clearInterval(sampler);
      try {
        process.kill(-child.pid, "SIGKILL");
      } catch {
        // already gone
      }
      return new Promise((r) => (child.exitCode !== null || child.signalCode !== null ? r() : child.once("exit", r)));
    },
    /** CPU seconds so far and peak RSS since the last reset, for the whole server process tree. */
    stats: (reset = false) => {
      const s = sample();
      const out = {
        cpuSeconds: s.cpuSeconds,
        proxyCpuSeconds: s.proxyCpuSeconds,
        runQueueSeconds: s.runQueueSeconds,
        peakRss,
      };
      if (reset) peakRss = s.rss;
      return out;
    },
    stop: async () => {
      clearInterval(sampler);
      try {
        process.kill(-child.pid, "SIGTERM");
      } catch {
        // already gone
      }
      await new Promise((r) => setTimeout(r, 500));
      try {
        process.kill(-child.pid, "SIGKILL");
      } catch {
        // already gone
      }
      rmSync(state, { recursive: true, force: true });
    },
  };
}

/**
 * Starts the app (again, on its state, after a kill: the chaos runs). Right after a SIGKILL one of
 * the runtime's sockets can still be held for a moment ("Address already in use"): a few bounded
 * tries, as a supervisor restarting a crashed runtime would.
 */
export async function restartServer(port, options = {}) {
  for (let attempt = 1; ; attempt++) {
    try {
      return await startServer(port, options);
    } catch (e) {
      if (attempt >= 4 || !/already in use|exited early/.test(String(e.message))) throw e;
      await new Promise((r) => setTimeout(r, 2000 * attempt));
    }
  }
}

/** What wrangler dev needs to build and serve the Worker, copied; node_modules linked. */
function snapshot(state, floor) {
  const app = path.join(state, "app");
  mkdirSync(path.join(app, "dist/client"), { recursive: true });
  if (floor) {
    for (const f of ["worker.js", "wrangler.toml"]) cpSync(path.join(root, "bench/floor", f), path.join(app, f));
    symlinkSync(path.join(root, "node_modules"), path.join(app, "node_modules"));
    return app;
  }
  for (const f of ["worker", "rooms", "schema", "wrangler.toml", "package.json", "tsconfig.json"])
    cpSync(path.join(root, f), path.join(app, f), { recursive: true });
  symlinkSync(path.join(root, "node_modules"), path.join(app, "node_modules"));
  return app;
}

/** Listening TCP ports of a process, from /proc (no lsof/ss needed). */
function listeningPorts(pid) {
  const inodes = new Set();
  for (const fd of readdirSync(`/proc/${pid}/fd`)) {
    try {
      const m = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`));
      if (m) inodes.add(m[1]);
    } catch {
      // closed meanwhile
    }
  }
  const ports = [];
  for (const line of readFileSync("/proc/net/tcp", "utf8").split("\n").slice(1)) {
    const f = line.trim().split(/\s+/);
    // state 0A = LISTEN; local address 0100007F:PORT = 127.0.0.1
    if (f.length > 9 && f[3] === "0A" && inodes.has(f[9]) && f[1].startsWith("0100007F:"))
      ports.push(parseInt(f[1].split(":")[1], 16));
  }
  return ports;
}

/** The runtime (workerd running the app) answers /api/health on one of its own ports. */
async function findRuntimeUrl(wranglerPid, proxyPort) {
  const procs = childrenOf(wranglerPid).filter((p) => p.comm.startsWith("workerd"));
  let proxyPid = null;
  for (const p of procs) if (listeningPorts(p.pid).includes(proxyPort)) proxyPid = p.pid;
  for (const p of procs) {
    if (p.pid === proxyPid) continue;
    for (const port of listeningPorts(p.pid)) {
      try {
        const res = await fetch(`http://127.0.0.1:${port}/api/health`, { signal: AbortSignal.timeout(1000) });
        if (res.ok && (await res.json()).ok === true) return { url: `http://127.0.0.1:${port}`, proxyPid };
      } catch {
        // not the app's port (the inspector, the loopback service …)
      }
    }
  }
  return { url: null, proxyPid };
}
