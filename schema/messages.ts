// The WebSocket protocol between a room and its clients (docs/protocol.md explains each message).
// Incoming messages are parsed with `clientMessage`; outgoing ones are typed by `ServerMessage`.
import { z } from "zod";
import { answerValue } from "./client-messages.ts";
import {
  correctAnswer,
  labelKey,
  leaderEntry,
  mathTable,
  myTeam,
  playerInfo,
  publicSettings,
  publicTeams,
  questionView,
  tally,
  teamEntry,
  teamInfo,
} from "./message-parts.ts";

// Re-exported so the rooms, the web app and the tests name the whole protocol from here.
export { CLOSE_CODES } from "./constants.ts";
export * from "./client-messages.ts";
export * from "./message-parts.ts";

/** Frames larger than this are refused before parsing. */
export const MAX_FRAME_BYTES = 4096;

export const PHASES = ["lobby", "question", "reveal", "leaderboard", "podium", "ended"] as const;
export const phase = z.enum(PHASES);
export type Phase = z.infer<typeof phase>;

// ---------- room -> client ----------

export const welcomeMsg = z.object({
  type: z.literal("welcome"),
  role: z.enum(["host", "player"]),
  code: z.string(),
  title: z.string(),
  phase,
  questionIndex: z.number().int(),
  questionCount: z.number().int(),
  locked: z.boolean(),
  /** The host has paused the room. */
  paused: z.boolean().optional(),
  playerCount: z.number().int(),
  settings: publicSettings,
  /** Team mode (absent without teams): its settings and the teams with their sizes. */
  teams: z.object({ settings: publicTeams, list: z.array(teamInfo) }).optional(),
  /** The player's own standing (players only). */
  me: z
    .object({
      playerId: z.string(),
      nickname: z.string(),
      score: z.number().int(),
      streak: z.number().int(),
      rank: z.number().int().nullable(),
      extraTime: z.number(),
      /** Whether this player has already answered the current question. */
      answered: z.boolean(),
      /** Team mode: the player's team standing. */
      team: myTeam.nullable().optional(),
      /** Shared devices: the names this team's phone gave of who plays on it (`teamMembers`). */
      members: z.array(z.string()).optional(),
    })
    .optional(),
  /** Everyone in the room (host only). */
  players: z.array(playerInfo).optional(),
  /**
   * The seat's token, when this socket took the seat itself (`/ws/:code/join`): the client keeps
   * it and reconnects with `/ws/:code?token=…`.
   */
  token: z.string().optional(),
});

export const playerJoinedMsg = z.object({
  type: z.literal("playerJoined"),
  player: playerInfo,
  playerCount: z.number().int(),
});
/** Joins in a big room's wave, gathered: one frame to the host per lobby tick, not one per join (rooms/live/delivery.ts). */
export const playersJoinedMsg = z.object({
  type: z.literal("playersJoined"),
  players: z.array(playerInfo),
  playerCount: z.number().int(),
});
export const playerLeftMsg = z.object({
  type: z.literal("playerLeft"),
  playerId: z.string(),
  /**
   * "disconnected": may come back; "kicked": gone for good; "abandoned": a seat whose join never
   * reached its player, given to a new join of the same nickname (gone for good, not a kick).
   */
  reason: z.enum(["disconnected", "kicked", "abandoned"]),
  playerCount: z.number().int(),
});
export const playerUpdatedMsg = z.object({ type: z.literal("playerUpdated"), player: playerInfo });
/** Players' lobby count, coalesced. */
export const lobbyMsg = z.object({ type: z.literal("lobby"), playerCount: z.number().int(), locked: z.boolean() });
export const questionMsg = z.object({ type: z.literal("question"), question: questionView });
/** Host only, coalesced: how many have answered the current question. */
export const answerCountMsg = z.object({
  type: z.literal("answerCount"),
  index: z.number().int(),
  answered: z.number().int(),
  expected: z.number().int(),
});
/**
 * The running countdown changed (pause, resume, added time, this player's extra time): what it
 * says now, in ms from when this message was sent. To each client with its own times.
 * `autoAdvanceInMs`: when the room moves on by itself out of a reveal or leaderboard (null: it waits for the host).
 */
