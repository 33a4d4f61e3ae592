// School sign-in end to end against a real OpenID provider (oidc-provider on 127.0.0.1, started by
// test/school-idp.global.ts): accounts made and linked, domain rules, and every refusal with its
// reason on the redirect and in the event log.
import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import { signInDomains } from "../schema/db.ts";
import { api, createAdmin, freshIp, jsonInit, registerStudent, type ErrorBody } from "./helpers/api.ts";
import { db } from "./helpers/fixtures.ts";
import { callback, refusalOf, throughProvider } from "./helpers/school-idp.ts";
import { eventually } from "./helpers/wait.ts";
import { SCHOOL_ISSUER } from "./school-idp.config.ts";

let n = 0;
const address = (local: string, domain: string) => `${local}.${++n}.${crypto.randomUUID().slice(0, 6)}@${domain}`;

async function rule(domain: string, role: "teacher" | "student", passwordSignIn = true) {
  await db().insert(signInDomains).values({ domain, role, passwordSignIn, createdBy: "test", createdAt: Date.now() });
}

async function me(attempt: Awaited<ReturnType<typeof throughProvider>>) {
  const session = attempt.app.get("qq_session");
  expect(session, "a session cookie").toBeTruthy();
  const res = await api("/api/auth/me", { headers: { authorization: `Bearer ${session}` } });
  expect(res.status).toBe(200);
  return ((await res.json()) as { user: { id: string; email: string; role: string; name: string } }).user;
}

async function refusalEvent(reason: string, since: number) {
  return eventually(async () => {
    const row = await env.DB.prepare(
      "SELECT payload FROM events WHERE type = 'auth.oidc_refused' AND ts >= ? AND json_extract(payload, '$.reason') = ?",
    )
      .bind(since, reason)
      .first<{ payload: string }>();
    return row ? (JSON.parse(row.payload) as Record<string, unknown>) : null;
  });
}

beforeEach(async () => {
  await db().delete(signInDomains);
});

describe("providers", () => {
  it("lists only providers that have their secret", async () => {
    const res = await api("/api/auth/providers");
    expect(await res.json()).toEqual({
      providers: [
        { id: "school", label: "School account" },
        { id: "down", label: "Down" },
        { id: "plain", label: "Plain" },
      ],
    });
  });

  it("starts the code flow with PKCE, state and nonce, and keeps them in a signed cookie", async () => {
    const res = await api("/api/auth/oidc/school/start", { redirect: "manual" });
    expect(res.status).toBe(302);
    const to = new URL(res.headers.get("location")!);
    expect(to.origin).toBe(SCHOOL_ISSUER);
    expect(to.searchParams.get("code_challenge_method")).toBe("S256");
    expect(to.searchParams.get("redirect_uri")).toBe("http://qq.test/api/auth/oidc/school/callback");
    for (const p of ["code_challenge", "state", "nonce"]) expect(to.searchParams.get(p)?.length).toBeGreaterThan(20);
    expect(res.headers.get("set-cookie")).toMatch(/qq_oidc=.+HttpOnly/i);
  });
});

describe("accounts", () => {
  it("makes a new verified user a student by default and signs them in", async () => {
    const email = address("ann", "anywhere.test");
    const attempt = await throughProvider({ email });
    const res = await callback(attempt);
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe("/login?signin=done");
    const user = await me(attempt);
    expect(user).toMatchObject({ email, role: "student" });
  });

  it("makes a teacher where the admin's domain rule says so, and lands on ?next", async () => {
    await rule("school.test", "teacher");
    const attempt = await throughProvider({ email: address("tess", "school.test") }, { next: "/quizzes" });
    const res = await callback(attempt);
    expect(res.headers.get("location")).toBe("/quizzes");
    expect((await me(attempt)).role).toBe("teacher");
  });

  it("never lands on another site through ?next", async () => {
    const attempt = await throughProvider({ email: address("ned", "anywhere.test") }, { next: "//evil.test/x" });
    expect((await callback(attempt)).headers.get("location")).toBe("/login?signin=done");
  });

  it("links to the existing account with the same verified email, which keeps its role", async () => {
    await rule("example.test", "teacher");
    const student = await registerStudent();
    const attempt = await throughProvider({ email: student.user.email });
    await callback(attempt);
    const user = await me(attempt);
    expect(user.id).toBe(student.user.id);
    expect(user.role).toBe("student");
  });
});

