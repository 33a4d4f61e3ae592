// The chaos run: a real game under `wrangler dev` whose runtime is SIGKILLed (wrangler's whole
// process group) at a chosen moment, restarted on the same state, and played to the end by
// scripted players that come back the way the web app does (backoff with jitter). Then it checks
// what D1 holds against what the players were told.
//
//   npm run chaos -- [--players 30] [--kill lobby,question,reveal,podium|random] [--rounds 1]
//                    [--port 8793] [--json] [--assignment-students N] [--assignment-kill started,close]
//                    [--teams N]  (a team game: no player may lose their team across a kill)
//                    [--relays N] (every player through relays of N sockets; their figures printed)
//
// Then, in a quick form, a self-paced assignment (chaos-assignment.mjs, `npm run chaos:assignment`
// for the whole run): min(players, 30) students, killed after half of them started (answers in
// flight) and right after the close; `--assignment-students 0` leaves it out.
// Kill points: lobby (during the join wave), question (mid answer burst), reveal, podium (while
// the results are being written). Exits non-zero on any lost or duplicated answer, a returning
// player refused while the question was open for them, a podium that disagrees with D1, or a
// ghost seat.
import { parseArgs } from "node:util";
import { rmSync } from "node:fs";
import { randomBytes } from "node:crypto";
import { restartServer } from "./server.mjs";
import { api, phoneIp } from "./scenario.mjs";
import { ChaosPlayer, ChaosHost, until, sleep } from "./chaos-clients.mjs";
import { readResults } from "./chaos-results.mjs";
import { assignmentChaos, printAssignmentTable } from "./chaos-assignment.mjs";
import { relayFigures, relayVars } from "./relay-stats.mjs";

const KILL_POINTS = ["lobby", "question", "reveal", "podium"];

const { values: args } = parseArgs({
  options: {
    players: { type: "string", default: "30" },
    kill: { type: "string", default: KILL_POINTS.join(",") },
    rounds: { type: "string", default: "1" },
    port: { type: "string", default: "8793" },
    questions: { type: "string", default: "3" },
    json: { type: "boolean", default: false },
    "assignment-students": { type: "string" },
    "assignment-kill": { type: "string", default: "started,close" },
    /** A team game (personal devices) with this many teams: no player may lose their team across a kill. */
    teams: { type: "string", default: "0" },
    /** Every player's socket through relays of this many sockets (rooms/relay/): the kills hit root and relays at once. */
    relays: { type: "string" },
  },
});
const players = Number(args.players);
const rounds = Number(args.rounds);
const questions = Math.max(2, Number(args.questions));
const port = Number(args.port);
const points = args.kill
  .split(",")
  .map((k) => (k === "random" ? KILL_POINTS[Math.floor(Math.random() * KILL_POINTS.length)] : k));
for (const k of points)
  if (!KILL_POINTS.includes(k)) throw new Error(`unknown kill point ${k}; one of ${KILL_POINTS.join(", ")} or random`);
// Every loop below is bounded: a whole game may take at most this long.
const GAME_DEADLINE_MS = 240_000;

function quiz() {
  return {
    title: "Chaos quiz",
    language: "en",
    visibility: "private",
    questions: Array.from({ length: questions }, (_, i) => ({
      type: "single",
      text: `Chaos question ${i + 1}`,
      timeLimit: 20,
      options: ["one", "two", "three", "four"],
      correct: i % 4,
    })),
  };
}

const start = (options = {}) => restartServer(port, { vars: relayVars(args.relays), ...options });

