// Measures what the player's route downloads: index.html's entry chunk, every chunk it imports
// statically, and their CSS, gzipped. The teacher's lazy chunks are listed but not counted.
// Fails when the player's route passes the budget (docs/product.md §7: "a few tens of KB").
import { readFileSync, existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";

const BUDGET = 40 * 1024;
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const CLIENT = path.join(ROOT, "dist/client");
const manifestPath = path.join(CLIENT, ".vite/manifest.json");
if (!existsSync(manifestPath)) {
  console.error(
    `bundle-size: ${path.relative(ROOT, manifestPath)} is missing; run vite build (build.manifest must be on).`,
  );
  process.exit(1);
}
const manifest = JSON.parse(readFileSync(manifestPath, "utf8"));

const entryKey = Object.keys(manifest).find((k) => manifest[k].isEntry && k.endsWith("index.html"));
if (!entryKey) {
  console.error("bundle-size: no index.html entry in the manifest");
  process.exit(1);
}

/** Every chunk reachable through static imports, with its CSS. */
function staticClosure(key, seen = new Set()) {
  if (seen.has(key)) return seen;
  seen.add(key);
  for (const k of manifest[key].imports ?? []) staticClosure(k, seen);
  return seen;
}

const sizes = (file) => {
  const buf = readFileSync(path.join(CLIENT, file));
  return { file, raw: buf.length, gz: gzipSync(buf, { level: 9 }).length };
};

const playerKeys = staticClosure(entryKey);
const playerFiles = new Set();
for (const k of playerKeys) {
  playerFiles.add(manifest[k].file);
  for (const c of manifest[k].css ?? []) playerFiles.add(c);
}
const lazyFiles = new Set();
for (const [k, v] of Object.entries(manifest)) {
  if (playerKeys.has(k)) continue;
  if (v.file && !playerFiles.has(v.file)) lazyFiles.add(v.file);
  for (const c of v.css ?? []) if (!playerFiles.has(c)) lazyFiles.add(c);
}

const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
const table = (title, files) => {
  const rows = [...files].filter((f) => /\.(js|css)$/.test(f)).map(sizes);
  const total = rows.reduce((a, r) => ({ raw: a.raw + r.raw, gz: a.gz + r.gz }), { raw: 0, gz: 0 });
  console.log(`\n${title}`);
  for (const r of rows) console.log(`  ${r.file.padEnd(44)} ${kb(r.raw).padStart(10)}  gzip ${kb(r.gz).padStart(9)}`);
  console.log(`  ${"total".padEnd(44)} ${kb(total.raw).padStart(10)}  gzip ${kb(total.gz).padStart(9)}`);
  return total;
};

const html = sizes("index.html");
const player = table("Player route (index.html entry + static imports + CSS):", playerFiles);
table("Lazy chunks (teacher pages), not loaded by players:", lazyFiles);
console.log(`\nindex.html: ${kb(html.raw)} (gzip ${kb(html.gz)})`);
const ok = player.gz <= BUDGET;
console.log(`Player route JS+CSS gzipped: ${kb(player.gz)} of a ${kb(BUDGET)} budget — ${ok ? "OK" : "OVER BUDGET"}`);
if (!ok) process.exit(1);
