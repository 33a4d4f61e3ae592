// One-time password-reset links (no mail server: an admin hands the link over). Only the SHA-256
// of a token is stored, so a copy of the database opens no account; a link works once, until it
// expires, and only while it is the user's newest.
import { and, eq, gt, isNull, or, lt } from "drizzle-orm";
import { RESET_LINK_TTL_MS, type ResetLink } from "../../schema/accounts.ts";
import { passwordResets, users } from "../../schema/db.ts";
import type { Db } from "../db.ts";

function base64url(bytes: Uint8Array): string {
  let s = "";
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

export async function tokenHash(token: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(token)));
  return Array.from(digest, (b) => b.toString(16).padStart(2, "0")).join("");
}

/** A new link for `userId`; any earlier unused link of theirs stops working. */
export async function issueResetLink(
  db: Db,
  userId: string,
  adminId: string,
  origin: string,
  now = Date.now(),
): Promise<ResetLink> {
  const token = base64url(crypto.getRandomValues(new Uint8Array(32)));
  const expiresAt = now + RESET_LINK_TTL_MS;
  const d = db;
  await d.batch([
    // The user's older links, and anyone's long-expired ones.
    d
      .delete(passwordResets)
      .where(or(eq(passwordResets.userId, userId), lt(passwordResets.expiresAt, now - RESET_LINK_TTL_MS))),
    d
      .insert(passwordResets)
      .values({ tokenHash: await tokenHash(token), userId, createdBy: adminId, createdAt: now, expiresAt }),
  ]);
  return { url: `${origin}/reset#${token}`, expiresAt };
}

/**
 * Uses up a link: the user whose password may now be set, or null when the link is unknown, used,
 * expired, or its user is disabled. Claimed with one conditional update, so two uses racing cannot both win.
 */
export async function consumeResetLink(db: Db, token: string, now = Date.now()): Promise<string | null> {
  const d = db;
  const hash = await tokenHash(token);
  const usable = and(
    eq(passwordResets.tokenHash, hash),
    isNull(passwordResets.usedAt),
    gt(passwordResets.expiresAt, now),
  );
  const row = await d
    .select({ userId: passwordResets.userId })
    .from(passwordResets)
    .innerJoin(users, eq(users.id, passwordResets.userId))
    .where(and(usable, eq(users.disabled, false)))
    .get();
  if (!row) return null;
  const claimed = await d
    .update(passwordResets)
    .set({ usedAt: now })
    .where(usable)
    .returning({ userId: passwordResets.userId });
  return claimed.length ? row.userId : null;
}

/** A new password: every session signed before now stops working. */
export async function setPassword(db: Db, userId: string, passwordHash: string, now = Date.now()): Promise<void> {
  await db.update(users).set({ passwordHash, sessionsValidAfter: now }).where(eq(users.id, userId));
}
