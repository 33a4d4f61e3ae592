// Team mode's rules, pure, for both rooms (a live game's teams and a homework's): which team a
// player goes to (their pick, the smallest team, or the host's balancing within ±1), team names
// (the nickname filter and look-alike checks), how a team scores (the mean or sum of its members'
// points), the team standings, and which proposal is a consensus team's answer at the close. No
// Workers API: each room stores its teams and members and calls these with the time passed in.
import type { TeamSettings } from "../../schema/game.ts";
import { checkNickname } from "./nickname.ts";

export interface TeamRow {
  id: string;
  name: string;
  /** Look-alike key of the name (kit/nickname.ts): two teams never look the same. */
  skeleton: string;
  /** Order of creation: ties in the standings and in placement go to the earlier team. */
  order: number;
  /** Rank on the last team board (its `prevRank` on the next); absent before the first. */
  rank?: number | null;
}

/** What the team rules need of a player. */
export interface Member {
  id: string;
  teamId?: string | null;
  score: number;
  totalTimeMs: number;
  joinedAt: number;
  kicked?: boolean;
}

export interface TeamStanding {
  teamId: string;
  name: string;
  score: number;
  members: number;
  rank: number;
}

/** The id of the i-th team (0-based): short, stable, and safe inside a socket tag. */
export const teamId = (i: number) => `t${i + 1}`;

/** The teams a game starts with: "Team 1" … "Team n" (the host may rename them in the lobby). */
export function initialTeams(count: number): TeamRow[] {
  return Array.from({ length: count }, (_, i) => {
    const name = `Team ${i + 1}`;
    const checked = checkNickname(name);
    return { id: teamId(i), name, skeleton: checked.ok ? checked.skeleton : name, order: i };
  });
}

/** Members per team (kicked players do not count), every team present. */
export function teamSizes(teams: readonly TeamRow[], players: Iterable<Member>): Map<string, number> {
  const sizes = new Map(teams.map((t) => [t.id, 0]));
  for (const p of players)
    if (!p.kicked && p.teamId && sizes.has(p.teamId)) sizes.set(p.teamId, sizes.get(p.teamId)! + 1);
  return sizes;
}

/** The team with the fewest members (the earlier one on a tie): where a late or unplaced player goes. */
export function smallestTeam(teams: readonly TeamRow[], players: Iterable<Member>): TeamRow {
  const sizes = teamSizes(teams, players);
  return [...teams].sort((a, b) => sizes.get(a.id)! - sizes.get(b.id)! || a.order - b.order)[0];
}

/**
 * The host's "balance": every active player placed so that team sizes differ by at most one,
 * moving as few players as possible. Players stay where they are while their team is within its
 * share; the newest members of teams over their share go to teams under it.
 */
export function balance(teams: readonly TeamRow[], players: readonly Member[]): Map<string, string> {
  const active = players.filter((p) => !p.kicked).sort((a, b) => a.joinedAt - b.joinedAt || (a.id < b.id ? -1 : 1));
  const ordered = [...teams].sort((a, b) => a.order - b.order);
  const base = Math.floor(active.length / ordered.length);
  const extra = active.length % ordered.length;
  const byTeam = new Map<string, Member[]>(ordered.map((t) => [t.id, []]));
  const loose: Member[] = [];
  for (const p of active) {
    const list = p.teamId ? byTeam.get(p.teamId) : undefined;
    if (list) list.push(p);
    else loose.push(p);
  }
  // The largest teams keep the extra seats (fewest moves), the earlier team on a tie.
  const bySize = [...ordered].sort((a, b) => byTeam.get(b.id)!.length - byTeam.get(a.id)!.length || a.order - b.order);
  const share = new Map(bySize.map((t, i) => [t.id, base + (i < extra ? 1 : 0)]));
  for (const t of ordered) {
    const list = byTeam.get(t.id)!;
    loose.push(...list.splice(share.get(t.id)!));
  }
  loose.sort((a, b) => a.joinedAt - b.joinedAt || (a.id < b.id ? -1 : 1));
  for (const t of ordered) {
    const list = byTeam.get(t.id)!;
    while (list.length < share.get(t.id)! && loose.length) list.push(loose.shift()!);
  }
  const placed = new Map<string, string>();
  for (const [id, list] of byTeam) for (const p of list) placed.set(p.id, id);
  return placed;
}

