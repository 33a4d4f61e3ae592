// The game this browser is hosting, so a reload or a wandering teacher can get back to it.
import type { GameSettings } from "../../../schema/game";

export interface ActiveGame {
  code: string;
  gameId: string;
  quizId: string;
  settings: GameSettings;
  joinUrl?: string;
}

const KEY = "qq_host_active";

export function activeGame(): ActiveGame | null {
  try {
    return JSON.parse(localStorage.getItem(KEY) ?? "null");
  } catch {
    return null;
  }
}

export function rememberGame(g: ActiveGame): void {
  localStorage.setItem(KEY, JSON.stringify(g));
  // Kept after the game ends too, for "play again" and the report link.
  localStorage.setItem(`qq_host_game_${g.code}`, JSON.stringify(g));
}

export function gameFor(code: string): ActiveGame | null {
  try {
    return JSON.parse(localStorage.getItem(`qq_host_game_${code}`) ?? "null");
  } catch {
    return null;
  }
}
export const forgetGame = (code: string) => {
  if (activeGame()?.code === code) localStorage.removeItem(KEY);
};

/** The settings last used for a quiz, so hosting it again starts from them. */
export function lastSettings(quizId: string): Partial<GameSettings> {
  try {
    return JSON.parse(localStorage.getItem(`qq_settings_${quizId}`) ?? "{}");
  } catch {
    return {};
  }
}
export const rememberSettings = (quizId: string, s: GameSettings) => localStorage.setItem(`qq_settings_${quizId}`, JSON.stringify(s));
