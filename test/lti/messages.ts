// The platform's side of LTI 1.3 messages, built from real parts (jose, the 1EdTech claim names and
// formats): what an LMS signs into an id_token. Shared by the Node platform (platform.ts) and the
// worker tests, which sign their own variants (expired, wrong audience, another key…).
import { importJWK, SignJWT } from "jose";
import keys from "../fixtures/lti-keys.json" with { type: "json" };

export const CLIENT_ID = "qq-client-1";
export const DEPLOYMENT_ID = "deployment-1";
export const LTI = "https://purl.imsglobal.org/spec/lti/claim/";
export const DL = "https://purl.imsglobal.org/spec/lti-dl/claim/";
export const LEARNER = "http://purl.imsglobal.org/vocab/lis/v2/membership#Learner";
export const INSTRUCTOR = "http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor";

export type PlatformUser = { sub: string; name: string; roles: string[] };

export function resourceLinkClaims(issuer: string, user: PlatformUser, custom: Record<string, string>) {
  return {
    sub: user.sub,
    name: user.name,
    [`${LTI}message_type`]: "LtiResourceLinkRequest",
    [`${LTI}version`]: "1.3.0",
    [`${LTI}deployment_id`]: DEPLOYMENT_ID,
    [`${LTI}target_link_uri`]: "",
    [`${LTI}roles`]: user.roles,
    [`${LTI}resource_link`]: { id: "rl-1", title: "Homework" },
    [`${LTI}context`]: { id: "course-1", title: "Algebra" },
    [`${LTI}custom`]: custom,
    "https://purl.imsglobal.org/spec/lti-ags/claim/endpoint": {
      scope: [
        "https://purl.imsglobal.org/spec/lti-ags/scope/lineitem",
        "https://purl.imsglobal.org/spec/lti-ags/scope/score",
      ],
      lineitems: `${issuer}/lineitems`,
      lineitem: `${issuer}/lineitems/1`,
    },
    "https://purl.imsglobal.org/spec/lti-nrps/claim/namesroleservice": {
      context_memberships_url: `${issuer}/memberships`,
      service_versions: ["2.0"],
    },
  };
}

export function deepLinkingClaims(user: PlatformUser, returnUrl: string) {
  return {
    sub: user.sub,
    name: user.name,
    [`${LTI}message_type`]: "LtiDeepLinkingRequest",
    [`${LTI}version`]: "1.3.0",
    [`${LTI}deployment_id`]: DEPLOYMENT_ID,
    [`${LTI}roles`]: user.roles,
    [`${LTI}context`]: { id: "course-1" },
    [`${DL}deep_linking_settings`]: {
      deep_link_return_url: returnUrl,
      accept_types: ["ltiResourceLink"],
      accept_presentation_document_targets: ["iframe", "window"],
      accept_multiple: false,
      data: "opaque-platform-data",
    },
  };
}

/** An id_token as the platform signs it; `opts` bends one thing for the negative tests. */
export async function signIdToken(
  issuer: string,
  nonce: string,
  claims: Record<string, unknown>,
  opts: { key?: "platform" | "stranger"; aud?: string | string[]; expiresIn?: number; iat?: number } = {},
): Promise<string> {
  const jwk = opts.key === "stranger" ? keys.stranger : keys.platform;
  const key = await importJWK(jwk, "RS256");
  const now = opts.iat ?? Math.floor(Date.now() / 1000);
  return new SignJWT({ ...claims, nonce })
    .setProtectedHeader({ alg: "RS256", kid: jwk.kid, typ: "JWT" })
    .setIssuer(issuer)
    .setAudience(opts.aud ?? CLIENT_ID)
    .setIssuedAt(now)
    .setExpirationTime(now + (opts.expiresIn ?? 300))
    .sign(key);
}

export function platformPublicJwks() {
  const { kty, n, e, kid } = keys.platform;
  return { keys: [{ kty, n, e, kid, alg: "RS256", use: "sig" }] };
}

export function toolPublicJwks() {
  return {
    keys: [keys.tool.current, keys.tool.previous].map(({ kty, n, e, kid }) => ({ kty, n, e, kid, alg: "RS256" })),
  };
}

/** The LTI_TOOL_KEYS secret the Worker under test uses. */
export const toolKeysSecret = JSON.stringify(keys.tool);
