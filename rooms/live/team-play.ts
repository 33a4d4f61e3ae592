// Team mode in the live room: the teams a game starts with, where a joining player goes, the
// lobby's pick / move / rename / balance, what a player and the boards say about teams, and a
// consensus team's answer at the close. The rules themselves are pure (kit/teams.ts, shared with
// the homework room); this applies them to the room's store and outbox. A game without teams (or
// with shared devices, whose teams are the seats themselves) never reaches past `active()`.
import type { ClientMessage, MyTeam, ServerMessage, ServerMessageOf, TeamEntry } from "../../schema/messages.ts";
import type { GameContext } from "./context.ts";
import { errorMessage } from "../kit/frames.ts";
import { checkNickname } from "../kit/nickname.ts";
import {
  balanceMoves,
  contribution,
  initialTeams,
  rankTeams,
  renamedTeam,
  smallestTeam,
  standingPick,
  type TeamRow,
  type TeamStanding,
  teamSizes,
} from "../kit/teams.ts";
import { teamsOf } from "./teams.ts";
import type { AnswerRow, PlayerRow } from "./types.ts";

export const TEAM_BOARD_TOP = 5;
export const TEAM_PODIUM_TOP = 3;
export const TEAM_COMMANDS = ["pickTeam", "moveTeam", "renameTeam", "balanceTeams", "teamMembers"] as const;
type TeamCommand = Extract<ClientMessage, { type: (typeof TEAM_COMMANDS)[number] }>;

/** The socket tag of a team's members: one serialisation per team message. */
export const teamTag = (teamId: string) => `t:${teamId}`;

export class TeamPlay {
  constructor(private readonly game: GameContext) {}

  /** Team settings when members play on their own phones (personal or consensus); null otherwise. */
  active() {
    const t = teamsOf(this.game.config.settings);
    return t && t.mode !== "shared" ? t : null;
  }

  consensus(): boolean {
    return this.active()?.mode === "consensus";
  }

  /** At hosting: the teams the game starts with. */
  setUp(): void {
    const t = this.active();
    if (t) this.game.store.saveTeams(initialTeams(t.count));
  }

  teams(): readonly TeamRow[] {
    return this.game.store.teams();
  }

  /** A new seat's team: the smallest (a late joiner too); in "pick" games the player may change it in the lobby. */
  placeNew(): string | null {
    if (!this.active()) return null;
    return smallestTeam(this.teams(), this.game.activePlayers()).id;
  }

  list(): ServerMessageOf<"teams">["teams"] {
    const sizes = teamSizes(this.teams(), this.game.activePlayers());
    return this.teams().map((t) => ({ teamId: t.id, name: t.name, members: sizes.get(t.id) ?? 0 }));
  }

  /** Shared devices: one phone per team, whose seat is the team. */
  shared(): boolean {
    return teamsOf(this.game.config.settings)?.mode === "shared";
  }

  /**
   * What the welcome says about team mode (absent without teams). With shared devices the list is
   * empty (the seats are the teams): the settings tell the screens to speak of teams.
   */
  welcome(): ServerMessageOf<"welcome">["teams"] {
    const t = teamsOf(this.game.config.settings);
    if (!t) return undefined;
    const { mode, assign, scoring, talkSeconds } = t;
    return { settings: { mode, assign, scoring, talkSeconds }, list: this.active() ? this.list() : [] };
  }

  /** A player's team standing: the team's rank and score as of the last closed question, and their own part of it. */
  mine(p: PlayerRow, standings = this.standings()): MyTeam | null {
    const t = this.active();
    if (!t || !p.teamId) return null;
    const own = standings.find((s) => s.teamId === p.teamId);
    if (!own) return null;
    const started = this.game.state.position >= 0;
    return {
      teamId: own.teamId,
      name: own.name,
      rank: started ? own.rank : null,
      score: own.score,
      contribution: contribution(p.score, own.members, t.scoring),
      teamCount: standings.length,
    };
  }

