import type { Env } from "./env.ts";
import type { Role } from "../schema/db.ts";
import type { Db } from "./db.ts";

export interface CurrentUser {
  id: string;
  email: string;
  name: string;
  role: Role;
  /** The session's token id and expiry, so logout can revoke exactly this session. */
  jti: string;
  exp: number;
}

export interface AppEnv {
  Bindings: Env;
  Variables: {
    /** Set for /api requests by middleware/session.ts (null without a valid session). */
    user: CurrentUser | null;
    /** Set for /api and /ws requests by middleware/database.ts. */
    db: Db;
  };
}
