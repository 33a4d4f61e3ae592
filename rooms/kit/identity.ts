// How the worker tells a room who is connecting, after verifying the token itself.
/** Headers the worker sets after verifying the caller; it strips any a client sent. */
export const IDENTITY_HEADERS = {
  role: "X-QQ-Role",
  user: "X-QQ-User",
  userRole: "X-QQ-User-Role",
  player: "X-QQ-Player",
  game: "X-QQ-Game",
  /** The host's session (its jti) and when it expires (seconds): logout closes the socket, expiry mutes it. */
  session: "X-QQ-Session",
  sessionExp: "X-QQ-Session-Exp",
  /** A join over the socket: the nickname asked for, percent-encoded (header values are ASCII). */
  nickname: "X-QQ-Nickname",
  /** A join over the socket: the name or student ID given, percent-encoded like the nickname. */
  studentId: "X-QQ-Student-Id",
  /**
   * A join's own random key, chosen by the client: the same join tried again (its welcome lost to a
   * dropped connection or a restart) gets the seat it already took instead of "nickname taken".
   */
  joinKey: "X-QQ-Join-Key",
} as const;

/**
 * On a refused socket (kit/socket-registry.ts `refuseSocket`): the upgrade still answers 101 so the
 * browser can read the refusal frame, and this header tells the worker it was a refusal (a refused
 * join uses the address's join budget; a seat does not). It tells the client nothing the frame does not.
 */
export const REFUSED_HEADER = "X-QQ-Refused";

/**
 * Stands for the address when cf-connecting-ip is missing. Cloudflare sets that header on every
 * request that reaches the Worker from outside (wrangler dev too), so only in-process callers
 * (tests calling the Worker directly) go without it. They share this one key, and so one budget,
 * per scope: limiting stays on (a path that ever lost the header would still be braked, never
 * unlimited) and such callers are not refused outright.
 */
export const UNKNOWN_ADDRESS = "unknown";

/** The client's network address as Cloudflare set it on the request the worker forwarded. */
export const clientAddressHeader = (h: Headers): string => h.get("cf-connecting-ip") || UNKNOWN_ADDRESS;

/** A percent-encoded text a join over the socket sent (taken as it is if decoding fails). */
export function textHeader(h: Headers, name: (typeof IDENTITY_HEADERS)["nickname" | "studentId"]): string | undefined {
  const v = h.get(name);
  if (v === null) return undefined;
  try {
    return decodeURIComponent(v);
  } catch {
    return v;
  }
}

/** The nickname a join over the socket asked for. */
export const nicknameHeader = (h: Headers) => textHeader(h, IDENTITY_HEADERS.nickname);
