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

/** Each object's counts so far ({root, relays}), or null: read in the lobby and after the game. */
export async function relayCounts(baseUrl, { code, hostToken }) {
  const res = await fetch(`${baseUrl}/api/games/${code}/relay-stats`, {
    headers: { authorization: `Bearer ${hostToken}` },
  });
  return res.ok ? res.json() : null;
}

/**
 * The table for one scenario's game (`r` as runScenario returns it). Totals are over the game; the
 * per-question columns count only what happened after the lobby (`r.lobby`), so the join wave is
 * not spread over the questions.
 */
export async function relayFigures(baseUrl, r) {
  const now = await relayCounts(baseUrl, r);
  if (!now) return "relay stats: not readable";
  const { root, relays } = now;
  const q = Math.max(1, r.questions);
  const before = r.lobby ?? { root: {}, relays: [] };
  const since = (x, was, ...keys) => keys.reduce((s, k) => s + (x[k] ?? 0) - (was?.[k] ?? 0), 0);
  const perQ = (x, was, ...keys) => (since(x, was, ...keys) / q).toFixed(0);
  const relayBefore = (name) => before.relays.find((x) => x.name === name);
  const rows = [
    ["object", "peak sockets", "calls in", "calls out", "frames in", "frames out", "per question: calls", "frames"],
    [
      "root",
      root.sockets,
      root.joinCalls + root.batchCalls,
      root.feedCalls,
      root.batchFrames,
      root.feedEntries,
      perQ(root, before.root, "joinCalls", "batchCalls", "feedCalls"),
      perQ(root, before.root, "batchFrames", "feedEntries"),
    ],
    ...relays.map((x) => [
      x.name,
      x.peakSockets,
      x.feedCalls,
      x.joinCalls + x.batchCalls,
      x.framesIn,
      x.framesOut,
      perQ(x, relayBefore(x.name), "feedCalls", "joinCalls", "batchCalls"),
      perQ(x, relayBefore(x.name), "framesIn", "framesOut"),
    ]),
  ];
  const widths = rows[0].map((_, i) => Math.max(...rows.map((row) => String(row[i]).length)));
  const lines = rows.map((row) => row.map((c, i) => String(c).padStart(widths[i])).join("  "));
  return [
    `per object (${relays.length} relays; root: calls in = ${root.joinCalls} join calls (seats for the sockets that join at a relay, gathered per call) + ${root.batchCalls} batches from relays, carrying ${root.attaches} attaches and the players' frames; calls out = feed calls; frames = relayed frames and attaches, and feed entries; per question = after the lobby ÷ ${q}):`,
    ...lines,
  ].join("\n");
}
