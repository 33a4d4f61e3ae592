// What the small benchmark tools share: the app started on 127.0.0.1, a teacher, the bench's quiz
// (one question), a lobby for `players`, and the host's socket; stopped on a time limit like the rest.
import { WebSocket as Ws } from "ws";
import { startServer } from "./server.mjs";
import { api, benchQuiz, phoneIp } from "./scenario.mjs";

export async function lobbyFor({ name, players, timeLimitMs = 180_000 }) {
  let server;
  setTimeout(async () => {
    console.error(`${name}: time limit`);
    await server?.stop();
    process.exit(2);
  }, timeLimitMs).unref();
  server = await startServer(18900 + Math.floor(Math.random() * 50), {
    floor: process.env.FLOOR === "1",
    // One room holds the game, as the floor's does (relays have their own bench: --relays).
    vars: { RELAY_MODE: "off" },
  });
  const url = server.runtimeUrl;
  const { token } = await api(url, "POST", "/api/auth/register", {
    email: `b${Date.now()}@bench.test`,
    password: "bench-password-123",
    name: "Bench",
    role: "teacher",
  });
  const { quiz } = await api(url, "POST", "/api/quizzes", benchQuiz(1), token);
  const game = await api(
    url,
    "POST",
    "/api/games",
    {
      quizId: quiz.id,
      settings: { readingTime: 0, leaderboard: "each", maxPlayers: players + 10, autoAdvance: false },
    },
    token,
  );
  const wsBase = url.replace(/^http/, "ws");
  const host = new Ws(`${wsBase}${game.hostWsUrl}?token=${token}`, { perMessageDeflate: false });
  await new Promise((r) => host.on("open", r));
  return {
    server,
    game,
    host,
    /** A player joining over the socket, as the web app does, from its own address. */
    player: (k) =>
      new Ws(`${wsBase}/ws/${game.code}/join?nickname=p${k}`, {
        perMessageDeflate: false,
        headers: { "cf-connecting-ip": phoneIp(k) },
      }),
  };
}

/** The join wave both tools start with: `n` players, 64 joins in flight, each until its welcome. `onMessage(ws, data)` sees every frame. */
export async function joinAll(n, player, onMessage) {
  const socks = [];
  let i = 0;
  await Promise.all(
    Array.from({ length: 64 }, async () => {
      while (i < n) {
        const ws = player(i++);
        socks.push(ws);
        await new Promise((res, rej) => {
          ws.on("message", (d) => {
            const str = d.toString();
            onMessage(ws, str);
            if (str.includes('"welcome"')) res();
            if (str.includes('"joinRefused"')) rej(new Error(JSON.parse(str).message));
          });
          ws.on("error", rej);
        });
      }
    }),
  );
  return socks;
}

/** This process's CPU seconds (the load generator's cost). */
export const generatorCpu = () => {
  const c = process.cpuUsage();
  return (c.user + c.system) / 1e6;
};
