// LTI Dynamic Registration 1.0: an LMS admin pastes https://<quickquiz>/lti/register into the LMS;
// the LMS opens it with ?openid_configuration=<url>&registration_token=<token>. QuickQuiz reads the
// platform's configuration (its issuer must prefix the configuration URL, §3.5.1), POSTs its own
// client registration to the platform's registration_endpoint with the token, and records the
// client_id and deployment_id it gets back. A registration never overwrites a platform already
// registered (same issuer and client id): that would let anyone re-point its key set.
import { and, eq } from "drizzle-orm";
import { z } from "zod";
import { ltiPlatforms } from "../../schema/db.ts";
import type { Db } from "../db.ts";
import { ApiError, badRequest, conflict, validationError } from "../errors.ts";
import { savePlatform } from "./platforms.ts";
import { LINEITEM_SCOPE, NRPS_SCOPE, SCORE_SCOPE } from "./service-token.ts";

const PLATFORM_CONFIG = "https://purl.imsglobal.org/spec/lti-platform-configuration";
const TOOL_CONFIG = "https://purl.imsglobal.org/spec/lti-tool-configuration";

export const registerQuery = z.object({
  openid_configuration: z.url({ protocol: /^https?$/ }).max(2000),
  registration_token: z.string().max(4000).optional(),
});

const openidConfiguration = z
  .object({
    issuer: z.url(),
    authorization_endpoint: z.url(),
    token_endpoint: z.url(),
    jwks_uri: z.url(),
    registration_endpoint: z.url(),
    [PLATFORM_CONFIG]: z
      .object({ product_family_code: z.string().max(200).optional() })
      .loose()
      .optional(),
  })
  .loose();

const registrationResponse = z
  .object({
    client_id: z.string().min(1).max(500),
    [TOOL_CONFIG]: z
      .object({ deployment_id: z.string().min(1).max(500).optional() })
      .loose()
      .optional(),
  })
  .loose();

/** The tool's client registration (Dynamic Registration §3.4 and its LTI tool configuration claim). */
export function toolRegistration(origin: string) {
  return {
    application_type: "web",
    response_types: ["id_token"],
    grant_types: ["implicit", "client_credentials"],
    initiate_login_uri: `${origin}/lti/login`,
    redirect_uris: [`${origin}/lti/launch`],
    client_name: "QuickQuiz",
    jwks_uri: `${origin}/lti/jwks`,
    token_endpoint_auth_method: "private_key_jwt",
    scope: [SCORE_SCOPE, LINEITEM_SCOPE, NRPS_SCOPE].join(" "),
    [TOOL_CONFIG]: {
      domain: new URL(origin).host,
      target_link_uri: `${origin}/lti/launch`,
      claims: ["iss", "sub", "name", "given_name", "family_name"],
      messages: [
        { type: "LtiDeepLinkingRequest", target_link_uri: `${origin}/lti/launch`, label: "QuickQuiz" },
        { type: "LtiResourceLinkRequest", target_link_uri: `${origin}/lti/launch` },
      ],
    },
  };
}

export async function dynamicRegistration(db: Db, origin: string, query: Record<string, string>) {
  const q = registerQuery.safeParse(query);
  if (!q.success) throw validationError(q.error, "registration request");
  const cfgRes = await fetch(q.data.openid_configuration, { headers: { accept: "application/json" } });
  if (!cfgRes.ok) throw badRequest(`the platform's configuration answered ${cfgRes.status}`);
  const cfg = openidConfiguration.safeParse(await cfgRes.json().catch(() => null));
  if (!cfg.success) throw validationError(cfg.error, "platform configuration");
  const c = cfg.data;
  if (!q.data.openid_configuration.startsWith(c.issuer))
    throw badRequest("the configuration's issuer does not match the URL it came from");
  const regRes = await fetch(c.registration_endpoint, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      accept: "application/json",
      ...(q.data.registration_token ? { authorization: `Bearer ${q.data.registration_token}` } : {}),
    },
    body: JSON.stringify(toolRegistration(origin)),
  });
  if (!regRes.ok) throw new ApiError(502, "bad_request", `the platform refused the registration (${regRes.status})`);
  const reg = registrationResponse.safeParse(await regRes.json().catch(() => null));
  if (!reg.success) throw validationError(reg.error, "registration response");
  const taken = await db
    .select({ id: ltiPlatforms.id })
    .from(ltiPlatforms)
    .where(and(eq(ltiPlatforms.issuer, c.issuer), eq(ltiPlatforms.clientId, reg.data.client_id)))
    .get();
  if (taken) throw conflict("this platform and client id are registered already");
  const deploymentId = reg.data[TOOL_CONFIG]?.deployment_id;
  return savePlatform(
    db,
    {
      name: c[PLATFORM_CONFIG]?.product_family_code ?? new URL(c.issuer).host,
      issuer: c.issuer,
      clientId: reg.data.client_id,
      authEndpoint: c.authorization_endpoint,
      tokenEndpoint: c.token_endpoint,
      jwksUrl: c.jwks_uri,
      deploymentIds: deploymentId ? [deploymentId] : [],
    },
    "dynamic",
  );
}
