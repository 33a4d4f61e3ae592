// Who a provider sign-in becomes: the domain rules an admin set (schema/oidc.ts), then the account
// with the same verified email, or a new one. A new account is a student unless its domain's rule
// says teacher; an existing account keeps its role (only an admin changes it).
import { eq } from "drizzle-orm";
import { signInDomains } from "../../../schema/db.ts";
import type { DomainRule, OidcRefusal } from "../../../schema/oidc.ts";
import type { Db } from "../../db.ts";
import { findUserByEmail, insertUser, type UserRow } from "../users.ts";

export const emailDomain = (email: string) => email.slice(email.lastIndexOf("@") + 1).toLowerCase();

/**
 * Stands in for a password on accounts made through a provider: no PBKDF2 hash parses from it,
 * so no password ever matches (auth/password.ts), until the user or an admin sets one.
 */
export const NO_PASSWORD = "none:oidc";

export async function listDomainRules(db: Db): Promise<DomainRule[]> {
  const rows = await db.select().from(signInDomains).orderBy(signInDomains.domain).all();
  return rows.map(({ domain, role, passwordSignIn, createdAt }) => ({ domain, role, passwordSignIn, createdAt }));
}

/** Whether password sign-in is allowed for this email (an admin may turn it off per domain). */
export async function passwordAllowed(db: Db, email: string): Promise<boolean> {
  const row = await db
    .select({ passwordSignIn: signInDomains.passwordSignIn })
    .from(signInDomains)
    .where(eq(signInDomains.domain, emailDomain(email)))
    .get();
  return row?.passwordSignIn ?? true;
}

export interface IdentityClaims {
  email?: unknown;
  email_verified?: unknown;
  name?: unknown;
}

export type Outcome = { ok: true; user: UserRow; created: boolean } | { ok: false; reason: OidcRefusal };

/**
 * The decision without the database: which refusal, if any, and the role of a new account. An
 * empty rule list lets any verified domain in; a non-empty one is the allow-list.
 */
export function admit(
  claims: IdentityClaims,
  rules: DomainRule[],
): { ok: true; email: string; role: "teacher" | "student" } | { ok: false; reason: OidcRefusal } {
  const email = typeof claims.email === "string" ? claims.email.trim().toLowerCase() : "";
  // Only a provider's word that it checked the address links or makes an account by it.
  if (!email.includes("@") || claims.email_verified !== true) return { ok: false, reason: "unverified_email" };
  const rule = rules.find((r) => r.domain === emailDomain(email));
  if (rules.length > 0 && !rule) return { ok: false, reason: "wrong_domain" };
  return { ok: true, email, role: rule?.role ?? "student" };
}

export async function accountFor(db: Db, claims: IdentityClaims): Promise<Outcome> {
  const decision = admit(claims, await listDomainRules(db));
  if (!decision.ok) return decision;
  const existing = await findUserByEmail(db, decision.email);
  if (existing)
    return existing.disabled ? { ok: false, reason: "account_disabled" } : { ok: true, user: existing, created: false };
  const name =
    typeof claims.name === "string" && claims.name.trim()
      ? claims.name.trim().slice(0, 60)
      : decision.email.split("@")[0].slice(0, 60);
  const row = await insertUser(db, { email: decision.email, name, role: decision.role, passwordHash: NO_PASSWORD });
  if (row) return { ok: true, user: row, created: true };
  // Two first sign-ins raced: the other made the account; use it.
  const raced = await findUserByEmail(db, decision.email);
  return raced ? { ok: true, user: raced, created: false } : { ok: false, reason: "provider_error" };
}
