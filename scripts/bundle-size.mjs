// After `vite build`: what each page of the SPA makes a browser download before it can run
// (its HTML's scripts and styles plus every chunk they import statically), raw and gzipped.
// Lazy chunks (dynamic import()) are listed apart: they load only when a screen needs them.
// Fails the build when a page's first load exceeds the budget (KB gzip, QQ_BUNDLE_BUDGET_KB).
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { fileURLToPath } from "node:url";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const CLIENT = path.join(ROOT, "dist/client");
const BUDGET_KB = Number(process.env.QQ_BUNDLE_BUDGET_KB ?? 150);

if (!existsSync(CLIENT)) {
  console.error("dist/client is missing: run vite build first.");
  process.exit(1);
}

function walk(dir) {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? walk(full) : [full];
  });
}

const files = walk(CLIENT);
const sizes = new Map();
function size(file) {
  let s = sizes.get(file);
  if (!s) {
    const bytes = readFileSync(file);
    s = { raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
    sizes.set(file, s);
  }
  return s;
}

const local = (from, ref) => (ref.startsWith("/") ? path.join(CLIENT, ref) : path.resolve(path.dirname(from), ref));
// Bundlers quote chunk names with ', " or a backtick.
const STATIC_IMPORT = /\bfrom\s*["'`]([^"'`]+\.(?:js|css))["'`]|\bimport\s*["'`]([^"'`]+\.(?:js|css))["'`]/g;
const DYNAMIC_IMPORT = /\bimport\(\s*["'`]([^"'`]+\.js)["'`]\s*\)/g;

/** Everything a page loads up front, following static imports between chunks. */
function firstLoad(html) {
  const text = readFileSync(html, "utf8");
  const queue = [];
  for (const m of text.matchAll(/<script[^>]*\bsrc="([^"]+)"|<link[^>]*\brel="(?:stylesheet|modulepreload)"[^>]*\bhref="([^"]+)"|<link[^>]*\bhref="([^"]+)"[^>]*\brel="(?:stylesheet|modulepreload)"/g)) {
    const ref = m[1] ?? m[2] ?? m[3];
    if (!/^https?:/.test(ref)) queue.push(local(html, ref));
  }
  const seen = new Set();
  const lazy = new Set();
  while (queue.length) {
    const file = queue.pop();
    if (seen.has(file) || !existsSync(file)) continue;
    seen.add(file);
    if (!file.endsWith(".js")) continue;
    const code = readFileSync(file, "utf8");
    for (const m of code.matchAll(STATIC_IMPORT)) queue.push(local(file, m[1] ?? m[2]));
    for (const m of code.matchAll(DYNAMIC_IMPORT)) lazy.add(local(file, m[1]));
  }
  for (const f of seen) lazy.delete(f);
  return { initial: [...seen], lazy: [...lazy] };
}

const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
const rel = (f) => path.relative(CLIENT, f);
let over = false;

for (const html of files.filter((f) => f.endsWith(".html"))) {
  const { initial, lazy } = firstLoad(html);
  const total = initial.reduce((t, f) => ({ raw: t.raw + size(f).raw, gzip: t.gzip + size(f).gzip }), size(html));
  console.log(`\n${rel(html)}: first load ${kb(total.gzip)} gzip (${kb(total.raw)} raw), budget ${BUDGET_KB} KB`);
  for (const f of [html, ...initial]) console.log(`  ${rel(f).padEnd(48)} ${kb(size(f).gzip).padStart(10)} gzip`);
  for (const f of lazy) console.log(`  (lazy) ${rel(f).padEnd(41)} ${kb(size(f).gzip).padStart(10)} gzip`);
  if (total.gzip > BUDGET_KB * 1024) {
    console.error(`  over budget by ${kb(total.gzip - BUDGET_KB * 1024)}`);
    over = true;
  }
}
process.exit(over ? 1 : 0);
