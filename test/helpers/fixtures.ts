// Rows written straight into D1, for tests that need users, sessions and quizzes without going
// through the API (fast, and no rate limit in the way).
import { env } from "cloudflare:workers";
import { drizzle } from "drizzle-orm/d1";
import { quizzes, users, type Role } from "../../schema/db.ts";
import { question, type QuestionInput } from "../../schema/quiz.ts";
import { hashPassword } from "../../worker/auth/password.ts";
import { signSession } from "../../worker/auth/tokens.ts";

export const db = () => drizzle(env.DB);

export interface TestUser {
  id: string;
  role: Role;
  token: string;
  headers: Record<string, string>;
}

/** A user with a session token (a teacher unless said otherwise). */
export async function makeUser(role: Role = "teacher", name = `User ${role}`): Promise<TestUser> {
  const id = crypto.randomUUID();
  await db()
    .insert(users)
    .values({
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

/** An admin that can log in with `password` (admins cannot sign up; the seed and the admin CLI write them too). */
export async function insertAdmin(email: string, password: string, name: string): Promise<void> {
  await env.DB.prepare(
    "INSERT INTO users (id, email, name, password_hash, role, disabled, created_at) VALUES (?, ?, ?, ?, 'admin', 0, ?)",
  )
    .bind(crypto.randomUUID(), email, name, await hashPassword(password), Date.now())
    .run();
}

export async function makeQuiz(
  ownerId: string,
  questions: QuestionInput[],
  visibility: "private" | "public" | "unlisted" = "private",
) {
  const id = crypto.randomUUID();
  const parsed = questions.map((q) => question.parse(q));
  await db().insert(quizzes).values({
    id,
    ownerId,
    title: "Test quiz",
    visibility,
    questions: parsed,
    questionCount: parsed.length,
    createdAt: Date.now(),
    updatedAt: Date.now(),
  });
  return id;
}
