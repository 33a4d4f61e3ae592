// LTI 1.3 launch (LTI Core 1.3 §5.1.2, Security Framework §5.1.3): the platform POSTs the id_token
// and state to /lti/launch. Checked in this order, each refusal a 400/401 that changes nothing:
// the state is ours and unexpired; the signature verifies against the platform's JWKS; iss, aud,
// azp, exp/iat; the nonce is the one this state carried and is spent once only; the deployment is
// registered; message_type and version are ones QuickQuiz handles.
import { and, eq, gt, isNull } from "drizzle-orm";
import { createRemoteJWKSet, decodeJwt, errors, jwtVerify } from "jose";
import { ltiLogins } from "../../schema/db.ts";
import type { Db } from "../db.ts";
import { ApiError, badRequest, validationError } from "../errors.ts";
import { type LaunchClaims, LTI, launchClaims } from "./claims.ts";
import { hasDeployment, type Platform, platformById } from "./platforms.ts";

const refused = (message: string) => new ApiError(401, "unauthorized", message);

// One remote key set per platform URL per isolate: jose caches the keys and refetches on an unknown kid.
const keySets = new Map<string, ReturnType<typeof createRemoteJWKSet>>();
function platformKeys(url: string) {
  let set = keySets.get(url);
  if (!set) {
    set = createRemoteJWKSet(new URL(url), { cooldownDuration: 30_000, cacheMaxAge: 10 * 60_000 });
    keySets.set(url, set);
  }
  return set;
}

export interface VerifiedLaunch {
  platform: Platform;
  claims: LaunchClaims;
}

export async function verifyLaunch(db: Db, form: { id_token?: unknown; state?: unknown }): Promise<VerifiedLaunch> {
  if (typeof form.id_token !== "string" || typeof form.state !== "string" || form.state.length > 200)
    throw badRequest("an LTI launch carries id_token and state");
  const now = Date.now();
  const login = await db
    .select()
    .from(ltiLogins)
    .where(and(eq(ltiLogins.state, form.state), gt(ltiLogins.expiresAt, now)))
    .get();
  if (!login) throw refused("unknown or expired state: start the launch from the LMS again");
  const platform = await platformById(db, login.platformId);
  if (!platform) throw refused("the platform of this launch is no longer registered");

  let payload: Record<string, unknown>;
  try {
    ({ payload } = await jwtVerify(form.id_token, platformKeys(platform.jwksUrl), {
      issuer: platform.issuer,
      audience: platform.clientId,
      algorithms: ["RS256", "RS384", "RS512", "ES256", "PS256"],
      requiredClaims: ["exp", "iat", "nonce", "sub"],
      clockTolerance: 60,
      maxTokenAge: "10m",
    }));
  } catch (e) {
    if (e instanceof errors.JWTExpired) throw refused("the id_token has expired");
    if (e instanceof errors.JWSSignatureVerificationFailed || e instanceof errors.JWKSNoMatchingKey)
      throw refused("the id_token's signature does not verify against the platform's keys");
    if (e instanceof errors.JWTClaimValidationFailed) throw refused(`the id_token's ${e.claim} is wrong`);
    throw refused("the id_token is not a valid signed JWT");
  }
  // azp: required when aud has several values, and must then be us (Security Framework §5.1.3 step 4–5).
  const aud = payload.aud;
  if ((Array.isArray(aud) && aud.length > 1) || payload.azp !== undefined) {
    if (payload.azp !== platform.clientId) throw refused("the id_token's azp is not this tool");
  }
  if (payload.nonce !== login.nonce) throw refused("the nonce does not belong to this login");
  // Spent once: the first launch wins; a replay of the same state/nonce finds used_at set.
  const spent = await db
    .update(ltiLogins)
    .set({ usedAt: now })
    .where(and(eq(ltiLogins.state, login.state), isNull(ltiLogins.usedAt)))
    .returning({ state: ltiLogins.state });
  if (!spent.length) throw refused("this launch was already used (replayed nonce)");

  const parsed = launchClaims.safeParse(payload);
  if (!parsed.success) throw validationError(parsed.error, "LTI launch claims");
  const claims = parsed.data;
  if (!(await hasDeployment(db, platform.id, claims[`${LTI}deployment_id`] as string)))
    throw refused("this deployment is not registered with QuickQuiz");
  return { platform, claims };
}

/** For logs: what a refused token claimed, never trusted. */
export function unverifiedIssuer(token: string): string | undefined {
  try {
    const iss = decodeJwt(token).iss;
    return typeof iss === "string" ? iss : undefined;
  } catch {
    return undefined;
  }
}
