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
} as const;

/** The nickname a join over the socket asked for (percent-encoded; taken as it is if that fails). */
export function nicknameHeader(h: Headers): string | undefined {
  const v = h.get(IDENTITY_HEADERS.nickname);
  if (v === null) return undefined;
  try {
    return decodeURIComponent(v);
  } catch {
    return v;
  }
}
