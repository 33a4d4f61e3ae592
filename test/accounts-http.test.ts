// A user's own account (name, password), admin-issued reset links, and what disabling and role
// changes do to sessions: all through the real Worker and D1.
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { RESET_LINK_TTL_MS, type ResetLink } from "../schema/accounts.ts";
import type { SessionResponse } from "../schema/auth.ts";
import type { LogPage } from "../schema/events.ts";
import {
  api,
  authHeaders,
  createAdmin,
  freshIp,
  jsonInit,
  login,
  registerStudent,
  registerTeacher,
  type ErrorBody,
} from "./helpers/api.ts";
import { eventually } from "./helpers/wait.ts";

const me = (token: string) => api("/api/auth/me", { headers: authHeaders(token) });
const errorOf = async (res: Response) => ((await res.json()) as ErrorBody).error;
const withIp = (init: RequestInit, ip = freshIp()): RequestInit => ({
  ...init,
  headers: { ...(init.headers as Record<string, string>), "cf-connecting-ip": ip },
});

async function eventsOf(adminToken: string, type: string) {
  const res = await api(`/api/logs?type=${type}&limit=200`, { headers: authHeaders(adminToken) });
  return ((await res.json()) as LogPage).items;
}

const tokenOf = (link: ResetLink) => link.url.slice(link.url.indexOf("#") + 1);

async function issue(adminToken: string, userId: string): Promise<ResetLink> {
  const res = await api(`/api/admin/users/${userId}/reset-link`, { method: "POST", headers: authHeaders(adminToken) });
  expect(res.status, await res.clone().text()).toBe(201);
  return res.json();
}

const reset = (token: string, password: string) =>
  api("/api/auth/reset", withIp(jsonInit("POST", { token, password })));

describe("own display name", () => {
  it("changes the name, trimmed, and /me says so; an empty or too long name is a 400 that changes nothing", async () => {
    const t = await registerTeacher({ name: "Old Name" });
    const res = await api("/api/auth/me", jsonInit("PATCH", { name: "  New Name " }, t.token));
    expect(res.status).toBe(200);
    expect(((await res.json()) as { user: { name: string } }).user.name).toBe("New Name");
    expect(((await (await me(t.token)).json()) as { user: { name: string } }).user.name).toBe("New Name");
    for (const body of [{ name: "   " }, { name: "x".repeat(61) }, {}, { name: "A", role: "admin" }]) {
      const bad = await api("/api/auth/me", jsonInit("PATCH", body, t.token));
      expect(bad.status, JSON.stringify(body)).toBe(400);
    }
    const after = (await (await me(t.token)).json()) as { user: { name: string; role: string } };
    expect(after.user).toMatchObject({ name: "New Name", role: "teacher" });
    expect((await api("/api/auth/me", jsonInit("PATCH", { name: "Anon" }))).status).toBe(401);
  });
});