describe("refusals", () => {
  it("wrong domain: not on the allow-list", async () => {
    await rule("school.test", "student");
    const since = Date.now();
    const attempt = await throughProvider({ email: address("sam", "gmail.test") });
    const res = await callback(attempt);
    expect(refusalOf(res)).toBe("wrong_domain");
    expect(attempt.app.get("qq_session")).toBeUndefined();
    expect(await refusalEvent("wrong_domain", since)).toMatchObject({ provider: "school", emailDomain: "gmail.test" });
  });

  it("unverified email", async () => {
    const since = Date.now();
    const attempt = await throughProvider({ email: address("unverified", "school.test") });
    const res = await callback(attempt);
    expect(refusalOf(res)).toBe("unverified_email");
    expect(attempt.app.get("qq_session")).toBeUndefined();
    await refusalEvent("unverified_email", since);
  });

  it("an unverified email never links to an existing account", async () => {
    const student = await registerStudent({ email: address("unverified", "example.test") });
    const attempt = await throughProvider({ email: student.user.email });
    expect(refusalOf(await callback(attempt))).toBe("unverified_email");
  });

  it("provider error: the user cancels at the provider", async () => {
    const since = Date.now();
    const attempt = await throughProvider("cancel");
    const res = await callback(attempt);
    expect(refusalOf(res)).toBe("provider_error");
    expect(await refusalEvent("provider_error", since)).toMatchObject({ error: "access_denied" });
  });

  it("state mismatch: the callback comes without the flow cookie (another browser)", async () => {
    const since = Date.now();
    const attempt = await throughProvider({ email: address("eve", "anywhere.test") });
    const res = await callback(attempt, "");
    expect(refusalOf(res)).toBe("state_mismatch");
    expect(await refusalEvent("state_mismatch", since)).toMatchObject({ stage: "state" });
  });

  it("state mismatch: the callback comes with another sign-in's cookie", async () => {
    const mine = await throughProvider({ email: address("eve", "anywhere.test") });
    const theirs = await throughProvider({ email: address("bob", "anywhere.test") });
    const res = await callback(mine, theirs.app.header());
    expect(refusalOf(res)).toBe("state_mismatch");
    expect(mine.app.get("qq_session")).toBeUndefined();
  });

  it("state mismatch: a flow cookie is used once", async () => {
    const attempt = await throughProvider({ email: address("amy", "anywhere.test") });
    const cookie = attempt.app.header();
    expect((await callback(attempt, cookie)).headers.get("location")).toBe("/login?signin=done");
    // Replaying the same callback with the old cookie: the code is spent, and the provider refuses it.
    expect(refusalOf(await callback(attempt, cookie))).toBe("provider_error");
  });

  it("nonce mismatch: an ID token minted for another nonce", async () => {
    const since = Date.now();
    const attempt = await throughProvider(
      { email: address("mal", "anywhere.test") },
      { tamper: (u) => u.searchParams.set("nonce", "a-nonce-this-browser-never-made-0123456789") },
    );
    const res = await callback(attempt);
    expect(refusalOf(res)).toBe("state_mismatch");
    expect(await refusalEvent("state_mismatch", since)).toMatchObject({ stage: "nonce" });
  });

  it("a disabled account is refused", async () => {
    const student = await registerStudent();
    await env.DB.prepare("UPDATE users SET disabled = 1 WHERE id = ?").bind(student.user.id).run();
    const attempt = await throughProvider({ email: student.user.email });
    expect(refusalOf(await callback(attempt))).toBe("account_disabled");
  });

  it("provider error: discovery fails", async () => {
    const since = Date.now();
    const res = await api("/api/auth/oidc/down/start", { redirect: "manual" });
    expect(refusalOf(res)).toBe("provider_error");
    expect(res.headers.get("set-cookie") ?? "").not.toMatch(/qq_oidc=/);
    expect(await refusalEvent("provider_error", since)).toMatchObject({ provider: "down", stage: "discovery" });
  });

  it("provider error: a plain-http issuer that is not loopback is never contacted", async () => {
    const since = Date.now();
    const res = await api("/api/auth/oidc/plain/start", { redirect: "manual" });
    expect(refusalOf(res)).toBe("provider_error");
    const event = await refusalEvent("provider_error", since);
    expect(event).toMatchObject({ provider: "plain", stage: "discovery" });
    expect(String(event.description)).toMatch(/https/i);
  });

  it("an unknown or secret-less provider is refused", async () => {
    const res = await api("/api/auth/oidc/nosecret/start", { redirect: "manual" });
    expect(refusalOf(res)).toBe("unknown_provider");
    const bad = await api("/api/auth/oidc/NOT..valid/start", { redirect: "manual" });
    expect(bad.status).toBe(400);
  });
});

