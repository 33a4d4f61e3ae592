// Client → room frames of the WebSocket protocol (docs/protocol.md): every frame a player or the
// host sends is parsed with `clientMessage` before a room acts on it. schema/messages.ts re-exports
// all of it, so the rooms, the web app and the tests name the protocol from one place.
import { z } from "zod";
import { TEAM_MEMBERS_MAX, TYPED_ANSWER_MAX } from "./constants.ts";

// ---------- answers (player -> room) ----------
// Option and item ids are the ones the question showed (per game; the room maps them back to the quiz's indexes).
export const answerValue = z.union([
  z.strictObject({ choice: z.number().int().min(0).max(5) }),
  z.strictObject({ choices: z.array(z.number().int().min(0).max(5)).min(1).max(6) }),
  z.strictObject({ text: z.string().max(TYPED_ANSWER_MAX) }),
  z.strictObject({ order: z.array(z.number().int().min(0).max(5)).min(3).max(6) }),
  z.strictObject({ value: z.number().finite() }),
]);
export type AnswerValue = z.infer<typeof answerValue>;

// ---------- client -> room ----------
export const answerMsg = z.strictObject({
  type: z.literal("answer"),
  q: z.number().int().min(0).max(99),
  answer: answerValue,
});
/** Reply to a `probe`, so the room can measure the round-trip time. */
export const probeReplyMsg = z.strictObject({ type: z.literal("probe"), nonce: z.string().max(32) });
export const startMsg = z.strictObject({ type: z.literal("start") });
/**
 * Move on: reveal -> leaderboard -> next question (or podium), podium -> ended. `from` is the
 * phase the host's screen showed when pressed: a second press that arrives once the game has
 * moved on (a double click, a clicker's key repeat, the projector and the remote at once, the
 * room's own auto-advance) is refused instead of taken as one more move, which could skip a
 * leaderboard or end the game on its podium.
 */
export const nextMsg = z.strictObject({
  type: z.literal("next"),
  from: z.enum(["reveal", "leaderboard", "podium"]).optional(),
});
/** Close the current question now (during reading or answering) and reveal it. */
export const skipMsg = z.strictObject({ type: z.literal("skip") });
export const endMsg = z.strictObject({ type: z.literal("end") });
export const kickMsg = z.strictObject({ type: z.literal("kick"), playerId: z.string().min(1).max(64) });
export const lockMsg = z.strictObject({ type: z.literal("lock"), locked: z.boolean() });
export const extraTimeMsg = z.strictObject({
  type: z.literal("extraTime"),
  playerId: z.string().min(1).max(64),
  factor: z.union([z.literal(1), z.literal(1.5), z.literal(2)]),
});

/** Freeze every timer of the room (the question's countdown, auto-advance); answers wait until `resume`. */
export const pauseMsg = z.strictObject({ type: z.literal("pause") });
export const resumeMsg = z.strictObject({ type: z.literal("resume") });
/** Give everyone more time on the open question. */
export const addTimeMsg = z.strictObject({ type: z.literal("addTime"), seconds: z.number().int().min(5).max(60) });
/** Hide one typed answer of the reveal (by its bucket key) from the host screens before it is shown. */
export const hideEntryMsg = z.strictObject({
  type: z.literal("hideEntry"),
  index: z.number().int().min(0).max(99),
  key: z.string().min(1).max(80),
});

// ---------- team mode (docs/protocol.md §9) ----------
const teamIdField = z.string().min(1).max(8);
/** A player picks their team in the lobby (team settings `assign: "pick"`). */
export const pickTeamMsg = z.strictObject({ type: z.literal("pickTeam"), teamId: teamIdField });
/** The host moves a player to another team before the start. */
export const moveTeamMsg = z.strictObject({
  type: z.literal("moveTeam"),
  playerId: z.string().min(1).max(64),
  teamId: teamIdField,
});
/** The host renames a team before the start (the nickname rules apply to the name). */
export const renameTeamMsg = z.strictObject({
  type: z.literal("renameTeam"),
  teamId: teamIdField,
  name: z.string().min(1).max(200),
});
/** The host spreads the players over the teams, sizes within ±1, before the start. */
export const balanceTeamsMsg = z.strictObject({ type: z.literal("balanceTeams") });
/**
 * Shared devices: a team's phone names who plays on it, in the lobby (display only: the host's
 * lobby and the reports list them; the nickname filter applies to each). An empty list clears them.
 */
export const teamMembersMsg = z.strictObject({
  type: z.literal("teamMembers"),
  names: z.array(z.string().max(200)).max(TEAM_MEMBERS_MAX),
});

export const clientMessage = z.discriminatedUnion("type", [
  answerMsg,
  probeReplyMsg,
  startMsg,
  nextMsg,
  skipMsg,
  endMsg,
  kickMsg,
  lockMsg,
  extraTimeMsg,
  pauseMsg,
  resumeMsg,
  addTimeMsg,
  hideEntryMsg,
  pickTeamMsg,
  moveTeamMsg,
  renameTeamMsg,
  balanceTeamsMsg,
  teamMembersMsg,
]);
export type ClientMessage = z.infer<typeof clientMessage>;
export const HOST_COMMANDS = [
  "start",
  "next",
  "skip",
  "end",
  "kick",
  "lock",
  "extraTime",
  "pause",
  "resume",
  "addTime",
  "hideEntry",
  "moveTeam",
  "renameTeam",
  "balanceTeams",
] as const;
