// The host's view of the room, rebuilt from the room's messages alone: the welcome, then each
// phase's messages, so a reload lands where the game is. Pure: no socket, no DOM, no clock.
import type {
  PlayerInfo,
  QuestionView,
  ServerMessage,
  ServerMessageOf,
  TeamInfo,
} from "../../../../schema/messages.ts";
import type { RenameError } from "./team-name-edit.tsx";

type Phase = "connecting" | "lobby" | "question" | "reveal" | "leaderboard" | "podium" | "ended" | "gone";

export interface HostState {
  phase: Phase;
  title: string;
  locked: boolean;
  questionCount: number;
  players: PlayerInfo[];
  playerCount: number;
  /** performance.now() times; `pausedAt`: paused since then, the time left frozen at `closesAt - pausedAt`. */
  question: { q: QuestionView; opensAt: number; closesAt: number; pausedAt: number | null } | null;
  /** The host has paused the room. */
  paused: boolean;
  /** When the room moves on by itself out of a reveal or leaderboard (performance.now()); null: it waits. */
  autoAdvanceAt: number | null;
  answered: { answered: number; expected: number } | null;
  reveal: ServerMessageOf<"reveal"> | null;
  board: ServerMessageOf<"leaderboard"> | null;
  podium: ServerMessageOf<"podium"> | null;
  ended: ServerMessageOf<"ended"> | null;
  /** Team mode: the teams (sizes follow the players' `teamId`); null without teams. */
  teams: TeamInfo[] | null;
  /** Shared devices: each seat is a team's phone (the screens say "teams"; no team list). */
  shared: boolean;
  /** The reveal's team view (how each team answered). */
  teamReveal: ServerMessageOf<"teamReveal"> | null;
  error: string;
  /** The last refused team rename, shown at the lobby's inline edit rather than in the banner. */
  renameError: RenameError | null;
}

export const initialHostState: HostState = {
  phase: "connecting",
  title: "",
  locked: false,
  questionCount: 0,
  players: [],
  playerCount: 0,
  question: null,
  paused: false,
  autoAdvanceAt: null,
  answered: null,
  reveal: null,
  board: null,
  podium: null,
  ended: null,
  teams: null,
  shared: false,
  teamReveal: null,
  error: "",
  renameError: null,
};

/** Team sizes from who is in which team (kicked players are gone from the list). */
export function teamSizes(s: HostState): TeamInfo[] {
  return (s.teams ?? []).map((t) => ({ ...t, members: s.players.filter((p) => p.teamId === t.teamId).length }));
}

/** The projector's state after one message from the room; `now` is performance.now() when it arrived. */
export function reduceHost(s: HostState, m: ServerMessage, now: number): HostState {
  switch (m.type) {
    case "welcome":
      return {
        ...s,
        phase: m.phase,
        title: m.title,
        locked: m.locked,
        questionCount: m.questionCount,
        players: m.players ?? s.players,
        playerCount: m.playerCount,
        paused: !!m.paused,
        teams: m.teams && m.teams.settings.mode !== "shared" ? m.teams.list : null,
        shared: m.teams?.settings.mode === "shared",
        error: "",
      };
    case "teams":
      return {
        ...s,
        teams: m.teams,
        players: m.members ? s.players.map((p) => ({ ...p, teamId: m.members![p.playerId] ?? p.teamId })) : s.players,
      };
    case "teamReveal":
      return { ...s, teamReveal: m };
    case "playerJoined":
      return {
        ...s,
        players: [...s.players.filter((p) => p.playerId !== m.player.playerId), m.player],
        playerCount: m.playerCount,
      };
    case "playersJoined": {
      // A big room's join wave, gathered (docs/protocol.md): the same as one playerJoined each.
      const ids = new Set(m.players.map((p) => p.playerId));
      return {
        ...s,
        players: [...s.players.filter((p) => !ids.has(p.playerId)), ...m.players],
        playerCount: m.playerCount,
      };
    }
    case "playerUpdated":
      return { ...s, players: s.players.map((p) => (p.playerId === m.player.playerId ? m.player : p)) };
    case "playerLeft":
      return {
        ...s,
        playerCount: m.playerCount,
        players:
          m.reason === "kicked"
            ? s.players.filter((p) => p.playerId !== m.playerId)
            : s.players.map((p) => (p.playerId === m.playerId ? { ...p, connected: false } : p)),
      };
    case "lobby":
      return { ...s, locked: m.locked, playerCount: m.playerCount };
    case "question":
      return {
        ...s,
        phase: "question",
        paused: !!m.question.paused,
        question: {
          q: m.question,
          opensAt: now + m.question.opensInMs,
          closesAt: now + m.question.closesInMs,
          pausedAt: m.question.paused ? now : null,
        },
        answered: s.question?.q.index === m.question.index ? s.answered : null,
        reveal: null,
        teamReveal: null,
        error: "",
      };
    case "timer": {
      const autoAdvanceAt = m.autoAdvanceInMs == null ? null : now + m.autoAdvanceInMs;
      const next = { ...s, paused: m.paused, autoAdvanceAt };
      if (s.question?.q.index !== m.index || s.phase !== "question") return next;
      return {
        ...next,
        question: {
          ...s.question,
          opensAt: now + m.opensInMs,
          closesAt: now + m.closesInMs,
          pausedAt: m.paused ? now : null,
        },
      };
    }
    case "answerCount":
      return s.question?.q.index === m.index ? { ...s, answered: { answered: m.answered, expected: m.expected } } : s;
    case "reveal":
      return { ...s, phase: "reveal", reveal: m, autoAdvanceAt: null, error: "" };
    case "typed":
      // The class's typed answers reach hosts only, after the reveal they belong to (and again after a hideEntry).
      if (!s.reveal || s.reveal.index !== m.index) return s;
      return {
        ...s,
        reveal: {
          ...s.reveal,
          typed: m.entries.map((e) => ({ key: e.key, label: e.text, count: e.count, correct: e.correct })),
        } as HostState["reveal"],
      };
    case "leaderboard":
      return { ...s, phase: "leaderboard", board: m, autoAdvanceAt: null, error: "" };
    case "podium":
      return { ...s, phase: "podium", podium: m };
    case "ended":
      return { ...s, phase: "ended", ended: m };
    case "error":
      // A repeated `next` the room refused: the move it asked for has happened, nothing to tell.
      if (m.code === "moved-on") return s;
      if (m.for === "renameTeam")
        return { ...s, renameError: { message: m.message, seq: (s.renameError?.seq ?? 0) + 1 } };
      return { ...s, error: m.message };
    default:
      return s;
  }
}
