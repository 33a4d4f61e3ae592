// Team mode for homework, pure: the live game's team rules (kit/teams.ts: placing, balancing within
// ±1, team names, mean or sum scoring, standings) applied to the assignment's participants. Each
// member does their own homework; a team's result is made of its members' counted attempts. The
// object keeps the teams in its storage (store.ts `teams`) and each participant's `teamId`.
import type { AssignmentTeamChoice, AssignmentTeamCommand, PlayState, ProgressView } from "../../schema/assignment.ts";
import {
  balanceMoves,
  contribution,
  initialTeams,
  type Member,
  rankTeams,
  renamedTeam,
  smallestTeam,
  type TeamRow,
  teamSizes,
} from "../kit/teams.ts";
import { type Failure, fail } from "./access.ts";
import { countedAttempt } from "./rules.ts";
import type { AssignmentConfig, Participant } from "./types.ts";

type Config = Pick<AssignmentConfig, "settings">;

export const teamsOf = (cfg: Config) => cfg.settings.teams ?? null;

/** The teams an assignment starts with ("Team 1" … "Team n"); none without team mode. */
export const startingTeams = (cfg: Config): TeamRow[] => {
  const t = teamsOf(cfg);
  return t ? initialTeams(t.count) : [];
};

/** A participant as the team rules see them: their counted attempt; a removed student does not count. */
function member(cfg: Config, p: Participant): Member {
  const c = countedAttempt(cfg.settings, p);
  return {
    id: p.id,
    teamId: p.teamId ?? null,
    score: c.score,
    totalTimeMs: c.totalTimeMs,
    joinedAt: p.joinedAt,
    kicked: p.removed,
  };
}
const members = (cfg: Config, ps: Iterable<Participant>) => [...ps].map((p) => member(cfg, p));

/** What a student may pick from at the start (null without team mode). */
export function choice(cfg: Config, teams: readonly TeamRow[], ps: Iterable<Participant>): AssignmentTeamChoice | null {
  const t = teamsOf(cfg);
  if (!t) return null;
  const sizes = teamSizes(teams, members(cfg, ps));
  return { assign: t.assign, list: teams.map((r) => ({ teamId: r.id, name: r.name, members: sizes.get(r.id) ?? 0 })) };
}

/**
 * A new seat's team: the student's pick in a "pick" assignment, otherwise (or without a pick) the
 * smallest team, so that students who start later keep the teams within one of each other.
 */
export function placeNew(
  cfg: Config,
  teams: readonly TeamRow[],
  ps: Iterable<Participant>,
  requested: string | undefined,
): { ok: true; teamId: string | null } | Failure {
  const t = teamsOf(cfg);
  if (!t || !teams.length) return { ok: true, teamId: null };
  if (requested && t.assign === "pick") {
    if (!teams.some((r) => r.id === requested)) return fail(400, "unknown_team", "no such team");
    return { ok: true, teamId: requested };
  }
  return { ok: true, teamId: smallestTeam(teams, members(cfg, ps)).id };
}

/** What a team command changes: renamed teams, participants moved to another team. */
export type TeamChange = { ok: true; teams: TeamRow[]; moved: Participant[] } | Failure;

/** The teacher's rename, move or balance, by the live lobby's rules (a moved student's results go with them). */
export function command(
  cfg: Config,
  teams: readonly TeamRow[],
  ps: ReadonlyMap<string, Participant>,
  msg: AssignmentTeamCommand,
): TeamChange {
  if (!teamsOf(cfg)) return fail(409, "no_teams", "this assignment has no teams");
  if ("teamId" in msg && !teams.some((r) => r.id === msg.teamId)) return fail(404, "unknown_team", "no such team");
  switch (msg.type) {
    case "renameTeam": {
      const renamed = renamedTeam(teams, msg.teamId, msg.name);
      if (!renamed.ok) return fail(400, "name_refused", renamed.reason);
      return { ok: true, teams: [renamed.row], moved: [] };
    }
    case "moveTeam": {
      const p = ps.get(msg.playerId);
      if (!p || p.removed) return fail(404, "not_found", "no such participant");
      return { ok: true, teams: [], moved: p.teamId === msg.teamId ? [] : [{ ...p, teamId: msg.teamId }] };
    }
    case "balanceTeams": {
      const moves = balanceMoves(teams, members(cfg, ps.values()));
      const moved = [...ps.values()].filter((p) => moves.has(p.id)).map((p) => ({ ...p, teamId: moves.get(p.id)! }));
      return { ok: true, teams: [], moved };
    }
  }
}

/** Every team's standing from its members' counted attempts (the teacher's progress view). */
export function progressTeams(
  cfg: Config,
  teams: readonly TeamRow[],
  ps: Iterable<Participant>,
): ProgressView["teams"] {
  const t = teamsOf(cfg);
  if (!t) return undefined;
  const list = rankTeams(teams, members(cfg, ps), t.scoring).map((s) => ({
    teamId: s.teamId,
    name: s.name,
    members: s.members,
    score: s.score,
    rank: s.rank,
  }));
  return { scoring: t.scoring, list };
}

/**
 * The student's team on their screen: always its name; its score, rank and the student's part of
 * it only when `visible` (showAnswers lets them see their own results), which would tell theirs.
 */
export function myTeam(
  cfg: Config,
  teams: readonly TeamRow[],
  ps: Iterable<Participant>,
  p: Participant,
  visible: boolean,
): PlayState["team"] {
  const t = teamsOf(cfg);
  const row = p.teamId ? teams.find((r) => r.id === p.teamId) : undefined;
  if (!t || !row) return undefined;
  if (!visible) return { teamId: row.id, name: row.name, rank: null, teamCount: teams.length };
  const own = rankTeams(teams, members(cfg, ps), t.scoring).find((s) => s.teamId === row.id)!;
  return {
    teamId: row.id,
    name: row.name,
    rank: own.rank,
    score: own.score,
    contribution: contribution(countedAttempt(cfg.settings, p).score, own.members, t.scoring),
    teamCount: teams.length,
  };
}

/** Each participant's team name, for the results rows (and so the report's team tables). */
export function teamNames(teams: readonly TeamRow[]): Map<string, string> {
  return new Map(teams.map((r) => [r.id, r.name]));
}
