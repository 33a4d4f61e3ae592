// A live game's team settings (the rules of team play itself are rooms/kit/teams.ts, which the
// homework room uses too): whether the game has teams, and the team talk before the options open.
import type { TeamSettings } from "../../schema/game.ts";

/** Team mode's settings, or null for a game everyone plays for themselves. */
export const teamsOf = (settings: { teams?: TeamSettings | null }): TeamSettings | null => settings.teams ?? null;

/** The seconds of team talk before the options open (added to the reading time). */
export function talkMs(settings: { teams?: TeamSettings | null }): number {
  const t = teamsOf(settings);
  return t && t.mode !== "shared" ? t.talkSeconds * 1000 : 0;
}
