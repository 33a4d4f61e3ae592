// How the worker tells a room who is connecting, after verifying the token itself.
/** Headers the worker sets after verifying the caller; it strips any a client sent. */
export const IDENTITY_HEADERS = {
  role: "X-QQ-Role",
  user: "X-QQ-User",
  userRole: "X-QQ-User-Role",
  player: "X-QQ-Player",
  game: "X-QQ-Game",
  /** A join over the socket: the nickname asked for, percent-encoded (header values are ASCII). */
  nickname: "X-QQ-Nickname",
} as const;