/** One game with one kill. */
async function play(point) {
  let server = await start();
  const { state, secret } = server;
  const base = server.url;
  const deadline = Date.now() + GAME_DEADLINE_MS;
  const crash = async () => {
    const killedAt = Date.now();
    await server.kill();
    server = await start({ state, secret });
    return { downMs: Date.now() - killedAt, upAt: Date.now() };
  };
  let downtime = null;
  const people = [];
  let host = null;
  try {
    const email = `chaos-${randomBytes(5).toString("hex")}@chaos.test`;
    const { token } = await api(base, "POST", "/api/auth/register", {
      email,
      password: "chaos-password-1",
      name: "Chaos",
      role: "teacher",
    });
    const { quiz: q } = await api(base, "POST", "/api/quizzes", quiz(), token);
    const game = await api(
      base,
      "POST",
      "/api/games",
      {
        quizId: q.id,
        settings: {
          readingTime: 0,
          autoAdvance: false,
          maxPlayers: players + 10,
          ...(Number(args.teams) ? { teams: { mode: "personal", count: Number(args.teams) } } : {}),
        },
      },
      token,
    );
    host = new ChaosHost(base, game.code, token);
    await until(() => host.phase !== null, 15_000, "host welcome");

    // The join wave, in small groups as phones arrive; the lobby kill lands in its middle.
    for (let i = 0; i < players; i++) people.push(new ChaosPlayer(base, game.code, `player${i}`, phoneIp(i)));
    for (let i = 0; i < players; i++) {
      people[i].join();
      if (point === "lobby" && i === Math.floor(players / 2)) {
        await sleep(30);
        downtime = await crash();
      } else if (i % 10 === 9) await sleep(50);
    }
    await until(() => people.every((p) => p.seated), 60_000, "every player seated");
    await until(() => host.playerCount >= players, 30_000, "the host sees every player");

    for (let qi = 0; qi < questions; qi++) {
      host.send({ type: qi === 0 ? "start" : "next" });
      if (point === "question" && qi === 0) {
        // Mid-burst: a third of the answers acknowledged.
        await until(
          () => people.filter((p) => p.acked.has(0)).length >= Math.ceil(players / 3),
          30_000,
          "a third of the answers in",
        );
        downtime = await crash();
      }
      await until(() => host.phase === "reveal" && host.index === qi, 60_000, `reveal of question ${qi + 1}`);
      if (point === "reveal" && qi === 0) {
        await sleep(100);
        downtime = await crash();
        await until(() => host.phase === "reveal" && host.connected, 60_000, "host back in the reveal");
      }
      if (qi < questions - 1) {
        host.send({ type: "next" });
        await until(() => host.phase === "leaderboard" || host.phase === "question", 30_000, "leaderboard");
      }
    }
    host.send({ type: "next" });
    await until(() => host.phase === "podium", 30_000, "podium");
    if (point === "podium") {
      await sleep(60);
      downtime = await crash();
      await until(() => host.connected && host.phase === "podium", 60_000, "host back at the podium");
    }
    const podium = host.podium;
    host.send({ type: "next" });
    await until(() => host.phase === "ended", 30_000, "ended");
    // Which objects held the game (counts since the kill restarted them).
    if (args.relays) console.error(await relayFigures(server.url, { code: game.code, hostToken: token, questions }));
    const d1 = await readResults(server.url, token, game.gameId, deadline);
    return judge(point, people, host, podium, d1, downtime);
  } finally {
    for (const p of people) p.close();
    host?.close();
    await server.stop();
    rmSync(state, { recursive: true, force: true });
    if (Date.now() > deadline) console.error(`${point}: the game ran past its deadline`);
  }
}