export const timerMsg = z.object({
  type: z.literal("timer"),
  index: z.number().int(),
  paused: z.boolean(),
  opensInMs: z.number(),
  closesInMs: z.number(),
  autoAdvanceInMs: z.number().nullable().optional(),
});
/** To the answering player: the room has the answer (not whether it is right). */
export const answeredMsg = z.object({ type: z.literal("answered"), index: z.number().int() });
export const revealMsg = z.object({
  type: z.literal("reveal"),
  index: z.number().int(),
  correct: correctAnswer.nullable(),
  /**
   * Counts by option id (choices, in display order), per item placed in its right position
   * (ordering), or `correct` / `wrong` buckets (typed and slider answers: never anyone's words).
   */
  distribution: z.array(
    /** `id`: the option/item id (choice and ordering questions); absent for buckets. */
    z.union([
      z.object({ id: z.number().int().optional(), label: z.string(), ...tally }),
      z.object({ id: z.number().int().optional(), labelKey, ...tally }),
    ]),
  ),
  answered: z.number().int(),
  explanation: z.string().optional(),
  math: mathTable.optional(),
});
/**
 * Host sockets only, right after the `reveal` of a question answered in players' own words: the
 * class's most common typed answers (top 10), grouped ignoring case, spacing and accents, each
 * shown as players most often wrote it. `key` names the group for `hideEntry`; a hidden entry is
 * gone from this message, which is sent again (to hosts) after each `hideEntry` and on reconnect.
 */
