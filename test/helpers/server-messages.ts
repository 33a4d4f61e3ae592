// The room's messages as the web app receives them, with plausible defaults, for the screens' reducers.
import type { LeaderEntry, PlayerInfo, QuestionView, ServerMessage, ServerMessageOf } from "../../schema/messages.ts";

type Msg<T extends ServerMessage["type"]> = ServerMessageOf<T>;

export function welcome(over: Partial<Msg<"welcome">> = {}): Msg<"welcome"> {
  return {
    type: "welcome",
    role: "player",
    code: "ABC234",
    title: "Capitals of Europe",
    phase: "lobby",
    questionIndex: 0,
    questionCount: 3,
    locked: false,
    playerCount: 2,
    settings: { leaderboard: "each", autoAdvance: false, accuracyOnly: false, readingTime: 3 },
    ...over,
  };
}

export const me = (over: Partial<NonNullable<Msg<"welcome">["me"]>> = {}): NonNullable<Msg<"welcome">["me"]> => ({
  playerId: "p1",
  nickname: "Ada",
  score: 0,
  streak: 0,
  rank: null,
  extraTime: 1,
  answered: false,
  ...over,
});

const questionView = (index: number, over: Partial<QuestionView> = {}): QuestionView => ({
  index,
  total: 3,
  type: "single",
  text: `Question ${index + 1}`,
  points: "standard",
  timeLimit: 20,
  opensInMs: 3000,
  closesInMs: 23_000,
  ...over,
});

export const question = (index: number, over: Partial<QuestionView> = {}): Msg<"question"> => ({
  type: "question",
  question: questionView(index, over),
});

export const reveal = (index: number, explanation?: string): Msg<"reveal"> => ({
  type: "reveal",
  index,
  correct: { choice: 1 },
  distribution: [],
  answered: 2,
  ...(explanation === undefined ? {} : { explanation }),
});

export const result = (index: number, over: Partial<Msg<"result">> = {}): Msg<"result"> => ({
  type: "result",
  index,
  answered: true,
  correct: true,
  points: 950,
  streak: 1,
  score: 950,
  rank: 1,
  playerCount: 2,
  ...over,
});

export const entry = (playerId: string, rank: number, score: number, prevRank: number | null = null): LeaderEntry => ({
  playerId,
  nickname: playerId.toUpperCase(),
  score,
  rank,
  prevRank,
});

export const player = (playerId: string, over: Partial<PlayerInfo> = {}): PlayerInfo => ({
  playerId,
  nickname: playerId.toUpperCase(),
  connected: true,
  extraTime: 1,
  ...over,
});
