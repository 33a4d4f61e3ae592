#!/usr/bin/env node
// Fails when an import breaks the layering (schema <- rooms <- worker; web takes only types and zod-free
// constants from schema), when the player's route could pull zod into its bundle, or when source modules
// import each other in a cycle, or when a Node script (scripts/, bench/, e2e/) reaches a module plain Node
// cannot load. Run by `npm run lint`; `node scripts/check-layers.mjs` alone works too.
//
// Imports are read with the TypeScript parser, so `import type`, inline `type` specifiers, re-exports,
// `import()` calls and `typeof import()` types are told apart. What counts where:
// - layer rules: every relative import, value or type (a type import still ties one layer to another);
// - the player's route: web/src/main.tsx and what it reaches through static value imports (a dynamic
//   import() is a separate chunk; `import type` is erased). `import { type A } from` is a value import
//   here: under verbatimModuleSyntax it stays in the output as `import {} from`, which loads the module;
// - cycles: every relative import, value, type or dynamic, between files of rooms/, worker/, schema/ and
//   web/src/ (a cycle of types alone still means two modules that cannot be understood apart);
// - Node scripts: the .mjs files of scripts/, bench/ and e2e/ and what they load at run time (value imports and
//   import() calls, through .ts files too), followed the way Node resolves them: no extension guessing, no
//   .tsx, and only the TypeScript that type stripping erases (no enum, namespace or parameter property).
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const SOURCE_DIRS = ["rooms", "worker", "schema", "web/src"];
const SCRIPT_DIRS = ["scripts", "bench", "e2e"];
const PLAYER_ENTRY = "web/src/main.tsx";
const EXTENSIONS = [".ts", ".tsx", ".mts", ".mjs", ".js", ".jsx"];

/** Which directories a layer may not import from (value or type). */
const FORBIDDEN = {
  rooms: ["worker", "web"],
  schema: ["rooms", "worker", "web"],
  web: ["rooms", "worker"],
};

const rel = (abs) => relative(ROOT, abs).split(sep).join("/");
const layerOf = (file) => file.split("/")[0];

function listSources(dir) {
  const abs = join(ROOT, dir);
  if (!existsSync(abs)) return [];
  const out = [];
  for (const name of readdirSync(abs)) {
    const path = join(abs, name);
    if (statSync(path).isDirectory()) out.push(...listSources(rel(path)));
    else if (EXTENSIONS.some((ext) => name.endsWith(ext)) && !name.endsWith(".d.ts")) out.push(rel(path));
  }
  return out;
}

/** A relative specifier to a repository file, or null for a package or a file that does not exist. */
function resolveRelative(fromFile, spec) {
  if (!spec.startsWith(".")) return null;
  const base = resolve(ROOT, dirname(fromFile), spec);
  const stem = base.replace(/\.(m?js|jsx)$/, "");
  const candidates = [base, ...EXTENSIONS.map((e) => stem + e), ...EXTENSIONS.map((e) => join(base, `index${e}`))];
  for (const c of candidates) if (existsSync(c) && statSync(c).isFile()) return rel(c);
  return null;
}

/**
 * The imports of one file: { spec, line, kind } with kind "value" (loaded at run time), "type" (erased) or
 * "dynamic" (an import() call: loaded later, as its own chunk).
 */
function importsOf(file) {
  const text = readFileSync(join(ROOT, file), "utf8");
  const kind = file.endsWith(".tsx")
    ? ts.ScriptKind.TSX
    : /\.(m?js|jsx)$/.test(file)
      ? file.endsWith("x")
        ? ts.ScriptKind.JSX
        : ts.ScriptKind.JS
      : ts.ScriptKind.TS;
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, kind);
  const found = [];
  const add = (node, spec, k) =>
    found.push({ spec, kind: k, line: sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1 });
  const visit = (node) => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      const clause = node.importClause;
      // `import type {…}` is erased; `import {type A}` keeps an `import {} from` under verbatimModuleSyntax.
      add(node, node.moduleSpecifier.text, clause?.isTypeOnly ? "type" : "value");
    } else if (ts.isExportDeclaration(node) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      add(node, node.moduleSpecifier.text, node.isTypeOnly ? "type" : "value");
    } else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference)) {
      const expr = node.moduleReference.expression;
      if (ts.isStringLiteral(expr)) add(node, expr.text, node.isTypeOnly ? "type" : "value");
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      const [arg] = node.arguments;
      if (arg && ts.isStringLiteralLike(arg)) add(node, arg.text, "dynamic");
    } else if (ts.isImportTypeNode(node)) {
      const arg = node.argument;
      if (ts.isLiteralTypeNode(arg) && ts.isStringLiteral(arg.literal)) add(node, arg.literal.text, "type");
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return found;
}

