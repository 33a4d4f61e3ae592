// SQL for accounts written outside the API (seed, admin CLI), hashed exactly as the Worker does:
// the same module, run by Node 24 straight from its TypeScript source.
import { randomUUID } from "node:crypto";
import { hashPassword } from "../../worker/auth/password.ts";
import { sqlString } from "./d1.mjs";

export const ROLES = ["teacher", "student", "admin"];

/**
 * `mode: "keep"` leaves an existing account as it is (the seed is idempotent);
 * `mode: "replace"` sets the role, name and password of an existing one (the admin CLI's reset).
 */
export async function upsertUserSql({ id = randomUUID(), email, password, name, role }, mode = "keep") {
  if (!ROLES.includes(role)) throw new Error(`role must be one of ${ROLES.join(", ")}`);
  const normalised = email.trim().toLowerCase();
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(normalised)) throw new Error(`not an email address: ${email}`);
  if (password.length < 8 || password.length > 200) throw new Error("the password must be 8 to 200 characters");
  const hash = await hashPassword(password);
  const values = [id, normalised, name.trim().slice(0, 60) || normalised, hash, role, 0, Date.now()].map((v) =>
    typeof v === "number" ? String(v) : sqlString(v),
  );
  const columns = "users (id, email, name, password_hash, role, disabled, created_at)";
  return mode === "keep"
    ? `INSERT OR IGNORE INTO ${columns} VALUES (${values.join(", ")});`
    : `INSERT INTO ${columns} VALUES (${values.join(", ")}) ON CONFLICT(email) DO UPDATE SET role = excluded.role, name = excluded.name, password_hash = excluded.password_hash, disabled = 0;`;
}
