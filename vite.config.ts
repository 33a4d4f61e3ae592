import { cloudflare } from "@cloudflare/vite-plugin";
import preact from "@preact/preset-vite";
import { defineConfig } from "vite";

// One build for both halves: the Preact SPA (web/) and the Worker (worker/, rooms/) that serves it.
// QQ_PERSIST_DIR lets the browser tests run against a throw-away local D1 and Durable Object state.
const persist = process.env.QQ_PERSIST_DIR ?? "../.wrangler/state";

export default defineConfig({
  root: "web",
  publicDir: "public",
  plugins: [preact(), cloudflare({ configPath: "../wrangler.toml", persistState: { path: persist } })],
  build: {
    outDir: "../dist",
    emptyOutDir: true,
    // scripts/bundle-size.mjs reads the manifest to tell the player's route from the lazy chunks.
    manifest: true,
  },
  server: { host: "127.0.0.1" },
  preview: { host: "127.0.0.1" },
});
