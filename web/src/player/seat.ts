// The player's seat in a game, kept per game code so a reload or a new tab comes back as the same player.
import { readItem, readJson, removeItem, writeItem, writeJson } from "../storage.ts";

export interface Seat {
  playerId: string;
  nickname: string;
  token: string;
  wsUrl: string;
}

const key = (code: string) => `qq_player_${code}`;
const LAST_GAME = "qq_last_game";

export function loadSeat(code: string): Seat | null {
  const s = readJson<Partial<Seat> | null>(key(code), null);
  return s && typeof s.token === "string" ? (s as Seat) : null;
}

export function saveSeat(code: string, s: Seat): void {
  writeJson(key(code), s);
  writeItem(LAST_GAME, code);
}

/** The last game this browser joined, if its seat is still kept (for a "back to your game" link). */
export function lastGame(): { code: string; nickname: string } | null {
  const code = readItem(LAST_GAME);
  const s = code ? loadSeat(code) : null;
  return code && s ? { code, nickname: s.nickname } : null;
}
/** Forgets the seat but keeps its token, which the next join sends along (the room refuses a kicked one). */
export function dropSeat(code: string): void {
  const s = loadSeat(code);
  if (s) writeItem(`qq_token_${code}`, s.token);
  removeItem(key(code));
}

export const oldToken = (code: string) => readItem(`qq_token_${code}`);

export function forgetLastGame(code: string): void {
  if (readItem(LAST_GAME) === code) removeItem(LAST_GAME);
}
