import type { Env } from "./env";
import type { Role } from "../schema/db";

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
  Variables: { user: CurrentUser | null };
}
