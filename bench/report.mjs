// Prints benchmark results as a Markdown table (pasted into BENCHMARKS.md as it is).
const ms = (v) => (Number.isFinite(v) ? v.toFixed(v < 10 ? 1 : 0) : "-");
const dist = (d) => `${ms(d.p50)} / ${ms(d.p99)} / ${ms(d.max)}`;

export function formatTable(results) {
  const head = [
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
  const head = ["N", "phase", "wall s", "load generator CPU s", "runtime CPU s", "dev proxy CPU s"];
  const rows = [];
  for (const r of results) {
    for (const [name, p] of Object.entries(r.phases ?? {})) {
      const s = (v) => (Number.isFinite(v) ? v.toFixed(2) : "-");
      rows.push([r.players, name, s(p.wallMs / 1000), s(p.clientCpuS), s(p.serverCpuS), s(p.proxyCpuS)]);
    }
  }
  return [head, head.map(() => "---"), ...rows].map((r) => `| ${r.join(" | ")} |`).join("\n");
}
