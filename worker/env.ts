// The bindings' types are generated from wrangler.toml (`npm run types`, into
// worker-configuration.d.ts). Here only what the generator cannot know about.
import type { D1Migration } from "cloudflare:test";

/** The Worker's bindings: the generated `Env`, under the name the worker's modules import. */
export type Env = Cloudflare.Env;

declare global {
  namespace Cloudflare {
    interface Env {
      /** Only in tests: the D1 migrations vitest.config.ts reads and passes in as a binding. */
      TEST_MIGRATIONS?: D1Migration[];
      /** The LTI tool's signing keys (worker/lti/keys.ts), a secret; LTI answers 500 without it. */
      LTI_TOOL_KEYS?: string;
    }
  }
}
