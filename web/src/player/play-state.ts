// The player's view of the room, rebuilt from the room's messages and the few things this phone
// learns on its own: which screen shows, the player's standing, the answer awaiting its ack. Pure:
// no socket, storage, DOM or clock (the socket and its side effects are in use-player-socket.ts).
import type {
  AnswerValue,
  JoinRefusal,
  LeaderEntry,
  MathTable,
  MyTeam,
  TeamInfo,
  QuestionView,
  ServerMessage,
  ServerMessageOf,
} from "../../../schema/messages.ts";
import type { PlayerKey } from "../strings.ts";

export type Result = ServerMessageOf<"result">;

/** The one screen the phone shows. */
export type View =
  | { k: "connecting" }
  | { k: "lobby" }
  | { k: "wait" }
  /**
   * `opensAt`/`closesAt` are performance.now() times; `pausedAt`: the room is paused since then
   * (the time left is frozen at `closesAt - pausedAt`).
   */
  | { k: "question"; q: QuestionView; opensAt: number; closesAt: number; pausedAt: number | null }
  | { k: "result"; r: Result; explanation?: string; math?: MathTable }
  | { k: "leaderboard"; top: LeaderEntry[] }
  /**
   * `revealAt` (performance.now()): the projector's podium shows first place then; until then the
   * phone holds the player's final rank and the top three (absent: nothing to hold).
   */
  | { k: "final"; top: LeaderEntry[]; revealAt?: number }
  | { k: "gone"; why: "kicked" | "ended" | "over" | "replaced" };

export interface Me {
  playerId: string;
  nickname: string;
  score: number;
  rank: number | null;
  streak: number;
}

/**
 * What the one live region says, as a moment rather than a sentence: the screen words it in the
 * current language. It stays until the next moment replaces it, so nothing is announced twice.
 */
export type Announcement = { k: "lobby" } | { k: "result"; r: Result } | { k: "final" } | null;

export interface PlayerState {
  view: View;
  me: Me;
  title: string;
  playerCount: number;
  /** How many questions the game has (0: not known yet): the last one's result keeps the standing for the podium. */
  total: number;
  /** Index of the last question this player answered (-1: none): its screen then says "answer sent". */
  answered: number;
  /** An answer not yet acknowledged: sent again if the socket drops and the room asks the same question. */
  pending: { q: number; answer: AnswerValue } | null;
  /** The last reveal's explanation: the reveal and the player's result arrive in either order. */
  revealed: { index: number; explanation?: string; math?: MathTable } | null;
  /** The room said the game is over (a reconnect banner would mislead from then on). */
  ended: boolean;
  /** The host has paused the room. */
  paused: boolean;
  announcement: Announcement;
  /** Team mode: the teams (lobby), this player's team standing, the consensus pick standing now. */
  teams: { consensus: boolean; pick: boolean; list: TeamInfo[] } | null;
  /** Shared devices: this phone is a team's (its seat is the team); the names it gave of who plays on it. */
  shared: { members: string[] } | null;
  team: MyTeam | null;
  teamPick: ServerMessageOf<"teamPick"> | null;
}

/** The room's messages, and what this phone learns on its own. */
export type PlayerEvent =
  | ServerMessage
  /** The player answered; the room has not acknowledged it yet. */
  | { type: "sent"; q: number; answer: AnswerValue }
  /** The API says the game is over, while the socket could not get back in. */
  | { type: "roomEnded" }
  /** The API no longer knows the game. */
  | { type: "roomMissing" };

export function initialPlayerState(
  seat: { playerId: string; nickname: string } | null,
  nickname?: string,
): PlayerState {
  return {
    view: { k: "connecting" },
    me: { playerId: seat?.playerId ?? "", nickname: seat?.nickname ?? nickname ?? "", score: 0, rank: null, streak: 0 },
    title: "",
    playerCount: 0,
    total: 0,
    answered: -1,
    pending: null,
    revealed: null,
    ended: false,
    paused: false,
    announcement: null,
    teams: null,
    shared: null,
    team: null,
    teamPick: null,
  };
}

