import { cloudflare } from "@cloudflare/vite-plugin";
import preact from "@preact/preset-vite";
import { defineConfig } from "vite";

// One build for both halves: the Preact SPA (web/) and the Worker (worker/, rooms/) that serves it.
export default defineConfig({
  root: "web",
  publicDir: "public",
  plugins: [preact(), cloudflare({ configPath: "../wrangler.toml", persistState: { path: "../.wrangler/state" } })],
  build: {
    outDir: "../dist",
    emptyOutDir: true,
  },
  server: { host: "127.0.0.1" },
  preview: { host: "127.0.0.1" },
});
