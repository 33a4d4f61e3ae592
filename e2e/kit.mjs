// Helpers for browser tests beside run.mjs (which keeps its own copies for now): a test runner
// that records results, assertions, screenshots at one size, axe-core, and text waits.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { ROOT } from "./server.mjs";

export const SHOTS = path.join(ROOT, "e2e/screenshots");
export const PHONE = { width: 360, height: 640 };
export const WIDE = { width: 1920, height: 1080 };
export const T = 15_000;
const AXE_SOURCE = readFileSync(path.join(ROOT, "node_modules/axe-core/axe.min.js"), "utf8");

/** Wrangler needs Node ≥ 22: re-run the script with the project's Node 24 when started with an older one. */
export function ensureNode24() {
  const node24 = path.join(ROOT, "node_modules/.bin/node");
  if (Number(process.versions.node.split(".")[0]) < 22 && existsSync(node24)) {
    const r = spawnSync(node24, process.argv.slice(1), { stdio: "inherit" });
    process.exit(r.status ?? 1);
  }
}

export const log = (...a) => console.log(...a);

export function makeRunner() {
  const results = [];
  async function test(name, fn) {
    const t0 = Date.now();
    try {
      await fn();
      results.push({ name, ok: true });
      log(`✔ ${name} (${Date.now() - t0} ms)`);
    } catch (e) {
      results.push({ name, ok: false });
      log(
        `✘ ${name}\n    ${String(e?.stack ?? e)
          .split("\n")
          .slice(0, 6)
          .join("\n    ")}`,
      );
    }
  }
  return { results, test };
}

export function assert(cond, msg) {
  if (!cond) throw new Error(msg);
}

/** A screenshot of the page at its own size, named `<name>-<w>x<h>.png`. */
export async function shot(page, name) {
  mkdirSync(SHOTS, { recursive: true });
  const { width, height } = page.viewportSize();
  await page.waitForTimeout(120);
  await page.screenshot({ path: path.join(SHOTS, `${name}-${width}x${height}.png`), fullPage: false });
}

/** axe-core on the page as it is: no serious or critical violation allowed. */
export async function axe(page, name) {
  // Evaluated through DevTools rather than a <script> tag: the app's CSP (script-src 'self') refuses inline scripts.
  if (!(await page.evaluate(() => "axe" in window))) await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(async () => {
    const r = await window.axe.run(document, { resultTypes: ["violations"] });
    return r.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.slice(0, 3).map((n) => n.target.join(" ")),
    }));
  });
  const bad = violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  for (const v of violations) log(`    axe ${name}: ${v.impact} ${v.id} — ${v.help} @ ${v.nodes.join(", ")}`);
  assert(
    bad.length === 0,
    `${name}: ${bad.length} serious/critical accessibility violation(s): ${bad.map((v) => v.id).join(", ")}`,
  );
}

export async function waitText(page, selector, re, timeout = T) {
  await page.waitForFunction(
    ([s, src, flags]) =>
      [...document.querySelectorAll(s)].some((e) => new RegExp(src, flags).test(e.textContent ?? "")),
    [selector, re.source, re.flags],
    { timeout },
  );
}

export const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];
