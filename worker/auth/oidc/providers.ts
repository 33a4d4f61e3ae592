// The identity providers a deployment configures: the `OIDC_PROVIDERS` JSON var (wrangler.toml)
// and one secret per provider, `OIDC_<ID>_SECRET`. A provider without its secret is not offered.
import * as oauth from "oauth4webapi";
import { type OidcProviderConfig, oidcProvidersConfig } from "../../../schema/oidc.ts";
import type { Env } from "../../env.ts";

/** oauth4webapi's exported but untyped hooks for issuers that vary per token (openid-client uses the same for Entra ID). */
const hooks = oauth as unknown as { _nodiscoverycheck: URL; _expectedIssuer: symbol };

export interface Provider extends OidcProviderConfig {
  secret: string;
}

export const secretName = (id: string) => `OIDC_${id.toUpperCase()}_SECRET`;

/**
 * The configured providers. A malformed var is a deployment mistake: it is reported in the log
 * and no provider is offered, rather than every request failing.
 */
export function configuredProviders(env: Env): Provider[] {
  const raw = (env as { OIDC_PROVIDERS?: string }).OIDC_PROVIDERS;
  if (!raw) return [];
  let parsed: ReturnType<typeof oidcProvidersConfig.safeParse>;
  try {
    parsed = oidcProvidersConfig.safeParse(JSON.parse(raw));
  } catch {
    console.error("OIDC_PROVIDERS is not JSON");
    return [];
  }
  if (!parsed.success) {
    console.error("OIDC_PROVIDERS is malformed", parsed.error.issues);
    return [];
  }
  const secrets = env as unknown as Record<string, unknown>;
  return parsed.data.flatMap((p) => {
    const secret = secrets[secretName(p.id)];
    return typeof secret === "string" && secret ? [{ ...p, secret }] : [];
  });
}

export function findProvider(env: Env, id: string): Provider | undefined {
  return configuredProviders(env).find((p) => p.id === id);
}

/**
 * Plain-http issuers are refused, except on this machine: the local provider the tests and
 * developers run (docs/sign-in.md). Never a school's real provider, which is always https.
 */
export function isLoopbackIssuer(issuer: string): boolean {
  const { protocol, hostname } = new URL(issuer);
  return protocol === "http:" && (hostname === "127.0.0.1" || hostname === "localhost" || hostname === "[::1]");
}

export function requestOptions(p: Pick<Provider, "issuer">): { [oauth.allowInsecureRequests]?: boolean } {
  return isLoopbackIssuer(p.issuer) ? { [oauth.allowInsecureRequests]: true } : {};
}

/** Microsoft's multi-tenant issuer: one metadata document whose `issuer` names no tenant. */
export const TENANT_TEMPLATE = "{tenantid}";
const MICROSOFT_SHARED = /^https:\/\/login\.microsoftonline\.com\/(common|organizations|consumers)\/v2\.0\/?$/;

/** The URL to discover from: the template's placeholder (or `common`) resolves to `common`. */
export function discoveryIssuer(issuer: string): string {
  return issuer.replace(TENANT_TEMPLATE, "common");
}

/** Whether the issuer is Microsoft's (Entra ID), single- or multi-tenant: it sends `xms_edov`, not `email_verified`. */
export const isMicrosoft = (issuer: string) =>
  new URL(discoveryIssuer(issuer)).hostname === "login.microsoftonline.com";

/** Whether the issuer is Microsoft's multi-tenant one, written with its template or as common/organizations. */
export function isMultiTenant(issuer: string): boolean {
  return issuer.includes(TENANT_TEMPLATE) || MICROSOFT_SHARED.test(issuer);
}

const TENANT_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * The issuer an ID token must carry: its own tenant (`tid`, a GUID) put into the template. A
 * token without a well-formed `tid` expects an issuer no token can have, so it is refused.
 */
export function tenantIssuer(template: string, claims: Record<string, unknown>): string {
  const tid = claims.tid;
  if (typeof tid !== "string" || !TENANT_ID.test(tid)) return "invalid:no-tenant";
  return template.replace(TENANT_TEMPLATE, tid);
}

/** How long an isolate keeps a provider's metadata: a start and its callback need one discovery, not two. */
const DISCOVERY_TTL_MS = 10 * 60_000;
// Settled values only: a promise begun by one request and awaited by another would tie the two
// requests' I/O together in workerd. A failed discovery is not kept.
const discovered = new Map<string, { at: number; as: oauth.AuthorizationServer }>();

/** The provider's metadata, from this isolate's cache while fresh. */
export async function discover(p: Provider): Promise<oauth.AuthorizationServer> {
  const key = `${p.id} ${p.issuer}`;
  const hit = discovered.get(key);
  if (hit && Date.now() - hit.at < DISCOVERY_TTL_MS) return hit.as;
  const as = await discoverNow(p);
  discovered.set(key, { at: Date.now(), as });
  return as;
}

/** The provider's metadata (discovery), checked against its issuer; Microsoft's template checked per token. */
async function discoverNow(p: Provider): Promise<oauth.AuthorizationServer> {
  const url = new URL(discoveryIssuer(p.issuer));
  const multi = isMultiTenant(p.issuer);
  const res = await oauth.discoveryRequest(url, { algorithm: "oidc", ...requestOptions(p) });
  const as = await oauth.processDiscoveryResponse(multi ? hooks._nodiscoverycheck : url, res);
  return multi ? expectTenantIssuer(as) : as;
}

/**
 * Makes oauth4webapi check each ID token's `iss` against the metadata's issuer template with the
 * token's own tenant put in (its `tid`), instead of against the template itself.
 */
export function expectTenantIssuer(as: oauth.AuthorizationServer): oauth.AuthorizationServer {
  if (!as.issuer.includes(TENANT_TEMPLATE)) throw new Error(`multi-tenant issuer without ${TENANT_TEMPLATE}`);
  const template = as.issuer;
  (as as unknown as Record<symbol, unknown>)[hooks._expectedIssuer] = (result: { claims: Record<string, unknown> }) =>
    tenantIssuer(template, result.claims);
  return as;
}
