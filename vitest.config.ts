import { availableParallelism } from "node:os";
import path from "node:path";
import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-plugin";
import { defineConfig } from "vitest/config";

const JWT_SECRET = "test-secret-0123456789abcdef0123456789abcdef";
// wrangler.toml lists JWT_SECRET as a required secret; without a .dev.vars the plugin looks for
// it in the environment and warns if it is missing. The binding below is what the tests use.
process.env.JWT_SECRET ??= JWT_SECRET;

// Tests run inside workerd with the real D1 (the real migrations applied by test/setup.ts),
// the real Durable Objects and real WebSockets.
export default defineConfig(async () => {
  const migrations = await readD1Migrations(path.join(import.meta.dirname, "schema/migrations"));
  return {
    plugins: [
      cloudflareTest({
        wrangler: { configPath: "./wrangler.toml" },
        miniflare: {
          bindings: {
            TEST_MIGRATIONS: migrations,
            JWT_SECRET,
          },
        },
      }),
    ],
    // Binary fixtures (test/fixtures/*.xlsx) are imported with ?inline, as data: URLs.
    assetsInclude: ["**/*.xlsx"],
    test: {
      include: ["test/**/*.test.ts"],
      setupFiles: ["./test/setup.ts"],
      // Vitest's default is one worker per core but one; a test file here spends most of its time
      // waiting on workerd (sockets, storage, alarms), so two files at once on two cores took the
      // suite from ~600 s to ~370 s on the project's 2-core machine.
      maxWorkers: Math.max(2, availableParallelism()),
      testTimeout: 30_000,
      hookTimeout: 30_000,
    },
  };
});
