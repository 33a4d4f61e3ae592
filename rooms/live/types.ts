// The room's data and the ports the game rules talk through. The Durable Object implements the
// ports with SQLite storage and hibernatable sockets; the rules never touch a Workers API.
import type { Question } from "../../schema/quiz.ts";
import type { GameSettings } from "../../schema/game.ts";
import type {
  AnswerValue,
  END_REASONS,
  MathTable,
  Phase,
  ServerMessage,
  ServerMessageOf,
} from "../../schema/messages.ts";
import type { EventInput } from "../kit/events.ts";
import type { TeamRow } from "../kit/teams.ts";

/** Fixed when the game is hosted; never changes afterwards. */
export interface GameConfig {
  gameId: string;
  code: string;
  hostId: string;
  quizId: string | null;
  title: string;
  settings: GameSettings;
  /** The frozen questions in the order the game plays them. */
  questions: Question[];
  /** For each played position, the question's index in the quiz. */
  order: number[];
  /** For each played position, option/item ids in the order players see them (empty for text/slider). */
  display: number[][];
  /**
   * For each played position, the id players see for each option/item, by the quiz's own index
   * (`rooms/shuffle.ts` `optionIds`). Answers are mapped back to quiz indexes on receipt, so the
   * room's storage and D1 stay in the quiz's terms. Absent in games hosted before ids were
   * randomised: their ids were the indexes.
   */
  ids?: number[][];
  /** Rendered HTML of the texts with formulas, by text (`worker/math`); absent when none has any. */
  math?: MathTable;
  /** The quiz's language tag (absent in games hosted before it was kept). */
  language?: string;
  /** How long an ended room keeps its storage once D1 has the results. */
  retentionMs: number;
  createdAt: number;
}

export interface Timer {
  /** "close": the question's deadline; "advance": auto-advance out of `phase`. */
  kind: "close" | "advance";
  phase: Phase;
  /** Played position of the question the timer belongs to. */
  position: number;
  at: number;
}

export type EndReason = (typeof END_REASONS)[number];

export interface GameState {
  phase: Phase;
  /** Played position of the current question; -1 before the first. */
  position: number;
  shownAt: number;
  /** When the options open (after the reading time). */
  opensAt: number;
  /** When the question closes for everyone (the largest extra-time factor in the room). */
  closesAt: number;
  locked: boolean;
  startedAt: number | null;
  endedAt: number | null;
  endReason: EndReason | null;
  timer: Timer | null;
  /** D1 does not have the final results yet. */
  resultsPending: boolean;
  resultsAttempts: number;
  resultsRetryAt: number | null;
  resultsFlushedAt: number | null;
  /** When the room deletes its storage. */
  cleanupAt: number | null;
  /**
   * Players the open question does not wait for before closing early (`Flow.closeIfAllAnswered`):
   * those away when it was shown and those seated while it is open, each until they connect.
   */
  waived?: string[];
  /** Time the host added to the open question for everyone (`addTime`), ms. */
  addedMs?: number;
  /** Set while the host has paused the room (`rooms/pause.ts`). */
  paused?: Paused | null;
}

/** A paused room: when it was paused and the timer it took off the alarm, with what that timer had left. */
export interface Paused {
  at: number;
  timer: Timer | null;
  /** What `timer` had left when paused; on resume it runs this long again, whatever the wall clock did. */
  leftMs: number;
}

export interface PlayerRow {
  id: string;
  /** The client's key for the join that made this seat: the same join tried again gets it back. Never sent. */
  joinKey?: string;
  nickname: string;
  skeleton: string;
  userId: string | null;
  /**
   * The name or student ID given at join when the host asked for one (`requireStudentId`): for
   * the teacher's reports only, never in a frame. Absent when not asked (and in rows from before).
   */
  studentId?: string | null;
  joinedAt: number;
  score: number;
  streak: number;
  correctCount: number;
  answeredCount: number;
  totalTimeMs: number;
  rank: number | null;
  prevRank: number | null;
  /** Extra-time factor granted by the host: 1, 1.5 or 2. */
  extraTime: number;
  kicked: boolean;
  /** Best measured round trip, ms. */
  minRttMs: number | null;
  /** How many times a socket of this player has connected. */
  connects: number;
  /**
   * False until the seat is known to have reached its client (a frame from it, or a connect with
   * its token): an unconfirmed seat with no socket is a ghost whose nickname a new join may take.
   * Absent (rows from before) counts as confirmed.
   */
  confirmed?: boolean;
  /** Team mode: the team this player plays for (teams.ts); absent in a game without teams. */
  teamId?: string | null;
  /** Shared devices: the names the team's phone gave of who plays on it (display only). */
  members?: string[];
}

