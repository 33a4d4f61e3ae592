// Issue #12 items 5 and 8: the host socket is no code oracle (its refusals are rate-limited per
// address and per account), and it lives no longer than the session it was opened with.
import { runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { CLOSE_CODES } from "../schema/constants.ts";
import type { GameAttachment } from "../rooms/live/delivery.ts";
import { api, createQuiz, login, registerTeacher, sampleQuiz, type TestAccount } from "./helpers/api.ts";
import { makeUser } from "./helpers/fixtures.ts";
import { Client, host, roomOf } from "./helpers/room-client.ts";
import { AssignmentSocket, assign, assignmentOf } from "./helpers/assignment-client.ts";

const upgrade = (path: string, token: string, ip: string) =>
  api(`${path}?token=${encodeURIComponent(token)}`, { headers: { Upgrade: "websocket", "CF-Connecting-IP": ip } });

describe("the host socket is not a code oracle", () => {
  it("400 probes from one address: 429s after the budget; the game's host still connects from there", async () => {
    const owner = await registerTeacher();
    const quiz = await createQuiz(owner.token, sampleQuiz());
    const game = await host(owner.token, quiz.id);
    const prober = await makeUser("teacher");
    const ip = "198.51.100.23";
    const statuses: number[] = [];
    for (let i = 0; i < 400; i++) {
      const code = i % 2 ? game.code : `ZZZZZ${"23456789ABCDEFGHJKMNPQRSTUVWXYZ"[i % 31]}`;
      const res = await upgrade(`/ws/${code}/host`, prober.token, ip);
      statuses.push(res.status);
      if (res.status === 429) expect(await res.json()).toMatchObject({ error: { code: "rate_limited" } });
    }
    const first429 = statuses.indexOf(429);
    console.log(
      `host-socket: first 429 after ${first429} refusals; ${statuses.filter((s) => s !== 429).length}/400 answered`,
    );
    // HOST_LIMITER: 20 refusals a minute; windows align to the clock, so at most twice that before the first 429.
    expect(first429).toBeGreaterThanOrEqual(20);
    expect(first429).toBeLessThanOrEqual(40);
    expect(statuses.slice(0, first429).every((s) => s === 403 || s === 404)).toBe(true);
    // However long the 400 probes took, most were told nothing.
    expect(statuses.filter((s) => s !== 429).length).toBeLessThanOrEqual(100);

    // The legitimate host, behind the same address, is not refused: a connection uses no budget.
    const res = await upgrade(game.hostWsUrl, owner.token, ip);
    expect(res.status).toBe(101);
    res.webSocket?.accept();
    res.webSocket?.close(1000, "bye");
    // The prober's account is spent too: another address does not buy it fresh refusals.
    expect((await upgrade(`/ws/${game.code}/host`, prober.token, "198.51.100.24")).status).toBe(429);
  });
});

describe("a host socket lives no longer than its session", () => {
  it("logout closes the host socket opened with that session (4005) and the old token is refused (401)", async () => {
    const teacher = await registerTeacher();
    const quiz = await createQuiz(teacher.token, sampleQuiz());
    const game = await host(teacher.token, quiz.id);
    // A second session of the same teacher (another device) keeps its socket.
    const other = await login(teacher.user.email, teacher.password);
    const h = await Client.host(game, teacher.token);
    await h.next("welcome");
    const h2 = await Client.host(game, other.token);
    await h2.next("welcome");

    const out = await api("/api/auth/logout", { method: "POST", token: teacher.token });
    expect(out.status).toBe(204);
    const closed = await h.waitClosed();
    expect(closed.code).toBe(CLOSE_CODES.sessionEnded);
    // The other session's socket is still heard (a bad frame gets its error back).
    h2.send({ type: "no-such-command" });
    expect((await h2.next("error")).type).toBe("error");
    expect(h2.closed).toBeNull();

    const again = await api(`${game.hostWsUrl}?token=${encodeURIComponent(teacher.token)}`, {
      headers: { Upgrade: "websocket" },
    });
    expect(again.status).toBe(401);
    expect(await again.json()).toMatchObject({ error: { code: "unauthorized" } });
    h2.close();
  });

  it("an admin disabling a teacher closes every host socket of theirs (4005); their next request is 401", async () => {
    const teacher = await registerTeacher();
    const quiz = await createQuiz(teacher.token, sampleQuiz());
    const game = await host(teacher.token, quiz.id);
    const other = await login(teacher.user.email, teacher.password);
    const h = await Client.host(game, teacher.token);
    await h.next("welcome");
    const h2 = await Client.host(game, other.token);
    await h2.next("welcome");
    const admin = await makeUser("admin");

    const res = await api(`/api/admin/users/${teacher.user.id}`, {
      method: "PATCH",
      token: admin.token,
      json: { disabled: true },
    });
    expect(res.status).toBe(200);
    // Both sessions' sockets: disabling ends the account, not one session.
    expect((await h.waitClosed()).code).toBe(CLOSE_CODES.sessionEnded);
    expect((await h2.waitClosed()).code).toBe(CLOSE_CODES.sessionEnded);

    expect((await api("/api/auth/me", { token: teacher.token })).status).toBe(401);
    const again = await api(`${game.hostWsUrl}?token=${encodeURIComponent(other.token)}`, {
      headers: { Upgrade: "websocket" },
    });
    expect(again.status).toBe(401);
  });

  it("a host frame from a socket whose session expired is not heard: the socket is closed (4005)", async () => {
    const teacher = await registerTeacher();
    const quiz = await createQuiz(teacher.token, sampleQuiz());
    const game = await host(teacher.token, quiz.id);
    const h = await Client.host(game, teacher.token);
    await h.next("welcome");
    // Age the socket's session as if its 12 hours had passed.
    await runInDurableObject(roomOf(game.code), (_room, state) => {
      for (const ws of state.getWebSockets("host")) {
        const att = ws.deserializeAttachment() as GameAttachment;
        expect(att.exp).toBeGreaterThan(Date.now() / 1000);
        ws.serializeAttachment({ ...att, exp: Math.floor(Date.now() / 1000) - 1 });
      }
    });
    h.send({ type: "start" });
    expect((await h.waitClosed()).code).toBe(CLOSE_CODES.sessionEnded);
    expect(h.all("question")).toEqual([]);
    const info = await (await api(`/api/rooms/${game.code}`)).json();
    expect(info).toMatchObject({ phase: "lobby" });
  });
});

/** The session id (jti) a session token carries. */
const jtiOf = (token: string): string =>
  JSON.parse(atob(token.split(".")[1].replace(/-/g, "+").replace(/_/g, "/"))).jti;

/** A teacher's live game and homework, each followed from two sessions (two devices). */
async function followedTwice(teacher: TestAccount) {
  const quiz = await createQuiz(teacher.token, sampleQuiz());
  const game = await host(teacher.token, quiz.id);
  const homework = await assign(teacher.token, quiz.id);
  const other = await login(teacher.user.email, teacher.password);
  const live = [await Client.host(game, teacher.token), await Client.host(game, other.token)];
  for (const h of live) await h.next("welcome");
  const progress = [
    await AssignmentSocket.teacher(homework.code, teacher.token),
    await AssignmentSocket.teacher(homework.code, other.token),
  ];
  for (const p of progress) await p.next("progress");
  return { game, homework, other, live, progress };
}

describe("a session that ends closes the host sockets it opened, in live games and homework alike", () => {
  it("logout closes that session's live host socket and homework progress socket (4005); the other session's stay", async () => {
    const teacher = await registerTeacher();
    const { live, progress } = await followedTwice(teacher);
    expect((await api("/api/auth/logout", { method: "POST", token: teacher.token })).status).toBe(204);
    expect((await live[0].waitClosed()).code).toBe(CLOSE_CODES.sessionEnded);
    expect((await progress[0].waitClosed()).code).toBe(CLOSE_CODES.sessionEnded);
    // The other session's sockets are still heard.
    live[1].send({ type: "no-such-command" });
    expect((await live[1].next("error")).type).toBe("error");
    progress[1].send({ type: "play" });
    expect((await progress[1].next("error")).code).toBe("forbidden");
    expect(live[1].closed).toBeNull();
    expect(progress[1].closed).toBeNull();
    live[1].close();
    progress[1].close();
  });

  it("an admin disabling a teacher closes every session's live and homework sockets (4005)", async () => {
    const teacher = await registerTeacher();
    const { live, progress } = await followedTwice(teacher);
    const admin = await makeUser("admin");
    const res = await api(`/api/admin/users/${teacher.user.id}`, {
      method: "PATCH",
      token: admin.token,
      json: { disabled: true },
    });
    expect(res.status).toBe(200);
    for (const ws of [...live, ...progress]) expect((await ws.waitClosed()).code).toBe(CLOSE_CODES.sessionEnded);
  });

  it("a password change closes every other session's host sockets; the session it hands out connects and stays", async () => {
    const teacher = await registerTeacher();
    const { game, homework, other, live, progress } = await followedTwice(teacher);
    const res = await api("/api/auth/password", {
      method: "POST",
      token: other.token,
      json: { currentPassword: teacher.password, newPassword: "a brand new password 2" },
    });
    expect(res.status).toBe(200);
    const fresh = (await res.json()) as { token: string };
    // Both sessions from before the change end: the one that asked for it as well (it gets a new one).
    for (const ws of [...live, ...progress]) expect((await ws.waitClosed()).code).toBe(CLOSE_CODES.sessionEnded);
    expect((await api("/api/auth/me", { token: teacher.token })).status).toBe(401);

    const h = await Client.host(game, fresh.token);
    await h.next("welcome");
    const p = await AssignmentSocket.teacher(homework.code, fresh.token);
    await p.next("progress");
    // Ending every session but the new one leaves the new one's sockets open; ending it closes them.
    const userId = teacher.user.id;
    const jti = jtiOf(fresh.token);
    expect(await roomOf(game.code).closeHostSessions(userId, undefined, jti)).toBe(0);
    expect(await assignmentOf(homework.code).closeHostSessions(userId, undefined, jti)).toBe(0);
    h.send({ type: "no-such-command" });
    expect((await h.next("error")).type).toBe("error");
    expect(h.closed).toBeNull();
    expect(p.closed).toBeNull();
    expect(await assignmentOf(homework.code).closeHostSessions(userId, jti)).toBe(1);
    expect((await p.waitClosed()).code).toBe(CLOSE_CODES.sessionEnded);
    h.close();
  });

  it("a homework progress socket whose session expired is closed instead of being sent progress (4005)", async () => {
    const teacher = await registerTeacher();
    const quiz = await createQuiz(teacher.token, sampleQuiz());
    const homework = await assign(teacher.token, quiz.id);
    const p = await AssignmentSocket.teacher(homework.code, teacher.token);
    await p.next("progress");
    await runInDurableObject(assignmentOf(homework.code), (_o, state) => {
      for (const ws of state.getWebSockets("host")) {
        const att = ws.deserializeAttachment() as { exp?: number; jti?: string };
        expect(att.jti).toBe(jtiOf(teacher.token));
        ws.serializeAttachment({ ...att, exp: Math.floor(Date.now() / 1000) - 1 });
      }
    });
    // A student's start changes the progress: the teacher's socket is closed, not sent it.
    const started = await api(`/api/assignments/${homework.code}/start`, { method: "POST", json: { nickname: "Ann" } });
    expect(started.status).toBe(201);
    expect((await p.waitClosed()).code).toBe(CLOSE_CODES.sessionEnded);
    expect(p.all("progress")).toHaveLength(1);
  });
});
