// The browser tests' shared machinery: the app (e2e/server.mjs) and Debian's Chromium started and
// stopped, named steps with a summary, screenshots at a phone's and a projector's size, axe-core
// checks, waits on text, and the steps every suite repeats (opening a live game from its dialog).
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { chromium } from "playwright-core";
import { ROOT, startApp } from "../server.mjs";

export { ROOT };
export const SHOTS = path.join(ROOT, "e2e/screenshots");
export const PHONE = { width: 360, height: 640 };
export const WIDE = { width: 1920, height: 1080 };
export const T = 15_000;
const AXE_SOURCE = readFileSync(path.join(ROOT, "node_modules/axe-core/axe.min.js"), "utf8");

export const log = (...a) => console.log(...a);

/** Wrangler needs Node ≥ 22: re-run under the project's Node 24 when started with an older one. */
export function ensureNode24() {
  const node24 = path.join(ROOT, "node_modules/.bin/node");
  if (Number(process.versions.node.split(".")[0]) < 22 && existsSync(node24)) {
    const r = spawnSync(node24, process.argv.slice(1), { stdio: "inherit" });
    process.exit(r.status ?? 1);
  }
}

export function assert(cond, msg) {
  if (!cond) throw new Error(msg);
}

export const text = async (loc) => ((await loc.textContent({ timeout: T })) ?? "").trim();

export async function waitText(page, selector, re, timeout = T) {
  try {
    await page.waitForFunction(
      ([s, src, flags]) =>
        [...document.querySelectorAll(s)].some((e) => new RegExp(src, flags).test(e.textContent ?? "")),
      [selector, re.source, re.flags],
      { timeout },
    );
  } catch (e) {
    // What the page showed instead, and its sockets' state where a page marks it (data-live).
    const seen = await page
      .evaluate((s) => {
        const texts = [...document.querySelectorAll(s)]
          .slice(0, 5)
          .map((el) => (el.textContent ?? "").trim().slice(0, 160));
        const live = [...document.querySelectorAll("[data-live]")].map((el) => el.getAttribute("data-live"));
        return { texts, live };
      }, selector)
      .catch(() => null);
    throw new Error(`${e.message}\n    waited for ${selector} to match ${re}; the page showed ${JSON.stringify(seen)}`);
  }
}

/**
 * Screenshots at both sizes (the page is put back to its own size afterwards): the whole page, or
 * with `fullPage: false` only what the screen shows.
 */
export async function shots(page, name, { fullPage = true } = {}) {
  mkdirSync(SHOTS, { recursive: true });
  const own = page.viewportSize();
  for (const [tag, size] of [
    ["360x640", PHONE],
    ["1920x1080", WIDE],
  ]) {
    await page.setViewportSize(size);
    await page.waitForTimeout(150);
    await page.screenshot({ path: path.join(SHOTS, `${name}-${tag}.png`), fullPage });
  }
  await page.setViewportSize(own);
}

/** A screenshot of what the screen shows at the page's own size, named `<name>-<w>x<h>.png`. */
export async function shot(page, name) {
  mkdirSync(SHOTS, { recursive: true });
  const { width, height } = page.viewportSize();
  await page.waitForTimeout(120);
  await page.screenshot({ path: path.join(SHOTS, `${name}-${width}x${height}.png`), fullPage: false });
}

/** The host settings dialog is open: opens the lobby and resolves to the game code. */
export async function openLobby(page) {
  await page.getByRole("dialog").getByRole("button", { name: "Open the lobby" }).click();
  await page.waitForURL((u) => /^\/host\/[A-Z0-9]{6}$/.test(u.pathname));
  return page.url().slice(-6);
}

/**
 * Hosts a quiz live with no reading time, through the "Host live" button inside `from` (the
 * editor page, or a quiz's row in the catalog); resolves to the game code.
 */
export async function hostLive(page, from = page) {
  await from.getByRole("button", { name: "Host live" }).click();
  await page
    .getByRole("dialog")
    .getByLabel(/Reading time/)
    .fill("0");
  return openLobby(page);
}

/**
 * Screenshots of a projector page (1920×1080, its own size) with a copy scaled to 25 % (what the back
 * row, or a phone camera, sees), scaled by the browser itself (an image drawn at a quarter of its
 * size): no ImageMagick needed. Resolves to `shoot(name)`, writing `<file>-1920x1080.png` and
 * `<file>-1920x1080-25pct.png` for the `file(name)` given.
 */
export async function projectorShooter(newPage, page, file, settleMs = 150) {
  const scaler = await newPage({ width: 480, height: 270 }, "scaler");
  return async (name) => {
    const out = `${file(name)}-1920x1080.png`;
    await page.waitForTimeout(settleMs);
    const png = await page.screenshot({ path: out });
    await scaler.setContent(
      `<body style="margin:0"><img style="display:block;width:480px;height:270px" src="data:image/png;base64,${png.toString("base64")}"></body>`,
    );
    await scaler.locator("img").evaluate((img) => img.decode());
    await scaler.screenshot({ path: out.replace(/\.png$/, "-25pct.png") });
  };
}

/** axe-core on the page as it is: no serious or critical violation allowed. */
export async function axe(page, name) {
  // Evaluated through DevTools: the app's CSP (script-src 'self') refuses inline scripts.
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
  for (const v of violations) log(`    axe ${name}: ${v.impact} ${v.id} — ${v.help} @ ${v.nodes.join(", ")}`);
  const bad = violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  assert(
    bad.length === 0,
    `${name}: ${bad.length} serious/critical accessibility violation(s): ${bad.map((v) => v.id).join(", ")}`,
  );
}

