// The admin console's reads and writes: every user, quiz and game, newest first, with keyset pages.
import { and, desc, eq, isNotNull, or, sql, type SQL, type SQLWrapper } from "drizzle-orm";
import type {
  AdminGamePage,
  AdminGameQuery,
  AdminQuizPage,
  AdminQuizQuery,
  AdminUserPage,
  AdminUserQuery,
  AdminUserPatch,
} from "../../schema/admin.ts";
import { games, quizzes, users } from "../../schema/db.ts";
import { pageOf, requireCursor, rowPosition } from "../logs/cursor.ts";
import { caseVariants, likePattern } from "../quizzes/store.ts";
import { gameSummary } from "../reports/build.ts";
import { listedGameColumns } from "../reports/store.ts";
import { type Db, olderThan } from "../db.ts";

/** Any of `fields` contains the text (in its common capitalisations: SQLite folds ASCII only). */
function matches(text: string, fields: SQLWrapper[]): SQL {
  return or(...caseVariants(text).flatMap((v) => fields.map((f) => sql`${f} LIKE ${likePattern(v)} ESCAPE '\\'`)))!;
}

/** Strictly after the cursor's (time, id) in newest-first order. */
function after(time: SQLWrapper, id: SQLWrapper, cursor: string | undefined): SQL | undefined {
  return cursor ? olderThan(time, id, requireCursor(rowPosition, cursor)) : undefined;
}

export async function listUsers(db: Db, q: AdminUserQuery): Promise<AdminUserPage> {
  const where: (SQL | undefined)[] = [after(users.createdAt, users.id, q.cursor)];
  if (q.q) where.push(matches(q.q, [users.email, users.name]));
  if (q.role) where.push(eq(users.role, q.role));
  if (q.status) where.push(eq(users.disabled, q.status === "disabled"));
  const rows = await db
    .select({
      id: users.id,
      email: users.email,
      name: users.name,
      role: users.role,
      disabled: users.disabled,
      createdAt: users.createdAt,
    })
    .from(users)
    .where(and(...where))
    .orderBy(desc(users.createdAt), desc(users.id))
    .limit(q.limit + 1);
  return pageOf(rows, q.limit, (u) => [u.createdAt, u.id]);
}

export type UserRow = typeof users.$inferSelect;

export async function findUser(db: Db, id: string): Promise<UserRow | undefined> {
  return db.select().from(users).where(eq(users.id, id)).get();
}

/** Disabling also ends every session the user has (re-enabling does not bring them back). */
export async function patchUser(db: Db, id: string, patch: AdminUserPatch, now = Date.now()): Promise<void> {
  await db
    .update(users)
    .set({
      ...(patch.role ? { role: patch.role } : {}),
      ...(patch.disabled !== undefined ? { disabled: patch.disabled } : {}),
      ...(patch.disabled ? { sessionsValidAfter: now } : {}),
    })
    .where(eq(users.id, id));
}

export async function listQuizzes(db: Db, q: AdminQuizQuery): Promise<AdminQuizPage> {
  const where: (SQL | undefined)[] = [after(quizzes.updatedAt, quizzes.id, q.cursor)];
  if (q.q) where.push(matches(q.q, [quizzes.title, users.name, users.email]));
  if (q.visibility) where.push(eq(quizzes.visibility, q.visibility));
  const rows = await db
    .select({
      id: quizzes.id,
      title: quizzes.title,
      visibility: quizzes.visibility,
      questionCount: quizzes.questionCount,
      ownerId: quizzes.ownerId,
      ownerName: users.name,
      ownerEmail: users.email,
      updatedAt: quizzes.updatedAt,
      unpublishedReason: quizzes.unpublishedReason,
    })
    .from(quizzes)
    .innerJoin(users, eq(users.id, quizzes.ownerId))
    .where(and(...where))
    .orderBy(desc(quizzes.updatedAt), desc(quizzes.id))
    .limit(q.limit + 1);
  return pageOf(rows, q.limit, (r) => [r.updatedAt, r.id]);
}

/**
 * Public → private, with the reason its owner is shown (and which keeps it private until an admin
 * allows republishing); returns false when the quiz was not public (nothing changed). Its updatedAt
 * stays: the owner did not edit it.
 */
export async function unpublishQuiz(db: Db, id: string, reason: string): Promise<boolean> {
  const changed = await db
    .update(quizzes)
    .set({ visibility: "private", unpublishedReason: reason })
    .where(and(eq(quizzes.id, id), eq(quizzes.visibility, "public")))
    .returning({ id: quizzes.id });
  return changed.length > 0;
}

/** Lets the owner publish an unpublished quiz again; false when nothing held it. */
export async function allowRepublishing(db: Db, id: string): Promise<boolean> {
  const changed = await db
    .update(quizzes)
    .set({ unpublishedReason: null })
    .where(and(eq(quizzes.id, id), isNotNull(quizzes.unpublishedReason)))
    .returning({ id: quizzes.id });
  return changed.length > 0;
}

export async function listGames(db: Db, q: AdminGameQuery): Promise<AdminGamePage> {
  const where: (SQL | undefined)[] = [after(games.createdAt, games.id, q.cursor)];
  if (q.q) where.push(or(matches(q.q, [games.title, users.name, users.email]), eq(games.code, q.q.toUpperCase())));
  if (q.status) where.push(eq(games.status, q.status));
  const rows = await db
    .select({ ...listedGameColumns, hostId: games.hostId, hostEmail: users.email })
    .from(games)
    .innerJoin(users, eq(users.id, games.hostId))
    .where(and(...where))
    .orderBy(desc(games.createdAt), desc(games.id))
    .limit(q.limit + 1);
  const result = pageOf(rows, q.limit, (g) => [g.createdAt, g.id]);
  return {
    ...result,
    items: result.items.map((r) => ({
      ...gameSummary(r),
      hostId: r.hostId,
      hostName: r.hostName,
      hostEmail: r.hostEmail,
    })),
  };
}
