// The users table: the few queries accounts need.
import { eq } from "drizzle-orm";
import { users, type Role } from "../../schema/db.ts";
import type { PublicUser } from "../../schema/auth.ts";
import type { Db } from "../db.ts";

export type UserRow = typeof users.$inferSelect;

export function toPublicUser(u: Pick<UserRow, "id" | "email" | "name" | "role">): PublicUser {
  return { id: u.id, email: u.email, name: u.name, role: u.role };
}

export async function findUserByEmail(db: Db, email: string): Promise<UserRow | undefined> {
  return db.select().from(users).where(eq(users.email, email)).get();
}

/** Returns null when the email is taken (the unique index decides, so two racing sign-ups cannot both win). */
export async function insertUser(
  db: Db,
  input: { email: string; name: string; role: Role; passwordHash: string },
): Promise<UserRow | null> {
  const row: UserRow = {
    id: crypto.randomUUID(),
    disabled: false,
    createdAt: Date.now(),
    sessionsValidAfter: null,
    ...input,
  };
  const inserted = await db
    .insert(users)
    .values(row)
    .onConflictDoNothing({ target: users.email })
    .returning({ id: users.id });
  return inserted.length ? row : null;
}
