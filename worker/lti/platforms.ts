// The platforms (LMSs) registered with QuickQuiz and their deployments: written by Dynamic
// Registration (registration.ts) or by an admin (manual), read by every launch.
import { and, eq } from "drizzle-orm";
import { z } from "zod";
import { ltiDeployments, ltiPlatforms } from "../../schema/db.ts";
import type { Db } from "../db.ts";

export type Platform = typeof ltiPlatforms.$inferSelect;

const url = z.url({ protocol: /^https?$/ }).max(2000);
export const manualPlatform = z.object({
  name: z.string().trim().min(1).max(200),
  issuer: url,
  clientId: z.string().trim().min(1).max(500),
  authEndpoint: url,
  tokenEndpoint: url,
  jwksUrl: url,
  deploymentIds: z.array(z.string().trim().min(1).max(500)).max(50),
});
export type ManualPlatform = z.infer<typeof manualPlatform>;

/** Registers (or updates, same issuer and client id) a platform and adds its deployments. */
export async function savePlatform(
  db: Db,
  p: ManualPlatform,
  registeredBy: Platform["registeredBy"],
): Promise<Platform> {
  const existing = await db
    .select()
    .from(ltiPlatforms)
    .where(and(eq(ltiPlatforms.issuer, p.issuer), eq(ltiPlatforms.clientId, p.clientId)))
    .get();
  const row: Platform = {
    id: existing?.id ?? crypto.randomUUID(),
    issuer: p.issuer,
    clientId: p.clientId,
    name: p.name,
    authEndpoint: p.authEndpoint,
    tokenEndpoint: p.tokenEndpoint,
    jwksUrl: p.jwksUrl,
    registeredBy,
    createdAt: existing?.createdAt ?? Date.now(),
  };
  await db.batch([
    db.insert(ltiPlatforms).values(row).onConflictDoUpdate({ target: ltiPlatforms.id, set: row }),
    ...p.deploymentIds.map((d) =>
      db.insert(ltiDeployments).values({ platformId: row.id, deploymentId: d }).onConflictDoNothing(),
    ),
  ]);
  return row;
}

/** The platform of a login or launch: by issuer, and by client id when the message names one. */
export async function findPlatform(db: Db, issuer: string, clientId?: string): Promise<Platform | undefined> {
  const rows = await db.select().from(ltiPlatforms).where(eq(ltiPlatforms.issuer, issuer)).all();
  if (clientId) return rows.find((r) => r.clientId === clientId);
  // Without a client id an issuer must be unambiguous.
  return rows.length === 1 ? rows[0] : undefined;
}

export async function platformById(db: Db, id: string): Promise<Platform | undefined> {
  return db.select().from(ltiPlatforms).where(eq(ltiPlatforms.id, id)).get();
}

export async function hasDeployment(db: Db, platformId: string, deploymentId: string): Promise<boolean> {
  const row = await db
    .select({ d: ltiDeployments.deploymentId })
    .from(ltiDeployments)
    .where(and(eq(ltiDeployments.platformId, platformId), eq(ltiDeployments.deploymentId, deploymentId)))
    .get();
  return row !== undefined;
}

/** For the admin console: every platform with its deployment ids. */
export async function listPlatforms(db: Db) {
  const [platforms, deployments] = await Promise.all([
    db.select().from(ltiPlatforms).orderBy(ltiPlatforms.createdAt).all(),
    db.select().from(ltiDeployments).all(),
  ]);
  return platforms.map((p) => ({
    ...p,
    deploymentIds: deployments.filter((d) => d.platformId === p.id).map((d) => d.deploymentId),
  }));
}
