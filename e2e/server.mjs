// Starts the real app for the browser tests: a throw-away local D1/Durable Object state with the
// migrations applied, the production build served by `vite preview` (the Worker runs in workerd).
import { spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { appendFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const env = { ...process.env, WRANGLER_SEND_METRICS: "false" };

function run(args, what) {
  const r = spawnSync(process.execPath, args, { cwd: ROOT, env, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  if (r.status !== 0) throw new Error(`${what} failed (exit ${r.status}):\n${r.stdout}\n${r.stderr}`);
}

/** The Worker needs a JWT secret; a clean clone has no .dev.vars yet (the dev script makes the same one). */
export function ensureSecret() {
  const file = path.join(ROOT, ".dev.vars");
  const line = `JWT_SECRET=${randomBytes(32).toString("hex")}\n`;
  if (!existsSync(file)) writeFileSync(file, line, { mode: 0o600 });
  else if (!/^JWT_SECRET=/m.test(readFileSync(file, "utf8"))) appendFileSync(file, `\n${line}`);
}

/** `beforeStart(persist)` runs once the migrations are applied and before the app serves (seeding). */
export async function startApp({ port, build = true, log = () => {}, beforeStart }) {
  ensureSecret();
  const persist = mkdtempSync(path.join(tmpdir(), "qq-e2e-"));
  log(`state in ${persist}`);
  run(
    ["node_modules/wrangler/bin/wrangler.js", "d1", "migrations", "apply", "DB", "--local", "--persist-to", persist],
    "migrations",
  );
  await beforeStart?.(persist);
  if (build) {
    log("building…");
    run(["node_modules/vite/bin/vite.js", "build", "--logLevel", "warn"], "vite build");
  }
  const child = spawn(
    process.execPath,
    ["node_modules/vite/bin/vite.js", "preview", "--port", String(port), "--strictPort"],
    {
      cwd: ROOT,
      env: { ...env, QQ_PERSIST_DIR: persist },
      stdio: ["ignore", "pipe", "pipe"],
      detached: true,
    },
  );
  let output = "";
  child.stdout.on("data", (d) => (output += d));
  child.stderr.on("data", (d) => (output += d));
  const base = `http://127.0.0.1:${port}`;

  const stop = async () => {
    if (child.exitCode === null) {
      try {
        process.kill(-child.pid, "SIGTERM");
      } catch {}
      await new Promise((r) => {
        const t = setTimeout(() => {
          try {
            process.kill(-child.pid, "SIGKILL");
          } catch {}
          r();
        }, 3000);
        child.once("exit", () => (clearTimeout(t), r()));
      });
    }
    rmSync(persist, { recursive: true, force: true });
  };

  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) break;
    try {
      const r = await fetch(`${base}/api/health`);
      if (r.ok) return { base, stop, output: () => output, persist };
    } catch {}
    await new Promise((r) => setTimeout(r, 300));
  }
  await stop();
  throw new Error(`the app did not answer /api/health on ${base}:\n${output}`);
}