describe("password sign-in per domain", () => {
  it("refuses password login and sign-up for a domain that signs in through its provider", async () => {
    const student = await registerStudent({ email: address("pat", "closed.test") });
    await rule("closed.test", "student", false);
    const login = await api(
      "/api/auth/login",
      jsonInit("POST", { email: student.user.email, password: student.password }, undefined, {
        "cf-connecting-ip": freshIp(),
      }),
    );
    expect(login.status).toBe(403);
    const refused = ((await login.json()) as ErrorBody).error;
    expect(refused.message).toMatch(/identity provider/);
    expect(refused.code).toBe("password_signin_off");
    const register = await api(
      "/api/auth/register",
      jsonInit(
        "POST",
        { email: address("new", "closed.test"), password: "long enough pw", name: "N", role: "student" },
        undefined,
        {
          "cf-connecting-ip": freshIp(),
        },
      ),
    );
    expect(register.status).toBe(403);
    // The provider still signs them in, to the same account.
    const attempt = await throughProvider({ email: student.user.email });
    await callback(attempt);
    expect((await me(attempt)).id).toBe(student.user.id);
  });
});

describe("admin console API", () => {
  it("lists providers with their redirect path, adds, replaces and removes domain rules", async () => {
    const admin = await createAdmin();
    const auth = { authorization: `Bearer ${admin.token}` };
    const list = await api("/api/admin/sign-in", { headers: auth });
    expect(await list.json()).toEqual({
      providers: [
        {
          id: "school",
          label: "School account",
          issuer: SCHOOL_ISSUER,
          redirectPath: "/api/auth/oidc/school/callback",
        },
        { id: "down", label: "Down", issuer: "http://127.0.0.1:5494", redirectPath: "/api/auth/oidc/down/callback" },
        {
          id: "plain",
          label: "Plain",
          issuer: "http://idp.school.test",
          redirectPath: "/api/auth/oidc/plain/callback",
        },
      ],
      rules: [],
    });
    const put = await api(
      "/api/admin/sign-in/domains",
      jsonInit("PUT", { domain: " School.Test ", role: "teacher", passwordSignIn: false }, admin.token),
    );
    expect(put.status).toBe(200);
    expect(((await put.json()) as { rules: unknown[] }).rules).toMatchObject([
      { domain: "school.test", role: "teacher", passwordSignIn: false },
    ]);
    const replace = await api(
      "/api/admin/sign-in/domains",
      jsonInit("PUT", { domain: "school.test", role: "student", passwordSignIn: true }, admin.token),
    );
    expect(((await replace.json()) as { rules: unknown[] }).rules).toMatchObject([
      { domain: "school.test", role: "student" },
    ]);
    const bad = await api(
      "/api/admin/sign-in/domains",
      jsonInit("PUT", { domain: "not a domain", role: "admin", passwordSignIn: true }, admin.token),
    );
    expect(bad.status).toBe(400);
    const del = await api("/api/admin/sign-in/domains/school.test", { method: "DELETE", headers: auth });
    expect(((await del.json()) as { rules: unknown[] }).rules).toEqual([]);
    const again = await api("/api/admin/sign-in/domains/school.test", { method: "DELETE", headers: auth });
    expect(again.status).toBe(404);
  });

  it("is for admins only", async () => {
    const student = await registerStudent();
    const res = await api("/api/admin/sign-in", { headers: { authorization: `Bearer ${student.token}` } });
    expect(res.status).toBe(403);
    const put = await api(
      "/api/admin/sign-in/domains",
      jsonInit("PUT", { domain: "school.test", role: "teacher", passwordSignIn: true }, student.token),
    );
    expect(put.status).toBe(403);
  });
});
