#!/usr/bin/env node
// Walks the README's path on this checkout: `npm run dev -- --port <port> --host 127.0.0.1`, exactly as a
// newcomer types it (on CI's clean clone there is no .dev.vars and no .wrangler state: dev.mjs makes them),
// then the health check, a login as each demo account, and the home page in Chromium with no console or page
// error. `npm run dev` once broke on a fresh clone for weeks while CI only ran `vite preview`; this catches that.
//
//   npm run smoke:dev [-- --port 5441]     (default: a port the system says is free)
//
// `node scripts/smoke-dev.mjs` works too: under Node 20 it runs itself again under the project's Node 24
// (ensureNode24); an interrupt sent to that outer process alone leaves the inner run to finish and stop the
// dev server by itself. Under npm run (as CI runs it) the signal reaches this script, which stops the server.
//
// Exits non-zero with the reason and the dev server's output on any failure. Never asserts on time: the
// waits are bounds, so a hung server fails instead of hanging CI.
import { spawn } from "node:child_process";
import { once } from "node:events";
import { createServer } from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { CHROMIUM_ARGS, ensureNode24 } from "../e2e/lib/harness.mjs";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const START_TIMEOUT = 120_000;
const STOP_TIMEOUT = 10_000;

// The demo accounts come from the seed, which imports TypeScript: Node 20 cannot load it, Node 24 can.
ensureNode24();
const { DEMO_ACCOUNTS } = await import("./seed.mjs");
const { chromium } = await import("playwright-core");

const log = (m) => console.log(`smoke-dev: ${m}`);

async function freePort() {
  const server = createServer();
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address();
  server.close();
  await once(server, "close");
  return port;
}

const portArg = process.argv.indexOf("--port");
const port = portArg > 0 ? Number(process.argv[portArg + 1]) : await freePort();

// Its own process group (detached), so that stopping it stops npm, dev.mjs, Vite and workerd together.
log(`npm run dev -- --port ${port} --host 127.0.0.1`);
const dev = spawn("npm", ["run", "dev", "--", "--port", String(port), "--host", "127.0.0.1"], {
  cwd: ROOT,
  env: { ...process.env, WRANGLER_SEND_METRICS: "false", FORCE_COLOR: "0", NO_COLOR: "1" },
  stdio: ["ignore", "pipe", "pipe"],
  detached: true,
});
let output = "";
dev.stdout.on("data", (d) => (output += d));
dev.stderr.on("data", (d) => (output += d));
dev.on("error", (e) => (output += `could not start npm: ${e.message}\n`));
const exited = new Promise((resolve) => dev.once("close", resolve));

async function stop() {
  if (!dev.pid) return;
  const group = (signal) => {
    try {
      process.kill(-dev.pid, signal);
    } catch {}
  };
  if (dev.exitCode === null && dev.signalCode === null) {
    group("SIGTERM");
    const timer = setTimeout(() => group("SIGKILL"), STOP_TIMEOUT);
    await exited;
    clearTimeout(timer);
  }
  // Whatever of the group outlived its leader (workerd, say) goes too.
  group("SIGKILL");
}

// Interrupted (Ctrl-C, a cancelled CI job): the dev server must not outlive this script.
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => stop().then(() => process.exit(130)));

/** Vite's "➜  Local:   http://127.0.0.1:5441/" line, colours stripped; null until it is printed. */
function localUrl() {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: ANSI colour codes, in case a tool ignores NO_COLOR.
  const plain = output.replace(/\x1b\[[0-9;]*m/g, "");
  return plain.match(/Local:\s+(https?:\/\/\S+)/)?.[1]?.replace(/\/$/, "") ?? null;
}

async function waitForUrl() {
  const deadline = Date.now() + START_TIMEOUT;
  while (Date.now() < deadline) {
    const url = localUrl();
    if (url) return url;
    if (dev.exitCode !== null || dev.signalCode !== null || !dev.pid)
      throw new Error(`npm run dev exited (${dev.exitCode ?? dev.signalCode}) before printing its URL`);
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`npm run dev printed no "Local:" URL within ${START_TIMEOUT / 1000} s`);
}

function check(cond, message) {
  if (!cond) throw new Error(message);
}

async function smoke() {
  const base = await waitForUrl();
  log(`dev server at ${base}`);

  // The first request also builds the Worker in workerd; it is bounded like the rest.
  const health = await fetch(`${base}/api/health`, { signal: AbortSignal.timeout(60_000) });
  check(health.ok, `GET /api/health answered ${health.status}: ${await health.text()}`);
  log(`GET /api/health ${health.status}`);

  for (const account of DEMO_ACCOUNTS) {
    const res = await fetch(`${base}/api/auth/login`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email: account.email, password: account.password }),
      signal: AbortSignal.timeout(30_000),
    });
    const body = await res.text();
    check(res.status === 200, `login as ${account.email} answered ${res.status}: ${body}`);
    const role = JSON.parse(body)?.user?.role;
    check(role === account.role, `login as ${account.email} gave the role ${role}, not ${account.role}`);
    log(`login ${account.email}: ${role}`);
  }

  const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: CHROMIUM_ARGS });
  try {
    const page = await browser.newPage();
    const errors = [];
    page.on("pageerror", (e) => errors.push(`page error: ${e.message}`));
    page.on("console", (m) => m.type() === "error" && errors.push(`console error: ${m.text()}`));
    await page.goto(base, { waitUntil: "load", timeout: 60_000 });
    // The landing page's code field: the app rendered (Vite compiled main.tsx and its imports).
    await page.locator("#code").waitFor({ state: "visible", timeout: 60_000 });
    // Errors from requests the page makes after rendering (session hints, logs) land a moment later.
    await page.waitForLoadState("networkidle", { timeout: 15_000 }).catch(() => {});
    check(errors.length === 0, `the home page logged:\n  ${errors.join("\n  ")}`);
    log("home page rendered in Chromium, no console or page error");
  } finally {
    await browser.close().catch(() => {});
  }
}

let failure = null;
try {
  await smoke();
} catch (e) {
  failure = e;
}
await stop();
if (failure) {
  console.error(`smoke-dev: FAILED: ${failure?.message ?? failure}`);
  console.error(`--- npm run dev output ---\n${output.trimEnd()}\n--- end ---`);
  process.exit(1);
}
log("npm run dev works as the README says");
process.exit(0);
