// Quizzes in D1: the rows, their tags, the catalog query, and who may see or change what.
import { and, desc, eq, exists, or, sql, type SQL } from "drizzle-orm";
import { quizTags, quizzes, users } from "../../schema/db.ts";
import type { Quiz } from "../../schema/quiz.ts";
import type { CatalogQuery, QuizSummary, StoredQuiz } from "../../schema/catalog.ts";
import type { CurrentUser } from "../app-env.ts";
import { type Db, olderThan } from "../db.ts";
import { pageOf, type rowPosition } from "../logs/cursor.ts";
import { quizMediaStatements } from "../media/refs.ts";
import { checkQuota, questionBytes } from "../quotas.ts";
import type { z } from "zod";

type CatalogPosition = z.infer<typeof rowPosition>;

type QuizRow = typeof quizzes.$inferSelect;

/** The owner and admins may change a quiz. */
export function canEdit(user: Pick<CurrentUser, "id" | "role">, quiz: { ownerId: string }): boolean {
  return user.role === "admin" || quiz.ownerId === user.id;
}

/** Public and unlisted quizzes are readable by id by anyone logged in; private ones by the owner (and admins). */
export function canRead(
  user: Pick<CurrentUser, "id" | "role">,
  quiz: { ownerId: string; visibility: string },
): boolean {
  return quiz.visibility !== "private" || canEdit(user, quiz);
}

/** Every question gets a stable id (the editor reorders by it; the room keys answers by it). */
function withQuestionIds(questions: Quiz["questions"]): Quiz["questions"] {
  const seen = new Set<string>();
  return questions.map((q) => {
    let id = q.id;
    while (!id || seen.has(id)) id = crypto.randomUUID().slice(0, 8);
    seen.add(id);
    return { ...q, id };
  });
}

/** Tags come back sorted: the table keeps no order, so the same quiz always reads the same. */
const sortedTags = (tags: string[]) => [...tags].sort();

const tagsOf = sql<string>`(SELECT json_group_array(${quizTags.tag}) FROM ${quizTags} WHERE ${quizTags.quizId} = ${quizzes.id})`;

function toStored(row: QuizRow, ownerName: string, tags: string[]): StoredQuiz {
  return {
    id: row.id,
    ownerId: row.ownerId,
    ownerName,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    title: row.title,
    description: row.description,
    tags: sortedTags(tags),
    language: row.language,
    visibility: row.visibility,
    ...(row.cover ? { cover: row.cover } : {}),
    questions: row.questions,
    ...(row.unpublishedReason !== null ? { unpublishedReason: row.unpublishedReason } : {}),
  };
}

export async function getQuiz(db: Db, id: string): Promise<StoredQuiz | null> {
  const row = await db
    .select({ quiz: quizzes, ownerName: users.name, tags: tagsOf })
    .from(quizzes)
    .innerJoin(users, eq(users.id, quizzes.ownerId))
    .where(eq(quizzes.id, id))
    .get();
  return row ? toStored(row.quiz, row.ownerName, JSON.parse(row.tags) as string[]) : null;
}

function tagRows(quizId: string, tags: string[]) {
  return tags.map((tag) => ({ quizId, tag }));
}

/** `unpublishedReason`: a copy of an unpublished quiz stays held as its source is (no way around the admin). */
export async function insertQuiz(
  db: Db,
  owner: Pick<CurrentUser, "id" | "name">,
  quiz: Quiz,
  unpublishedReason: string | null = null,
): Promise<StoredQuiz> {
  const questions = withQuestionIds(quiz.questions);
  await checkQuota(db, "quizzes", owner.id);
  await checkQuota(db, "quizBytes", owner.id, { adding: questionBytes(questions) });
  const now = Date.now();
  const row: QuizRow = {
    id: crypto.randomUUID(),
    ownerId: owner.id,
    title: quiz.title,
    description: quiz.description,
    language: quiz.language,
    visibility: quiz.visibility,
    questions,
    questionCount: quiz.questions.length,
    createdAt: now,
    updatedAt: now,
    cover: quiz.cover ?? null,
    unpublishedReason,
  };
  const tags = tagRows(row.id, quiz.tags);
  await db.batch([
    db.insert(quizzes).values(row),
    ...(tags.length ? [db.insert(quizTags).values(tags)] : []),
    ...quizMediaStatements(db, row.id, quiz, false),
  ]);
  return toStored(row, owner.name, quiz.tags);
}

