// Validation with the shared zod schemas; every failure becomes the one 400 error shape.
import { validator } from "hono/validator";
import type { Context, ValidationTargets } from "hono";
import type { z } from "zod";
import { badRequest, unsupportedMediaType, validationError } from "./errors";

/** `application/json` or `application/<x>+json`, any parameters (charset…), any case: what Hono's json validator reads. */
export function isJsonContentType(header: string | null | undefined): boolean {
  const media = (header ?? "").split(";")[0].trim().toLowerCase();
  return /^application\/([\w.-]+\+)?json$/.test(media);
}

const notJsonType = (got: string | null | undefined) =>
  unsupportedMediaType(`the request body must be JSON sent with Content-Type: application/json (got ${got ? JSON.stringify(got.slice(0, 100)) : "no Content-Type"})`);

/**
 * Hono's json validator silently reads a body of another Content-Type as `{}`, which turned a JSON
 * body sent as text/plain into a misleading "missing fields" error (or, where every field is
 * optional, into a request that quietly ignored what was sent). A non-empty body must say it is
 * JSON; an empty one still stands for "no fields".
 */
async function refuseNonJsonBody(c: Context): Promise<void> {
  const type = c.req.header("content-type");
  if (isJsonContentType(type)) return;
  // Bytes, not text: reading a non-text body as text makes workerd warn about corrupted input.
  if ((await c.req.arrayBuffer()).byteLength > 0) throw notJsonType(type);
}

/** Like @hono/zod-validator's zValidator, but failures throw our ApiError (400 with issues). */
export function validate<T extends z.ZodType, Target extends keyof ValidationTargets>(target: Target, schema: T) {
  return validator(target, async (value, c) => {
    if (target === "json") await refuseNonJsonBody(c);
    const parsed = await schema.safeParseAsync(value);
    if (!parsed.success) throw validationError(parsed.error, target === "json" ? "body" : target);
    return parsed.data as z.output<T>;
  });
}

/** Reads a JSON body, refusing another Content-Type (415) and malformed JSON (400) with a clear message. */
export async function readJson(req: Request): Promise<unknown> {
  const type = req.headers.get("content-type");
  if (!isJsonContentType(type)) {
    if ((await req.arrayBuffer()).byteLength === 0) throw badRequest("the request body must be JSON");
    throw notJsonType(type);
  }
  const text = await req.text();
  if (!text) throw badRequest("the request body must be JSON");
  try {
    return JSON.parse(text);
  } catch {
    throw badRequest("the request body is not valid JSON");
  }
}
