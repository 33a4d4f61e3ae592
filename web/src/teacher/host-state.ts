// The host's view of the room, rebuilt from the room's messages alone: the welcome, then each
// phase's messages, so a reload lands where the game is. Pure: no socket, no DOM, no clock.
import type { PlayerInfo, QuestionView, ServerMessage, ServerMessageOf } from "../../../schema/messages";

type Phase = "connecting" | "lobby" | "question" | "reveal" | "leaderboard" | "podium" | "ended" | "gone";

export interface HostState {
  phase: Phase;
  title: string;
  locked: boolean;
  questionCount: number;
  players: PlayerInfo[];
  playerCount: number;
  question: { q: QuestionView; opensAt: number; closesAt: number } | null;
  answered: { answered: number; expected: number } | null;
  reveal: ServerMessageOf<"reveal"> | null;
  board: ServerMessageOf<"leaderboard"> | null;
  podium: ServerMessageOf<"podium"> | null;
  ended: ServerMessageOf<"ended"> | null;
  error: string;
}

export const initialHostState: HostState = {
  phase: "connecting",
  title: "",
  locked: false,
  questionCount: 0,
  players: [],
  playerCount: 0,
  question: null,
  answered: null,
  reveal: null,
  board: null,
  podium: null,
  ended: null,
  error: "",
};

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
        error: "",
      };
    case "playerJoined":
      return {
        ...s,
        players: [...s.players.filter((p) => p.playerId !== m.player.playerId), m.player],
        playerCount: m.playerCount,
      };
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
        question: { q: m.question, opensAt: now + m.question.opensInMs, closesAt: now + m.question.closesInMs },
        answered: s.question?.q.index === m.question.index ? s.answered : null,
        reveal: null,
      };
    case "answerCount":
      return s.question?.q.index === m.index ? { ...s, answered: { answered: m.answered, expected: m.expected } } : s;
    case "reveal":
      return { ...s, phase: "reveal", reveal: m };
    case "leaderboard":
      return { ...s, phase: "leaderboard", board: m };
    case "podium":
      return { ...s, phase: "podium", podium: m };
    case "ended":
      return { ...s, phase: "ended", ended: m };
    case "error":
      return { ...s, error: m.message };
    default:
      return s;
  }
}