function judge(point, people, host, podium, d1, downtime) {
  const seatOf = new Map(d1.players.map((p) => [p.nickname, p]));
  const rowsBy = new Map();
  for (const a of d1.answers) {
    const k = `${a.playerId}:${a.question}`;
    rowsBy.set(k, (rowsBy.get(k) ?? 0) + 1);
  }
  let acked = 0;
  let lost = 0;
  for (const p of people) {
    const seat = seatOf.get(p.nickname);
    for (const q of p.acked) {
      acked++;
      if (!seat || !rowsBy.has(`${seat.playerId}:${q + 1}`)) lost++;
    }
  }
  const duplicates =
    [...rowsBy.values()].filter((n) => n > 1).length +
    (d1.players.length - new Set(d1.players.map((p) => p.nickname)).size);
  const refused = people.filter((p) => p.refusedWhileOpen > 0 || p.missedQuestion).length;
  const ghosts =
    d1.players.filter((p) => !people.some((x) => x.nickname === p.nickname && x.seated)).length +
    people.filter((p) => p.joinRefusals.includes("nickname-taken")).length;
  const podiumMismatch = (podium?.top ?? []).filter((e) => seatOf.get(e.nickname)?.score !== e.score).length;
  // Every score is the sum of its answers' points: a standing lost to a kill shows here.
  const pointsOf = new Map();
  for (const a of d1.answers) pointsOf.set(a.playerId, (pointsOf.get(a.playerId) ?? 0) + a.points);
  const scoreOff = d1.players.filter((p) => p.score !== (pointsOf.get(p.playerId) ?? 0)).length;
  const resultsWrites = d1.resultsSaved;
  // Team games: a player whose welcomes named two teams, or whose D1 team is not the one they were told.
  const teamLost = Number(args.teams)
    ? people.filter((p) => p.teams.size !== 1 || seatOf.get(p.nickname)?.team !== [...p.teams][0]).length
    : 0;
  const ok =
    lost === 0 &&
    duplicates === 0 &&
    refused === 0 &&
    ghosts === 0 &&
    podiumMismatch === 0 &&
    scoreOff === 0 &&
    teamLost === 0 &&
    d1.players.length === people.length;
  return {
    point,
    players: people.length,
    inD1: d1.players.length,
    acked,
    lost,
    duplicates,
    refused,
    ghosts,
    podiumMismatch,
    scoreOff,
    teamLost,
    resultsWrites,
    downMs: downtime?.downMs ?? null,
    errors: people.reduce((s, p) => s + p.errorFrames.length, 0) + host.errorFrames.length,
    ok,
  };
}

const results = [];
for (let r = 0; r < rounds; r++) {
  for (const point of points) {
    const t0 = Date.now();
    try {
      const res = await play(point);
      results.push({ ...res, round: r + 1, seconds: Math.round((Date.now() - t0) / 1000) });
    } catch (e) {
      console.error(`${point}, round ${r + 1}: ${e.message}`);
      results.push({ point, round: r + 1, ok: false, failed: e.message });
    }
    const last = results.at(-1);
    console.error(`${last.ok ? "ok  " : "FAIL"} ${point} round ${r + 1}${last.failed ? `: ${last.failed}` : ""}`);
  }
}

const assignmentStudents = Number(args["assignment-students"] ?? Math.min(players, 30));
const assignmentRows = assignmentStudents
  ? await assignmentChaos({
      students: assignmentStudents,
      questions: 3,
      port: port + 2,
      rounds: 1,
      kills: args["assignment-kill"].split(",").filter(Boolean),
    })
  : [];

if (args.json)
  console.log(JSON.stringify([...results, ...assignmentRows.map((r) => ({ point: "assignment", ...r }))], null, 2));
else {
  const cols = [
    "point",
    "round",
    "players",
    "inD1",
    "acked",
    "lost",
    "duplicates",
    "refused",
    "ghosts",
    "podiumMismatch",
    "scoreOff",
    "teamLost",
    "resultsWrites",
    "errors",
    "downMs",
    "seconds",
    "ok",
  ];
  console.log(cols.join("\t"));
  for (const r of results) console.log(cols.map((c) => r[c] ?? (c === "ok" ? false : "-")).join("\t"));
  const sum = (k) => results.reduce((s, r) => s + (r[k] ?? 0), 0);
  console.log(
    `\nkills ${results.length}: lost ${sum("lost")}, duplicates ${sum("duplicates")}, refused returners ${sum("refused")}, ghosts ${sum("ghosts")}, podium mismatches ${sum("podiumMismatch")}, scores off their answers ${sum("scoreOff")}, failed runs ${results.filter((r) => r.failed).length}`,
  );
}
if (assignmentRows.length && !args.json) {
  console.log("\nassignment (self-paced, over HTTP):");
  printAssignmentTable(assignmentRows);
}
process.exit([...results, ...assignmentRows].every((r) => r.ok) ? 0 : 1);
