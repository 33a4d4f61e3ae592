// School sign-in (docs/sign-in.md): the authorization code flow with PKCE through oauth4webapi.
// /start discovers the provider, keeps verifier, state and nonce in a signed cookie and sends the
// browser to the provider; /callback checks the state, exchanges the code, validates the ID token
// (signature against the provider's keys, iss, aud, exp, nonce), finds or makes the account and starts the same
// session a password login does. Every refusal lands on the login page with its reason and is
// logged as `auth.oidc_refused`.
import { Hono } from "hono";
import type { Context } from "hono";
import * as oauth from "oauth4webapi";
import { z } from "zod";
import type { OidcRefusal, PublicProvider } from "../../../schema/oidc.ts";
import type { AppEnv } from "../../app-env.ts";
import { logLater } from "../../logs/logger.ts";
import { validate } from "../../validate.ts";
import { startSession } from "../session.ts";
import { toPublicUser } from "../users.ts";
import { accountFor, emailDomain } from "./accounts.ts";
import { saveFlow, takeFlow } from "./flow-state.ts";
import {
  configuredProviders,
  discover,
  findProvider,
  isMicrosoft,
  type Provider,
  requestOptions,
} from "./providers.ts";

const providerParam = z.object({ provider: z.string().regex(/^[a-z][a-z0-9]{0,30}$/, "no such provider") });
const startQuery = z.object({ next: z.string().max(500).optional() });

/** Only a same-site path: a crafted ?next= must not send anyone elsewhere. */
const sameSitePath = (next: string | undefined) =>
  next?.startsWith("/") && !next.startsWith("//") && !next.startsWith("/\\") ? next : null;

export const callbackPath = (id: string) => `/api/auth/oidc/${id}/callback`;
const redirectUri = (c: Context<AppEnv>, id: string) => new URL(callbackPath(id), c.req.url).href;

function refuse(c: Context<AppEnv>, provider: string, reason: OidcRefusal, detail: Record<string, unknown> = {}) {
  logLater(c.executionCtx, c.env.DB, {
    type: "auth.oidc_refused",
    actorType: "user",
    actorId: typeof detail.userId === "string" ? detail.userId : null,
    payload: { provider, reason, ...detail },
  });
  return c.redirect(`/login?signin_error=${reason}`, 302);
}

/** A short, log-safe description of what went wrong at the provider (never tokens). */
function describe(err: unknown): Record<string, unknown> {
  if (err instanceof oauth.AuthorizationResponseError) return { error: err.error, description: err.error_description };
  if (err instanceof oauth.ResponseBodyError) return { error: err.error, description: err.error_description };
  if (err instanceof oauth.OperationProcessingError)
    return { error: err.code ?? "processing", description: err.message };
  return { error: "unreachable", description: err instanceof Error ? err.message.slice(0, 200) : "unknown" };
}

/** A nonce that does not match is the same attack as a state that does not: a replayed or injected answer. */
const isNonceMismatch = (err: unknown) =>
  err instanceof oauth.OperationProcessingError && (err.cause as { claim?: string } | undefined)?.claim === "nonce";