/** The state after one event; `now` is performance.now() when it arrived (question deadlines count from it). */
export function reducePlayer(s: PlayerState, e: PlayerEvent, now: number): PlayerState {
  switch (e.type) {
    case "welcome":
      return welcome(s, e);
    case "lobby":
    case "playerJoined":
    case "playersJoined":
    case "playerLeft":
      return { ...s, playerCount: e.playerCount };
    case "question": {
      const q = e.question;
      return {
        ...s,
        total: q.total,
        paused: !!q.paused,
        pending: s.pending?.q === q.index ? s.pending : null,
        teamPick: s.teamPick?.index === q.index ? s.teamPick : null,
        view: {
          k: "question",
          q,
          opensAt: now + q.opensInMs,
          closesAt: now + q.closesInMs,
          pausedAt: q.paused ? now : null,
        },
      };
    }
    case "timer": {
      const next = { ...s, paused: e.paused };
      if (s.view.k !== "question" || s.view.q.index !== e.index) return next;
      return {
        ...next,
        view: {
          ...s.view,
          opensAt: now + e.opensInMs,
          closesAt: now + e.closesInMs,
          pausedAt: e.paused ? now : null,
        },
      };
    }
    case "sent":
      return { ...s, pending: { q: e.q, answer: e.answer }, answered: e.q };
    case "answered":
      return { ...s, pending: s.pending?.q === e.index ? null : s.pending, answered: e.index };
    case "reveal":
      return {
        ...s,
        revealed: { index: e.index, explanation: e.explanation, math: e.math },
        view:
          s.view.k === "result" && s.view.r.index === e.index
            ? { ...s.view, explanation: e.explanation, math: e.math }
            : s.view,
      };
    case "result":
      return {
        ...s,
        pending: null,
        me: { ...s.me, score: e.score, rank: e.rank, streak: e.streak },
        team: e.team ?? s.team,
        playerCount: e.playerCount,
        announcement: { k: "result", r: e },
        view: {
          k: "result",
          r: e,
          explanation: s.revealed?.index === e.index ? s.revealed.explanation : undefined,
          math: s.revealed?.index === e.index ? s.revealed.math : undefined,
        },
      };
    case "leaderboard":
      return { ...s, playerCount: e.playerCount, view: { k: "leaderboard", top: e.top } };
    case "podium":
      return {
        ...s,
        playerCount: e.playerCount,
        announcement: { k: "final" },
        view: { k: "final", top: e.top, ...(e.revealInMs ? { revealAt: now + e.revealInMs } : {}) },
      };
    case "ended":
      return {
        ...s,
        ended: true,
        // The podium, once shown, stays; a host who ends the game early gets it said in words.
        view:
          s.view.k === "final"
            ? s.view
            : e.reason === "ended-by-host"
              ? { k: "gone", why: "ended" }
              : { k: "final", top: [] },
      };
    case "teams":
      return s.teams ? { ...s, teams: { ...s.teams, list: e.teams } } : s;
    case "myTeam":
      return { ...s, team: e.team };
    case "playerUpdated":
      // Shared devices: the names this team's phone gave, as the room kept them.
      return s.shared && e.player.playerId === s.me.playerId
        ? { ...s, shared: { members: e.player.members ?? [] } }
        : s;
    case "teamPick":
      return { ...s, teamPick: e };
    case "kicked":
      return { ...s, view: { k: "gone", why: "kicked" } };
    case "replaced":
      return { ...s, view: { k: "gone", why: "replaced" } };
    case "roomEnded":
      return s.view.k === "final" ? s : { ...s, view: { k: "gone", why: "over" } };
    case "roomMissing":
      return { ...s, view: { k: "gone", why: "over" } };
    case "error":
      return refused(s, e);
    default:
      // joinRefused: the phone leaves the game for the form; the rest are the host's or the socket's.
      return s;
  }
}

function welcome(s: PlayerState, m: ServerMessageOf<"welcome">): PlayerState {
  const next: PlayerState = {
    ...s,
    title: m.title,
    playerCount: m.playerCount,
    total: m.questionCount,
    paused: !!m.paused,
  };
  if (m.me) {
    const { playerId, nickname, score, rank, streak } = m.me;
    next.me = { playerId, nickname, score, rank, streak };
    if (m.me.answered) next.answered = m.questionIndex;
    next.team = m.me.team ?? null;
  }
  const shared = m.teams?.settings.mode === "shared";
  next.shared = shared ? { members: m.me?.members ?? s.shared?.members ?? [] } : null;
  next.teams =
    m.teams && !shared
      ? {
          consensus: m.teams.settings.mode === "consensus",
          pick: m.teams.settings.assign === "pick",
          list: m.teams.list,
        }
      : null;
  // The room follows its welcome with the current question, result or leaderboard where there is one.
  if (m.phase === "lobby") return { ...next, view: { k: "lobby" }, announcement: { k: "lobby" } };
  if (m.phase === "ended") return { ...next, view: { k: "final", top: [] } };
  return { ...next, view: s.view.k === "connecting" || s.view.k === "lobby" ? { k: "wait" } : s.view };
}

function refused(s: PlayerState, m: ServerMessageOf<"error">): PlayerState {
  let answered = s.answered;
  if (m.code === "already-answered") answered = Math.max(answered, s.pending?.q ?? answered);
  // The answer did not count: show the question again ("time's up" once it has closed).
  else if (m.for === "answer" && s.pending) answered = -1;
  return { ...s, answered, pending: m.for === "answer" ? null : s.pending };
}

/** Refusals the Join form words on its own; the rest read "you cannot join this game now". */
const REFUSAL: Partial<Record<JoinRefusal, PlayerKey>> = {
  "nickname-taken": "nick.taken",
  "nickname-invalid": "nick.invalid",
  "not-found": "code.unknown",
  kicked: "kicked",
  ended: "code.over",
  full: "join.full",
  "student-id-required": "sid.empty",
  "rate-limited": "join.busy",
};

export const refusalKey = (reason: JoinRefusal): PlayerKey => REFUSAL[reason] ?? "join.refused";

/** Joins sentences with one full stop each: a headline that already ends in "!" or "." gets none. */
/**
 * Whether the player's standing may show with this result: not after the last question, whose rank
 * is the final one, which the projector's podium reveals first.
 */
export const standingShown = (s: PlayerState, r: Result): boolean => !s.total || r.index < s.total - 1;

export function sentences(parts: string[]): string {
  return parts.map((p) => (/[.!?…]$/.test(p) ? p : `${p}.`)).join(" ");
}
