// Demo accounts and quizzes for local development. Idempotent: what exists already is left alone,
// so running it again (every `npm run dev` does) never duplicates or overwrites anything.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { quiz as quizSchema } from "../schema/quiz.ts";
import { upsertUserSql } from "./lib/accounts.mjs";
import { ROOT, executeSql, sqlString } from "./lib/d1.mjs";

export const DEMO_ACCOUNTS = [
  {
    id: "demo-teacher",
    email: "teacher@quickquiz.dev",
    password: "quickquiz-demo",
    name: "Demo Teacher",
    role: "teacher",
  },
  {
    id: "demo-student",
    email: "student@quickquiz.dev",
    password: "quickquiz-demo",
    name: "Demo Student",
    role: "student",
  },
  { id: "demo-admin", email: "admin@quickquiz.dev", password: "quickquiz-admin", name: "Admin", role: "admin" },
];
const QUIZ_OWNER = "teacher@quickquiz.dev";
const QUIZ_DIR = path.join(ROOT, "scripts/demo-quizzes");

/** Each demo quiz, checked against the same schema the API uses (defaults filled in). */
export function demoQuizzes() {
  return readdirSync(QUIZ_DIR)
    .filter((f) => f.endsWith(".json"))
    .sort()
    .map((file) => {
      const parsed = quizSchema.safeParse(JSON.parse(readFileSync(path.join(QUIZ_DIR, file), "utf8")));
      if (!parsed.success)
        throw new Error(`${file}: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);
      return { id: `demo-${file.replace(/\.json$/, "")}`, quiz: parsed.data };
    });
}

function quizSql({ id, quiz }, updatedAt) {
  // The owner is looked up by email: a demo teacher who signed up by hand still owns the demos.
  const columns =
    "id, owner_id, title, description, language, visibility, questions, question_count, created_at, updated_at";
  const values = [
    sqlString(id),
    "id",
    sqlString(quiz.title),
    sqlString(quiz.description),
    sqlString(quiz.language),
    sqlString(quiz.visibility),
    sqlString(JSON.stringify(quiz.questions)),
    String(quiz.questions.length),
    String(updatedAt),
    String(updatedAt),
  ];
  const lines = [
    `INSERT OR IGNORE INTO quizzes (${columns}) SELECT ${values.join(", ")} FROM users WHERE email = ${sqlString(QUIZ_OWNER)};`,
  ];
  for (const tag of quiz.tags) {
    lines.push(
      `INSERT OR IGNORE INTO quiz_tags (quiz_id, tag) SELECT ${sqlString(id)}, ${sqlString(tag)} WHERE EXISTS (SELECT 1 FROM quizzes WHERE id = ${sqlString(id)});`,
    );
  }
  return lines.join("\n");
}

export async function seedSql() {
  const statements = [];
  for (const account of DEMO_ACCOUNTS) statements.push(await upsertUserSql(account, "keep"));
  const now = Date.now();
  demoQuizzes().forEach((q, i) => statements.push(quizSql(q, now - i * 1000)));
  return statements.join("\n");
}

export async function seed({ remote = false, quiet = false } = {}) {
  executeSql(await seedSql(), { remote, quiet });
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  // Seeding a real database with known demo passwords is never what anyone wants by accident.
  if (process.argv.includes("--remote")) {
    console.error("The demo seed is for local databases only.");
    process.exit(2);
  }
  await seed();
  console.log(
    `Seeded ${DEMO_ACCOUNTS.length} demo accounts and ${demoQuizzes().length} demo quizzes (existing ones kept).`,
  );
}
