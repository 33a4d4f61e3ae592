// The player's seat in a game, kept per game code so a reload or a new tab comes back as the same player.
export interface Seat {
  playerId: string;
  nickname: string;
  token: string;
  wsUrl: string;
}

const key = (code: string) => `qq_player_${code}`;

export function loadSeat(code: string): Seat | null {
  try {
    const s = JSON.parse(localStorage.getItem(key(code)) ?? "null");
    return s && typeof s.token === "string" ? s : null;
  } catch {
    return null;
  }
}

export function saveSeat(code: string, s: Seat): void {
  localStorage.setItem(key(code), JSON.stringify(s));
  localStorage.setItem("qq_last_game", code);
}

/** The last game this browser joined, if its seat is still kept (for a "back to your game" link). */
export function lastGame(): { code: string; nickname: string } | null {
  const code = localStorage.getItem("qq_last_game");
  const s = code ? loadSeat(code) : null;
  return code && s ? { code, nickname: s.nickname } : null;
}
/** Forgets the seat but keeps its token, which the next join sends along (the room refuses a kicked one). */
export function dropSeat(code: string): void {
  const s = loadSeat(code);
  if (s) localStorage.setItem(`qq_token_${code}`, s.token);
  localStorage.removeItem(key(code));
}

export const oldToken = (code: string) => localStorage.getItem(`qq_token_${code}`);

export function forgetLastGame(code: string): void {
  if (localStorage.getItem("qq_last_game") === code) localStorage.removeItem("qq_last_game");
}
