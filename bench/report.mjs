// Prints benchmark results as a Markdown table (pasted into BENCHMARKS.md as it is).
const ms = (v) => (Number.isFinite(v) ? v.toFixed(v < 10 ? 1 : 0) : "-");
const dist = (d) => `${ms(d.p50)} / ${ms(d.p99)} / ${ms(d.max)}`;

export function formatTable(results) {
  const head = [
    "room",
    "N",
    "joined",
    "join wall (ms)",
    "join p50/p99/max",
    "question fan-out p50/p99/max",
    "answer ack p50/p99/max",
    "reveal fan-out p50/p99/max",
    "leaderboard fan-out p50/p99/max",
    "podium fan-out p50/p99/max",
    "score spread %",
    "lost",
    "dup",
    "errors",
    "dropped",
    "server CPU s",
    "server peak RSS MB",
  ];
  const rows = results.map((r) => [
    r.target ?? "app",
    r.players,
    r.joined,
    ms(r.joinWallMs),
    dist(r.join),
    dist(r.fanout),
    dist(r.ack),
    dist(r.reveal),
    dist(r.leaderboard),
    dist(r.podium),
    r.scoreSpreadPct.toFixed(2),
    r.lost,
    r.duplicated,
    r.errors,
    r.dropped,
    r.server ? r.server.cpuSeconds.toFixed(1) : "-",
    r.server ? r.server.peakRssMb.toFixed(0) : "-",
  ]);
  return [head, head.map(() => "---"), ...rows].map((r) => `| ${r.join(" | ")} |`).join("\n");
}

/** Where the time went: wall time and CPU seconds of the load generator, the runtime and wrangler's dev proxy, per phase. */
export function formatPhases(results) {
  const head = ["room", "N", "phase", "wall s", "load generator CPU s", "runtime CPU s", "dev proxy CPU s"];
  const rows = [];
  for (const r of results) {
    for (const [name, p] of Object.entries(r.phases ?? {})) {
      const s = (v) => (Number.isFinite(v) ? v.toFixed(2) : "-");
      rows.push([
        r.target ?? "app",
        r.players,
        name,
        s(p.wallMs / 1000),
        s(p.clientCpuS),
        s(p.serverCpuS),
        s(p.proxyCpuS),
      ]);
    }
  }
  return [head, head.map(() => "---"), ...rows].map((r) => `| ${r.join(" | ")} |`).join("\n");
}

/** The runtime's CPU seconds over the whole run (workerd without wrangler's dev proxy), from the phases. */
export const runtimeCpu = (r) => Object.values(r.phases ?? {}).reduce((s, p) => s + p.serverCpuS, 0);

/** The figures the QuickQuiz/floor ratios are taken of (ms, CPU in s). */
const RATIO_FIGURES = [
  ["join wall", (r) => r.joinWallMs],
  ["question fan-out p99", (r) => r.fanout.p99],
  ["answer ack p99", (r) => r.ack.p99],
  ["leaderboard p99", (r) => r.leaderboard.p99],
  ["runtime CPU s", runtimeCpu],
];

/** One pair's figures: each as {app, floor, ratio}. */
export function pairSummary(pair) {
  const out = { players: pair.players, order: pair.order.join(", ") };
  for (const [name, f] of RATIO_FIGURES) {
    const app = f(pair.app);
    const floor = f(pair.floor);
    out[name] = { app, floor, ratio: app / floor };
  }
  return out;
}

/** QuickQuiz ÷ floor per pair, with both absolute figures: "app / floor = ratio×". */
export function formatRatios(pairs) {
  const head = ["N", "order", ...RATIO_FIGURES.map(([name]) => name)];
  const fig = (v, cpu) => (Number.isFinite(v) ? (cpu ? v.toFixed(2) : ms(v)) : "-");
  const rows = pairs.map((pair) => {
    const s = pairSummary(pair);
    return [
      pair.players,
      s.order,
      ...RATIO_FIGURES.map(([name]) => {
        const { app, floor, ratio } = s[name];
        const cpu = name.includes("CPU");
        return `${fig(app, cpu)} / ${fig(floor, cpu)} = **${Number.isFinite(ratio) ? ratio.toFixed(2) : "-"}×**`;
      }),
    ];
  });
  return [head, head.map(() => "---"), ...rows].map((r) => `| ${r.join(" | ")} |`).join("\n");
}