  /** The team standings now (ranked once per question when many players are told theirs). */
  standings(): TeamStanding[] {
    const t = this.active();
    return t ? rankTeams(this.teams(), this.game.activePlayers(), t.scoring) : [];
  }

  /** The team standings for a board (top `n`), with each team's rank on the board before. */
  board(players: readonly PlayerRow[], n: number): TeamEntry[] | undefined {
    const t = this.active();
    if (!t) return undefined;
    const standings = rankTeams(this.teams(), players, t.scoring);
    const prev = new Map(this.teams().map((row) => [row.id, row.rank ?? null]));
    this.game.store.saveTeams(
      this.teams()
        .filter((row) => standings.some((s) => s.teamId === row.id))
        .map((row) => ({ ...row, rank: standings.find((s) => s.teamId === row.id)!.rank })),
    );
    return standings.slice(0, n).map((s) => ({
      teamId: s.teamId,
      name: s.name,
      score: s.score,
      rank: s.rank,
      prevRank: prev.get(s.teamId) ?? null,
      members: s.members,
    }));
  }

  /** How each team answered the question just closed (the reveal's team view), best share first. */
  reveal(position: number, players: readonly PlayerRow[], answers: readonly AnswerRow[]): ServerMessage | null {
    if (!this.active()) return null;
    const byPlayer = new Map(answers.map((a) => [a.playerId, a]));
    const rows = this.teams().map((t) => {
      const members = players.filter((p) => p.teamId === t.id);
      const own = members.map((p) => byPlayer.get(p.id)).filter((a): a is AnswerRow => !!a);
      return {
        teamId: t.id,
        name: t.name,
        answered: own.length,
        correct: own.filter((a) => a.correct).length,
        members: members.length,
        points: own.reduce((s, a) => s + a.points, 0),
      };
    });
    rows.sort((a, b) => b.correct / (b.members || 1) - a.correct / (a.members || 1) || b.points - a.points);
    return { type: "teamReveal", index: position, teams: rows };
  }

  /**
   * Consensus at the close: each team's standing pick (the last one the room received by the
   * deadline, teams.ts `standingPick`) becomes every member's answer, so each member scores the
   * team's answer and the team's mean is its points.
   */
  consensusAnswers(position: number, answers: ReadonlyMap<string, AnswerRow>, closesAt: number): AnswerRow[] {
    if (!this.consensus()) return [];
    const out: AnswerRow[] = [];
    const players = this.game.activePlayers();
    for (const t of this.teams()) {
      const members = players.filter((p) => p.teamId === t.id);
      const proposals = members
        .map((p) => answers.get(p.id))
        .filter((a): a is AnswerRow => !!a && a.q === position)
        .map((a) => ({ playerId: a.playerId, answer: a, receivedAt: a.answeredAt }));
      const pick = standingPick(proposals, closesAt);
      if (!pick) continue;
      for (const m of members) out.push({ ...pick.answer, playerId: m.id });
    }
    return out;
  }

  /** Consensus: tell the member's team its pick changed (one frame per team, by its socket tag). */
  picked(p: PlayerRow, position: number, answer: ServerMessageOf<"teamPick">["answer"]): void {
    if (!this.consensus() || !p.teamId) return;
    const members = this.game.activePlayers().filter((m) => m.teamId === p.teamId);
    this.game.outbox.team(
      p.teamId,
      { type: "teamPick", index: position, teamId: p.teamId, answer, by: p.nickname },
      members.map((m) => m.id),
    );
  }

  // ---------- lobby commands ----------

