// Uploaded images: their rows in D1 (owner, size, type) and their bytes in R2, under one key.

/** 128 random bits as unpadded base64url (22 characters): the image's unguessable name. */
export function newMediaKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, "-")
    .replace(/\//g, "_")
    .replace(/=+$/, "");
}

export interface MediaRow {
  key: string;
  ownerId: string;
  bytes: number;
  contentType: string;
  width: number;
  height: number;
  createdAt: number;
}

/** Bytes of images the owner has stored. */
export async function storedBytes(db: D1Database, ownerId: string): Promise<number> {
  const row = await db
    .prepare("SELECT COALESCE(SUM(bytes), 0) AS used FROM media WHERE owner_id = ?1")
    .bind(ownerId)
    .first<{ used: number }>();
  return row?.used ?? 0;
}

/**
 * Records the image unless it would take its owner past `quota`; false when it would. One
 * statement, so two uploads at the same moment cannot both slip under the quota.
 */
export async function recordMedia(db: D1Database, row: MediaRow, quota: number): Promise<boolean> {
  const res = await db
    .prepare(
      `INSERT INTO media (key, owner_id, bytes, content_type, width, height, created_at)
       SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7
       WHERE (SELECT COALESCE(SUM(bytes), 0) FROM media WHERE owner_id = ?2) + ?3 <= ?8`,
    )
    .bind(row.key, row.ownerId, row.bytes, row.contentType, row.width, row.height, row.createdAt, quota)
    .run();
  return (res.meta.changes ?? 0) === 1;
}

export async function forgetMedia(db: D1Database, key: string): Promise<void> {
  await db.prepare("DELETE FROM media WHERE key = ?1").bind(key).run();
}
