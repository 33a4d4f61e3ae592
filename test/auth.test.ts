import { env } from "cloudflare:workers";
import { SignJWT } from "jose";
import { describe, expect, it } from "vitest";
import {
  PBKDF2_ITERATIONS,
  PBKDF2_MAX_ITERATIONS,
  hashPassword,
  parseHash,
  verifyPassword,
} from "../worker/auth/password.ts";
import { signSession } from "../worker/auth/tokens.ts";
import { signPlayer } from "../rooms/kit/player-token.ts";
import {
  api,
  authHeaders,
  createAdmin,
  freshIp,
  jsonInit,
  register,
  registerStudent,
  registerTeacher,
  uniqueEmail,
  type ErrorBody,
} from "./helpers/api.ts";
import { eventually } from "./helpers/wait.ts";

const ip = () => ({ "cf-connecting-ip": freshIp() });

async function me(headers: Record<string, string>) {
  return api("/api/auth/me", { headers });
}

async function errorOf(res: Response): Promise<ErrorBody["error"]> {
  return ((await res.json()) as ErrorBody).error;
}

function sessionCookie(res: Response): string {
  const raw = res.headers.get("set-cookie") ?? "";
  const m = /qq_session=([^;]*)/.exec(raw);
  return m ? m[1] : "";
}

