// Per-object figures of a game played through relays (`npm run bench -- --relays 500`): what the
// root did (its own sockets, feed calls to relays, the batches from them) beside what
// each relay did (sockets, frames in from players and out to them), read from the app's
// /api/games/:code/relay-stats after the scenario. The counts are since each object started.

/** The wrangler vars that force every player's socket through relays of `perRelay` sockets. */
export function relayVars(perRelay) {
  // Without --relays, one object holds the game, as the floor's one object does: the QuickQuiz/floor
  // ratios compare like with like (the deployment's "auto" would open relays past RELAY_SEATS).
  if (!perRelay) return { RELAY_MODE: "off" };
  const n = Number(perRelay);
  if (!Number.isInteger(n) || n < 1) throw new Error("--relays takes the sockets per relay (a positive integer)");
  return { RELAY_MODE: "force", RELAY_SEATS: String(n) };
}

/** The table for one scenario's game (`r` as runScenario returns it). */
export async function relayFigures(baseUrl, r) {
  const res = await fetch(`${baseUrl}/api/games/${r.code}/relay-stats`, {
    headers: { authorization: `Bearer ${r.hostToken}` },
  });
  if (!res.ok) return `relay stats: HTTP ${res.status}`;
  const { root, relays } = await res.json();
  const q = Math.max(1, r.questions);
  const rows = [
    ["object", "peak sockets", "calls in", "calls out", "frames in", "frames out", "per question: calls", "frames"],
    [
      "root",
      root.sockets,
      root.batchCalls,
      root.feedCalls,
      root.batchFrames,
      root.feedEntries,
      ((root.batchCalls + root.feedCalls) / q).toFixed(0),
      ((root.batchFrames + root.feedEntries) / q).toFixed(0),
    ],
    ...relays.map((x) => [
      x.name,
      x.peakSockets,
      x.feedCalls,
      x.batchCalls,
      x.framesIn,
      x.framesOut,
      ((x.feedCalls + x.batchCalls) / q).toFixed(0),
      ((x.framesIn + x.framesOut) / q).toFixed(0),
    ]),
  ];
  const widths = rows[0].map((_, i) => Math.max(...rows.map((row) => String(row[i]).length)));
  const lines = rows.map((row) => row.map((c, i) => String(c).padStart(widths[i])).join("  "));
  return [
    `per object (${relays.length} relays; root: calls in = batches from relays, carrying ${root.attaches} attaches and the players' frames; calls out = feed calls; frames = relayed frames and attaches, and feed entries):`,
    ...lines,
  ].join("\n");
}
