// LTI Advantage service access tokens (1EdTech Security Framework §4.1, RFC 7523): a
// client_credentials grant authenticated by a JWT the tool signs with its own key, whose public half
// the platform reads from /lti/jwks.
import { SignJWT } from "jose";
import { z } from "zod";
import type { Env } from "../env.ts";
import { signingKey, toolKeys } from "./keys.ts";
import type { Platform } from "./platforms.ts";

export const SCORE_SCOPE = "https://purl.imsglobal.org/spec/lti-ags/scope/score";
export const LINEITEM_SCOPE = "https://purl.imsglobal.org/spec/lti-ags/scope/lineitem";
export const NRPS_SCOPE = "https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly";

const tokenResponse = z.object({ access_token: z.string().min(1), expires_in: z.number().optional() }).loose();

export class ServiceError extends Error {}

export async function serviceToken(env: Env, platform: Platform, scopes: string[]): Promise<string> {
  const { key, kid } = await signingKey(toolKeys(env));
  const assertion = await new SignJWT({})
    .setProtectedHeader({ alg: "RS256", kid, typ: "JWT" })
    .setIssuer(platform.clientId)
    .setSubject(platform.clientId)
    .setAudience(platform.tokenEndpoint)
    .setIssuedAt()
    .setExpirationTime("5m")
    .setJti(crypto.randomUUID())
    .sign(key);
  const res = await fetch(platform.tokenEndpoint, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", accept: "application/json" },
    body: new URLSearchParams({
      grant_type: "client_credentials",
      client_assertion_type: "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
      client_assertion: assertion,
      scope: scopes.join(" "),
    }),
  });
  if (!res.ok) throw new ServiceError(`token endpoint answered ${res.status}`);
  const body = tokenResponse.safeParse(await res.json().catch(() => null));
  if (!body.success) throw new ServiceError("token endpoint sent no access_token");
  return body.data.access_token;
}