describe("passwords", () => {
  it("stores PBKDF2-SHA256 with the algorithm and an iteration count production accepts", async () => {
    expect(PBKDF2_ITERATIONS).toBeLessThanOrEqual(100_000);
    expect(PBKDF2_MAX_ITERATIONS).toBeLessThanOrEqual(100_000);
    const stored = await hashPassword("s3cret-pass");
    expect(stored).toMatch(/^pbkdf2-sha256\$100000\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
    const parsed = parseHash(stored)!;
    expect(parsed.iterations).toBe(100_000);
    expect(parsed.salt.length).toBe(16);
    expect(parsed.hash.length).toBe(32);
  });

  it("verifies the right password only, with a fresh salt per hash", async () => {
    const a = await hashPassword("same password");
    const b = await hashPassword("same password");
    expect(a).not.toBe(b);
    expect(await verifyPassword("same password", a)).toBe(true);
    expect(await verifyPassword("same password", b)).toBe(true);
    expect(await verifyPassword("same passwore", a)).toBe(false);
    expect(await verifyPassword("", a)).toBe(false);
  });

  it("rejects malformed hashes and counts above the runtime's limit", async () => {
    const stored = await hashPassword("pw-pw-pw-pw");
    const [, , salt, hash] = stored.split("$");
    expect(parseHash(`pbkdf2-sha256$200000$${salt}$${hash}`)).toBeNull();
    expect(parseHash(`bcrypt$100000$${salt}$${hash}`)).toBeNull();
    expect(parseHash("garbage")).toBeNull();
    expect(await verifyPassword("pw-pw-pw-pw", `pbkdf2-sha256$200000$${salt}$${hash}`)).toBe(false);
  });
});

describe("register", () => {
  it("creates a teacher, lower-cases the email, returns a token and sets a secure session cookie", async () => {
    const email = `Mixed.Case-${crypto.randomUUID().slice(0, 6)}@Example.TEST`;
    const res = await api(
      "/api/auth/register",
      jsonInit("POST", { email, password: "long enough pw", name: " Ada ", role: "teacher" }, undefined, ip()),
    );
    expect(res.status).toBe(201);
    const body = (await res.json()) as {
      user: { id: string; email: string; name: string; role: string };
      token: string;
      expiresAt: number;
    };
    expect(body.user).toMatchObject({ email: email.toLowerCase(), name: "Ada", role: "teacher" });
    expect(body.expiresAt).toBeGreaterThan(Date.now());
    expect(body.expiresAt).toBeLessThanOrEqual(Date.now() + Number(env.SESSION_TTL_SECONDS) * 1000 + 1000);

    const cookie = res.headers.get("set-cookie")!;
    expect(cookie).toMatch(/qq_session=/);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/Secure/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    expect(sessionCookie(res)).toBe(body.token);

    const row = await env.DB.prepare("SELECT email, password_hash FROM users WHERE id = ?")
      .bind(body.user.id)
      .first<{ email: string; password_hash: string }>();
    expect(row!.email).toBe(email.toLowerCase());
    expect(row!.password_hash.startsWith("pbkdf2-sha256$100000$")).toBe(true);
    expect(row!.password_hash).not.toContain("long enough pw");
    expect(await verifyPassword("long enough pw", row!.password_hash)).toBe(true);
  });

  it("never makes an admin by self-registration", async () => {
    const email = uniqueEmail("wannabe");
    const res = await api(
      "/api/auth/register",
      jsonInit("POST", { email, password: "long enough pw", name: "Eve", role: "admin" }, undefined, ip()),
    );
    expect(res.status).toBe(400);
    const err = await errorOf(res);
    expect(err.code).toBe("validation_failed");
    expect(err.issues!.map((i) => i.path)).toEqual(["role"]);
    expect(await env.DB.prepare("SELECT 1 FROM users WHERE email = ?").bind(email).first()).toBeNull();
  });

  it("names every bad field and writes nothing", async () => {
    const before = await env.DB.prepare("SELECT count(*) AS n FROM users").first<number>("n");
    const res = await api(
      "/api/auth/register",
      jsonInit("POST", { email: "not-an-email", password: "short", name: "", role: "student" }, undefined, ip()),
    );
    expect(res.status).toBe(400);
    const err = await errorOf(res);
    expect(err.issues!.map((i) => i.path).sort()).toEqual(["email", "name", "password"]);
    expect(err.message).toContain("password");
    expect(await env.DB.prepare("SELECT count(*) AS n FROM users").first<number>("n")).toBe(before);
  });

  it("refuses a second account for the same email, whatever its case (409)", async () => {
    const first = await registerTeacher();
    const res = await api(
      "/api/auth/register",
      jsonInit(
        "POST",
        { email: first.user.email.toUpperCase(), password: "another password", name: "Copy", role: "student" },
        undefined,
        ip(),
      ),
    );
    expect(res.status).toBe(409);
    expect((await errorOf(res)).code).toBe("conflict");
  });

  it("logs auth.register with the role and no password", async () => {
    const acct = await registerStudent();
    const row = await eventually(() =>
      env.DB.prepare("SELECT * FROM events WHERE type = 'auth.register' AND actor_id = ?")
        .bind(acct.user.id)
        .first<Record<string, unknown>>(),
    );
    expect(row).toMatchObject({ actor_type: "user", role: "student" });
    expect(String(row.payload)).not.toContain(acct.password);
  });

  it("says clearly when the body is not JSON", async () => {
    const res = await api("/api/auth/register", {
      method: "POST",
      headers: { "content-type": "application/json", ...ip() },
      body: "{ not json",
    });
    expect(res.status).toBe(400);
    const err = await errorOf(res);
    expect(err.code).toBe("bad_request");
    expect(err.message).toMatch(/malformed json/i);
  });

  it("refuses a body over the limit with 413 in the error shape", async () => {
    const huge = JSON.stringify({ email: "a@b.test", password: "x".repeat(600 * 1024), name: "Big", role: "teacher" });
    const res = await api("/api/auth/register", {
      method: "POST",
      headers: { "content-type": "application/json", ...ip() },
      body: huge,
    });
    expect(res.status).toBe(413);
    expect(await errorOf(res)).toMatchObject({ code: "payload_too_large" });
  });
});

describe("login", () => {
  it("logs in with the password in any email case; the cookie and the Bearer token both work", async () => {
    const acct = await registerTeacher();
    const res = await api(
      "/api/auth/login",
      jsonInit("POST", { email: acct.user.email.toUpperCase(), password: acct.password }, undefined, ip()),
    );
    expect(res.status).toBe(200);
    const body = (await res.json()) as { user: { id: string }; token: string };
    expect(body.user.id).toBe(acct.user.id);
    expect(body.token).not.toBe(acct.token);

    const viaCookie = await me({ cookie: `qq_session=${sessionCookie(res)}` });
    expect(viaCookie.status).toBe(200);
    expect(((await viaCookie.json()) as { user: { id: string } }).user.id).toBe(acct.user.id);
    const viaBearer = await me(authHeaders(body.token));
    expect(((await viaBearer.json()) as { user: { email: string } }).user).toEqual(acct.user);
  });

  it("gives the same answer for a wrong password and an unknown email, and logs only the domain", async () => {
    const acct = await registerTeacher();
    const wrong = await api(
      "/api/auth/login",
      jsonInit("POST", { email: acct.user.email, password: "not the password" }, undefined, ip()),
    );
    const unknown = await api(
      "/api/auth/login",
      jsonInit("POST", { email: "nobody-here@nowhere.test", password: "not the password" }, undefined, ip()),
    );
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(await wrong.json()).toEqual(await unknown.json());
    expect(wrong.headers.get("set-cookie")).toBeNull();

    const failed = await eventually(async () => {
      const { results } = await env.DB.prepare("SELECT payload FROM events WHERE type = 'auth.login_failed'").all<{
        payload: string;
      }>();
      return results.length >= 2 ? results : null;
    });
    const payloads = failed.map((r) => JSON.parse(r.payload));
    expect(payloads).toContainEqual({ emailDomain: "nowhere.test" });
    expect(payloads).toContainEqual({ emailDomain: "example.test" });
    for (const r of failed) {
      expect(r.payload).not.toContain("not the password");
      expect(r.payload).not.toContain("nobody-here");
    }
  });

  it("logs auth.login", async () => {
    const acct = await registerStudent();
    await api(
      "/api/auth/login",
      jsonInit("POST", { email: acct.user.email, password: acct.password }, undefined, ip()),
    );
    const row = await eventually(() =>
      env.DB.prepare("SELECT * FROM events WHERE type = 'auth.login' AND actor_id = ?")
        .bind(acct.user.id)
        .first<Record<string, unknown>>(),
    );
    expect(row).toMatchObject({ actor_type: "user", role: "student" });
  });

  it("refuses a disabled account, both at login and for a session it already has", async () => {
    const acct = await registerTeacher();
    await env.DB.prepare("UPDATE users SET disabled = 1 WHERE id = ?").bind(acct.user.id).run();
    const res = await api(
      "/api/auth/login",
      jsonInit("POST", { email: acct.user.email, password: acct.password }, undefined, ip()),
    );
    // The right password: told why, so the teacher knows whom to ask.
    expect(res.status).toBe(403);
    expect(await errorOf(res)).toMatchObject({
      code: "account_disabled",
      message: "this account is disabled: contact your administrator",
    });
    expect(res.headers.get("set-cookie")).toBeNull();
    expect((await me(authHeaders(acct.token))).status).toBe(401);
  });

  it("says a wrong password for a disabled account is a wrong password (no oracle for who is disabled)", async () => {
    const acct = await registerTeacher();
    await env.DB.prepare("UPDATE users SET disabled = 1 WHERE id = ?").bind(acct.user.id).run();
    const wrong = await api(
      "/api/auth/login",
      jsonInit("POST", { email: acct.user.email, password: `${acct.password}x` }, undefined, ip()),
    );
    const unknown = await api(
      "/api/auth/login",
      jsonInit(
        "POST",
        { email: `nobody-${crypto.randomUUID()}@example.com`, password: acct.password },
        undefined,
        ip(),
      ),
    );
    for (const res of [wrong, unknown]) {
      expect(res.status).toBe(401);
      expect(await errorOf(res)).toMatchObject({ code: "unauthorized", message: "wrong email or password" });
    }
  });

  it("validates the login body", async () => {
    const res = await api("/api/auth/login", jsonInit("POST", { email: "x" }, undefined, ip()));
    expect(res.status).toBe(400);
    expect((await errorOf(res)).issues!.map((i) => i.path).sort()).toEqual(["email", "password"]);
  });
});

describe("sessions", () => {
  it("needs a session for /me", async () => {
    const res = await me({});
    expect(res.status).toBe(401);
    expect(await errorOf(res)).toMatchObject({ code: "unauthorized" });
  });

  it("takes the role from the database, not from the token", async () => {
    const acct = await registerStudent();
    await env.DB.prepare("UPDATE users SET role = 'teacher' WHERE id = ?").bind(acct.user.id).run();
    const res = await me(authHeaders(acct.token));
    expect(((await res.json()) as { user: { role: string } }).user.role).toBe("teacher");
  });

  it("refuses garbage, expired, foreign-key, wrong-audience and player tokens", async () => {
    const acct = await registerTeacher();
    const secret = new TextEncoder().encode(env.JWT_SECRET);
    const past = Math.floor(Date.now() / 1000) - 60;
    const expired = await new SignJWT({ role: "teacher", typ: "session" })
      .setProtectedHeader({ alg: "HS256" })
      .setIssuer("quickquiz")
      .setAudience("session")
      .setSubject(acct.user.id)
      .setJti(crypto.randomUUID())
      .setIssuedAt(past - 3600)
      .setExpirationTime(past)
      .sign(secret);
    const foreign = (await signSession("another-secret-that-is-long-enough-000000", acct.user.id, "teacher", 3600))
      .token;
    const player = await signPlayer(env.JWT_SECRET, { playerId: acct.user.id, gameId: "g", code: "ABCDEF" });
    const unsigned = `${btoa(JSON.stringify({ alg: "none" }))}.${btoa(JSON.stringify({ sub: acct.user.id, aud: "session", iss: "quickquiz", typ: "session" }))}.`;

    // The same claims, correctly signed, do work: each refusal below is about the token alone.
    const good = (await signSession(env.JWT_SECRET, acct.user.id, "teacher", 3600)).token;
    expect((await me(authHeaders(good))).status).toBe(200);

    for (const token of ["garbage", expired, foreign, player, unsigned]) {
      expect((await me(authHeaders(token))).status).toBe(401);
      expect((await me({ cookie: `qq_session=${token}` })).status).toBe(401);
    }
    // A token for a user that no longer exists.
    const ghost = (await signSession(env.JWT_SECRET, crypto.randomUUID(), "admin", 3600)).token;
    expect((await me(authHeaders(ghost))).status).toBe(401);
  });

  it("logout revokes exactly that session and clears the cookie", async () => {
    const acct = await registerTeacher();
    const other = await api(
      "/api/auth/login",
      jsonInit("POST", { email: acct.user.email, password: acct.password }, undefined, ip()),
    );
    const otherToken = ((await other.json()) as { token: string }).token;

    const res = await api("/api/auth/logout", { method: "POST", headers: authHeaders(acct.token) });
    expect(res.status).toBe(204);
    expect(res.headers.get("set-cookie")).toMatch(/qq_session=;.*Max-Age=0/i);
    expect((await me(authHeaders(acct.token))).status).toBe(401);
    expect((await me({ cookie: `qq_session=${acct.token}` })).status).toBe(401);
    expect((await me(authHeaders(otherToken))).status).toBe(200);

    const row = await eventually(() =>
      env.DB.prepare("SELECT * FROM events WHERE type = 'auth.logout' AND actor_id = ?")
        .bind(acct.user.id)
        .first<Record<string, unknown>>(),
    );
    expect(row).toMatchObject({ actor_type: "user", role: "teacher" });
  });

  it("logout without a session just clears the cookie", async () => {
    const res = await api("/api/auth/logout", { method: "POST" });
    expect(res.status).toBe(204);
    expect(res.headers.get("set-cookie")).toMatch(/qq_session=;/);
  });

  it("lets an admin (made outside sign-up) log in", async () => {
    const admin = await createAdmin();
    expect(admin.user.role).toBe("admin");
    expect((await me(authHeaders(admin.token))).status).toBe(200);
  });
});

describe("rate limiting", () => {
  it("answers 429 once an address has used its login budget for one account, other addresses unaffected", async () => {
    const address = { "cf-connecting-ip": `192.0.2.${Math.floor(Math.random() * 250) + 1}` };
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) {
      // Wrong passwords for one account: the limiter counts (address, email) before any password work.
      const res = await api(
        "/api/auth/login",
        jsonInit("POST", { email: "flood@example.test", password: `guess-${i}` }, undefined, address),
      );
      statuses.push(res.status);
      if (res.status === 429) {
        expect(await errorOf(res)).toMatchObject({ code: "rate_limited" });
      }
    }
    expect(statuses.slice(0, 10).every((s) => s === 401)).toBe(true);
    expect(statuses.slice(10)).toEqual([429, 429]);

    // Sign-up has a budget of its own per address (test/abuse-http.test.ts floods it); another address is unaffected.
    const signUp = await api(
      "/api/auth/register",
      jsonInit(
        "POST",
        { email: uniqueEmail(), password: "long enough pw", name: "X", role: "teacher" },
        undefined,
        address,
      ),
    );
    expect(signUp.status).toBe(201);
    const fine = await register("teacher");
    expect(fine.user.role).toBe("teacher");
  });
});
