// What a verified launch leads to. A resource link that Deep Linking placed names its game in the
// custom claim: the launch records the gradebook column (AGS lineitem) and roster URL (NRPS) the
// platform sent, then sends a teacher to the assignment's progress page and seats a student in the
// homework under their LMS name (they never type a nickname). A Deep Linking request is for
// teachers only: it opens the picker.
import { and, eq } from "drizzle-orm";
import { games, ltiLinks } from "../../schema/db.ts";
import type { PublicUser } from "../../schema/auth.ts";
import { signPlayer } from "../../rooms/kit/player-token.ts";
import type { Db } from "../db.ts";
import type { Env } from "../env.ts";
import { ApiError, forbidden, notFound } from "../errors.ts";
import { assignmentStub } from "../games/codes.ts";
import { AGS_CLAIM, type LaunchClaims, LTI, NRPS_CLAIM } from "./claims.ts";
import { deepLinkContext } from "./deep-linking.ts";
import type { Platform } from "./platforms.ts";

export type Handoff = Record<string, unknown> & { next: string };

export async function afterLaunch(
  env: Env,
  db: Db,
  platform: Platform,
  claims: LaunchClaims,
  user: PublicUser,
): Promise<Handoff> {
  if (claims[`${LTI}message_type`] === "LtiDeepLinkingRequest") {
    if (user.role === "student") throw forbidden("only a course's instructors can add QuickQuiz activities");
    return { next: "/lti/pick", deepLink: await deepLinkContext(env, user.id, platform, claims) };
  }
  const custom = (claims[`${LTI}custom`] ?? {}) as Record<string, unknown>;
  if (typeof custom.qq_live_quiz === "string")
    return user.role === "student" ? { next: "/" } : { next: `/quizzes/${encodeURIComponent(custom.qq_live_quiz)}` };
  if (typeof custom.qq_game !== "string") throw notFound("this link names no QuickQuiz activity");
  const game = await db
    .select({ id: games.id, code: games.code, kind: games.kind })
    .from(games)
    .where(and(eq(games.id, custom.qq_game), eq(games.kind, "assignment")))
    .get();
  if (!game) throw notFound("this homework no longer exists");
  await recordLink(db, platform, game.id, claims);
  if (user.role !== "student") return { next: `/assignments/${game.code}` };
  return { next: `/${game.code}`, assignment: await seatStudent(env, game.code, user) };
}

/** The platform's service URLs for this placement; a link placed from another platform is never taken over. */
async function recordLink(db: Db, platform: Platform, gameId: string, claims: LaunchClaims) {
  const ags = claims[AGS_CLAIM] as { lineitem?: string } | undefined;
  const nrps = claims[NRPS_CLAIM] as { context_memberships_url: string } | undefined;
  const context = claims[`${LTI}context`] as { id: string } | undefined;
  const values = {
    gameId,
    platformId: platform.id,
    lineItem: ags?.lineitem ?? null,
    membershipsUrl: nrps?.context_memberships_url ?? null,
    contextId: context?.id ?? null,
  };
  const existing = await db.select().from(ltiLinks).where(eq(ltiLinks.gameId, gameId)).get();
  if (existing && existing.platformId !== platform.id) throw forbidden("this homework belongs to another LMS");
  await db
    .insert(ltiLinks)
    .values(values)
    .onConflictDoUpdate({
      target: ltiLinks.gameId,
      set: {
        lineItem: values.lineItem ?? existing?.lineItem ?? null,
        membershipsUrl: values.membershipsUrl ?? existing?.membershipsUrl ?? null,
        contextId: values.contextId ?? existing?.contextId ?? null,
      },
    });
}

/**
 * The student's seat, named from the launch: their earlier seat again (found by user id), else a
 * new one; a name another student holds gets a number ("Ann Lee 2").
 */
async function seatStudent(env: Env, code: string, user: PublicUser): Promise<{ code: string; token: string }> {
  const stub = assignmentStub(env, code);
  for (let n = 1; n <= 20; n++) {
    const nickname = n === 1 ? user.name : `${user.name.slice(0, 26)} ${n}`;
    const res = await stub.start({
      nickname,
      userId: user.id,
      userRole: user.role,
      participantId: null,
      startKey: null,
    });
    if (res.ok) {
      const token = await signPlayer(env.JWT_SECRET, { playerId: res.participantId, gameId: res.gameId, code });
      return { code, token };
    }
    if (res.code !== "nickname_taken") throw new ApiError(res.status, "conflict", res.message);
  }
  throw new ApiError(409, "conflict", "could not find a free name in this homework");
}
