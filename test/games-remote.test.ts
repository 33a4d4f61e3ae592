// The phone remote (worker/games/remote.ts): a short-lived token for a live game's host, accepted
// by the host socket route as that host. (The teacher's live games: games-active.test.ts.)
import { describe, expect, it } from "vitest";
import { api } from "./helpers/api.ts";
import { makeQuiz, makeUser } from "./helpers/fixtures.ts";
import { Client, host, join } from "./helpers/room-client.ts";

const QUESTIONS = [{ type: "single" as const, text: "2+2?", options: ["3", "4"], correct: 1 }];

async function liveGame() {
  const teacher = await makeUser("teacher");
  const quizId = await makeQuiz(teacher.id, QUESTIONS);
  const game = await host(teacher.token, quizId);
  return { teacher, game };
}

const remoteFor = (code: string, token: string) => api(`/api/games/${code}/remote`, { method: "POST", token });

describe("POST /api/games/:code/remote", () => {
  it("gives the host a token whose socket drives the game as that host", async () => {
    const { teacher, game } = await liveGame();
    const res = await remoteFor(game.code, teacher.token);
    expect(res.status).toBe(201);
    const body = await res.json<{ token: string; url: string; expiresIn: number }>();
    expect(body.expiresIn).toBe(7200);
    expect(body.url).toBe(`/host/${game.code}/remote#t=${body.token}`);
    const remote = await Client.open(`/ws/${game.code}/host?remote=${encodeURIComponent(body.token)}`);
    const welcome = await remote.next("welcome");
    expect(welcome.role).toBe("host");
    const seat = await join(game.code, "Ada");
    const player = await Client.player(seat);
    await player.next("welcome");
    remote.send({ type: "start" });
    expect((await player.next("question")).question.index).toBe(0);
  });

  it("refuses another teacher, a student and a stranger, and an unknown game", async () => {
    const { game } = await liveGame();
    expect((await remoteFor(game.code, (await makeUser("teacher")).token)).status).toBe(403);
    expect((await remoteFor(game.code, (await makeUser("student")).token)).status).toBe(403);
    expect((await api(`/api/games/${game.code}/remote`, { method: "POST" })).status).toBe(401);
    const teacher = await makeUser("teacher");
    expect((await remoteFor("ZZZZZZ", teacher.token)).status).toBe(404);
    expect((await remoteFor("bad", teacher.token)).status).toBe(400);
  });

  it("an admin may have the remote of any live game", async () => {
    const { game } = await liveGame();
    expect((await remoteFor(game.code, (await makeUser("admin")).token)).status).toBe(201);
  });

  it("the socket refuses a remote token of another game, a forged one and a session token in its place", async () => {
    const a = await liveGame();
    const b = await liveGame();
    const { token } = await (await remoteFor(a.game.code, a.teacher.token)).json<{ token: string }>();
    const upgrade = (code: string, t: string) =>
      api(`/ws/${code}/host?remote=${encodeURIComponent(t)}`, { headers: { Upgrade: "websocket" } });
    expect((await upgrade(b.game.code, token)).status).toBe(401);
    expect((await upgrade(a.game.code, `${token}x`)).status).toBe(401);
    expect((await upgrade(a.game.code, a.teacher.token)).status).toBe(401);
  });
});
