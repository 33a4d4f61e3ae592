// How the root room (rooms/live/room.ts) reaches seats held by relays without the game rules
// knowing: its socket registry counts relayed seats as connected, and its outbox, after sending
// to its own sockets, feeds the same frame to the relays (once per relay, after the same commit).
import type { ServerMessage } from "../../schema/messages.ts";
import { GatedOutbox, type OutboxOptions } from "../kit/outbox.ts";
import { type SeatRules, SocketRegistry, sendAndClose } from "../kit/socket-registry.ts";
import { type GameAttachment, SEATS } from "../live/delivery.ts";
import type { Game } from "../live/game.ts";
import type { HubRoom, RelayHub } from "./hub.ts";

export class RootRegistry extends SocketRegistry<GameAttachment> {
  private merged: Set<string> | null = null;

  constructor(
    ctx: DurableObjectState,
    private readonly seatRules: SeatRules<GameAttachment>,
    private readonly hub: RelayHub,
  ) {
    super(ctx, seatRules);
  }

  /** The room's own connected seats and the relayed ones, in one set the rules read and change. */
  override connected(): Set<string> {
    const set = super.connected();
    if (set !== this.merged) {
      this.merged = set;
      for (const id of this.hub.relayedIds()) set.add(id);
    }
    return set;
  }

  /** A root socket closing does not disconnect a seat a relay holds now (it moved there). */
  override left(ws: WebSocket): string | null {
    const att = this.attachment(ws);
    if (att && this.seatRules.isSeat(att) && this.hub.relayOf(att.id)) return null;
    return super.left(ws);
  }

  override release(id: string): void {
    super.release(id);
    this.hub.release(id);
  }

  /** A seat held by a relay that connects to the root itself: its relay socket is replaced. */
  override acceptSeat(attachment: GameAttachment, tags: string[] = []) {
    const relay = this.seatRules.isSeat(attachment) ? this.hub.relayOf(attachment.id) : null;
    const accepted = super.acceptSeat(attachment, tags);
    if (relay) {
      this.hub.release(attachment.id);
      this.hub.replace(relay, attachment.id);
    }
    return accepted;
  }
}

export class RelayingOutbox extends GatedOutbox<ServerMessage> {
  constructor(
    options: OutboxOptions<ServerMessage>,
    private readonly hub: RelayHub,
    private readonly presenceTag: string,
  ) {
    super(options);
  }

  /** Broadcasts to players reach every relay; the host's sockets are the root's alone. */
  override toTags(tags: string[], msg: ServerMessage, except?: ReadonlySet<string>): void {
    super.toTags(tags, msg, except);
    if (!this.hub.active() || !tags.includes(this.presenceTag)) return;
    const send = this.hub.broadcast();
    const data = JSON.stringify(msg);
    const ex = except?.size ? [...except] : undefined;
    const clock = msg.type === "question" ? { clock: true as const } : {};
    this.afterCommit(() =>
      send({ to: "tags", tags: [this.presenceTag], data, ...(ex ? { except: ex } : {}), ...clock }),
    );
  }

  override toSeat(id: string, msg: ServerMessage): void {
    // A relayed seat has no socket of its own here (one it had was replaced when the relay
    // attached it): looking one up for every ack and result was a runtime call per player.
    const relay = this.hub.relayOf(id);
    if (!relay) return super.toSeat(id, msg);
    const send = this.hub.entry(relay);
    const data = JSON.stringify(msg);
    const clock = msg.type === "question" ? { clock: true as const } : {};
    this.afterCommit(() => send({ to: "seat", id, data, ...clock }));
  }

  override sendAndClose(id: string, msg: ServerMessage, code: number, reason: string): void {
    const relay = this.hub.relayOf(id);
    const send = relay ? this.hub.entry(relay) : null;
    super.sendAndClose(id, msg, code, reason);
    if (!send) return;
    const data = JSON.stringify(msg);
    this.afterCommit(() => send({ to: "seat", id, data, close: { code, reason } }));
  }

  /** Runs `fn` after the queued writes commit, in order with every other send. */
  later(fn: () => void): void {
    this.afterCommit(fn);
  }
}

/** The hub's view of the room: the game's answers to relayed sockets and frames. */
export function hubRoom(
  game: Game,
  outbox: RelayingOutbox,
  sockets: RootRegistry,
  players: () => number,
  hasAnswer: (playerId: string, q: number) => boolean,
): HubRoom {
  return {
    attach(a, wasConnected) {
      const refusal = game.playerRefusal(a.playerId, a.gameId);
      if (refusal)
        return { frames: [JSON.stringify(refusal.message)], close: { code: refusal.code, reason: refusal.reason } };
      // A socket of this seat on the root itself is replaced, as by a second socket on one object.
      sendAndClose(sockets.seatSockets(a.playerId), SEATS.replaced);
      return { frames: game.playerConnected(a.playerId, wasConnected, a.token).map((m) => JSON.stringify(m)) };
    },
    receive(playerId, data, retry) {
      // A batch sent again after a lost reply: an answer kept the first time is acknowledged
      // again (the player never got it), not refused as a repeat or as late.
      if (retry) {
        const q = answeredIndex(data);
        if (q !== null && hasAnswer(playerId, q)) {
          outbox.toSeat(playerId, { type: "answered", index: q });
          return;
        }
      }
      for (const reply of game.receive({ role: "player", playerId }, data)) outbox.toSeat(playerId, reply);
    },
    disconnected: (playerId) => game.playerDisconnected(playerId),
    commit: () => outbox.flushOrLog(),
    atomically: (fn) => outbox.transaction(fn),
    later: (fn) => outbox.later(fn),
    write: (op) => outbox.write(op),
    pendingWrites: () => outbox.pendingWrites(),
    players,
    connected: () => sockets.connected(),
  };
}

/** The question an answer frame is for; null for any other frame. */
function answeredIndex(data: string): number | null {
  try {
    const msg = JSON.parse(data) as { type?: unknown; q?: unknown };
    return msg.type === "answer" && typeof msg.q === "number" ? msg.q : null;
  } catch {
    return null;
  }
}