/** Runs SQL on the app's throw-away local D1 (seeding, or standing in for a part not built yet). */
export function d1(persist, sql) {
  const dir = mkdtempSync(path.join(tmpdir(), "qq-e2e-sql-"));
  const file = path.join(dir, "script.sql");
  try {
    writeFileSync(file, sql);
    const r = spawnSync(
      process.execPath,
      [
        "node_modules/wrangler/bin/wrangler.js",
        "d1",
        "execute",
        "DB",
        "--local",
        "--persist-to",
        persist,
        "--yes",
        "--json",
        "--file",
        file,
      ],
      {
        cwd: ROOT,
        env: { ...process.env, WRANGLER_SEND_METRICS: "false" },
        encoding: "utf8",
      },
    );
    if (r.status !== 0) throw new Error(`d1 execute failed: ${r.stdout}\n${r.stderr}`);
    return JSON.parse(r.stdout);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Writes a user straight into the app's local D1 the way `npm run admin:create` does (admins are
 * never made by signing up). Imported on use: it runs TypeScript from source, which needs the
 * Node 24 `ensureNode24` picked.
 */
export async function seedUser(persist, user, role = "admin") {
  const { upsertUserSql } = await import("../../scripts/lib/accounts.mjs");
  d1(persist, await upsertUserSql({ ...user, role }, "replace"));
}

/** A JSON request from a page's context (its cookies): `{ status, body }`, body null when empty. */
export async function apiJson(page, method, path, body) {
  const res = await page.request.fetch(path, {
    method,
    data: body,
    headers: body ? { "content-type": "application/json" } : {},
  });
  const out = res.status() === 204 ? null : await res.json().catch(() => null);
  return { status: res.status(), body: out };
}

/**
 * A teacher signed up in `page`'s browser (the session cookie lands in its context), `quiz` saved
 * and a game of it opened with `settings`: the game as POST /api/games answers (`code`, `gameId`…).
 */
export async function teacherGame(page, teacher, quiz, settings = { readingTime: 0 }) {
  const post = async (path, body) => {
    const r = await apiJson(page, "POST", path, body);
    if (r.status >= 300) throw new Error(`${path}: ${r.status} ${JSON.stringify(r.body)}`);
    return r.body;
  };
  await post("/api/auth/register", { ...teacher, role: "teacher" });
  const { quiz: saved } = await post("/api/quizzes", quiz);
  return post("/api/games", { quizId: saved.id, settings });
}

/** A player's page joins game `code` as `name` through the join form, and is in the lobby. */
export async function joinAs(page, code, name) {
  await page.goto(`/${code}`);
  await page.fill("#nick", name);
  await page.getByRole("button", { name: "Join the game" }).click();
  await waitText(page, "h1", /You're in/);
}

/** Debian's Chromium, headless, quiet (no calls home, no QUIC): the browser tests' and scripts/smoke-dev.mjs's. */
export const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];

/**
 * Starts the app and the browser, runs `flows(ctx)`, stops both (also on Ctrl-C) and exits with
 * the number of failed steps. `ctx` has `base`, `persist`, `browser`, `test(name, fn)`,
 * `pending(name, why)`, `newPage(viewport, label, locale)` and the page errors seen.
 */
export async function run({ port, build, beforeStart }, flows) {
  const results = [];
  const pageErrors = [];
  let app;
  let browser;
  const test = async (name, fn) => {
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
          .slice(0, 8)
          .join("\n    ")}`,
      );
      // The app's own complaints since the start, for a failure seen only in CI.
      const said = (app?.output() ?? "").split("\n").filter((l) => /error|uncaught|exception|failed/i.test(l));
      if (said.length) log(`    the app logged:\n      ${said.slice(-15).join("\n      ")}`);
    }
  };
  /** A step whose other half is not in this branch yet: reported, not counted. */
  const pending = (name, why) => {
    results.push({ name, ok: true, pending: true });
    log(`⏸ ${name} — pending: ${why}`);
  };
  const newPage = async (viewport, label, locale = "en-US") => {
    const ctx = await browser.newContext({
      viewport,
      baseURL: app.base,
      locale,
      reducedMotion: "reduce",
      acceptDownloads: true,
    });
    const page = await ctx.newPage();
    page.setDefaultTimeout(T);
    page.on("pageerror", (e) => pageErrors.push(`${label}: ${e.message}`));
    // The static app ships a strict CSP (web/public/_headers): anything it blocks is a bug.
    page.on("console", (m) => /Content Security Policy/.test(m.text()) && pageErrors.push(`${label}: ${m.text()}`));
    return page;
  };
  for (const sig of ["SIGINT", "SIGTERM"])
    process.on(sig, async () => {
      await browser?.close().catch(() => {});
      await app?.stop();
      process.exit(130);
    });
  try {
    log("starting the app…");
    app = await startApp({ port, build, beforeStart, log: (m) => log("  " + m) });
    browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: CHROMIUM_ARGS });
    await flows({ base: app.base, persist: app.persist, browser, test, pending, newPage, pageErrors });
  } catch (e) {
    results.push({ name: "setup", ok: false });
    log(`✘ setup\n    ${e?.stack ?? e}`);
  } finally {
    await browser?.close().catch(() => {});
    await app?.stop();
  }
  const failed = results.filter((r) => !r.ok).length;
  const waiting = results.filter((r) => r.pending).length;
  log(`\n${results.length - failed - waiting} passed, ${failed} failed${waiting ? `, ${waiting} pending` : ""}`);
  process.exit(failed ? 1 : 0);
}
