// Runs SQL against the app's D1 through wrangler: the local copy that `npm run dev` serves
// (.wrangler/state, the path vite.config.ts persists to), or the real one with --remote.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
export const PERSIST_DIR = ".wrangler/state";
const WRANGLER = path.join(ROOT, "node_modules/wrangler/bin/wrangler.js");

/** Runs wrangler with the Node that runs this script (Node 24 under npm run), in the repo root. */
export function wrangler(args, { quiet = false } = {}) {
  const result = spawnSync(process.execPath, [WRANGLER, ...args], {
    cwd: ROOT,
    stdio: quiet ? ["ignore", "pipe", "pipe"] : "inherit",
    env: { WRANGLER_SEND_METRICS: "false", ...process.env },
    encoding: "utf8",
  });
  if (result.status !== 0) {
    if (quiet) process.stderr.write(`${result.stdout ?? ""}${result.stderr ?? ""}`);
    throw new Error(`wrangler ${args.slice(0, 3).join(" ")} failed (exit ${result.status})`);
  }
  return result.stdout ?? "";
}

export function target(remote) {
  return remote ? ["--remote"] : ["--local", "--persist-to", PERSIST_DIR];
}

export function applyMigrations({ remote = false, quiet = false } = {}) {
  wrangler(["d1", "migrations", "apply", "DB", ...target(remote)], { quiet });
}

/** Executes a SQL script (written to a temp file: `--command` would hit the shell's limits). */
export function executeSql(sql, { remote = false, quiet = false } = {}) {
  const dir = mkdtempSync(path.join(tmpdir(), "quickquiz-sql-"));
  const file = path.join(dir, "script.sql");
  try {
    writeFileSync(file, sql);
    wrangler(["d1", "execute", "DB", ...target(remote), "--yes", "--file", file], { quiet });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A SQL string literal. */
export function sqlString(value) {
  return `'${String(value).replace(/'/g, "''")}'`;
}
