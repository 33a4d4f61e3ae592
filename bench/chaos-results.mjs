// What D1 holds of a game, read the way a teacher reads it: the report, the answers CSV and the log.
import { sleep } from "./chaos-clients.mjs";

async function get(base, path, token) {
  const res = await fetch(base + path, { headers: { authorization: `Bearer ${token}` } });
  if (!res.ok) throw new Error(`GET ${path} -> ${res.status} ${(await res.text()).slice(0, 200)}`);
  return res;
}

/** RFC 4180 rows (quoted fields with "" and line breaks), BOM dropped. */
export function parseCsv(text) {
  const rows = [];
  let row = [];
  let field = "";
  let quoted = false;
  const s = text.replace(/^\uFEFF/, "");
  for (let i = 0; i < s.length; i++) {
    const ch = s[i];
    if (quoted) {
      if (ch === '"' && s[i + 1] === '"') (field += '"'), i++;
      else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ",") row.push(field), (field = "");
    else if (ch === "\n") row.push(field.replace(/\r$/, "")), rows.push(row), (row = []), (field = "");
    else field += ch;
  }
  if (field || row.length) row.push(field), rows.push(row);
  return rows;
}

/** Waits (bounded) until the game is ended in D1, then reads its players, answers and result writes. */
export async function readResults(base, token, gameId, deadline) {
  let report;
  for (;;) {
    report = await (await get(base, `/api/games/${gameId}/report`, token)).json();
    if (report.game.status === "ended" && report.players.length > 0) break;
    if (Date.now() > deadline) throw new Error(`D1 never had the results (status ${report.game.status})`);
    await sleep(500);
  }
  const [header, ...rows] = parseCsv(
    await (await get(base, `/api/games/${gameId}/report.csv?table=answers`, token)).text(),
  );
  const col = (name) => header.indexOf(name);
  const answers = rows
    .filter((r) => r.length === header.length)
    .map((r) => ({
      question: Number(r[col("question")]),
      playerId: r[col("player_id")],
      points: Number(r[col("points")] || 0),
    }));
  const logs = await (await get(base, `/api/logs?type=game.results_saved&gameId=${gameId}&limit=50`, token)).json();
  // Team games: each player's team as D1 has it (the players table's `team` column).
  const [pHeader, ...pRows] = parseCsv(
    await (await get(base, `/api/games/${gameId}/report.csv?table=players`, token)).text(),
  );
  const teamCol = pHeader.indexOf("team");
  const teamOf = new Map(
    teamCol < 0
      ? []
      : pRows.filter((r) => r.length === pHeader.length).map((r) => [r[pHeader.indexOf("player_id")], r[teamCol]]),
  );
  return {
    players: report.players.map((p) => ({
      playerId: p.playerId,
      nickname: p.nickname.replace(/^'/, ""),
      score: p.score,
      team: teamOf.get(p.playerId) ?? null,
    })),
    answers,
    resultsSaved: logs.items.length,
  };
}
