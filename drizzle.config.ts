import { defineConfig } from "drizzle-kit";

// drizzle-kit 0.31 writes a flat folder of .sql files that `wrangler d1 migrations apply` reads.
export default defineConfig({
  dialect: "sqlite",
  schema: "./schema/db.ts",
  out: "./schema/migrations",
});
