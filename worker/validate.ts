// Validation with the shared zod schemas; every failure becomes the one 400 error shape.
import { validator } from "hono/validator";
import type { Context, ValidationTargets } from "hono";
import type { z } from "zod";
import { badRequest, unsupportedMediaType, validationError } from "./errors.ts";

/** `application/json` or `application/<x>+json`, any parameters (charset…), any case: what Hono's json validator reads. */
export function isJsonContentType(header: string | null | undefined): boolean {
  const media = (header ?? "").split(";")[0].trim().toLowerCase();
  return /^application\/([\w.-]+\+)?json$/.test(media);
}

const notJsonType = (got: string | null | undefined) =>
  unsupportedMediaType(
    `the request body must be JSON sent with Content-Type: application/json (got ${got ? JSON.stringify(got.slice(0, 100)) : "no Content-Type"})`,
  );

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

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/**
 * JSON can spell a lone surrogate ("\ud800"), which is not Unicode text: D1 would store it as
 * U+FFFD garbage while the API answered as if it had kept it. Such a body is refused, naming where.
 * Iterative, so a body nested 100,000 levels deep costs a loop, not the stack.
 */
export function assertWellFormedText(value: unknown): void {
  const stack: [unknown, string][] = [[value, ""]];
  while (stack.length) {
    const [v, path] = stack.pop()!;
    if (typeof v === "string") {
      if (LONE_SURROGATE.test(v))
        throw badRequest(`the text at ${path || "(root)"} is not valid Unicode (it holds a lone surrogate)`, [
          { path: path || "(root)", message: "not valid Unicode text" },
        ]);
    } else if (v !== null && typeof v === "object") {
      for (const [k, child] of Object.entries(v)) {
        const at = path.length > 200 ? path : path ? `${path}.${k}` : k;
        if (LONE_SURROGATE.test(k))
          throw badRequest(`a key at ${at} is not valid Unicode (it holds a lone surrogate)`, [
            { path: at, message: "not valid Unicode text" },
          ]);
        stack.push([child, at]);
      }
    }
  }
}

/** Like @hono/zod-validator's zValidator, but failures throw our ApiError (400 with issues). */
export function validate<T extends z.ZodType, Target extends keyof ValidationTargets>(target: Target, schema: T) {
  return validator(target, async (value, c) => {
    if (target === "json") {
      await refuseNonJsonBody(c);
      assertWellFormedText(value);
    }
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
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw badRequest("the request body is not valid JSON");
  }
  assertWellFormedText(value);
  return value;
}
