// The catalog's opaque cursor: the (updatedAt, id) of the last quiz on a page. The next page starts
// strictly after it, so edits made between pages never repeat or skip a quiz that did not move.
import { z } from "zod";

const position = z.tuple([z.number().int().min(0), z.string().min(1).max(64)]);
export type CatalogPosition = z.infer<typeof position>;

export function encodeCatalogCursor(pos: CatalogPosition): string {
  const bytes = new TextEncoder().encode(JSON.stringify(pos));
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

/** Null for anything that is not one of our cursors. */
export function decodeCatalogCursor(cursor: string): CatalogPosition | null {
  if (!/^[A-Za-z0-9_-]+$/.test(cursor)) return null;
  try {
    const b64 = cursor.replace(/-/g, "+").replace(/_/g, "/");
    const bin = atob(b64 + "=".repeat((4 - (b64.length % 4)) % 4));
    const parsed = position.safeParse(JSON.parse(new TextDecoder().decode(Uint8Array.from(bin, (ch) => ch.charCodeAt(0)))));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
