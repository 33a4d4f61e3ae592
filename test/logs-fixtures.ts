// Shared by the logs, retention and reports tests: users and sessions made straight in D1.
import { env } from "cloudflare:workers";
import { api } from "./helpers/api";
import { drizzle } from "drizzle-orm/d1";
import { users, type Role } from "../schema/db";
import { signSession } from "../worker/auth/tokens";

export const db = () => drizzle(env.DB);

export interface TestUser {
  id: string;
  role: Role;
  token: string;
  headers: Record<string, string>;
}

export async function makeUser(role: Role, name: string = role): Promise<TestUser> {
  const id = crypto.randomUUID();
  await db().insert(users).values({
    id,
    email: `${id}@example.test`,
    name,
    passwordHash: "pbkdf2-sha256$100000$x$y",
    role,
    createdAt: Date.now(),
  });
  const { token } = await signSession(env.JWT_SECRET, id, role, 3600);
  return { id, role, token, headers: { authorization: `Bearer ${token}` } };
}

export { api } from "./helpers/api";

export async function getJson<T = any>(path: string, headers: Record<string, string> = {}): Promise<{ status: number; body: T }> {
  const res = await api(path, { headers });
  return { status: res.status, body: (await res.json()) as T };
}
