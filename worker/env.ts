import type { Room } from "../rooms/room";

export interface Env {
  DB: D1Database;
  ROOMS: DurableObjectNamespace<Room>;
  ASSETS: Fetcher;
  /** Uploaded images, keyed as in the `media` table. */
  MEDIA: R2Bucket;
  /** HMAC key for session and player JWTs: `.dev.vars` locally, `wrangler secret put` in production. */
  JWT_SECRET: string;
  AUTH_LIMITER: RateLimit;
  JOIN_LIMITER: RateLimit;
  LOG_LIMITER: RateLimit;
  EVENT_RETENTION_DAYS: string;
  ROOM_RETENTION_HOURS: string;
  SESSION_TTL_SECONDS: string;
  /** Only in tests: the D1 migrations read by vitest.config.ts. */
  TEST_MIGRATIONS?: import("cloudflare:test").D1Migration[];
}

type WorkerBindings = Env;
declare global {
  namespace Cloudflare {
    // Types `env` and `exports` from "cloudflare:workers" (tests use both).
    interface Env extends WorkerBindings {}
    interface GlobalProps {
      mainModule: typeof import("./index");
      durableNamespaces: "Room";
    }
  }
}
