#!/usr/bin/env node
// Join wave only: N players join one room over the socket (64 in flight), and the runtime's CPU
// per join is printed. For taking a join apart: edit the app, run again (the server runs a
// snapshot of the source taken at start).  N=1000 npm run bench:joins   (NOPROBE=1: players
// leave the RTT probe unanswered; FLOOR=1: the same wave on bench/floor; PERF=1: where the
// runtime's CPU went during the wave, by runtime entry point, from perf: bench/native-profile.mjs)
// Bounded: N ≤ 5000, and the whole run is stopped after 3 minutes.
import { generatorCpu, joinAll, lobbyFor } from "./room-fixture.mjs";
import { nativeTable, startNativeProfile } from "./native-profile.mjs";
const N = Math.min(5000, Number(process.env.N ?? 1000));
const { server: s, host, player } = await lobbyFor({ name: "joins", players: N });
let hostMsgs = 0;
host.on("message", () => hostMsgs++);
await new Promise((r) => setTimeout(r, 500));
const cpu = () => s.stats().cpuSeconds;
const gcpu = generatorCpu;
const probe = process.env.NOPROBE !== "1";
const native = process.env.PERF === "1" ? await startNativeProfile() : null;
const c0 = cpu(),
  g0 = gcpu(),
  t0 = Date.now();
let msgs = 0;
const byType = {};
const socks = await joinAll(N, player, (ws, str) => {
  msgs++;
  const m = JSON.parse(str);
  byType[m.type] = (byType[m.type] ?? 0) + 1;
  if (m.type === "probe" && probe) ws.send(JSON.stringify({ type: "probe", nonce: m.nonce }));
});
const wall = Date.now() - t0;
const c1 = cpu(),
  g1 = gcpu();
const profile = await native?.stop();
await new Promise((r) => setTimeout(r, 1500));
console.log(
  `N=${N} wall ${wall} ms; runtime cpu ms/player ${(((c1 - c0) * 1000) / N).toFixed(2)} (+${(((cpu() - c1) * 1000) / N).toFixed(2)} after); generator ${(((g1 - g0) * 1000) / N).toFixed(2)}; player msgs ${msgs} (${Object.entries(
    byType,
  )
    .map(([t, n]) => `${t} ${n}`)
    .join(", ")}); host msgs ${hostMsgs}`,
);
if (profile) console.log(nativeTable(profile, N, "join"));
for (const w of socks) w.close();
host.close();
await s.stop();
process.exit(0);
