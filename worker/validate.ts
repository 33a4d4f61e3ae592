// Validation with the shared zod schemas; every failure becomes the one 400 error shape.
import { validator } from "hono/validator";
import type { ValidationTargets } from "hono";
import type { z } from "zod";
import { badRequest, validationError } from "./errors";

/** Like @hono/zod-validator's zValidator, but failures throw our ApiError (400 with issues). */
export function validate<T extends z.ZodType, Target extends keyof ValidationTargets>(target: Target, schema: T) {
  return validator(target, async (value) => {
    const parsed = await schema.safeParseAsync(value);
    if (!parsed.success) throw validationError(parsed.error, target === "json" ? "body" : target);
    return parsed.data as z.output<T>;
  });
}

/** Reads a JSON body, refusing malformed JSON with a clear 400 (Hono would otherwise say little). */
export async function readJson(req: Request): Promise<unknown> {
  const text = await req.text();
  if (!text) throw badRequest("the request body must be JSON");
  try {
    return JSON.parse(text);
  } catch {
    throw badRequest("the request body is not valid JSON");
  }
}