/** Replaces the quiz's content; the id, owner and creation time stay. */
export async function replaceQuiz(db: Db, existing: StoredQuiz, quiz: Quiz): Promise<StoredQuiz> {
  // Strictly later than before, so the catalog's newest-first order and cursors see the change.
  const updatedAt = Math.max(Date.now(), existing.updatedAt + 1);
  const questions = withQuestionIds(quiz.questions);
  await checkQuota(db, "quizBytes", existing.ownerId, { adding: questionBytes(questions), replacing: existing.id });
  const tags = tagRows(existing.id, quiz.tags);
  await db.batch([
    db
      .update(quizzes)
      .set({
        title: quiz.title,
        description: quiz.description,
        language: quiz.language,
        visibility: quiz.visibility,
        questions,
        questionCount: questions.length,
        updatedAt,
        cover: quiz.cover ?? null,
      })
      .where(eq(quizzes.id, existing.id)),
    db.delete(quizTags).where(eq(quizTags.quizId, existing.id)),
    ...(tags.length ? [db.insert(quizTags).values(tags)] : []),
    ...quizMediaStatements(db, existing.id, quiz, true),
  ]);
  const { cover: _old, ...kept } = existing;
  return { ...kept, ...quiz, tags: sortedTags(quiz.tags), questions, updatedAt };
}

export async function deleteQuiz(db: Db, id: string): Promise<void> {
  // quiz_tags rows go with it (ON DELETE CASCADE); past games keep their snapshot (SET NULL).
  await db.delete(quizzes).where(eq(quizzes.id, id));
}

/** D1 refuses a LIKE pattern over 50 bytes ("LIKE or GLOB pattern too complex"). */
export const LIKE_PATTERN_MAX_BYTES = 50;
const utf8 = new TextEncoder();

/**
 * `%` and `_` typed by the user match themselves, not any text. A query too long for D1's pattern
 * limit is cut to its longest start that fits (whole characters, escapes kept whole): the search
 * then finds everything containing that start, a few more rows rather than an error.
 */
export function likePattern(text: string): string {
  let body = "";
  let bytes = 2; // the two %
  for (const ch of text) {
    const piece = /[\\%_]/.test(ch) ? `\\${ch}` : ch;
    const size = utf8.encode(piece).length;
    if (bytes + size > LIKE_PATTERN_MAX_BYTES) break;
    body += piece;
    bytes += size;
  }
  return `%${body}%`;
}

/**
 * SQLite's LIKE ignores case for ASCII letters only, so "русская" would miss "Русская литература".
 * Searching the common spellings of the query (as typed, lower, upper, capitalised) covers what
 * people type without a column of folded text.
 */
export function caseVariants(text: string): string[] {
  const lower = text.toLowerCase();
  return [...new Set([text, lower, text.toUpperCase(), lower.charAt(0).toUpperCase() + lower.slice(1)])];
}

export async function listQuizzes(
  db: Db,
  user: Pick<CurrentUser, "id">,
  query: Omit<CatalogQuery, "cursor">,
  after: CatalogPosition | null,
): Promise<{ items: QuizSummary[]; nextCursor: string | null }> {
  const where: (SQL | undefined)[] = [
    query.scope === "mine" ? eq(quizzes.ownerId, user.id) : eq(quizzes.visibility, "public"),
  ];
  if (query.q) {
    const matches = caseVariants(query.q).flatMap((variant) => {
      const pattern = likePattern(variant);
      return [
        sql`${quizzes.title} LIKE ${pattern} ESCAPE '\\'`,
        sql`${quizzes.description} LIKE ${pattern} ESCAPE '\\'`,
      ];
    });
    where.push(or(...matches));
  }
  if (query.tag) {
    where.push(
      exists(
        db
          .select({ one: sql`1` })
          .from(quizTags)
          .where(and(eq(quizTags.quizId, quizzes.id), eq(quizTags.tag, query.tag))),
      ),
    );
  }
  if (after) {
    where.push(olderThan(quizzes.updatedAt, quizzes.id, after));
  }
  const rows = await db
    .select({
      id: quizzes.id,
      title: quizzes.title,
      description: quizzes.description,
      tags: tagsOf,
      language: quizzes.language,
      visibility: quizzes.visibility,
      cover: quizzes.cover,
      questionCount: quizzes.questionCount,
      ownerId: quizzes.ownerId,
      ownerName: users.name,
      updatedAt: quizzes.updatedAt,
      unpublishedReason: quizzes.unpublishedReason,
    })
    .from(quizzes)
    .innerJoin(users, eq(users.id, quizzes.ownerId))
    .where(and(...where))
    .orderBy(desc(quizzes.updatedAt), desc(quizzes.id))
    // One more than asked tells whether another page exists.
    .limit(query.limit + 1)
    .all();
  const { items, nextCursor } = pageOf(rows, query.limit, (r) => [r.updatedAt, r.id]);
  return {
    items: items.map(({ cover, unpublishedReason, ...r }) => ({
      ...r,
      ...(cover ? { cover } : {}),
      ...(unpublishedReason !== null ? { unpublishedReason } : {}),
      tags: sortedTags(JSON.parse(r.tags) as string[]),
    })),
    nextCursor,
  };
}
