// What the small benchmark tools share: the app started on 127.0.0.1, a teacher, a one-question
// quiz, a lobby for `players`, and the host's socket; stopped on a time limit like the rest.
import { WebSocket as Ws } from "ws";
import { startServer } from "./server.mjs";

export async function lobbyFor({ name, players, timeLimitMs = 180_000 }) {
  let server;
  setTimeout(async () => {
    console.error(`${name}: time limit`);
    await server?.stop();
    process.exit(2);
  }, timeLimitMs).unref();
  server = await startServer(18900 + Math.floor(Math.random() * 50));
  const url = server.runtimeUrl;
  const api = async (path, body, token) => {
    const res = await fetch(url + path, {
      method: "POST",
      headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(body),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`${path} -> ${res.status} ${text.slice(0, 300)}`);
    return JSON.parse(text);
  };
  const { token } = await api("/api/auth/register", { email: `b${Date.now()}@bench.test`, password: "bench-password-123", name: "Bench", role: "teacher" });
  const quiz = { title: "t", description: "", tags: [], language: "en", visibility: "private", questions: [{ type: "single", text: "q", timeLimit: 60, points: "standard", options: ["a", "b"], correct: 0 }] };
  const { quiz: saved } = await api("/api/quizzes", quiz, token);
  const game = await api("/api/games", { quizId: saved.id, settings: { readingTime: 0, leaderboard: "each", maxPlayers: players + 10, autoAdvance: false } }, token);
  const wsBase = url.replace(/^http/, "ws");
  const host = new Ws(`${wsBase}${game.hostWsUrl}?token=${token}`, { perMessageDeflate: false });
  await new Promise((r) => host.on("open", r));
  return {
    server,
    game,
    host,
    /** A player joining over the socket, as the web app does, from its own address. */
    player: (k) => new Ws(`${wsBase}/ws/${game.code}/join?nickname=p${k}`, { perMessageDeflate: false, headers: { "cf-connecting-ip": `198.18.${k >> 8}.${k & 255}` } }),
  };
}
