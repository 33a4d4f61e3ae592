// The phone remote (worker/games/remote.ts): a remote code names the session that showed it and
// ends with it; it is claimed once, by a signed-in session of the game's teacher, and only that
// session connects with it, as the host, with the expiry and session the room needs to close it.
// (The teacher's live games: games-active.test.ts.)
import { env } from "cloudflare:workers";
import { runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { CLOSE_CODES } from "../schema/constants.ts";
import type { GameAttachment } from "../rooms/live/delivery.ts";
import { signSession } from "../worker/auth/tokens.ts";
import { REMOTE_TOKEN_TTL_SECONDS } from "../worker/games/remote.ts";
import { api, createQuiz, login, registerTeacher, sampleQuiz } from "./helpers/api.ts";
import { makeQuiz, makeUser } from "./helpers/fixtures.ts";
import { Client, host, join, roomOf } from "./helpers/room-client.ts";

const QUESTIONS = [{ type: "single" as const, text: "2+2?", options: ["3", "4"], correct: 1 }];

async function liveGame() {
  const teacher = await makeUser("teacher");
  const quizId = await makeQuiz(teacher.id, QUESTIONS);
  const game = await host(teacher.token, quizId);
  return { teacher, game };
}

/** A teacher who can log in again (password change, logout), with a game in its lobby. */
async function realTeacherGame() {
  const teacher = await registerTeacher();
  const quiz = await createQuiz(teacher.token, sampleQuiz());
  const game = await host(teacher.token, quiz.id);
  return { teacher, game };
}

/** Another session of the same account: the phone. */
async function phoneOf(userId: string, role: "teacher" | "admin" = "teacher") {
  return (await signSession(env.JWT_SECRET, userId, role, 3600)).token;
}

interface Made {
  token: string;
  url: string;
  expiresIn: number;
  claimWithin: number;
}

const remoteFor = (code: string, token: string) => api(`/api/games/${code}/remote`, { method: "POST", token });

async function makeRemote(code: string, sessionToken: string): Promise<Made> {
  const res = await remoteFor(code, sessionToken);
  expect(res.status).toBe(201);
  return res.json<Made>();
}

const claim = (code: string, remote: string, phone?: string) =>
  api(`/api/games/${code}/remote/claim`, { method: "POST", token: phone, json: { token: remote } });

const remotePath = (code: string, remote: string) => `/ws/${code}/host?remote=${encodeURIComponent(remote)}`;

const upgrade = (code: string, remote: string, phone?: string) =>
  api(remotePath(code, remote), {
    headers: { Upgrade: "websocket", ...(phone ? { authorization: `Bearer ${phone}` } : {}) },
  });

const openRemote = (code: string, remote: string, phone: string) =>
  Client.open(remotePath(code, remote), { headers: { authorization: `Bearer ${phone}` } });

async function errorOf(res: Response) {
  return (await res.json<{ error: { code: string; message: string } }>()).error;
}

describe("POST /api/games/:code/remote", () => {
  it("a code claimed by a phone of the same teacher drives the game as that host", async () => {
    const { teacher, game } = await liveGame();
    // A 12-hour session (the default): the code has its own two hours.
    const maker = (await signSession(env.JWT_SECRET, teacher.id, "teacher", 12 * 3600)).token;
    const made = await makeRemote(game.code, maker);
    expect(made.expiresIn).toBeGreaterThan(REMOTE_TOKEN_TTL_SECONDS - 5);
    expect(made.expiresIn).toBeLessThanOrEqual(REMOTE_TOKEN_TTL_SECONDS);
    expect(made.claimWithin).toBe(600);
    expect(made.url).toBe(`/host/${game.code}/remote#t=${made.token}`);
    const phone = await phoneOf(teacher.id);
    expect((await claim(game.code, made.token, phone)).status).toBe(200);
    const remote = await openRemote(game.code, made.token, phone);
    expect((await remote.next("welcome")).role).toBe("host");
    const seat = await join(game.code, "Ada");
    const player = await Client.player(seat);
    await player.next("welcome");
    remote.send({ type: "start" });
    expect((await player.next("question")).question.index).toBe(0);
  });

  it("the code lives no longer than the session that showed it", async () => {
    const { teacher, game } = await liveGame();
    // A session with 100 s left: the code has 100 s, not two hours.
    const short = (await signSession(env.JWT_SECRET, teacher.id, "teacher", 100)).token;
    const made = await makeRemote(game.code, short);
    expect(made.expiresIn).toBeLessThanOrEqual(100);
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
});

describe("claiming a remote code", () => {
  it("a logged-out browser is told to sign in as the game's teacher; another account is refused", async () => {
    const { teacher, game } = await liveGame();
    const made = await makeRemote(game.code, teacher.token);
    const out = await claim(game.code, made.token);
    expect(out.status).toBe(401);
    expect((await errorOf(out)).message).toBe("sign in as the game's teacher to use this remote");
    const other = await claim(game.code, made.token, (await makeUser("teacher")).token);
    expect(other.status).toBe(403);
    // Neither used it up: the teacher's phone still claims it.
    expect((await claim(game.code, made.token, await phoneOf(teacher.id))).status).toBe(200);
  });

  it("is one-time: a second phone is refused (409), the first may open it again", async () => {
    const { teacher, game } = await liveGame();
    const made = await makeRemote(game.code, teacher.token);
    const first = await phoneOf(teacher.id);
    const second = await phoneOf(teacher.id);
    expect((await claim(game.code, made.token, first)).status).toBe(200);
    const again = await claim(game.code, made.token, second);
    expect(again.status).toBe(409);
    expect((await errorOf(again)).message).toMatch(/another device/);
    // The second phone cannot connect with it either; the first can, and reloads fine.
    expect((await upgrade(game.code, made.token, second)).status).toBe(401);
    expect((await claim(game.code, made.token, first)).status).toBe(200);
    const ws = await openRemote(game.code, made.token, first);
    expect((await ws.next("welcome")).role).toBe("host");
    ws.close();
  });

  it("two phones at once: exactly one claims it", async () => {
    const { teacher, game } = await liveGame();
    const made = await makeRemote(game.code, teacher.token);
    const phones = await Promise.all([1, 2, 3, 4].map(() => phoneOf(teacher.id)));
    const statuses = await Promise.all(phones.map(async (p) => (await claim(game.code, made.token, p)).status));
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(3);
  });

  it("a code nobody claimed within 10 minutes is refused (410)", async () => {
    const { teacher, game } = await liveGame();
    const made = await makeRemote(game.code, teacher.token);
    // Shown eleven minutes ago, and left on the screen.
    await env.DB.prepare("UPDATE remote_claims SET created_at = created_at - 660000 WHERE code = ?")
      .bind(game.code)
      .run();
    const late = await claim(game.code, made.token, await phoneOf(teacher.id));
    expect(late.status).toBe(410);
    expect((await errorOf(late)).code).toBe("gone");
  });

  it("a code nobody has claimed opens no socket, even for the teacher", async () => {
    const { teacher, game } = await liveGame();
    const made = await makeRemote(game.code, teacher.token);
    const res = await upgrade(game.code, made.token, await phoneOf(teacher.id));
    expect(res.status).toBe(401);
    expect((await upgrade(game.code, made.token)).status).toBe(401);
  });

  it("the socket refuses a code of another game, a forged one and a session token in its place", async () => {
    const a = await liveGame();
    const b = await liveGame();
    const made = await makeRemote(a.game.code, a.teacher.token);
    const phone = await phoneOf(a.teacher.id);
    expect((await claim(a.game.code, made.token, phone)).status).toBe(200);
    expect((await upgrade(b.game.code, made.token, phone)).status).toBe(401);
    expect((await upgrade(a.game.code, `${made.token}x`, phone)).status).toBe(401);
    expect((await upgrade(a.game.code, a.teacher.token, phone)).status).toBe(401);
    expect((await claim(b.game.code, made.token, phone)).status).toBe(410);
  });
});

describe("a remote ends with the session that showed its code", () => {
  it("a code from before a password change is refused, and its open socket closes (4005)", async () => {
    const { teacher, game } = await realTeacherGame();
    const made = await makeRemote(game.code, teacher.token);
    const phone = (await login(teacher.user.email, teacher.password)).token;
    expect((await claim(game.code, made.token, phone)).status).toBe(200);
    const ws = await openRemote(game.code, made.token, phone);
    await ws.next("welcome");

    const changed = await api("/api/auth/password", {
      method: "POST",
      token: teacher.token,
      json: { currentPassword: teacher.password, newPassword: "a new password 2" },
    });
    expect(changed.status).toBe(200);
    expect((await ws.waitClosed()).code).toBe(CLOSE_CODES.sessionEnded);

    // Signed in afresh with the new password, the phone still cannot use the old code.
    const fresh = (await login(teacher.user.email, "a new password 2")).token;
    expect((await claim(game.code, made.token, fresh)).status).toBe(410);
    const res = await upgrade(game.code, made.token, fresh);
    expect(res.status).toBe(401);
    // Nobody got in to kick a player with it either: a player who joins keeps the seat.
    const seat = await join(game.code, "Ada");
    const player = await Client.player(seat);
    await player.next("welcome");
    expect(player.closed).toBeNull();
  });

  it("logout of the session that showed it refuses the code and closes its socket, though the phone is signed in", async () => {
    const { teacher, game } = await realTeacherGame();
    const made = await makeRemote(game.code, teacher.token);
    const phone = (await login(teacher.user.email, teacher.password)).token;
    expect((await claim(game.code, made.token, phone)).status).toBe(200);
    const ws = await openRemote(game.code, made.token, phone);
    await ws.next("welcome");

    expect((await api("/api/auth/logout", { method: "POST", token: teacher.token })).status).toBe(204);
    expect((await ws.waitClosed()).code).toBe(CLOSE_CODES.sessionEnded);
    expect((await api("/api/auth/me", { token: phone })).status).toBe(200);
    expect((await upgrade(game.code, made.token, phone)).status).toBe(401);
    expect((await claim(game.code, made.token, phone)).status).toBe(410);
  });

  it("an admin disabling the teacher closes the remote socket", async () => {
    const { teacher, game } = await realTeacherGame();
    const made = await makeRemote(game.code, teacher.token);
    const phone = (await login(teacher.user.email, teacher.password)).token;
    expect((await claim(game.code, made.token, phone)).status).toBe(200);
    const ws = await openRemote(game.code, made.token, phone);
    await ws.next("welcome");
    const admin = await makeUser("admin");
    const res = await api(`/api/admin/users/${teacher.user.id}`, {
      method: "PATCH",
      token: admin.token,
      json: { disabled: true },
    });
    expect(res.status).toBe(200);
    expect((await ws.waitClosed()).code).toBe(CLOSE_CODES.sessionEnded);
  });

  it("the room holds the remote socket under the showing session's jti and the code's expiry", async () => {
    const { teacher, game } = await liveGame();
    const maker = await signSession(env.JWT_SECRET, teacher.id, "teacher", 3000);
    const made = await makeRemote(game.code, maker.token);
    const phone = await phoneOf(teacher.id);
    expect((await claim(game.code, made.token, phone)).status).toBe(200);
    const ws = await openRemote(game.code, made.token, phone);
    await ws.next("welcome");
    const atts = await runInDurableObject(roomOf(game.code), (_room, state) =>
      state.getWebSockets("host").map((s) => s.deserializeAttachment() as GameAttachment),
    );
    // The earliest of the code's two hours, the maker's 3000 s and the phone's hour: the maker's.
    expect(atts).toEqual([
      { role: "host", id: teacher.id, jti: maker.claims.jti, exp: maker.claims.exp, userRole: "teacher" },
    ]);
    ws.close();
  });

  it("a remote socket whose code lapsed is closed at its next frame (4005)", async () => {
    const { teacher, game } = await liveGame();
    // The showing session has two seconds left, and so has the code.
    const maker = await signSession(env.JWT_SECRET, teacher.id, "teacher", 2);
    const made = await makeRemote(game.code, maker.token);
    const phone = await phoneOf(teacher.id);
    expect((await claim(game.code, made.token, phone)).status).toBe(200);
    const ws = await openRemote(game.code, made.token, phone);
    await ws.next("welcome");
    await new Promise((r) => setTimeout(r, (maker.claims.exp + 0.2) * 1000 - Date.now()));
    ws.send({ type: "lock", locked: true });
    expect((await ws.waitClosed()).code).toBe(CLOSE_CODES.sessionEnded);
    // Not heard: the lobby is still open.
    expect((await join(game.code, "Bo")).nickname).toBe("Bo");
  });
});
