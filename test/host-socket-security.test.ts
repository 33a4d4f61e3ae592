// Issue #12 items 5 and 8: the host socket is no code oracle (its refusals are rate-limited per
// address and per account), and it lives no longer than the session it was opened with.
import { runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { CLOSE_CODES } from "../schema/constants.ts";
import type { GameAttachment } from "../rooms/live/delivery.ts";
import { api, createQuiz, login, registerTeacher, sampleQuiz } from "./helpers/api.ts";
import { makeUser } from "./helpers/fixtures.ts";
import { Client, host, roomOf } from "./helpers/room-client.ts";

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
