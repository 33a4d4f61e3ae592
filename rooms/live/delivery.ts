// Who in a live game gets what: the game's outbox port (types.ts `Outbox`) on the room's sockets,
// tagged "host", "player" and one tag per seat, through the commit-gated outbox (kit/outbox.ts).
import { CLOSE_CODES, type ServerMessage, type ServerMessageOf } from "../../schema/messages.ts";
import { HOST_TAG } from "../kit/host-sockets.ts";
import type { GatedOutbox } from "../kit/outbox.ts";
import type { SeatRules, SocketRegistry } from "../kit/socket-registry.ts";
import { teamTag } from "./team-play.ts";
import type { Outbox } from "./types.ts";

/**
 * What a game socket carries through hibernation: the player id, or a host's (kit/host-sockets.ts
 * `HostAttachment`: the user id, and the session's jti and expiry, so logout can close it and an
 * expired one is refused).
 */
export interface GameAttachment {
  role: "host" | "player";
  id: string;
  userRole?: string;
  jti?: string;
  exp?: number;
}

export { HOST_TAG };

export const SEATS: SeatRules<GameAttachment> = {
  presenceTag: "player",
  isSeat: (att) => att.role === "player",
  seatTag: (id) => `p:${id}`,
  replaced: {
    frame: JSON.stringify({ type: "replaced" } satisfies ServerMessage),
    code: CLOSE_CODES.replaced,
    reason: "replaced by a newer connection",
  },
};

/** The host's live answer count and the players' lobby count go out at most this often. */
const COALESCE_MS = 250;
/**
 * The lobby count goes to every player, so a big room sends it less often: about this many
 * frames a second whatever the room's size (up to one count every 2 s). A join wave of 1,000
 * players then spends its time seating them, not telling each of them about the others.
 */
const LOBBY_FRAMES_PER_SECOND = 1000;
export function lobbyIntervalMs(players: number): number {
  return Math.min(2000, Math.max(COALESCE_MS, Math.round((players * 1000) / LOBBY_FRAMES_PER_SECOND)));
}

/**
 * From this many connected players on, the host hears of new seats in batches (`playersJoined`, one
 * per lobby tick) instead of one `playerJoined` each: a class sees each join at once, a wave of
 * 1,000 costs a few host frames, not 1,000.
 */
export const BATCH_JOINS_FROM = 100;

/**
 * `tagsOf`: a socket's tags (the runtime's `getTags`). A socket keeps the team tag it was accepted
 * with, so a member moved in the lobby while connected is reached through their seat, and a
 * socket of another team's former member is screened out of the team's tag.
 */
export function gameOutbox(
  outbox: GatedOutbox<ServerMessage>,
  sockets: SocketRegistry<GameAttachment>,
  tagsOf: (ws: WebSocket) => string[] = () => [],
): Outbox {
  let joins: ServerMessageOf<"playersJoined"> | null = null;
  /** Where each gathered seat sits in `joins`: its connect (through a relay) updates it there. */
  let joinsAt = new Map<string, number>();
  let joinsTimer: ReturnType<typeof setTimeout> | null = null;
  /** The gathered joins go out before anything else the host is sent, so no frame overtakes them. */
  const flushJoins = () => {
    if (joinsTimer) clearTimeout(joinsTimer);
    joinsTimer = null;
    if (!joins) return;
    const batch = joins;
    joins = null;
    joinsAt = new Map();
    outbox.toTag(HOST_TAG, batch);
  };
  return {
    team: (teamId, msg, members) => {
      const tag = teamTag(teamId);
      const inTeam = new Set(members);
      const stale = new Set<string>();
      for (const ws of sockets.sockets(tag)) {
        const att = sockets.attachment(ws);
        if (att && !inTeam.has(att.id)) stale.add(att.id);
      }
      outbox.toTag(tag, msg, stale);
      for (const id of members)
        if (!sockets.seatSockets(id).some((ws) => tagsOf(ws).includes(tag))) outbox.toSeat(id, msg);
    },
    host: (msg) => {
      flushJoins();
      outbox.toTag(HOST_TAG, msg);
    },
    players: (msg, except) => outbox.toTag(SEATS.presenceTag, msg, except),
    all: (msg) => {
      flushJoins();
      outbox.toTags([HOST_TAG, SEATS.presenceTag], msg);
    },
    player: (id, msg) => outbox.toSeat(id, msg),
    sendAndClose: (id, msg, code, reason) => outbox.sendAndClose(id, msg, code, reason),
    connected: () => sockets.connected(),
    answerCount: (msg) => outbox.coalesce("answerCount", HOST_TAG, msg, COALESCE_MS),
    lobbyCount: (msg) =>
      outbox.coalesce("lobby", SEATS.presenceTag, msg, () => lobbyIntervalMs(sockets.connected().size)),
    playerJoined: (msg) => {
      const connected = sockets.connected().size;
      if (!joins && connected < BATCH_JOINS_FROM) return outbox.toTag(HOST_TAG, msg);
      joins ??= { type: "playersJoined", players: [], playerCount: 0 };
      joinsAt.set(msg.player.playerId, joins.players.length);
      joins.players.push(msg.player);
      joins.playerCount = msg.playerCount;
      joinsTimer ??= setTimeout(flushJoins, lobbyIntervalMs(connected));
    },
    playerUpdated: (msg) => {
      // A seat still gathered (joined through a relay, whose socket attaches just after) is
      // updated in the batch: a wave through relays costs the host its batches, not a frame each.
      const at = joinsAt.get(msg.player.playerId);
      if (joins && at !== undefined) joins.players[at] = msg.player;
      // Another seat's update does not overtake a gathered join, so the batch may wait.
      else outbox.toTag(HOST_TAG, msg);
    },
  };
}