/** The host's "balance" as the moves it makes: player id → new team, for those whose team changes. */
export function balanceMoves(teams: readonly TeamRow[], players: readonly Member[]): Map<string, string> {
  const placed = balance(teams, players);
  const moves = new Map<string, string>();
  for (const p of players) {
    const to = placed.get(p.id);
    if (to && to !== p.teamId) moves.set(p.id, to);
  }
  return moves;
}

/** A team's score from its members' scores: the mean (rounded) or the sum; 0 for an empty team. */
export function teamScore(scores: readonly number[], scoring: TeamSettings["scoring"]): number {
  if (!scores.length) return 0;
  const sum = scores.reduce((a, b) => a + b, 0);
  return scoring === "sum" ? sum : Math.round(sum / scores.length);
}

/**
 * A member's own part of the team's score: their points as they count in it (all of them in a
 * sum, a 1/n share of them in a mean). The parts add up to the team's score, up to rounding.
 */
export function contribution(score: number, members: number, scoring: TeamSettings["scoring"]): number {
  if (scoring === "sum" || members <= 1) return score;
  return Math.round(score / members);
}

/**
 * The team standings: by score, then by the members' lower mean response time, then by team
 * order. Every team is listed (an empty team scores 0). A consensus team's members all carry the
 * team's answer, so its mean is that answer's points.
 */
export function rankTeams(
  teams: readonly TeamRow[],
  players: Iterable<Member>,
  scoring: TeamSettings["scoring"],
): TeamStanding[] {
  const members = new Map<string, Member[]>(teams.map((t) => [t.id, []]));
  for (const p of players) if (!p.kicked && p.teamId) members.get(p.teamId)?.push(p);
  const rows = teams.map((t) => {
    const ms = members.get(t.id)!;
    const time = ms.length ? ms.reduce((a, p) => a + p.totalTimeMs, 0) / ms.length : Number.POSITIVE_INFINITY;
    return {
      t,
      score: teamScore(
        ms.map((p) => p.score),
        scoring,
      ),
      members: ms.length,
      time,
    };
  });
  rows.sort((a, b) => b.score - a.score || a.time - b.time || a.t.order - b.t.order);
  return rows.map((r, i) => ({ teamId: r.t.id, name: r.t.name, score: r.score, members: r.members, rank: i + 1 }));
}

export interface Proposal<A> {
  playerId: string;
  answer: A;
  /** When the room received it, on the room's clock. */
  receivedAt: number;
}

/**
 * A consensus team's answer: the last proposal the room received no later than the close (a
 * pick in the last moments counts if it arrived in time; one received after does not). Among
 * proposals received in the same millisecond, the later one in the list (the later write) wins.
 */
export function standingPick<A>(proposals: readonly Proposal<A>[], closesAt: number): Proposal<A> | null {
  let best: Proposal<A> | null = null;
  for (const p of proposals) if (p.receivedAt <= closesAt && (!best || p.receivedAt >= best.receivedAt)) best = p;
  return best;
}

/** A team name through the nickname rules (same filter and look-alike skeleton), unique among the other teams. */
export function checkTeamName(
  raw: string,
  teams: readonly TeamRow[],
  except: string,
): { ok: true; name: string; skeleton: string } | { ok: false; reason: string } {
  const checked = checkNickname(raw);
  if (!checked.ok) return checked;
  if (teams.some((t) => t.id !== except && t.skeleton === checked.skeleton))
    return { ok: false, reason: "another team has that name (or one that looks just like it)" };
  return { ok: true, name: checked.nickname, skeleton: checked.skeleton };
}

/** The host's rename of team `teamId` (one of `teams`): its row with the new name, or why the name is refused. */
export function renamedTeam(
  teams: readonly TeamRow[],
  teamId: string,
  raw: string,
): { ok: true; row: TeamRow } | { ok: false; reason: string } {
  const checked = checkTeamName(raw, teams, teamId);
  if (!checked.ok) return checked;
  const row = teams.find((r) => r.id === teamId)!;
  return { ok: true, row: { ...row, name: checked.name, skeleton: checked.skeleton } };
}
