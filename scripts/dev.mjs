// `npm run dev`: a secret, a migrated and seeded local D1, then Vite with the Worker inside
// (the Cloudflare plugin), on 127.0.0.1. Extra arguments go to Vite: `npm run dev -- --port 5180`.
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { appendFileSync, existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { applyMigrations, ROOT } from "./lib/d1.mjs";
import { seed } from "./seed.mjs";

function ensureDevVars() {
  const file = path.join(ROOT, ".dev.vars");
  const line = `JWT_SECRET=${randomBytes(32).toString("hex")}\n`;
  if (!existsSync(file)) {
    writeFileSync(file, `# Local secrets for wrangler/vite dev (gitignored).\n${line}`, { mode: 0o600 });
    console.log("Created .dev.vars with a random JWT_SECRET.");
  } else if (!/^JWT_SECRET=/m.test(readFileSync(file, "utf8"))) {
    appendFileSync(file, `\n${line}`);
    console.log("Added a random JWT_SECRET to .dev.vars.");
  }
}

ensureDevVars();
console.log("Applying D1 migrations (local)…");
applyMigrations({ quiet: true });
console.log("Seeding demo accounts and quizzes…");
await seed({ quiet: true });
console.log(
  "Demo logins: teacher@quickquiz.dev / quickquiz-demo, student@quickquiz.dev / quickquiz-demo, admin@quickquiz.dev / quickquiz-admin",
);

const vite = spawn(process.execPath, [path.join(ROOT, "node_modules/vite/bin/vite.js"), ...process.argv.slice(2)], {
  cwd: ROOT,
  stdio: "inherit",
  env: { WRANGLER_SEND_METRICS: "false", ...process.env },
});
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => vite.kill(signal));
vite.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
