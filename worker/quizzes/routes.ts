// The quiz catalog (docs/product.md §2–3): CRUD, copies, search, and JSON/CSV import and export.
import { Hono } from "hono";
import type { Context } from "hono";
import { z } from "zod";
import { catalogQuery, csvImportOptions, type StoredQuiz } from "../../schema/catalog.ts";
import { LIMITS, type Quiz, type QuizExport } from "../../schema/quiz.ts";
import type { AppEnv } from "../app-env.ts";
import { ApiError, badRequest, forbidden, notFound, validationError } from "../errors.ts";
import { logLater } from "../logs/logger.ts";
import { readJson, validate } from "../validate.ts";
import { currentUser, requireUser } from "../middleware/session.ts";
import { requireCursor, rowPosition } from "../logs/cursor.ts";
import { csvToQuestions } from "./csv.ts";
import { exportText } from "./export-text.ts";
import { exportQuery } from "../../schema/imports.ts";
import { importedQuizWithMath, quizExportWithMath, quizWithMath } from "../math/quiz-math.ts";
import { withAbsoluteMedia, withOwnMediaPaths } from "../media/urls.ts";
import { assertNotSealed } from "./sealed.ts";
import { canEdit, canRead, deleteQuiz, getQuiz, insertQuiz, listQuizzes, replaceQuiz } from "./store.ts";

const idParam = z.object({ id: z.string().min(1).max(64) });

/** Reads a quiz the caller may see; a private quiz of someone else is "not found", never "forbidden". */
async function readable(c: Context<AppEnv>, id: string): Promise<StoredQuiz> {
  const found = await getQuiz(c.var.db, id);
  if (!found || !canRead(currentUser(c), found)) throw notFound("no such quiz");
  return found;
}

/** Like `readable`, with the questions: sealed (423) for players-to-be while a live game plays it (sealed.ts). */
async function readableWithAnswers(c: Context<AppEnv>, id: string): Promise<StoredQuiz> {
  const found = await readable(c, id);
  await assertNotSealed(c.var.db, currentUser(c), found);
  return found;
}

/** Like `readable`, then 403 unless the caller owns it (or is an admin). */
async function editable(c: Context<AppEnv>, id: string): Promise<StoredQuiz> {
  const found = await readable(c, id);
  if (!canEdit(currentUser(c), found)) throw forbidden("only the quiz's owner may change it");
  return found;
}

function quizEvent(c: Context<AppEnv>, type: string, q: StoredQuiz, payload?: Record<string, unknown>) {
  const user = currentUser(c);
  logLater(c.executionCtx, c.env.DB, {
    type,
    actorType: "user",
    actorId: user.id,
    role: user.role,
    quizId: q.id,
    ownerId: q.ownerId,
    payload: { title: q.title, questionCount: q.questions.length, ...payload },
  });
}

/**
 * 403 when the owner would publish a quiz an admin unpublished (public or unlisted) before an admin
 * allowed it again. Admins themselves may: they are the ones who decide.
 */
function assertMayPublish(c: Context<AppEnv>, existing: StoredQuiz, visibility: Quiz["visibility"]): void {
  if (visibility === "private" || existing.unpublishedReason === undefined || currentUser(c).role === "admin") return;
  throw forbidden(
    `an admin unpublished this quiz (${existing.unpublishedReason}): it stays private until an admin allows republishing`,
  );
}

/** The quiz part of a stored quiz: what export writes and what import reads back. */
function content(q: StoredQuiz): Quiz {
  return {
    title: q.title,
    description: q.description,
    tags: q.tags,
    language: q.language,
    visibility: q.visibility,
    ...(q.cover ? { cover: q.cover } : {}),
    questions: q.questions,
  };
}

