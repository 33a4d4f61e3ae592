// Opaque keyset cursors: a page ends at a (time, id) pair and the next page starts strictly after
// it, so rows written meanwhile never shift a page (no duplicates, no gaps, unlike OFFSET).
import { z } from "zod";
import { ApiError } from "../errors.ts";

const time = z.number().int().min(0);
/** The log's ids are integers; games' ids are strings. */
export const eventPosition = z.tuple([time, z.number().int()]);
export const rowPosition = z.tuple([time, z.string().min(1).max(64)]);
type Position = z.infer<typeof eventPosition> | z.infer<typeof rowPosition>;

function toBase64Url(text: string): string {
  return btoa(String.fromCharCode(...new TextEncoder().encode(text)))
    .replace(/\+/g, "-")
    .replace(/\//g, "_")
    .replace(/=+$/, "");
}

function fromBase64Url(text: string): string {
  const b64 = text.replace(/-/g, "+").replace(/_/g, "/");
  const bin = atob(b64 + "=".repeat((4 - (b64.length % 4)) % 4));
  return new TextDecoder().decode(Uint8Array.from(bin, (ch) => ch.charCodeAt(0)));
}

export function encodeCursor(pos: Position): string {
  return toBase64Url(JSON.stringify(pos));
}

/**
 * A page read with one row more than `limit` (that row only tells whether another page exists):
 * the page, and the cursor after its last row when there is more.
 */
export function pageOf<T>(
  rows: T[],
  limit: number,
  position: (last: T) => Position,
): { items: T[]; nextCursor: string | null } {
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return { items, nextCursor: rows.length > limit && last !== undefined ? encodeCursor(position(last)) : null };
}

/** Null for anything that is not a cursor of this shape. */
export function decodeCursor<S extends z.ZodType>(schema: S, cursor: string): z.infer<S> | null {
  if (!/^[A-Za-z0-9_-]+$/.test(cursor)) return null;
  try {
    const parsed = schema.safeParse(JSON.parse(fromBase64Url(cursor)));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** Decodes a cursor from a query, or answers 400 naming the parameter. */
export function requireCursor<S extends z.ZodType>(schema: S, cursor: string): z.infer<S> {
  const pos = decodeCursor(schema, cursor);
  if (pos === null) {
    throw new ApiError(400, "validation_failed", "invalid query: cursor: pass back the nextCursor of a previous page", [
      { path: "cursor", message: "not a cursor this API handed out" },
    ]);
  }
  return pos;
}
