// A teacher's socket in either room (a live game's host screen or phone remote, an assignment's
// progress view). The worker verified the caller and passes who it is in the identity headers
// (kit/identity.ts), with the session the socket is opened under (its jti and expiry): a socket
// lives no longer than that session. Once it expired, the socket is closed (CLOSE_CODES.sessionEnded)
// instead of being heard or sent to; when the session ends earlier (logout, a password change, an
// account disabled), the worker asks the room to close it (`closeSessions`).
import { CLOSE_CODES } from "../../schema/constants.ts";
import { IDENTITY_HEADERS } from "./identity.ts";
import { type Attachment, closeQuietly } from "./socket-registry.ts";

export const HOST_TAG = "host";

/** What a host socket remembers through hibernation: the user, and the session it was opened with. */
export interface HostAttachment extends Attachment {
  role: "host";
  /** The user's id. */
  id: string;
  userRole: string;
  /** The session's id: ending that session closes the socket. */
  jti?: string;
  /** The session's expiry (seconds since the epoch). */
  exp?: number;
}

/** Who connects as a host, from the identity headers. */
export interface HostIdentity {
  userId: string;
  userRole: string;
  jti?: string;
  exp?: number;
}

/** The parts of a room's socket registry (kit/socket-registry.ts) the host sockets use. */
export interface HostRegistry {
  accept(tags: string[], attachment: HostAttachment): { socket: WebSocket; response: Response };
  attachment(ws: WebSocket, fresh?: boolean): { role: string; id: string; jti?: string; exp?: number } | null;
  screen(tag: string, keep: (ws: WebSocket) => boolean): void;
}

/** Refusals in the API's one JSON error shape (the worker passes an HTTP refusal of the upgrade on). */
export function refuse(status: number, code: string, message: string): Response {
  return Response.json({ error: { code, message } }, { status });
}

/** The 426 for a request to a room that is not a WebSocket upgrade; null for an upgrade. */
export function notAnUpgrade(request: Request): Response | null {
  return request.headers.get("Upgrade")?.toLowerCase() === "websocket"
    ? null
    : refuse(426, "bad_request", "expected a WebSocket upgrade");
}

/** The host calling, when the worker says a host is (every host socket, a phone remote's too, carries its session here). */
export function hostIdentity(h: Headers): HostIdentity | null {
  if (h.get(IDENTITY_HEADERS.role) !== "host") return null;
  const jti = h.get(IDENTITY_HEADERS.session);
  const exp = Number(h.get(IDENTITY_HEADERS.sessionExp));
  return {
    userId: h.get(IDENTITY_HEADERS.user) ?? "",
    userRole: h.get(IDENTITY_HEADERS.userRole) ?? "",
    ...(jti ? { jti } : {}),
    ...(exp > 0 ? { exp } : {}),
  };
}

/** Whether the session a socket was opened with has expired at `now` (ms). */
export const sessionExpired = (att: { exp?: number }, now: number): boolean =>
  att.exp !== undefined && now >= att.exp * 1000;

export class HostSockets {
  constructor(
    private readonly ctx: DurableObjectState,
    private readonly registry: HostRegistry,
  ) {
    // Every frame for the host tag passes here first: an expired session's socket gets none.
    registry.screen(HOST_TAG, (ws) => this.heard(ws));
  }

  /** The host's socket, tagged HOST_TAG, remembering the session it was opened with. */
  accept(who: HostIdentity): { socket: WebSocket; response: Response } {
    return this.registry.accept([HOST_TAG], {
      role: "host",
      id: who.userId,
      userRole: who.userRole,
      ...(who.jti ? { jti: who.jti } : {}),
      ...(who.exp ? { exp: who.exp } : {}),
    });
  }

  /**
   * Whether a host socket may still be heard or sent to: once its session expired it is closed
   * (sessionEnded) and false is returned. A socket that is not a host's is left alone (true).
   */
  heard(ws: WebSocket, now = Date.now()): boolean {
    // Players' frames pass here too and keep the cached attachment; a host's session expiry is
    // read from the socket itself (a host sends a handful of frames, and this is the boundary).
    const cached = this.registry.attachment(ws);
    if (cached?.role !== "host") return true;
    const att = this.registry.attachment(ws, true);
    if (att?.role !== "host" || !sessionExpired(att, now)) return true;
    closeQuietly(ws, CLOSE_CODES.sessionEnded, "session expired");
    return false;
  }

  /** The open host sockets whose sessions are alive (the expired ones are closed on the way). */
  live(now = Date.now()): WebSocket[] {
    return this.ctx.getWebSockets(HOST_TAG).filter((ws) => this.heard(ws, now));
  }

  /**
   * Closes the host sockets of `userId` opened with session `jti` (with any session if omitted),
   * except those of session `exceptJti` (the one a password change hands out). Returns how many.
   */
  closeSessions(userId: string, jti?: string, exceptJti?: string): number {
    let closed = 0;
    for (const ws of this.ctx.getWebSockets(HOST_TAG)) {
      const att = this.registry.attachment(ws);
      if (att?.role !== "host" || att.id !== userId) continue;
      if ((jti && att.jti !== jti) || (exceptJti && att.jti === exceptJti)) continue;
      closeQuietly(ws, CLOSE_CODES.sessionEnded, "session ended");
      closed++;
    }
    return closed;
  }
}
