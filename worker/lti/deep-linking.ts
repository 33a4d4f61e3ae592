// LTI Deep Linking 2.0: a teacher launched from the LMS's "add activity" picks one of their quizzes
// as homework (settings and deadline) or as a live game link. The LMS's request context travels to
// the picker as a short-lived token of our own (HS256, bound to the teacher), and the answer goes
// back as the LtiDeepLinkingResponse JWT, signed with the tool's key, in the `JWT` form field: one
// ltiResourceLink whose lineItem makes the LMS create the gradebook column.
import { jwtVerify, SignJWT } from "jose";
import { z } from "zod";
import { assignmentSettings } from "../../schema/assignment.ts";
import { ltiLinks } from "../../schema/db.ts";
import type { CurrentUser } from "../app-env.ts";
import { assignQuiz } from "../assignments/assign.ts";
import type { Db } from "../db.ts";
import type { Env } from "../env.ts";
import { ApiError, forbidden, unauthorized } from "../errors.ts";
import { loadPlayableQuiz } from "../games/host.ts";
import { DL, type LaunchClaims, LTI } from "./claims.ts";
import { signingKey, toolKeys } from "./keys.ts";
import { platformById, type Platform } from "./platforms.ts";

const CONTEXT_TTL_S = 60 * 60;
const dlContext = z.object({
  userId: z.string(),
  platformId: z.string(),
  deploymentId: z.string(),
  returnUrl: z.url(),
  data: z.string().optional(),
});
type DlContext = z.infer<typeof dlContext>;

const secretKey = (env: Env) => new TextEncoder().encode(`lti-dl:${env.JWT_SECRET}`);

export async function deepLinkContext(env: Env, userId: string, platform: Platform, claims: LaunchClaims) {
  const settings = claims[`${DL}deep_linking_settings`] as { deep_link_return_url: string; data?: string } | undefined;
  if (!settings) throw new ApiError(400, "bad_request", "a deep linking request carries deep_linking_settings");
  const ctx: DlContext = {
    userId,
    platformId: platform.id,
    deploymentId: claims[`${LTI}deployment_id`] as string,
    returnUrl: settings.deep_link_return_url,
    data: settings.data,
  };
  return new SignJWT(ctx)
    .setProtectedHeader({ alg: "HS256" })
    .setIssuedAt()
    .setExpirationTime(`${CONTEXT_TTL_S}s`)
    .sign(secretKey(env));
}

export const deepLinkPick = z.discriminatedUnion("kind", [
  z.strictObject({
    context: z.string().max(4000),
    kind: z.literal("assignment"),
    quizId: z.string().min(1).max(64),
    settings: assignmentSettings,
  }),
  z.strictObject({ context: z.string().max(4000), kind: z.literal("live"), quizId: z.string().min(1).max(64) }),
]);
export type DeepLinkPick = z.infer<typeof deepLinkPick>;

/** The teacher's pick, answered with where to POST and the signed JWT (the page auto-submits the form). */
export async function answerDeepLink(
  env: Env,
  db: Db,
  user: CurrentUser,
  origin: string,
  pick: DeepLinkPick,
): Promise<{ returnUrl: string; jwt: string; code?: string }> {
  let ctx: DlContext;
  try {
    ctx = dlContext.parse((await jwtVerify(pick.context, secretKey(env), { algorithms: ["HS256"] })).payload);
  } catch {
    throw unauthorized("the deep linking request has expired: start again from the LMS");
  }
  if (ctx.userId !== user.id) throw forbidden("this deep linking request belongs to someone else");
  const platform = await platformById(db, ctx.platformId);
  if (!platform) throw forbidden("the platform is no longer registered");

  let item: Record<string, unknown>;
  let code: string | undefined;
  if (pick.kind === "assignment") {
    const made = await assignQuiz(env, db, user, pick.quizId, pick.settings);
    code = made.code;
    const { quiz, questions } = await loadPlayableQuiz(db, user, pick.quizId);
    await db
      .insert(ltiLinks)
      .values({ gameId: made.gameId, platformId: platform.id, lineItem: null, membershipsUrl: null, contextId: null })
      .onConflictDoNothing();
    item = {
      type: "ltiResourceLink",
      title: quiz.title,
      url: `${origin}/lti/launch`,
      custom: { qq_game: made.gameId, qq_code: made.code },
      lineItem: { scoreMaximum: questions.length, label: quiz.title, resourceId: made.gameId, tag: "quickquiz" },
      submission: { endDateTime: new Date(pick.settings.deadline).toISOString() },
      // QuickQuiz's pages refuse framing: ask the LMS for a window of its own.
      window: { targetName: "quickquiz" },
    };
  } else {
    const { quiz } = await loadPlayableQuiz(db, user, pick.quizId);
    item = {
      type: "ltiResourceLink",
      title: `${quiz.title} (live)`,
      url: `${origin}/lti/launch`,
      custom: { qq_live_quiz: quiz.id },
      window: { targetName: "quickquiz" },
    };
  }
  const { key, kid } = await signingKey(toolKeys(env));
  const jwt = await new SignJWT({
    nonce: crypto.randomUUID(),
    [`${LTI}message_type`]: "LtiDeepLinkingResponse",
    [`${LTI}version`]: "1.3.0",
    [`${LTI}deployment_id`]: ctx.deploymentId,
    [`${DL}content_items`]: [item],
    ...(ctx.data !== undefined ? { [`${DL}data`]: ctx.data } : {}),
  })
    .setProtectedHeader({ alg: "RS256", kid, typ: "JWT" })
    .setIssuer(platform.clientId)
    .setAudience(platform.issuer)
    .setIssuedAt()
    .setExpirationTime("5m")
    .sign(key);
  return { returnUrl: ctx.returnUrl, jwt, code };
}
