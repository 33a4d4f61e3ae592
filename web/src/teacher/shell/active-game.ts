// The game this browser is hosting, so a reload or a wandering teacher can get back to it.
import type { GameSettings } from "../../../../schema/game.ts";
import { readJson, removeItem, writeJson } from "../../storage.ts";

export interface ActiveGame {
  code: string;
  gameId: string;
  quizId: string;
  settings: GameSettings;
  joinUrl?: string;
}

const KEY = "qq_host_active";
const gameKey = (code: string) => `qq_host_game_${code}`;

export const activeGame = () => readJson<ActiveGame | null>(KEY, null);

export function rememberGame(g: ActiveGame): void {
  writeJson(KEY, g);
  // Kept after the game ends too, for "play again" and the report link.
  writeJson(gameKey(g.code), g);
}

export const gameFor = (code: string) => readJson<ActiveGame | null>(gameKey(code), null);

export const forgetGame = (code: string) => {
  if (activeGame()?.code === code) removeItem(KEY);
};

/** The settings last used for a quiz, so hosting it again starts from them. */
export const lastSettings = (quizId: string) => readJson<Partial<GameSettings>>(`qq_settings_${quizId}`, {});
export const rememberSettings = (quizId: string, s: GameSettings) => writeJson(`qq_settings_${quizId}`, s);
