// Team mode in a game's report (pure): each team's final standing and each member's part of it,
// by the same rules the room scored with (rooms/kit/teams.ts), from the D1 rows.
import type { TeamSettings } from "../../schema/game.ts";
import { contribution, rankTeams, type TeamRow } from "../../rooms/kit/teams.ts";
import type { PlayerRow } from "./rows.ts";

export interface TeamResult {
  rank: number;
  team: string;
  score: number;
  members: number;
}

export interface TeamReport {
  teams: TeamResult[];
  /** Each player's team and own part of its score, by player id. */
  members: Map<string, { team: string; contribution: number }>;
}

/** The scoring a game's settings name; null when it was not a team game (or had shared devices: no team column). */
export function teamScoring(settings: unknown): TeamSettings["scoring"] | null {
  const t = (settings as { teams?: TeamSettings | null } | null)?.teams;
  return t && t.mode !== "shared" ? (t.scoring ?? "mean") : null;
}

export function teamReport(players: readonly PlayerRow[], scoring: TeamSettings["scoring"]): TeamReport | null {
  const names = [...new Set(players.map((p) => p.team).filter((t): t is string => !!t))].sort();
  if (!names.length) return null;
  const teams: TeamRow[] = names.map((name, order) => ({ id: name, name, skeleton: name, order }));
  const members = players.map((p) => ({
    id: p.playerId,
    teamId: p.team ?? null,
    score: p.score,
    totalTimeMs: p.totalTimeMs,
    joinedAt: p.joinedAt,
    kicked: p.kicked,
  }));
  const standings = rankTeams(teams, members, scoring);
  const size = new Map(standings.map((s) => [s.teamId, s.members]));
  const byPlayer = new Map<string, { team: string; contribution: number }>();
  for (const p of players)
    if (p.team)
      byPlayer.set(p.playerId, {
        team: p.team,
        contribution: p.kicked ? 0 : contribution(p.score, size.get(p.team) ?? 1, scoring),
      });
  return {
    teams: standings.map((s) => ({ rank: s.rank, team: s.name, score: s.score, members: s.members })),
    members: byPlayer,
  };
}

/** Shared devices: who played on each team's phone, as it named them, by player id (empty when none did). */
export function memberNames(players: readonly PlayerRow[]): Map<string, string> {
  return new Map(players.filter((p) => p.members?.length).map((p) => [p.playerId, p.members!.join(", ")]));
}