describe("own password", () => {
  it("needs the current password; then the old password and every other session stop working, the new session works", async () => {
    const s = await registerStudent();
    const other = await login(s.user.email, s.password);
    const wrong = await api(
      "/api/auth/password",
      withIp(jsonInit("POST", { currentPassword: "not it", newPassword: "brand new password" }, s.token)),
    );
    expect(wrong.status).toBe(400);
    expect((await errorOf(wrong)).issues).toEqual([
      { path: "currentPassword", message: "the current password is wrong" },
    ]);
    // A refused change changes nothing: both sessions still work.
    expect((await me(s.token)).status).toBe(200);
    expect((await me(other.token)).status).toBe(200);

    const ok = await api(
      "/api/auth/password",
      withIp(jsonInit("POST", { currentPassword: s.password, newPassword: "brand new password" }, s.token)),
    );
    expect(ok.status).toBe(200);
    const fresh = (await ok.json()) as SessionResponse;
    expect(fresh.user.id).toBe(s.user.id);
    expect((await me(fresh.token)).status).toBe(200);
    expect((await me(s.token)).status).toBe(401);
    expect((await me(other.token)).status).toBe(401);
    await expect(login(s.user.email, s.password)).rejects.toThrow(/401/);
    expect((await login(s.user.email, "brand new password")).user.id).toBe(s.user.id);
  });

  it("refuses a new password shorter than 8 characters (400) and is limited per address and account", async () => {
    const t = await registerTeacher();
    const short = await api(
      "/api/auth/password",
      withIp(jsonInit("POST", { currentPassword: t.password, newPassword: "short" }, t.token)),
    );
    expect(short.status).toBe(400);
    expect((await errorOf(short)).issues?.[0].path).toBe("newPassword");
    const ip = freshIp();
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++)
      statuses.push(
        (
          await api(
            "/api/auth/password",
            withIp(jsonInit("POST", { currentPassword: `guess ${i}`, newPassword: "whatever it is" }, t.token), ip),
          )
        ).status,
      );
    expect(statuses.slice(0, 10).every((s) => s === 400)).toBe(true);
    expect(statuses.slice(10)).toEqual([429, 429]);
    // Another address is not locked out.
    expect(
      (
        await api(
          "/api/auth/password",
          withIp(jsonInit("POST", { currentPassword: "nope", newPassword: "whatever it is" }, t.token)),
        )
      ).status,
    ).toBe(400);
  });
});