export interface AnswerRow {
  /** Played position of the question answered. */
  q: number;
  playerId: string;
  answer: AnswerValue;
  correct: boolean | null;
  fraction: number;
  /** Speed-weighted points before any streak bonus. */
  basePoints: number;
  /** Final points (with bonus), set when the question closes. */
  points: number;
  responseMs: number;
  answeredAt: number;
}

export type StoredEvent = Omit<EventInput, "gameId" | "ownerId"> & { ts: number };

/** Messages a later socket is sent again as they were first sent. */
export type ShownType = "reveal" | "typed" | "leaderboard" | "podium" | "teamReveal";

/** Durable storage; reads may be served from caches the implementation rebuilds after eviction. */
export interface GameStore {
  config(): GameConfig | null;
  saveConfig(c: GameConfig): void;
  state(): GameState | null;
  saveState(s: GameState): void;
  players(): ReadonlyMap<string, PlayerRow>;
  /** Changes whenever `players()` may have changed (a save, a delete, a reload): lists derived from it are cached on it. */
  playersVersion(): number;
  /** How many players are not kicked: `activePlayers().length` without building the list (every join asks). */
  activeCount(): number;
  savePlayers(ps: PlayerRow[]): void;
  /**
   * A question's close: every player's new standing (score, streak, counts, ranks). The same rows
   * as `savePlayers` to a reader, stored as a few documents (standings.ts) rather than a row write per player.
   */
  saveStandings(ps: PlayerRow[]): void;
  /** Drops seats that never reached their client (ghosts), with any answers they have. */
  deletePlayers(ids: string[]): void;
  answers(position: number): ReadonlyMap<string, AnswerRow>;
  /** Saved again, a row replaces the player's earlier one for that question. */
  saveAnswers(as: AnswerRow[]): void;
  allAnswers(): AnswerRow[];
  /** Team mode's teams, in their order; empty in a game without teams. */
  teams(): readonly TeamRow[];
  saveTeams(ts: TeamRow[]): void;
  /** The last one shown of each, for sockets that connect later. */
  shown<K extends ShownType>(type: K): ServerMessageOf<K> | null;
  saveShown(msg: ServerMessageOf<ShownType>): void;
  addEvents(es: StoredEvent[]): void;
  transaction<T>(fn: () => T): T;
}

export type Sender = { role: "host"; userId: string } | { role: "player"; playerId: string };

/** Where messages go. Broadcasts are serialised once by the implementation. */
export interface Outbox {
  host(msg: ServerMessage): void;
  /** Every connected player except those listed. */
  players(msg: ServerMessage, except?: ReadonlySet<string>): void;
  all(msg: ServerMessage): void;
  player(id: string, msg: ServerMessage): void;
  /** A team's members (their sockets carry the team's tag; `members` reach a socket tagged before a move too). */
  team(teamId: string, msg: ServerMessage, members: readonly string[]): void;
  /** Sends `msg` to the player's sockets, then closes them. */
  sendAndClose(id: string, msg: ServerMessage, code: number, reason: string): void;
  /** Players with an open socket. */
  connected(): ReadonlySet<string>;
  /** Coalesced: only the latest is sent, a few times a second at most. */
  answerCount(msg: ServerMessageOf<"answerCount">): void;
  lobbyCount(msg: ServerMessageOf<"lobby">): void;
  /**
   * A new seat, for the host: sent at once in a small room; in a big one gathered into one
   * `playersJoined` per lobby tick, sent before any other frame to the host so none overtakes it.
   */
  playerJoined(msg: ServerMessageOf<"playerJoined">): void;
  /** A seat's change for the host; one still gathered in a join batch is changed there. */
  playerUpdated(msg: ServerMessageOf<"playerUpdated">): void;
}

/** Side effects the rules ask for; the Durable Object runs them without holding the game up. */
export interface Effects {
  setAlarm(at: number | null): void;
  /** Flush buffered events (after a state change). */
  flushEvents(): void;
  /** Tell D1 the game has started. */
  markRunning(startedAt: number): void;
  /** Write the final results to D1; the implementation reports back with `Game.resultsWritten`. */
  writeResults(): void;
  /** Delete everything: the room is free again. */
  destroy(): void;
}
