// The QuickQuiz user behind a launch: the platform's `sub` is linked to a users row made on first
// launch (no password: `!` never verifies), named from the launch. Instructors are teachers. The
// session reaches the app by a one-time code the landing page exchanges (no cookie has to survive
// the cross-site form post into the LMS iframe).
import { and, eq, lt } from "drizzle-orm";
import { ltiHandoffs, ltiUsers, users } from "../../schema/db.ts";
import type { PublicUser } from "../../schema/auth.ts";
import type { Db } from "../db.ts";
import { toPublicUser } from "../auth/users.ts";
import { type LaunchClaims, LTI, displayName, roleOf } from "./claims.ts";
import type { Platform } from "./platforms.ts";

export const HANDOFF_TTL_MS = 2 * 60_000;

export async function launchedUser(db: Db, platform: Platform, claims: LaunchClaims): Promise<PublicUser> {
  const role = roleOf(claims[`${LTI}roles`] as string[]);
  const name = displayName(claims);
  const link = await db
    .select({ userId: ltiUsers.userId })
    .from(ltiUsers)
    .where(and(eq(ltiUsers.platformId, platform.id), eq(ltiUsers.sub, claims.sub)))
    .get();
  if (link) {
    const row = await db.select().from(users).where(eq(users.id, link.userId)).get();
    if (row) {
      // An instructor now (a TA promoted…) becomes a teacher; a role is never lowered by a launch.
      const next = row.role === "student" && role === "teacher" ? "teacher" : row.role;
      if (next !== row.role || row.name !== name)
        await db.update(users).set({ role: next, name }).where(eq(users.id, row.id));
      return toPublicUser({ ...row, role: next, name });
    }
  }
  const id = crypto.randomUUID();
  // A synthetic address: the platform's email (if any) is never trusted to take over an account.
  const email = `lti-${id}@lti.invalid`;
  await db.batch([
    db.insert(users).values({ id, email, name, role, passwordHash: "!", createdAt: Date.now() }),
    db
      .insert(ltiUsers)
      .values({ platformId: platform.id, sub: claims.sub, userId: id })
      .onConflictDoUpdate({ target: [ltiUsers.platformId, ltiUsers.sub], set: { userId: id } }),
  ]);
  return { id, email, name, role };
}

async function sha256(text: string): Promise<string> {
  const d = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return Array.from(new Uint8Array(d), (b) => b.toString(16).padStart(2, "0")).join("");
}

export async function createHandoff(db: Db, userId: string, payload: Record<string, unknown>): Promise<string> {
  const code = Array.from(crypto.getRandomValues(new Uint8Array(24)), (b) => b.toString(16).padStart(2, "0")).join("");
  const now = Date.now();
  await db.batch([
    db.insert(ltiHandoffs).values({ codeHash: await sha256(code), userId, payload, expiresAt: now + HANDOFF_TTL_MS }),
    db.delete(ltiHandoffs).where(lt(ltiHandoffs.expiresAt, now)),
  ]);
  return code;
}

/** Spends a handoff code once: the first exchange gets it, any other gets null. */
export async function takeHandoff(db: Db, code: string) {
  const rows = await db
    .delete(ltiHandoffs)
    .where(eq(ltiHandoffs.codeHash, await sha256(code)))
    .returning();
  const row = rows[0];
  return row && row.expiresAt > Date.now() ? row : null;
}