export const typedMsg = z.object({
  type: z.literal("typed"),
  index: z.number().int(),
  entries: z.array(
    z.object({ key: z.string(), text: z.string(), count: z.number().int(), correct: z.boolean().nullable() }),
  ),
});
/** To each player at the reveal: their own result only. */
export const resultMsg = z.object({
  type: z.literal("result"),
  index: z.number().int(),
  answered: z.boolean(),
  correct: z.boolean().nullable(),
  /**
   * Share of the question's points the answer earned (0..1) before speed: below 1 with `correct`
   * false but above 0 is "partly right" (partial credit). Absent: no answer, or a poll.
   */
  fraction: z.number().min(0).max(1).optional(),
  /** The teacher's feedback for the answer given (the picked option's, the matched typed answer's). */
  feedback: z.string().optional(),
  /** The feedback's rendered formulas, when it has any. */
  math: mathTable.optional(),
  points: z.number().int(),
  streak: z.number().int(),
  score: z.number().int(),
  rank: z.number().int(),
  playerCount: z.number().int(),
  /** Team mode: the team's standing and this player's own part of its score. */
  team: myTeam.nullable().optional(),
});
export const leaderboardMsg = z.object({
  type: z.literal("leaderboard"),
  index: z.number().int(),
  top: z.array(leaderEntry),
  playerCount: z.number().int(),
  /** Team mode: the team standings (top 5). */
  teams: z.array(teamEntry).optional(),
});
export const podiumMsg = z.object({
  type: z.literal("podium"),
  top: z.array(leaderEntry),
  playerCount: z.number().int(),
  /**
   * ms from when this message was sent until the projector's podium has shown first place (it
   * raises third, second, then first). Phones hold the final rank and the top three until then, so
   * no phone spoils the podium; 0 once it has. The room's clock is the one source for both screens.
   */
  revealInMs: z.number().optional(),
  /** Team mode: the top 3 teams. */
  teams: z.array(teamEntry).optional(),
});
/** Team mode, lobby: the teams and their sizes, to everyone after a join, pick, move, rename or balance. */
export const teamsMsg = z.object({
  type: z.literal("teams"),
  teams: z.array(teamInfo),
  /** Host only: every player's team. */
  members: z.record(z.string(), z.string()).optional(),
});
/** A player's team changed (their pick, the host's move or balance, or placement at join). */
export const myTeamMsg = z.object({ type: z.literal("myTeam"), team: myTeam });
/** Consensus: the team's current pick, to every member (the team's socket tag) as it changes. */
export const teamPickMsg = z.object({
  type: z.literal("teamPick"),
  index: z.number().int(),
  teamId: z.string(),
  answer: answerValue,
  /** The member whose pick stands now. */
  by: z.string(),
});
/** The reveal's team view: how each team answered (top teams by correct share; consensus: each team's answer). */
export const teamRevealMsg = z.object({
  type: z.literal("teamReveal"),
  index: z.number().int(),
  teams: z.array(
    z.object({
      teamId: z.string(),
      name: z.string(),
      answered: z.number().int(),
      correct: z.number().int(),
      members: z.number().int(),
      points: z.number().int(),
    }),
  ),
});
/** "expired": a lobby nobody started within the room's retention time. */
export const END_REASONS = ["finished", "ended-by-host", "expired"] as const;
export const endedMsg = z.object({ type: z.literal("ended"), reason: z.enum(END_REASONS) });
export const kickedMsg = z.object({ type: z.literal("kicked") });
/** This connection was replaced by a newer one of the same player (another tab or device); the close 4000 follows. */
export const replacedMsg = z.object({ type: z.literal("replaced") });
export const probeMsg = z.object({ type: z.literal("probe"), nonce: z.string() });
/** Why a join is refused: the same reasons whether it came over HTTP or over the socket. */
export const JOIN_REFUSALS = [
  "not-found",
  "kicked",
  "ended",
  "locked",
  "late-join-closed",
  "full",
  "nickname-invalid",
  "nickname-taken",
  /** The host asks every player for a name or student ID, and none was sent (or only spaces). */
  "student-id-required",
  /** Too many new seats from one network address in a few seconds (a flood, not a class). */
  "rate-limited",
] as const;
export type JoinRefusal = (typeof JOIN_REFUSALS)[number];
/** A join over the socket (`/ws/:code/join`) that was refused; the room then closes with `CLOSE_CODES.refused`. */
export const joinRefusedMsg = z.object({
  type: z.literal("joinRefused"),
  reason: z.enum(JOIN_REFUSALS),
  message: z.string(),
});
export const ERROR_CODES = [
  "bad-json",
  "bad-message",
  "too-large",
  "forbidden",
  "wrong-phase",
  /** A `next` pressed in a phase the game has already left: nothing moves. */
  "moved-on",
  "wrong-question",
  "already-answered",
  "too-late",
  "not-open",
  "unknown-player",
  "rate-limited",
  "paused",
  /** A team command in a game without teams (or with shared devices, whose teams are the seats). */
  "no-teams",
  /** A team id this game does not have. */
  "unknown-team",
  /** A team name the nickname rules refuse, or that looks like another team's. */
  "name-refused",
] as const;
export const errorMsg = z.object({
  type: z.literal("error"),
  code: z.enum(ERROR_CODES),
  message: z.string(),
  /** The `type` of the message that caused it, when known. */
  for: z.string().optional(),
});

export const serverMessage = z.discriminatedUnion("type", [
  welcomeMsg,
  playerJoinedMsg,
  playersJoinedMsg,
  playerLeftMsg,
  playerUpdatedMsg,
  lobbyMsg,
  questionMsg,
  answerCountMsg,
  timerMsg,
  answeredMsg,
  revealMsg,
  typedMsg,
  resultMsg,
  teamsMsg,
  myTeamMsg,
  teamPickMsg,
  teamRevealMsg,
  leaderboardMsg,
  podiumMsg,
  endedMsg,
  kickedMsg,
  replacedMsg,
  probeMsg,
  joinRefusedMsg,
  errorMsg,
]);
export type ServerMessage = z.infer<typeof serverMessage>;
export type ServerMessageOf<T extends ServerMessage["type"]> = Extract<ServerMessage, { type: T }>;
