// Starts the real app (`wrangler dev`: workerd with local D1 and Durable Objects) on 127.0.0.1
// with a throw-away state directory, and samples the server processes' CPU time and RSS.
import { spawn, execFileSync } from "node:child_process";
import { mkdtempSync, mkdirSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { randomBytes } from "node:crypto";

const root = path.resolve(import.meta.dirname, "..");
const wranglerBin = path.join(root, "node_modules/wrangler/bin/wrangler.js");
const CLK_TCK = 100;
const PAGE = 4096;

function childrenOf(pid) {
  const all = new Map();
  for (const d of readdirSync("/proc")) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = readFileSync(`/proc/${d}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      const comm = stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")"));
      all.set(Number(d), { comm, ppid: Number(fields[1]), utime: Number(fields[11]), stime: Number(fields[12]), rssPages: Number(fields[21]) });
    } catch {
      // the process ended while we looked
    }
  }
  const out = [];
  const queue = [pid];
  while (queue.length) {
    const p = queue.shift();
    for (const [c, info] of all) if (info.ppid === p) { out.push({ pid: c, ...info }); queue.push(c); }
  }
  const self = all.get(pid);
  if (self) out.push({ pid, ...self });
  return out;
}

export async function startServer(port) {
  const state = mkdtempSync(path.join(tmpdir(), "qq-bench-"));
  mkdirSync(path.join(root, "dist/client"), { recursive: true });
  const env = { ...process.env, WRANGLER_SEND_METRICS: "false", CI: "true" };
  execFileSync(process.execPath, [wranglerBin, "d1", "migrations", "apply", "DB", "--local", "--persist-to", state], {
    cwd: root,
    env,
    stdio: ["ignore", "ignore", "inherit"],
  });
  const secret = randomBytes(32).toString("hex");
  const child = spawn(
    process.execPath,
    [wranglerBin, "dev", "--ip", "127.0.0.1", "--port", String(port), "--persist-to", state, "--var", `JWT_SECRET:${secret}`, "--log-level", "warn", "--show-interactive-dev-session=false"],
    { cwd: root, env, stdio: ["ignore", "pipe", "pipe"], detached: true },
  );
  let log = "";
  child.stdout.on("data", (d) => (log += d));
  child.stderr.on("data", (d) => (log += d));
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

  let peakRss = 0;
  // The server is workerd (the Worker, the rooms, local D1); wrangler's own Node process only
  // supervises it, so it is left out of the figures.
  const sample = () => {
    const procs = childrenOf(child.pid).filter((p) => p.comm.startsWith("workerd"));
    const rss = procs.reduce((s, p) => s + p.rssPages * PAGE, 0);
    peakRss = Math.max(peakRss, rss);
    return { cpuSeconds: procs.reduce((s, p) => s + p.utime + p.stime, 0) / CLK_TCK, rss };
  };
  const sampler = setInterval(sample, 200);
  return {
    url,
    /** CPU seconds so far and peak RSS since the last reset, for the whole server process tree. */
    stats: (reset = false) => {
      const s = sample();
      const out = { cpuSeconds: s.cpuSeconds, peakRss };
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
