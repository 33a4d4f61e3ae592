// LTI 1.3 OIDC login initiation (LTI Core 1.3 §5.1.1, 1EdTech Security Framework §5.1.1): the
// platform sends iss, login_hint, target_link_uri (and lti_message_hint, client_id,
// lti_deployment_id); the tool keeps a state and a nonce in D1 (not in a cookie: Safari drops
// third-party cookies in the LMS iframe) and redirects to the platform's authorization endpoint.
import { lt } from "drizzle-orm";
import { z } from "zod";
import { ltiLogins } from "../../schema/db.ts";
import type { Db } from "../db.ts";
import { badRequest, validationError } from "../errors.ts";
import { findPlatform } from "./platforms.ts";

/** How long the platform has to answer the authorization request. */
export const LOGIN_TTL_MS = 10 * 60_000;

export const loginRequest = z.object({
  iss: z.url(),
  login_hint: z.string().min(1).max(2000),
  target_link_uri: z.url(),
  lti_message_hint: z.string().max(4000).optional(),
  client_id: z.string().max(500).optional(),
  lti_deployment_id: z.string().max(500).optional(),
});

function randomToken(): string {
  const b = crypto.getRandomValues(new Uint8Array(24));
  return btoa(String.fromCharCode(...b))
    .replace(/\+/g, "-")
    .replace(/\//g, "_")
    .replace(/=+$/, "");
}

/** The URL the browser is sent to: the platform's authorization endpoint with the OIDC parameters. */
export async function startLogin(db: Db, origin: string, input: Record<string, unknown>): Promise<string> {
  const parsed = loginRequest.safeParse(input);
  if (!parsed.success) throw validationError(parsed.error, "LTI login");
  const req = parsed.data;
  const platform = await findPlatform(db, req.iss, req.client_id);
  if (!platform) throw badRequest("this platform is not registered with QuickQuiz");
  // Only our own launch URL: never redirect a login to somewhere a forged request names.
  if (new URL(req.target_link_uri).origin !== origin) throw badRequest("target_link_uri is not this tool");
  const state = randomToken();
  const nonce = randomToken();
  const now = Date.now();
  await db.batch([
    db.insert(ltiLogins).values({ state, nonce, platformId: platform.id, expiresAt: now + LOGIN_TTL_MS }),
    db.delete(ltiLogins).where(lt(ltiLogins.expiresAt, now)),
  ]);
  const auth = new URL(platform.authEndpoint);
  const params: Record<string, string> = {
    scope: "openid",
    response_type: "id_token",
    response_mode: "form_post",
    prompt: "none",
    client_id: platform.clientId,
    redirect_uri: `${origin}/lti/launch`,
    login_hint: req.login_hint,
    state,
    nonce,
  };
  if (req.lti_message_hint !== undefined) params.lti_message_hint = req.lti_message_hint;
  for (const [k, v] of Object.entries(params)) auth.searchParams.set(k, v);
  return auth.toString();
}