  run(sender: { host: string } | { player: PlayerRow }, msg: TeamCommand): ServerMessage[] {
    if (msg.type === "teamMembers") return this.members(sender, msg);
    const t = this.active();
    if (!t) return [errorMessage("no-teams", "this game has no teams to choose", msg.type)];
    if (this.game.state.phase !== "lobby")
      return [errorMessage("wrong-phase", "teams are formed before the start", msg.type)];
    const teams = this.teams();
    if ("teamId" in msg && !teams.some((row) => row.id === msg.teamId))
      return [errorMessage("unknown-team", "no such team", msg.type)];
    const { store } = this.game;
    switch (msg.type) {
      case "pickTeam": {
        if (!("player" in sender)) return [errorMessage("forbidden", "players pick their own team", msg.type)];
        if (t.assign !== "pick") return [errorMessage("forbidden", "the host places players in this game", msg.type)];
        this.moved([{ ...sender.player, teamId: msg.teamId }]);
        this.game.event("team.pick", "player", sender.player.id, { teamId: msg.teamId });
        break;
      }
      case "moveTeam": {
        const p = store.players().get(msg.playerId);
        if (!p || p.kicked) return [errorMessage("unknown-player", "no such player", msg.type)];
        this.moved([{ ...p, teamId: msg.teamId }]);
        this.game.event("team.move", "user", "host" in sender ? sender.host : null, {
          playerId: p.id,
          teamId: msg.teamId,
        });
        break;
      }
      case "renameTeam": {
        const renamed = renamedTeam(teams, msg.teamId, msg.name);
        if (!renamed.ok) return [errorMessage("name-refused", renamed.reason, msg.type)];
        store.saveTeams([renamed.row]);
        this.game.event("team.rename", "user", "host" in sender ? sender.host : null, { teamId: msg.teamId });
        this.broadcastList();
        break;
      }
      case "balanceTeams": {
        const active = this.game.activePlayers();
        const moves = balanceMoves(teams, active);
        const changed = active.filter((p) => moves.has(p.id)).map((p) => ({ ...p, teamId: moves.get(p.id)! }));
        this.moved(changed);
        this.game.event("team.balance", "user", "host" in sender ? sender.host : null, { moved: changed.length });
        break;
      }
    }
    this.game.effects.flushEvents();
    return [];
  }

  /** Shared devices: the team's phone names its members (display only; each name through the nickname filter). */
  private members(
    sender: { host: string } | { player: PlayerRow },
    msg: Extract<TeamCommand, { type: "teamMembers" }>,
  ): ServerMessage[] {
    if (!this.shared()) return [errorMessage("no-teams", "only a shared team device names its members", msg.type)];
    if (!("player" in sender)) return [errorMessage("forbidden", "a team's phone names its members", msg.type)];
    if (this.game.state.phase !== "lobby")
      return [errorMessage("wrong-phase", "members are named before the start", msg.type)];
    const names: string[] = [];
    const seen = new Set<string>();
    for (const raw of msg.names) {
      if (!raw.trim()) continue;
      const checked = checkNickname(raw);
      if (!checked.ok) return [errorMessage("name-refused", `${raw.trim()}: ${checked.reason}`, msg.type)];
      if (!seen.has(checked.skeleton)) names.push(checked.nickname);
      seen.add(checked.skeleton);
    }
    const updated = { ...sender.player, members: names };
    this.game.store.savePlayers([updated]);
    this.game.event("team.members", "player", updated.id, { count: names.length });
    const info = { type: "playerUpdated" as const, player: this.game.playerInfo(updated) };
    this.game.outbox.host(info);
    this.game.outbox.player(updated.id, info);
    this.game.effects.flushEvents();
    return [];
  }

  /** Saves moved players, tells each of them their team, everyone the new sizes. */
  private moved(ps: PlayerRow[]): void {
    if (ps.length) this.game.store.savePlayers(ps);
    const standings = this.standings();
    for (const p of ps) {
      const mine = this.mine(p, standings);
      if (mine) this.game.outbox.player(p.id, { type: "myTeam", team: mine });
    }
    this.broadcastList();
  }

  /** The teams and their sizes to everyone; the host also gets who is in which. */
  broadcastList(): void {
    const teams = this.list();
    const members: Record<string, string> = {};
    for (const p of this.game.activePlayers()) if (p.teamId) members[p.id] = p.teamId;
    this.game.outbox.host({ type: "teams", teams, members });
    this.game.outbox.players({ type: "teams", teams });
  }
}
