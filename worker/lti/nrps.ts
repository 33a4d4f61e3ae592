// LTI Names and Role Provisioning Services 2.0: the course roster, read with the platform's
// context_memberships_url (application/vnd.ims.lti-nrps.v2.membershipcontainer+json), following
// `Link: <…>; rel="next"` pages. Learners become QuickQuiz students linked to their `user_id`, so
// the teacher's Students page lists the class before anyone has launched.
import { and, eq } from "drizzle-orm";
import { z } from "zod";
import { ltiLinks, ltiRoster, ltiUsers, users } from "../../schema/db.ts";
import type { Db } from "../db.ts";
import type { Env } from "../env.ts";
import { roleOf } from "./claims.ts";
import { platformById } from "./platforms.ts";
import { NRPS_SCOPE, ServiceError, serviceToken } from "./service-token.ts";

const member = z
  .object({
    user_id: z.string().min(1).max(255),
    roles: z.array(z.string()),
    status: z.string().optional(),
    name: z.string().max(200).optional(),
    given_name: z.string().max(200).optional(),
    family_name: z.string().max(200).optional(),
  })
  .loose();
const container = z.object({ members: z.array(member) }).loose();
export type Member = z.infer<typeof member>;

const MAX_PAGES = 20;

function nextLink(header: string | null): string | null {
  const m = header?.match(/<([^>]+)>\s*;\s*rel="?next"?/);
  return m ? m[1] : null;
}

export async function fetchRoster(env: Env, db: Db, gameId: string): Promise<Member[]> {
  const link = await db.select().from(ltiLinks).where(eq(ltiLinks.gameId, gameId)).get();
  if (!link?.membershipsUrl) return [];
  const platform = await platformById(db, link.platformId);
  if (!platform) return [];
  const token = await serviceToken(env, platform, [NRPS_SCOPE]);
  const members: Member[] = [];
  let url: string | null = link.membershipsUrl;
  for (let page = 0; url && page < MAX_PAGES; page++) {
    const res: Response = await fetch(url, {
      headers: { authorization: `Bearer ${token}`, accept: "application/vnd.ims.lti-nrps.v2.membershipcontainer+json" },
    });
    if (!res.ok) throw new ServiceError(`memberships answered ${res.status}`);
    const body = container.safeParse(await res.json().catch(() => null));
    if (!body.success) throw new ServiceError("memberships sent no members");
    members.push(...body.data.members);
    url = nextLink(res.headers.get("link"));
  }
  return members;
}

/** Active learners of the roster as QuickQuiz students (made or found by their platform user id). */
export async function syncRoster(env: Env, db: Db, gameId: string) {
  const link = await db.select().from(ltiLinks).where(eq(ltiLinks.gameId, gameId)).get();
  if (!link) return [];
  const members = (await fetchRoster(env, db, gameId)).filter(
    (m) => (m.status ?? "Active") === "Active" && roleOf(m.roles) === "student",
  );
  const out: { userId: string; name: string; sub: string }[] = [];
  for (const m of members) {
    const name = (m.name?.trim() || [m.given_name, m.family_name].filter(Boolean).join(" ").trim() || "Student").slice(
      0,
      60,
    );
    const known = await db
      .select({ userId: ltiUsers.userId })
      .from(ltiUsers)
      .where(and(eq(ltiUsers.platformId, link.platformId), eq(ltiUsers.sub, m.user_id)))
      .get();
    if (known) {
      out.push({ userId: known.userId, name, sub: m.user_id });
      continue;
    }
    const id = crypto.randomUUID();
    await db.batch([
      db.insert(users).values({
        id,
        email: `lti-${id}@lti.invalid`,
        name,
        role: "student",
        passwordHash: "!",
        createdAt: Date.now(),
      }),
      db.insert(ltiUsers).values({ platformId: link.platformId, sub: m.user_id, userId: id }).onConflictDoNothing(),
    ]);
    out.push({ userId: id, name, sub: m.user_id });
  }
  // The roster is the teacher's students from now on (their Students page), played or not.
  const now = Date.now();
  for (const m of out)
    await db
      .insert(ltiRoster)
      .values({ gameId, userId: m.userId, name: m.name, importedAt: now })
      .onConflictDoUpdate({ target: [ltiRoster.gameId, ltiRoster.userId], set: { name: m.name } });
  return out;
}
