// Creates an admin (or makes an existing account admin, with this password):
//   npm run admin:create -- <email> <password> [name] [--remote]
// Admins are never made by signing up; this and the local seed are the only ways.
import { upsertUserSql } from "./lib/accounts.mjs";
import { applyMigrations, executeSql } from "./lib/d1.mjs";

const args = process.argv.slice(2);
const remote = args.includes("--remote");
const [email, password, ...nameParts] = args.filter((a) => a !== "--remote");

if (!email || !password) {
  console.error("usage: npm run admin:create -- <email> <password> [name] [--remote]");
  process.exit(2);
}

try {
  const sql = await upsertUserSql({ email, password, name: nameParts.join(" ") || "Admin", role: "admin" }, "replace");
  // Locally the database may not exist yet; remotely, migrations are a deliberate step of their own.
  if (!remote) applyMigrations({ quiet: true });
  executeSql(sql, { remote, quiet: true });
  console.log(`Admin ${email.trim().toLowerCase()} is ready (${remote ? "remote" : "local"} D1).`);
} catch (err) {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
}