export const oidcRoutes = new Hono<AppEnv>()
  .get("/providers", (c) => {
    const providers: PublicProvider[] = configuredProviders(c.env).map(({ id, label }) => ({ id, label }));
    return c.json({ providers });
  })

  .get("/oidc/:provider/start", validate("param", providerParam), validate("query", startQuery), async (c) => {
    const id = c.req.valid("param").provider;
    const provider = findProvider(c.env, id);
    if (!provider) return refuse(c, id, "unknown_provider");
    let as: oauth.AuthorizationServer;
    try {
      as = await discover(provider);
    } catch (err) {
      return refuse(c, id, "provider_error", { stage: "discovery", ...describe(err) });
    }
    if (!as.authorization_endpoint) return refuse(c, id, "provider_error", { stage: "discovery" });
    const verifier = oauth.generateRandomCodeVerifier();
    const state = oauth.generateRandomState();
    const nonce = oauth.generateRandomNonce();
    await saveFlow(c, { provider: id, state, nonce, verifier, next: sameSitePath(c.req.valid("query").next) });
    const url = new URL(as.authorization_endpoint);
    url.searchParams.set("client_id", provider.client_id);
    url.searchParams.set("redirect_uri", redirectUri(c, id));
    url.searchParams.set("response_type", "code");
    url.searchParams.set("scope", ["openid", "email", "profile", ...(provider.scopes ?? [])].join(" "));
    url.searchParams.set("code_challenge", await oauth.calculatePKCECodeChallenge(verifier));
    url.searchParams.set("code_challenge_method", "S256");
    url.searchParams.set("state", state);
    url.searchParams.set("nonce", nonce);
    return c.redirect(url.href, 302);
  })

  .get("/oidc/:provider/callback", validate("param", providerParam), async (c) => {
    const id = c.req.valid("param").provider;
    const flow = await takeFlow(c);
    const provider = findProvider(c.env, id);
    if (!provider) return refuse(c, id, "unknown_provider");
    const current = new URL(c.req.url);
    // The provider's own refusal (the user cancelled, the app is not allowed) is said before the state:
    // it is the more useful reason, and it signs no one in.
    const providerError = current.searchParams.get("error");
    if (providerError) {
      return refuse(c, id, "provider_error", {
        stage: "authorization",
        error: providerError.slice(0, 100),
        description: current.searchParams.get("error_description")?.slice(0, 200),
      });
    }
    if (!flow || flow.provider !== id || current.searchParams.get("state") !== flow.state) {
      return refuse(c, id, "state_mismatch", { stage: "state" });
    }
    return finish(c, provider, flow, current);
  });

async function finish(
  c: Context<AppEnv>,
  provider: Provider,
  flow: NonNullable<Awaited<ReturnType<typeof takeFlow>>>,
  current: URL,
) {
  const id = provider.id;
  let claims: oauth.IDToken;
  try {
    const as = await discover(provider);
    const client: oauth.Client = { client_id: provider.client_id };
    const auth = oauth.ClientSecretPost(provider.secret);
    const params = oauth.validateAuthResponse(as, client, current, flow.state);
    const res = await oauth.authorizationCodeGrantRequest(
      as,
      client,
      auth,
      params,
      redirectUri(c, id),
      flow.verifier,
      requestOptions(provider),
    );
    const result = await oauth.processAuthorizationCodeResponse(as, client, res, {
      expectedNonce: flow.nonce,
      requireIdToken: true,
    });
    // Over TLS from the token endpoint the signature need not be checked (OIDC Core 3.1.3.7); it is
    // anyway, against the provider's published keys: one more thing a forged answer must get right.
    await oauth.validateApplicationLevelSignature(as, res, requestOptions(provider));
    claims = oauth.getValidatedIdTokenClaims(result)!;
  } catch (err) {
    if (isNonceMismatch(err)) return refuse(c, id, "state_mismatch", { stage: "nonce" });
    return refuse(c, id, "provider_error", { stage: "token", ...describe(err) });
  }
  // Microsoft issues no `email_verified`; its optional `xms_edov` says the tenant owns the email's domain.
  const verified = claims.email_verified === true || (isMicrosoft(provider.issuer) && claims.xms_edov === true);
  const outcome = await accountFor(c.var.db, { email: claims.email, email_verified: verified, name: claims.name });
  const domain = typeof claims.email === "string" ? emailDomain(claims.email) : null;
  if (!outcome.ok) return refuse(c, id, outcome.reason, { emailDomain: domain });
  const user = toPublicUser(outcome.user);
  await startSession(c, user);
  logLater(c.executionCtx, c.env.DB, {
    type: outcome.created ? "auth.register" : "auth.login",
    actorType: "user",
    actorId: user.id,
    role: user.role,
    payload: { provider: id, emailDomain: domain },
  });
  return c.redirect(flow.next ?? "/login?signin=done", 302);
}
