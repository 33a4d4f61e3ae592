// One JSON error shape for every error the API returns:
//   { "error": { "code": "validation_failed", "message": "...", "issues": [{ "path": "questions.0.text", "message": "..." }] } }
import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { z } from "zod";

export type ErrorCode =
  | "bad_request"
  | "validation_failed"
  | "unauthorized"
  | "forbidden"
  /** Login with the right password to an account an admin disabled. */
  | "account_disabled"
  /** A password login or sign-up for a domain whose school signs in through its identity provider. */
  | "password_signin_off"
  | "not_found"
  | "conflict"
  /** Used up or lapsed for good (a remote code whose session ended). */
  | "gone"
  | "payload_too_large"
  | "unsupported_media_type"
  | "rate_limited"
  | "quota_exceeded"
  /** The resource is locked for now (a quiz while its owner plays it live or as an open assignment). */
  | "sealed"
  | "internal";

export interface Issue {
  path: string;
  message: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: ErrorCode,
    message: string,
    readonly issues?: Issue[],
  ) {
    super(message);
  }
}

export const badRequest = (message: string, issues?: Issue[]) => new ApiError(400, "bad_request", message, issues);
export const unauthorized = (message = "log in first") => new ApiError(401, "unauthorized", message);
export const forbidden = (message = "you may not do that") => new ApiError(403, "forbidden", message);
export const notFound = (message = "not found") => new ApiError(404, "not_found", message);
export const conflict = (message: string) => new ApiError(409, "conflict", message);
export const tooLarge = (message = "request body too large") => new ApiError(413, "payload_too_large", message);
export const unsupportedMediaType = (message: string) => new ApiError(415, "unsupported_media_type", message);
export const rateLimited = (message = "too many requests, slow down") => new ApiError(429, "rate_limited", message);

export function zodIssues(error: z.ZodError): Issue[] {
  return error.issues.map((i) => ({ path: i.path.map(String).join(".") || "(root)", message: i.message }));
}

export function validationError(error: z.ZodError, what = "request"): ApiError {
  const issues = zodIssues(error);
  return new ApiError(
    400,
    "validation_failed",
    `invalid ${what}: ${issues.map((i) => `${i.path}: ${i.message}`).join("; ")}`,
    issues,
  );
}

export function errorResponse(c: Context, err: ApiError) {
  return c.json(
    { error: { code: err.code, message: err.message, ...(err.issues ? { issues: err.issues } : {}) } },
    err.status,
  );
}