const files = SOURCE_DIRS.flatMap(listSources).sort();
/** file -> [{ spec, target (repo file or null), kind, line }] */
const graph = new Map(
  files.map((f) => [f, importsOf(f).map((imp) => ({ ...imp, target: resolveRelative(f, imp.spec) }))]),
);
const problems = [];

// 1. Layers point one way.
for (const [file, imports] of graph) {
  const banned = FORBIDDEN[layerOf(file)];
  if (!banned) continue;
  for (const imp of imports) {
    if (imp.target && banned.includes(layerOf(imp.target))) {
      const what = imp.kind === "type" ? "a type import" : imp.kind === "dynamic" ? "an import()" : "an import";
      problems.push(
        `layer: ${file}:${imp.line} ${what} from ${imp.target} (${layerOf(file)}/ may not import ${layerOf(imp.target)}/)`,
      );
    }
  }
}

// 1b. Inside rooms/: the two rooms are built from the kit and never reach into each other; the kit
// belongs to neither (a kit part that imported a room would make that room's rules everyone's).
const ROOM_FORBIDDEN = {
  "rooms/kit": ["rooms/live", "rooms/assignment"],
  "rooms/live": ["rooms/assignment"],
  "rooms/assignment": ["rooms/live"],
};
const roomPart = (file) => file.split("/").slice(0, 2).join("/");
for (const [file, imports] of graph) {
  const banned = ROOM_FORBIDDEN[roomPart(file)];
  if (!banned) continue;
  for (const imp of imports) {
    if (imp.target && banned.includes(roomPart(imp.target)))
      problems.push(
        `rooms: ${file}:${imp.line} imports ${imp.target} (${roomPart(file)}/ may not import ${roomPart(imp.target)}/)`,
      );
  }
}

// 2. The player's route stays free of zod: walk its static value imports from the entry.
if (graph.has(PLAYER_ENTRY)) {
  const via = new Map([[PLAYER_ENTRY, null]]);
  const queue = [PLAYER_ENTRY];
  while (queue.length) {
    const file = queue.shift();
    const chain = () => {
      const path = [];
      for (let f = file; f; f = via.get(f)) path.unshift(f);
      return path.join(" -> ");
    };
    for (const imp of graph.get(file) ?? []) {
      if (imp.kind !== "value") continue;
      if (imp.spec === "zod" || imp.spec.startsWith("zod/") || imp.spec.startsWith("@hono/zod")) {
        problems.push(`player route: ${file}:${imp.line} imports ${imp.spec} (reached by ${chain()})`);
      } else if (imp.target && !via.has(imp.target)) {
        via.set(imp.target, file);
        if (graph.has(imp.target)) queue.push(imp.target);
        else if (/\.(m?[jt]sx?)$/.test(imp.target)) {
          // A relative file outside the checked directories (none today): read it as well.
          graph.set(
            imp.target,
            importsOf(imp.target).map((i) => ({ ...i, target: resolveRelative(imp.target, i.spec) })),
          );
          queue.push(imp.target);
        }
      }
    }
  }
} else {
  problems.push(`player route: ${PLAYER_ENTRY} not found (update PLAYER_ENTRY in scripts/check-layers.mjs)`);
}