function attachmentName(title: string, extension = "quickquiz.json"): string {
  const ascii = title
    .normalize("NFKD")
    .replace(/[^A-Za-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .toLowerCase()
    .slice(0, 60);
  // Cut by code points: slicing UTF-16 units could split an emoji, and encodeURIComponent throws on half of one.
  const utf8 = encodeURIComponent(`${Array.from(title).slice(0, 60).join("")}.${extension}`);
  return `attachment; filename="${ascii || "quiz"}.${extension}"; filename*=UTF-8''${utf8}`;
}

/** At most `max` UTF-16 units (the schema's measure), never ending in half of a surrogate pair (D1 would store garbage). */
function cutUtf16(text: string, max: number): string {
  const cut = text.slice(0, max);
  return /[\ud800-\udbff]$/.test(cut) ? cut.slice(0, -1) : cut;
}

/** An import is the export envelope, or a bare quiz (hand-written files, other tools). */
function parseImport(body: unknown): Quiz {
  const isEnvelope = typeof body === "object" && body !== null && "format" in body;
  const parsed = isEnvelope ? quizExportWithMath.safeParse(body) : importedQuizWithMath.safeParse(body);
  if (!parsed.success) throw validationError(parsed.error, isEnvelope ? "quiz file" : "quiz");
  return isEnvelope ? (parsed.data as QuizExport).quiz : (parsed.data as Quiz);
}

export const quizRoutes = new Hono<AppEnv>()
  .use("*", requireUser())

  .get("/", validate("query", catalogQuery), async (c) => {
    const { cursor, ...query } = c.req.valid("query");
    // Keyset pagination over (updatedAt, id), newest first: the cursor format the other lists use.
    const after = cursor ? requireCursor(rowPosition, cursor) : null;
    return c.json(await listQuizzes(c.var.db, currentUser(c), query, after));
  })

  .post("/", requireUser("teacher"), validate("json", quizWithMath), async (c) => {
    const created = await insertQuiz(c.var.db, currentUser(c), c.req.valid("json"));
    quizEvent(c, "quiz.create", created);
    return c.json({ quiz: created }, 201);
  })

  .post("/import", requireUser("teacher"), async (c) => {
    const body = withOwnMediaPaths(await readJson(c.req.raw), new URL(c.req.url).origin);
    const created = await insertQuiz(c.var.db, currentUser(c), parseImport(body));
    quizEvent(c, "quiz.import", created, { format: "json" });
    return c.json({ quiz: created }, 201);
  })

  .post("/import/csv", requireUser("teacher"), validate("query", csvImportOptions), async (c) => {
    const text = await c.req.text();
    if (!text.trim()) throw badRequest("the request body must be the CSV text");
    const { questions, issues } = csvToQuestions(text);
    if (issues.length) {
      throw new ApiError(
        400,
        "validation_failed",
        `the CSV has ${issues.length} problem(s): ${issues
          .slice(0, 5)
          .map((i) => i.message)
          .join("; ")}`,
        issues,
      );
    }
    if (questions.length > LIMITS.maxQuestions) {
      throw badRequest(`the CSV has ${questions.length} questions; a quiz has at most ${LIMITS.maxQuestions}`);
    }
    const options = c.req.valid("query");
    const parsed = importedQuizWithMath.safeParse({ ...options, questions });
    if (!parsed.success) throw validationError(parsed.error, "quiz");
    const created = await insertQuiz(c.var.db, currentUser(c), parsed.data);
    quizEvent(c, "quiz.import", created, { format: "csv" });
    return c.json({ quiz: created }, 201);
  })

  .get("/:id", validate("param", idParam), async (c) =>
    c.json({ quiz: await readableWithAnswers(c, c.req.valid("param").id) }),
  )

  .put("/:id", requireUser("teacher"), validate("param", idParam), validate("json", quizWithMath), async (c) => {
    const existing = await editable(c, c.req.valid("param").id);
    assertMayPublish(c, existing, c.req.valid("json").visibility);
    const updated = await replaceQuiz(c.var.db, existing, c.req.valid("json"));
    quizEvent(c, "quiz.update", updated);
    return c.json({ quiz: updated });
  })

  .delete("/:id", requireUser("teacher"), validate("param", idParam), async (c) => {
    const existing = await editable(c, c.req.valid("param").id);
    await deleteQuiz(c.var.db, existing.id);
    quizEvent(c, "quiz.delete", existing);
    return c.body(null, 204);
  })

  .post("/:id/duplicate", requireUser("teacher"), validate("param", idParam), async (c) => {
    // A copy carries the answers: no copies while a live game plays the quiz.
    const source = await readableWithAnswers(c, c.req.valid("param").id);
    const suffix = " (copy)";
    const copy = await insertQuiz(
      c.var.db,
      currentUser(c),
      {
        ...content(source),
        title: cutUtf16(source.title, LIMITS.title - suffix.length) + suffix,
        // A copy starts private: its new owner decides whether to share it.
        visibility: "private",
      },
      source.unpublishedReason ?? null,
    );
    quizEvent(c, "quiz.copy", copy, { copyOf: source.id });
    return c.json({ quiz: copy }, 201);
  })

  .get("/:id/export", validate("param", idParam), validate("query", exportQuery), async (c) => {
    const source = await readableWithAnswers(c, c.req.valid("param").id);
    const { format } = c.req.valid("query");
    if (format !== "json") {
      const file = exportText(content(source), format);
      quizEvent(c, "quiz.export", source, { format, skipped: file.skipped.length });
      c.header("content-disposition", attachmentName(source.title, file.extension));
      c.header("x-skipped-questions", file.skipped.map((s) => s.question).join(","));
      return c.text(file.text);
    }
    const envelope: QuizExport = {
      format: "quickquiz",
      version: 1,
      quiz: withAbsoluteMedia(content(source), new URL(c.req.url).origin),
    };
    quizEvent(c, "quiz.export", source);
    c.header("content-disposition", attachmentName(source.title));
    return c.json(envelope);
  });
