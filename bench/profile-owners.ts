// Whose CPU a V8 profile of the runtime shows: the game's root object, its relays, the Worker.
// All of a game's objects share one isolate locally (and one class per kind), so workerd cannot say
// how much CPU each object used; the profile's stacks can. Each sample goes to the outermost frame
// of its stack that is an object's own code (its entry point: a socket event, an RPC, an alarm, a
// timer it set, a continuation after an await), so shared code (kit/, zod, the runtime's send)
// counts for the object that called it. Frames must already be mapped to source files
// (bench/profile.mjs `mapFrames`). TypeScript that Node runs as is (type stripping): no runtime
// imports, so bench/profile.mjs loads it without a build.

export interface CpuProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  children?: number[];
}
/** V8's `Profiler.stop` result: sample node ids and the µs between them. */
export interface CpuProfile {
  startTime: number;
  endTime: number;
  nodes: CpuProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** Source files that only one kind of object runs. */
const OWNERS: [string, RegExp][] = [
  ["relays", /^rooms\/relay\/relay\.ts$/],
  ["root", /^rooms\/(live\/|relay\/(hub|root-wiring)\.ts$)/],
  ["homework", /^rooms\/assignment\//],
  ["worker", /^worker\//],
];

export const OWNER_NAMES = [...OWNERS.map(([name]) => name), "unattributed"];

/** The owner of a frame's source file, or null for shared code. */
export function ownerOfFile(url: string | undefined): string | null {
  for (const [name, re] of OWNERS) if (re.test(url ?? "")) return name;
  return null;
}

/** A lookup of each profile node's owner (null: shared code only, or V8's own work). */
export function nodeOwners(profile: CpuProfile): (id: number) => string | null {
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const owners = new Map<number, string | null>();
  return (id: number): string | null => {
    if (owners.has(id)) return owners.get(id) ?? null;
    // Iterative walk to the root, then back down: outermost owned frame wins.
    const chain: number[] = [];
    let at: number | undefined = id;
    for (; at !== undefined && !owners.has(at); at = parent.get(at)) chain.push(at);
    let owner = at === undefined ? null : (owners.get(at) ?? null);
    for (let i = chain.length - 1; i >= 0; i--) {
      owner ??= ownerOfFile(nodes.get(chain[i])?.callFrame.url);
      owners.set(chain[i], owner);
    }
    return owners.get(id) ?? null;
  };
}

/**
 * Milliseconds per owner over a profile's samples taken between `from` and `to` (profile µs). `maxGapUs`: a sample stands for the interval up
 * to the next one, at most this long (workerd marks no idle time; a longer gap is the thread
 * outside JavaScript). Samples with no owned frame (the garbage collector, V8's own work, shared
 * code run from the runtime directly) are "unattributed".
 */
export function ownerTimes(
  profile: CpuProfile,
  from = -Infinity,
  to = Infinity,
  maxGapUs = 1000,
): Record<string, number> {
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  const ownerOf = nodeOwners(profile);
  const ms: Record<string, number> = Object.fromEntries(OWNER_NAMES.map((n) => [n, 0]));
  let t = profile.startTime;
  for (let i = 0; i < profile.samples.length; i++) {
    t += profile.timeDeltas[i];
    if (t < from || t >= to) continue;
    const id = profile.samples[i];
    const name = nodes.get(id)?.callFrame.functionName;
    if (name === "(idle)") continue;
    const dt = Math.min(profile.timeDeltas[i + 1] ?? 0, maxGapUs) / 1000;
    ms[ownerOf(id) ?? "unattributed"] += dt;
  }
  return ms;
}
