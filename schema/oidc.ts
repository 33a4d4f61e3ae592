// School sign-in through OpenID Connect (docs/sign-in.md): the providers a deployment configures,
// the domain rules an admin sets, and why a sign-in was refused. Shared by the worker and the web app.
import { z } from "zod";

/** Why a provider sign-in was refused: the login page shows each, and `auth.oidc_refused` logs it. */
export const OIDC_REFUSALS = [
  /** The email's domain is not on the school's allow-list. */
  "wrong_domain",
  /** The provider did not vouch for the email (`email_verified` not true), or sent none. */
  "unverified_email",
  /** The provider answered with an error, or its answer did not validate (signature, iss, aud, exp). */
  "provider_error",
  /** The state or nonce did not match the sign-in this browser started (or it expired). */
  "state_mismatch",
  /** The account exists but is disabled. */
  "account_disabled",
  /** No such provider is configured. */
  "unknown_provider",
] as const;
export type OidcRefusal = (typeof OIDC_REFUSALS)[number];

/** One entry of the `OIDC_PROVIDERS` JSON var (wrangler.toml); its secret is `OIDC_<ID>_SECRET`. */
export const oidcProviderConfig = z.object({
  id: z.string().regex(/^[a-z][a-z0-9]{0,30}$/, "id must be lower-case letters and digits"),
  label: z.string().min(1).max(60),
  /**
   * The issuer; Microsoft's multi-tenant issuer is written with its template,
   * `https://login.microsoftonline.com/{tenantid}/v2.0`, or as its `common`/`organizations` form.
   */
  issuer: z.url(),
  client_id: z.string().min(1).max(200),
  /** Extra scopes beyond `openid email profile`. */
  scopes: z
    .array(z.string().regex(/^[\x21-\x7e]+$/))
    .max(10)
    .optional(),
});
export type OidcProviderConfig = z.infer<typeof oidcProviderConfig>;
export const oidcProvidersConfig = z.array(oidcProviderConfig).max(10);

/** What the login page is told about a configured provider. */
export const publicProvider = z.object({ id: z.string(), label: z.string() });
export type PublicProvider = z.infer<typeof publicProvider>;

const domain = z
  .string()
  .trim()
  .toLowerCase()
  .max(253)
  .regex(/^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/, "domain must look like school.edu");

/**
 * A school domain. Once any rule exists, provider sign-in is limited to the listed domains (the
 * allow-list); `role` is what a new account from the domain becomes; `passwordSignIn: false`
 * makes that domain's accounts sign in through their provider only.
 */
export const domainRuleInput = z.strictObject({
  domain,
  role: z.enum(["teacher", "student"], "role must be teacher or student"),
  passwordSignIn: z.boolean(),
});
export type DomainRuleInput = z.infer<typeof domainRuleInput>;
export const domainParam = z.object({ domain });

export const domainRule = domainRuleInput.extend({ createdAt: z.number() });
export type DomainRule = z.infer<typeof domainRule>;

export const signInSettings = z.object({
  providers: z.array(publicProvider.extend({ issuer: z.string(), redirectPath: z.string() })),
  rules: z.array(domainRule),
});
export type SignInSettings = z.infer<typeof signInSettings>;
