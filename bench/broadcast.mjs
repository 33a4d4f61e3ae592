#!/usr/bin/env node
// Broadcast cost: N players in a lobby; the host toggles the lock R times, each toggle one frame
// to every player. Prints the last receipt per round and the runtime's CPU per frame sent.
//   N=1000 R=20 npm run bench:broadcast    (PERF=1 also records `perf` system-wide)
// Bounded: N ≤ 5000, R ≤ 200, each round waits at most 10 s, the run at most 3 minutes.
import { generatorCpu, joinAll, lobbyFor } from "./room-fixture.mjs";
import { spawn } from "node:child_process";
const N = Math.min(5000, Number(process.env.N ?? 1000)),
  R = Math.min(200, Number(process.env.R ?? 20));
const { server: s, host, player } = await lobbyFor({ name: "broadcast", players: N });
let got = 0;
let lastAt = 0;
const socks = await joinAll(N, player, (ws, str) => {
  if (str.includes('"probe"')) return ws.send(JSON.stringify({ type: "probe", nonce: JSON.parse(str).nonce }));
  if (str.startsWith('{"type":"lobby"') && /"locked":(true|false)/.test(str)) {
    got++;
    lastAt = performance.now();
  }
});
await new Promise((r) => setTimeout(r, 2000));
got = 0;
const cpu = () => s.stats().cpuSeconds;
const gcpu = generatorCpu;
let perf;
if (process.env.PERF)
  perf = spawn("perf", ["record", "-F", "999", "-g", "-a", "-o", "/tmp/broadcast.perf.data"], { stdio: "ignore" });
const c0 = cpu(),
  g0 = gcpu();
const lat = [];
const rc = [];
for (let r = 0; r < R; r++) {
  const target = got + N; // lobby counts may add more; we count lock flips only approximately
  const t0 = performance.now();
  const rc0 = cpu(),
    rg0 = gcpu();
  host.send(JSON.stringify({ type: "lock", locked: r % 2 === 0 }));
  const deadline = Date.now() + 10000;
  while (got < target && Date.now() < deadline) await new Promise((r) => setImmediate(r));
  lat.push(lastAt - t0);
  rc.push(`${((cpu() - rc0) * 1000).toFixed(0)}/${((gcpu() - rg0) * 1000).toFixed(0)}`);
  await new Promise((r) => setTimeout(r, 100));
}
const c1 = cpu(),
  g1 = gcpu();
console.log("cpu ms per round runtime/gen:", rc.join(" "));
console.log(
  `N=${N} R=${R}: last receipt after ${lat.map((x) => x.toFixed(0)).join(",")} ms; runtime cpu per broadcast ${(((c1 - c0) * 1000) / R).toFixed(1)} ms (${(((c1 - c0) * 1e6) / R / N).toFixed(1)} us/send); generator ${(((g1 - g0) * 1e6) / R / N).toFixed(1)} us/msg`,
);
if (perf) {
  perf.kill("SIGINT");
  await new Promise((r) => perf.on("exit", r));
}
for (const w of socks) w.close();
host.close();
await s.stop();
process.exit(0);
