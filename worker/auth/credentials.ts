// Where a request's credentials are read, in one place: the session JWT from
// `Authorization: Bearer <token>` or the HttpOnly cookie, and a player's token from
// `Authorization: Player <token>` (client logs).
//
// An Authorization header, when sent, is the only source read: a client that sends one has chosen
// how it authenticates, so a header of another scheme or a malformed one is never quietly replaced
// by a cookie the same browser happens to hold (a player's `Player` header posts as that player,
// not as the account logged in on the device). The browser app sends no header and relies on the
// cookie; API clients, the CLI and tests send Bearer.
import type { Context } from "hono";
import { getCookie } from "hono/cookie";

export const SESSION_COOKIE = "qq_session";

const AUTHORIZATION = /^(Bearer|Player)\s+(\S+)$/i;

export interface Credentials {
  /** A session JWT, not yet verified. */
  session: string | null;
  /** A player JWT, not yet verified. */
  player: string | null;
}

export function credentials(c: Context): Credentials {
  const header = c.req.header("authorization");
  if (!header) return { session: getCookie(c, SESSION_COOKIE) ?? null, player: null };
  const m = AUTHORIZATION.exec(header);
  if (!m) return { session: null, player: null };
  return m[1].toLowerCase() === "bearer" ? { session: m[2], player: null } : { session: null, player: m[2] };
}

/**
 * The session token. A WebSocket opened by a script cannot always set headers, so the host's
 * socket also takes the token as `?token=`; `fromQuery` names that parameter, read first.
 */
export function sessionToken(c: Context, opts: { fromQuery?: string } = {}): string | null {
  const inQuery = opts.fromQuery ? c.req.query(opts.fromQuery) : undefined;
  return inQuery ?? credentials(c).session;
}