// 3. No cycles: strongly connected components (Tarjan) over every relative import between checked files.
{
  const edges = new Map(
    [...graph].map(([f, imps]) => [
      f,
      [...new Set(imps.filter((i) => i.target && graph.has(i.target)).map((i) => i.target))],
    ]),
  );
  let counter = 0;
  const index = new Map();
  const low = new Map();
  const stack = [];
  const onStack = new Set();
  const components = [];
  const strongConnect = (v) => {
    index.set(v, counter);
    low.set(v, counter++);
    stack.push(v);
    onStack.add(v);
    for (const w of edges.get(v)) {
      if (!index.has(w)) {
        strongConnect(w);
        low.set(v, Math.min(low.get(v), low.get(w)));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v), index.get(w)));
    }
    if (low.get(v) === index.get(v)) {
      const component = [];
      let w;
      do {
        w = stack.pop();
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1 || edges.get(v).includes(v)) components.push(component.sort());
    }
  };
  for (const f of edges.keys()) if (!index.has(f)) strongConnect(f);

  // The shortest loop through each file of a component, each loop once, with the importing lines.
  const loopThrough = (start, inside) => {
    const prev = new Map([[start, null]]);
    const queue = [start];
    while (queue.length) {
      const v = queue.shift();
      for (const w of edges.get(v)) {
        if (w === start) {
          const path = [];
          for (let u = v; u; u = prev.get(u)) path.unshift(u);
          return path;
        }
        if (inside.has(w) && !prev.has(w)) {
          prev.set(w, v);
          queue.push(w);
        }
      }
    }
    return [start];
  };
  const describe = (loop) =>
    loop
      .map((f, i) => {
        const imp = graph.get(f).find((x) => x.target === loop[(i + 1) % loop.length]);
        return `${f}:${imp.line}${imp.kind === "value" ? "" : ` (${imp.kind})`}`;
      })
      .concat(loop[0])
      .join(" -> ");
  for (const component of components) {
    const inside = new Set(component);
    const seen = new Set();
    const loops = [];
    for (const file of component) {
      const loop = loopThrough(file, inside);
      const first = loop.indexOf([...loop].sort()[0]);
      const key = [...loop.slice(first), ...loop.slice(0, first)].join(" ");
      if (!seen.has(key)) {
        seen.add(key);
        loops.push(loop);
      }
    }
    const head = component.length > 2 ? ` (${component.length} files tied together; each loop below once)` : "";
    problems.push(`cycle${head}:${loops.map((l) => `\n      ${describe(l)}`).join("")}`);
  }
}

// 4. Node scripts load: plain Node resolves a relative specifier only as written (no extension added, no
// index file) and strips types without compiling them, so each module a script reaches must exist under
// exactly its name and hold only erasable TypeScript. Biome's useImportExtensions covers the source
// directories; this covers what the scripts actually reach, wherever it lives.
const scripts = SCRIPT_DIRS.flatMap(listSources).filter((f) => f.endsWith(".mjs"));
{
  /** TypeScript that Node's type stripping refuses (it would need compiling, not erasing). */
  const unerasable = (file) => {
    const sf = ts.createSourceFile(file, readFileSync(join(ROOT, file), "utf8"), ts.ScriptTarget.Latest, true);
    const found = [];
    const declared = (node) => ts.getCombinedModifierFlags(node) & ts.ModifierFlags.Ambient;
    const at = (node, what) =>
      found.push(`${file}:${sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1} ${what}`);
    const visit = (node) => {
      if (ts.isEnumDeclaration(node) && !declared(node)) at(node, "an enum");
      else if (ts.isModuleDeclaration(node) && !declared(node) && node.body) at(node, "a namespace");
      else if (ts.isParameter(node) && ts.isConstructorDeclaration(node.parent) && ts.getModifiers(node)?.length)
        at(node, "a parameter property");
      else if (ts.isImportEqualsDeclaration(node) && !node.isTypeOnly) at(node, "an `import =`");
      ts.forEachChild(node, visit);
    };
    visit(sf);
    return found;
  };
  const via = new Map(scripts.map((f) => [f, null]));
  const queue = [...scripts];
  const chain = (file) => {
    const path = [];
    for (let f = file; f; f = via.get(f)) path.unshift(f);
    return path.join(" -> ");
  };
  while (queue.length) {
    const file = queue.shift();
    if (/\.m?ts$/.test(file))
      for (const what of unerasable(file))
        problems.push(`node script: ${what}, which Node cannot strip (${chain(file)})`);
    for (const imp of importsOf(file)) {
      if (imp.kind === "type" || !imp.spec.startsWith(".")) continue;
      const abs = resolve(ROOT, dirname(file), imp.spec);
      const where = `${file}:${imp.line} imports "${imp.spec}"`;
      if (!/\.[a-z]+$/i.test(imp.spec)) {
        problems.push(`node script: ${where} without an extension; Node adds none (${chain(file)})`);
      } else if (!existsSync(abs) || !statSync(abs).isFile()) {
        problems.push(`node script: ${where}, which does not exist (${chain(file)})`);
      } else if (/\.[jt]sx$/.test(imp.spec)) {
        problems.push(`node script: ${where}; Node cannot load JSX (${chain(file)})`);
      } else {
        const target = rel(abs);
        if (!via.has(target) && /\.(m?[jt]s)$/.test(target)) {
          via.set(target, file);
          queue.push(target);
        }
      }
    }
  }
}

if (problems.length) {
  console.error(`check-layers: ${problems.length} problem(s) in ${files.length} files`);
  for (const p of problems) console.error(`  ${p}`);
  process.exit(1);
}
console.log(
  `check-layers: ${files.length} files, layers one-way, player route free of zod, no import cycles; ` +
    `${scripts.length} Node scripts load what they import`,
);
