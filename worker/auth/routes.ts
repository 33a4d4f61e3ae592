// Accounts: register, login, logout, me (docs/product.md §1). Admins are never self-registered.
import { Hono } from "hono";
import type { Context } from "hono";
import { loginRequest, registerRequest } from "../../schema/auth.ts";
import type { AppEnv } from "../app-env.ts";
import { ApiError, conflict } from "../errors.ts";
import { logLater } from "../logs/logger.ts";
import { validate } from "../validate.ts";
import { hashPassword, verifyPassword } from "./password.ts";
import { byAddress, clientAddress, enforceLimit, limitBy } from "../middleware/rate-limit.ts";
import { currentUser, requireUser } from "../middleware/session.ts";
import { clearSessionCookie, revokeSession, startSession } from "./session.ts";
import { closeHostSessions } from "../games/host-sessions.ts";
import { findUserByEmail, insertUser, toPublicUser } from "./users.ts";
import { emailDomain, passwordAllowed } from "./oidc/accounts.ts";

/**
 * Verified against when the email is unknown, so a failed login costs the same PBKDF2 work either
 * way and its timing does not tell whether the address has an account.
 * (The hash of a random string nobody knows.)
 */
const DUMMY_HASH = "pbkdf2-sha256$100000$rvguDmqF/ESn9TH2CciGog==$RmMtYmL7mYKjltfnsC5jA4YHztSFMmSPbOs6X+NWFyE=";

const providerOnly = () =>
  new ApiError(403, "password_signin_off", "this school signs in through its identity provider, not a password");

const badCredentials = () => new ApiError(401, "unauthorized", "wrong email or password");
/** Only once the password was verified: it tells no more than a successful login would. */
const disabledAccount = () =>
  new ApiError(403, "account_disabled", "this account is disabled: contact your administrator");

function userEvent(
  c: Context<AppEnv>,
  type: string,
  user: { id: string; role: string },
  payload?: Record<string, unknown>,
) {
  logLater(c.executionCtx, c.env.DB, {
    type,
    actorType: "user",
    actorId: user.id,
    role: user.role,
    payload: payload ?? null,
  });
}

export const authRoutes = new Hono<AppEnv>()
  // Sign-ups per address: a script cannot mint accounts in bulk.
  .post("/register", limitBy("AUTH_LIMITER", byAddress("register")), validate("json", registerRequest), async (c) => {
    const body = c.req.valid("json");
    if (!(await passwordAllowed(c.var.db, body.email))) throw providerOnly();
    const row = await insertUser(c.var.db, {
      email: body.email,
      name: body.name,
      role: body.role,
      passwordHash: await hashPassword(body.password),
    });
    if (!row) throw conflict("an account with this email already exists");
    const user = toPublicUser(row);
    userEvent(c, "auth.register", user, { emailDomain: emailDomain(user.email) });
    return c.json(await startSession(c, user), 201);
  })

  .post("/login", validate("json", loginRequest), async (c) => {
    const { email, password } = c.req.valid("json");
    // Limited per address *and* account (the email as validated: trimmed, lower-cased): guessing one
    // account's password stays limited, while a class logging in through one school NAT is not
    // locked out by its own classmates. Validated first so the key is normalised; a bad body costs
    // no PBKDF2 work, so it needs no budget.
    await enforceLimit(c, "AUTH_LIMITER", `login:${clientAddress(c)}:${email}`);
    // An admin turned passwords off for this school's domain: its accounts sign in through their provider.
    if (!(await passwordAllowed(c.var.db, email))) throw providerOnly();
    const row = await findUserByEmail(c.var.db, email);
    const ok = await verifyPassword(password, row ? row.passwordHash : DUMMY_HASH);
    if (!row || !ok || row.disabled) {
      logLater(c.executionCtx, c.env.DB, {
        type: "auth.login_failed",
        actorType: "user",
        actorId: row?.id ?? null,
        payload: { emailDomain: emailDomain(email), ...(row && ok ? { disabled: true } : {}) },
      });
      // A wrong password for a disabled account is just a wrong password: no oracle for who is disabled.
      throw row && ok ? disabledAccount() : badCredentials();
    }
    const user = toPublicUser(row);
    userEvent(c, "auth.login", user);
    return c.json(await startSession(c, user), 200);
  })

  // Idempotent: without a session there is nothing to revoke, but the cookie is cleared all the same.
  .post("/logout", async (c) => {
    const user = c.get("user");
    if (user) {
      await revokeSession(c.var.db, user.jti, user.exp);
      await closeHostSessions(c.env, c.var.db, user.id, user.jti);
      userEvent(c, "auth.logout", user);
    }
    clearSessionCookie(c);
    return c.body(null, 204);
  })

  .get("/me", requireUser(), (c) => c.json({ user: toPublicUser(currentUser(c)) }));
