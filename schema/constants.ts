// Protocol constants without zod, so the player's page can name them without loading the schema library.

/** WebSocket close codes the room uses (the reason text says the same in words). */
export const CLOSE_CODES = {
  /** The same player connected again elsewhere; this older connection is closed. */
  replaced: 4000,
  /** The host removed the player; the token is refused from now on. */
  kicked: 4001,
  /** A join over the socket was refused (the `joinRefused` frame before it says why); no seat was taken. */
  refused: 4003,
  /** The token names no player of this game (or the game is over and cleaned up). */
  unknownPlayer: 4004,
  /** The host's session ended (logout, revoked or expired): log in again and reopen the game. */
  sessionEnded: 4005,
} as const;

/**
 * WebSocket leaves 4000–4999 to applications: a close in that range is the room saying "do not come
 * back" (one of CLOSE_CODES, or a code a newer room adds), so a client does not reconnect after it.
 */
export const isRoomClose = (code: number) => code >= 4000 && code <= 4999;

/** The longest typed answer (text questions), in characters. */
export const TYPED_ANSWER_MAX = 60;

/** The longest nickname, in characters (after normalising). */
export const NICKNAME_MAX = 20;

/** The longest "name or student ID" a player gives when the host asks for one, in characters. */
export const STUDENT_ID_MAX = 40;

/** Shared team devices: at most this many member names a team's phone may give (display only). */
export const TEAM_MEMBERS_MAX = 10;
