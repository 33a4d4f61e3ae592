// Importing other tools' files: a preview that never saves, and a save that stores the quiz only
// when the file has no problem at all (each problem names its line or row). JSON and CSV are saved
// by their older endpoints (routes.ts); the preview reads them too.
import { Hono } from "hono";
import type { Context } from "hono";
import { importOptions, importPath, importQuery, type ImportPreview } from "../../schema/imports.ts";
import type { AppEnv } from "../app-env.ts";
import { ApiError, badRequest } from "../errors.ts";
import { currentUser, requireUser } from "../middleware/session.ts";
import { writeEvents } from "../../rooms/kit/events.ts";
import { logLater } from "../logs/logger.ts";
import { checkQuota, IMPORT_READ_EVENT } from "../quotas.ts";
import { validate } from "../validate.ts";
import { readImport, type ImportResult } from "./formats/read.ts";
import { insertQuiz } from "./store.ts";

/**
 * The file, once the caller's imports quota allows reading one more (every read parses up to 512 KB,
 * an xlsx unzipped, so previews count as much as saves). The read is logged before it happens: the
 * log is what the quota counts, and a file that fails to parse cost as much as one that did not.
 */
async function fileBody(c: Context<AppEnv>, format: string, preview: boolean): Promise<ArrayBuffer> {
  const user = currentUser(c);
  await checkQuota(c.var.db, "imports", user.id);
  const body = await c.req.arrayBuffer();
  if (body.byteLength === 0) throw badRequest("the request body must be the file");
  await writeEvents(c.env.DB, [
    {
      type: IMPORT_READ_EVENT,
      actorType: "user",
      actorId: user.id,
      role: user.role,
      ownerId: user.id,
      payload: { format, bytes: body.byteLength, preview },
    },
  ]);
  return body;
}

const preview = ({ valid: _valid, ...rest }: ImportResult): ImportPreview => rest;

export const importRoutes = new Hono<AppEnv>()
  .use("*", requireUser("teacher"))

  .post("/preview", validate("query", importQuery), async (c) => {
    const { format, ...options } = c.req.valid("query");
    return c.json(preview(await readImport(format, await fileBody(c, format, true), options)));
  })

  .post("/:format", validate("param", importPath), validate("query", importOptions), async (c) => {
    const { format } = c.req.valid("param");
    const result = await readImport(format, await fileBody(c, format, false), c.req.valid("query"));
    if (!result.valid) {
      const { problems } = result;
      throw new ApiError(
        400,
        "validation_failed",
        `the file has ${problems.length} problem(s): ${problems
          .slice(0, 5)
          .map((p) => p.message)
          .join("; ")}`,
        problems,
      );
    }
    const user = currentUser(c);
    const created = await insertQuiz(c.var.db, user, result.valid);
    logLater(c.executionCtx, c.env.DB, {
      type: "quiz.import",
      actorType: "user",
      actorId: user.id,
      role: user.role,
      quizId: created.id,
      ownerId: created.ownerId,
      payload: {
        title: created.title,
        questionCount: created.questions.length,
        format,
        skipped: result.skipped.length,
      },
    });
    return c.json({ quiz: created, skipped: result.skipped }, 201);
  });
