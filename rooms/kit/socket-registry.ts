// The hibernatable sockets of one Durable Object. Each socket carries tags (to pick recipients)
// and an attachment with ids only (the rest lives in storage); both survive hibernation, so
// whatever this class keeps in fields is a cache it rebuilds from the sockets themselves.
// Knows nothing of any game: messages reach it serialised.
import { REFUSED_HEADER } from "./identity.ts";

/** What a socket remembers through hibernation: who it is (ids only; at most 16 KB). */
export interface Attachment {
  id: string;
}

/** A frame and a close, for a socket that is told why before it is closed. */
export interface Farewell {
  frame: string;
  code: number;
  reason: string;
}

export interface SeatRules<A extends Attachment = Attachment> {
  /** The tag of every seated socket: the ones that count as connected. */
  presenceTag: string;
  /** Whether a socket's attachment is a seat's (read when it closes: its tags may be gone by then). */
  isSeat(attachment: A): boolean;
  /** The tag of one seat's socket(s). */
  seatTag(id: string): string;
  /** What an older socket of a seat hears when a newer one takes its place. */
  replaced: Farewell;
}

export class SocketRegistry<A extends Attachment> {
  /** Ids of seats with an open socket; null until rebuilt (after a wake-up). */
  private present: Set<string> | null = null;
  /** Per tag, asked of each of its sockets before a send (kit/host-sockets.ts: an expired session hears nothing). */
  private readonly screens = new Map<string, (ws: WebSocket) => boolean>();
  /**
   * Attachments read once per socket object: every frame asks who sent it (the room, then the
   * host check), and deserialising is a structured clone each time. Set only by `accept`; after
   * a wake-up the runtime hands out new socket objects, so this fills again by itself.
   */
  private readonly known = new WeakMap<WebSocket, A>();

  constructor(
    private readonly ctx: DurableObjectState,
    private readonly seats: SeatRules<A>,
  ) {}

  /** A hibernatable socket with these tags; the response completes the upgrade. */
  accept(tags: string[], attachment: A): { socket: WebSocket; response: Response } {
    const [client, server] = Object.values(new WebSocketPair());
    this.ctx.acceptWebSocket(server, tags);
    server.serializeAttachment(attachment);
    this.known.set(server, attachment);
    return { socket: server, response: new Response(null, { status: 101, webSocket: client }) };
  }

  /**
   * The seat's socket from now on. An older socket of the same seat is told it was replaced and
   * closed: the frame reaches the client at once, the close of a hibernatable socket can take
   * seconds. `wasConnected`: the seat had an open socket already (a replacement, not a return).
   */
  acceptSeat(attachment: A, tags: string[] = []): { socket: WebSocket; response: Response; wasConnected: boolean } {
    const older = this.ctx.getWebSockets(this.seats.seatTag(attachment.id));
    const present = this.connected();
    const wasConnected = present.has(attachment.id);
    const accepted = this.accept([this.seats.presenceTag, this.seats.seatTag(attachment.id), ...tags], attachment);
    present.add(attachment.id);
    sendAndClose(older, this.seats.replaced);
    return { ...accepted, wasConnected };
  }

  /**
   * The socket's attachment, from the per-object cache; `fresh`: read from the socket itself (and
   * cached again), for checks that guard a boundary and must see what the socket stores now.
   */
  attachment(ws: WebSocket, fresh = false): A | null {
    const known = fresh ? undefined : this.known.get(ws);
    if (known) return known;
    const att = ws.deserializeAttachment() as A | null;
    if (att) this.known.set(ws, att);
    return att;
  }

  /** Seats with an open socket, rebuilt from the sockets after a wake-up. */
  connected(): Set<string> {
    if (!this.present) {
      this.present = new Set();
      for (const ws of this.ctx.getWebSockets(this.seats.presenceTag)) {
        if (ws.readyState !== WebSocket.OPEN) continue;
        const att = this.attachment(ws);
        if (att) this.present.add(att.id);
      }
    }
    return this.present;
  }

  /**
   * A socket closed or failed. Returns the seat it held if that seat is now disconnected (no
   * other open socket, and not already let go); null otherwise.
   */
  left(ws: WebSocket): string | null {
    const att = this.attachment(ws);
    if (!att || !this.seats.isSeat(att)) return null;
    const stillOpen = this.ctx
      .getWebSockets(this.seats.seatTag(att.id))
      .some((o) => o !== ws && o.readyState === WebSocket.OPEN);
    if (stillOpen || !this.connected().delete(att.id)) return null;
    return att.id;
  }

  /** The seat no longer counts as connected (its sockets are being closed). */
  release(id: string): void {
    this.connected().delete(id);
  }

  /** From now on a socket of `tag` gets a frame only if `keep` says so (it closes those it refuses). */
  screen(tag: string, keep: (ws: WebSocket) => boolean): void {
    this.screens.set(tag, keep);
  }

  /** The sockets with this tag now, less those whose attachment id is in `except` or that its screen refuses. */
  sockets(tag: string, except?: ReadonlySet<string>): WebSocket[] {
    const keep = this.screens.get(tag);
    const all = keep ? this.ctx.getWebSockets(tag).filter(keep) : this.ctx.getWebSockets(tag);
    if (!except?.size) return all;
    return all.filter((ws) => {
      const att = this.attachment(ws);
      return !(att && except.has(att.id));
    });
  }

  seatSockets(id: string): WebSocket[] {
    return this.ctx.getWebSockets(this.seats.seatTag(id));
  }

  sendToTag(tag: string, data: string): void {
    send(this.sockets(tag), data);
  }

  closeAll(code: number, reason: string): void {
    for (const ws of this.ctx.getWebSockets()) closeQuietly(ws, code, reason);
  }

  /** After the object deleted its storage: nobody is seated any more. */
  reset(): void {
    this.present = null;
  }
}

/** Each socket gets `data`; one that is closing is skipped (its close handler does the bookkeeping). */
export function send(sockets: Iterable<WebSocket>, data: string): void {
  for (const ws of sockets) {
    try {
      ws.send(data);
    } catch {
      // Closing already.
    }
  }
}

export function sendAndClose(sockets: Iterable<WebSocket>, farewell: Farewell): void {
  for (const ws of sockets) {
    send([ws], farewell.frame);
    closeQuietly(ws, farewell.code, farewell.reason);
  }
}

export function closeQuietly(ws: WebSocket, code: number, reason: string): void {
  try {
    ws.close(code, reason);
  } catch {
    // Already closed.
  }
}

/** Answers a peer's close with its own code; 1005/1006 are reserved and cannot be sent back. */
export function closeBack(ws: WebSocket, code: number): void {
  closeQuietly(ws, code === 1005 || code === 1006 ? 1000 : code, "closed");
}

/**
 * A socket accepted only to say why it is refused (a browser cannot read an HTTP refusal of an
 * upgrade). Not hibernatable: it lives for one frame, and a hibernatable socket's close reached
 * the client ~10 s late in wrangler dev (the frame at once, the TCP close only then).
 */
export function refuseSocket(farewell: Farewell): Response {
  const [client, server] = Object.values(new WebSocketPair());
  server.accept();
  server.send(farewell.frame);
  server.close(farewell.code, farewell.reason);
  return new Response(null, { status: 101, webSocket: client, headers: { [REFUSED_HEADER]: farewell.reason } });
}
