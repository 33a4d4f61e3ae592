import { availableParallelism } from "node:os";
import path from "node:path";
import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-plugin";
import { defineConfig } from "vitest/config";
import { TEST_OIDC_BINDINGS } from "./test/school-idp.config.ts";
import { toolKeysSecret } from "./test/lti/messages.ts";

const JWT_SECRET = "test-secret-0123456789abcdef0123456789abcdef";
// wrangler.toml lists JWT_SECRET as a required secret; without a .dev.vars the plugin looks for
// it in the environment and warns if it is missing. The binding below is what the tests use.
process.env.JWT_SECRET ??= JWT_SECRET;

// Binary fixtures (test/fixtures/*.xlsx) are imported with ?inline, as data: URLs, in both projects.
const assetsInclude = ["**/*.xlsx"];
const timeouts = { testTimeout: 30_000, hookTimeout: 30_000 };
// Vitest's default is one worker per core but one; a workerd test file spends most of its time waiting on
// workerd (sockets, storage, alarms), so two files at once on two cores took the suite from ~600 s to
// ~370 s on the project's 2-core machine. Set for the run (the ceiling over both projects) and for workerd.
const maxWorkers = Math.max(2, availableParallelism());

// Two projects, so that each test runs at the speed of what it tests:
// - node: test/unit/, the pure modules (rules, kinds, reports, reducers, parsers, formats). Nothing there
//   imports cloudflare:test, cloudflare:workers or a helper that does, so plain Node runs it, no workerd.
// - workerd: the rest, inside workerd with the real D1 (the real migrations applied by test/setup.ts),
//   the real Durable Objects and real WebSockets.
// `npm test` runs both; `npm run test:unit` only the node project.
export default defineConfig(async () => {
  const migrations = await readD1Migrations(path.join(import.meta.dirname, "schema/migrations"));
  return {
    test: {
      maxWorkers,
      projects: [
        {
          assetsInclude,
          test: {
            name: "node",
            environment: "node",
            include: ["test/unit/**/*.test.ts"],
            ...timeouts,
          },
        },
        {
          plugins: [
            cloudflareTest({
              wrangler: { configPath: "./wrangler.toml" },
              miniflare: {
                bindings: {
                  TEST_MIGRATIONS: migrations,
                  JWT_SECRET,
                  // School sign-in against the real OpenID provider test/school-idp.global.ts starts.
                  ...TEST_OIDC_BINDINGS,
                  LTI_TOOL_KEYS: toolKeysSecret,
                },
              },
            }),
          ],
          assetsInclude,
          test: {
            name: "workerd",
            include: ["test/**/*.test.ts"],
            exclude: ["test/unit/**"],
            setupFiles: ["./test/setup.ts"],
            // The real OpenID provider (school sign-in) and the local LTI platform the tests launch from.
            globalSetup: ["./test/school-idp.global.ts", "./test/lti/global-setup.ts"],
            maxWorkers,
            ...timeouts,
          },
        },
      ],
    },
  };
});