describe("reset links", () => {
  it("an admin issues a link that sets a new password once, logs the user in, and ends their old sessions", async () => {
    const admin = await createAdmin();
    const t = await registerTeacher();
    const link = await issue(admin.token, t.user.id);
    expect(link.url).toMatch(/^http:\/\/qq\.test\/reset#[A-Za-z0-9_-]{43}$/);
    expect(link.expiresAt).toBeGreaterThan(Date.now() + RESET_LINK_TTL_MS - 60_000);
    // Only the token's hash is kept.
    const stored = await env.DB.prepare("SELECT token_hash FROM password_resets WHERE user_id = ?")
      .bind(t.user.id)
      .all<{ token_hash: string }>();
    expect(stored.results).toHaveLength(1);
    expect(stored.results[0].token_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(stored.results[0].token_hash).not.toContain(tokenOf(link));

    const used = await reset(tokenOf(link), "reset password 1");
    expect(used.status).toBe(200);
    const session = (await used.json()) as SessionResponse;
    expect(session.user.id).toBe(t.user.id);
    expect((await me(session.token)).status).toBe(200);
    expect((await me(t.token)).status).toBe(401);
    expect((await login(t.user.email, "reset password 1")).user.id).toBe(t.user.id);

    // Once only.
    const again = await reset(tokenOf(link), "reset password 2");
    expect(again.status).toBe(400);
    expect((await errorOf(again)).message).toMatch(/not valid/);
    await expect(login(t.user.email, "reset password 2")).rejects.toThrow(/401/);

    // Every step is in the log; the link itself never is.
    const issued = await eventually(async () =>
      (await eventsOf(admin.token, "admin.reset_link")).find((e) => e.payload?.userId === t.user.id),
    );
    expect(issued).toMatchObject({ actorId: admin.user.id, role: "admin" });
    expect(JSON.stringify(issued)).not.toContain(tokenOf(link));
    await eventually(async () =>
      (await eventsOf(admin.token, "auth.password_reset")).find((e) => e.actorId === t.user.id),
    );
    await eventually(async () => ((await eventsOf(admin.token, "auth.password_reset_failed")).length ? true : null));
  });

  it("stops working once expired, once a newer link is issued, and for a disabled account", async () => {
    const admin = await createAdmin();
    const t = await registerTeacher();
    const first = await issue(admin.token, t.user.id);
    const second = await issue(admin.token, t.user.id);
    expect((await reset(tokenOf(first), "first link pw")).status).toBe(400);

    await env.DB.prepare("UPDATE password_resets SET expires_at = ? WHERE user_id = ?")
      .bind(Date.now() - 1, t.user.id)
      .run();
    expect((await reset(tokenOf(second), "second link pw")).status).toBe(400);

    const third = await issue(admin.token, t.user.id);
    expect(
      (await api(`/api/admin/users/${t.user.id}`, jsonInit("PATCH", { disabled: true }, admin.token))).status,
    ).toBe(200);
    expect((await reset(tokenOf(third), "third link pw")).status).toBe(400);
    // Not even issued for a disabled account.
    const refused = await api(`/api/admin/users/${t.user.id}/reset-link`, {
      method: "POST",
      headers: authHeaders(admin.token),
    });
    expect(refused.status).toBe(409);
    // Enabled again, the unused third link still works.
    expect(
      (await api(`/api/admin/users/${t.user.id}`, jsonInit("PATCH", { disabled: false }, admin.token))).status,
    ).toBe(200);
    expect((await reset(tokenOf(third), "third link pw")).status).toBe(200);
  });

  it("refuses malformed tokens and passwords with 400, and only admins issue links", async () => {
    const admin = await createAdmin();
    const t = await registerTeacher();
    const s = await registerStudent();
    for (const body of [
      { token: "short", password: "long enough pw" },
      { token: "a".repeat(43), password: "short" },
      { token: "a".repeat(43) },
      { token: "a".repeat(42) + "!", password: "long enough pw" },
    ]) {
      expect(
        (await reset(body.token, (body as { password?: string }).password as string)).status,
        JSON.stringify(body),
      ).toBe(400);
    }
    expect(
      (await api(`/api/admin/users/${s.user.id}/reset-link`, { method: "POST", headers: authHeaders(t.token) })).status,
    ).toBe(403);
    expect((await api(`/api/admin/users/${s.user.id}/reset-link`, { method: "POST" })).status).toBe(401);
    expect(
      (await api(`/api/admin/users/no-such-user/reset-link`, { method: "POST", headers: authHeaders(admin.token) }))
        .status,
    ).toBe(404);
    // An admin manages others, not themselves.
    expect(
      (await api(`/api/admin/users/${admin.user.id}/reset-link`, { method: "POST", headers: authHeaders(admin.token) }))
        .status,
    ).toBe(409);
  });

  it("is limited per address", async () => {
    const ip = freshIp();
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) statuses.push((await reset("b".repeat(43), "long enough pw").then((r) => r)).status);
    expect(statuses.every((s) => s === 400)).toBe(true);
    const limited: number[] = [];
    for (let i = 0; i < 12; i++)
      limited.push(
        (
          await api(
            "/api/auth/reset",
            withIp(jsonInit("POST", { token: "c".repeat(43), password: "long enough pw" }), ip),
          )
        ).status,
      );
    expect(limited.slice(0, 10).every((s) => s === 400)).toBe(true);
    expect(limited.slice(10)).toEqual([429, 429]);
  });
});

describe("an admin manages users", () => {
  it("disabling ends the user's sessions at once (bearer and cookie), and enabling does not bring them back", async () => {
    const admin = await createAdmin();
    const t = await registerTeacher();
    const cookie = { cookie: `qq_session=${t.token}` };
    expect((await api("/api/quizzes", { headers: cookie })).status).toBe(200);
    const res = await api(`/api/admin/users/${t.user.id}`, jsonInit("PATCH", { disabled: true }, admin.token));
    expect(res.status).toBe(200);
    expect(((await res.json()) as { user: { disabled: boolean } }).user.disabled).toBe(true);
    expect((await me(t.token)).status).toBe(401);
    expect((await api("/api/quizzes", { headers: cookie })).status).toBe(401);
    // Its own password is told the account is disabled (403), not "wrong password".
    await expect(login(t.user.email, t.password)).rejects.toThrow(/403.*this account is disabled/);

    expect(
      (await api(`/api/admin/users/${t.user.id}`, jsonInit("PATCH", { disabled: false }, admin.token))).status,
    ).toBe(200);
    expect((await me(t.token)).status).toBe(401);
    const back = await login(t.user.email, t.password);
    expect((await me(back.token)).status).toBe(200);
    const logged = await eventually(async () => {
      const items = (await eventsOf(admin.token, "admin.user_update")).filter((e) => e.payload?.userId === t.user.id);
      return items.length === 2 ? items : null;
    });
    expect(logged.map((e) => e.payload?.disabled).sort()).toEqual([false, true]);
  });

  it("a role change takes effect on the next request; the admin cannot change their own account", async () => {
    const admin = await createAdmin();
    const s = await registerStudent();
    expect((await api("/api/games", { headers: authHeaders(s.token) })).status).toBe(403);
    const res = await api(`/api/admin/users/${s.user.id}`, jsonInit("PATCH", { role: "teacher" }, admin.token));
    expect(res.status).toBe(200);
    expect((await api("/api/games", { headers: authHeaders(s.token) })).status).toBe(200);
    const event = await eventually(async () =>
      (await eventsOf(admin.token, "admin.user_update")).find((e) => e.payload?.userId === s.user.id),
    );
    expect(event.payload).toMatchObject({ role: { from: "student", to: "teacher" } });

    for (const body of [{ role: "student" }, { disabled: true }]) {
      expect((await api(`/api/admin/users/${admin.user.id}`, jsonInit("PATCH", body, admin.token))).status).toBe(409);
    }
    expect((await me(admin.token)).status).toBe(200);
    for (const body of [{}, { role: "owner" }, { disabled: "yes" }, { name: "x" }]) {
      expect(
        (await api(`/api/admin/users/${s.user.id}`, jsonInit("PATCH", body, admin.token))).status,
        JSON.stringify(body),
      ).toBe(400);
    }
    expect((await api(`/api/admin/users/${s.user.id}`, jsonInit("PATCH", { role: "admin" }, s.token))).status).toBe(
      403,
    );
  });

  it("lists users newest first, searched by email or name, filtered by role and status, page by page", async () => {
    const admin = await createAdmin();
    const tag = crypto.randomUUID().slice(0, 6);
    const made = [];
    for (let i = 0; i < 5; i++) made.push(await registerStudent({ name: `Pupil ${tag} ${i}` }));
    const teacher = await registerTeacher({ name: `Teach ${tag}` });
    await api(`/api/admin/users/${made[1].user.id}`, jsonInit("PATCH", { disabled: true }, admin.token));
    const get = async (qs: string) => {
      const res = await api(`/api/admin/users?${qs}`, { headers: authHeaders(admin.token) });
      expect(res.status, qs).toBe(200);
      return (await res.json()) as {
        items: { id: string; name: string; role: string; disabled: boolean; createdAt: number }[];
        nextCursor: string | null;
      };
    };
    const listed: { id: string; createdAt: number }[] = [];
    let cursor: string | null = null;
    do {
      const p = await get(`q=${tag}&limit=2${cursor ? `&cursor=${cursor}` : ""}`);
      expect(p.items.length).toBeLessThanOrEqual(2);
      listed.push(...p.items);
      cursor = p.nextCursor;
    } while (cursor);
    // Every match once, newest first (ties by id), across pages.
    expect(listed.map((u) => u.id).sort()).toEqual([teacher.user.id, ...made.map((m) => m.user.id)].sort());
    expect(listed).toEqual([...listed].sort((a, b) => b.createdAt - a.createdAt || (a.id < b.id ? 1 : -1)));
    expect((await get(`q=${tag}&role=teacher`)).items.map((u) => u.id)).toEqual([teacher.user.id]);
    expect((await get(`q=${tag}&status=disabled`)).items.map((u) => u.id)).toEqual([made[1].user.id]);
    expect((await get(`q=${made[2].user.email.toUpperCase()}`)).items.map((u) => u.id)).toEqual([made[2].user.id]);
    for (const qs of ["limit=0", "role=root", "status=gone", "cursor=xyz", "extra=1"]) {
      expect((await api(`/api/admin/users?${qs}`, { headers: authHeaders(admin.token) })).status, qs).toBe(400);
    }
    expect((await api("/api/admin/users", { headers: authHeaders(teacher.token) })).status).toBe(403);
  });
});
