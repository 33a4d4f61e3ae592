// One reconnecting WebSocket to a room: backoff with jitter, probe replies, a keep-alive that
// notices a dead connection (phones switch networks without closing sockets), and a quick retry
// when the network or the tab comes back. The room is the only clock, so nothing here keeps time.
import { isRoomClose } from "../../schema/constants.ts";
import type { ClientMessage, ServerMessage } from "../../schema/messages.ts";
import { wsUrl } from "./api.ts";
import { logEvent } from "./log.ts";

export type SocketStatus = "connecting" | "open" | "reconnecting" | "closed";

/** A frame from the server: the live room's (default) or another protocol's over the same machinery. */
type Frame = { type: string; nonce?: string };

export interface RoomSocketOptions<S extends Frame = ServerMessage> {
  /** A function is read at each connect: a player's first socket joins, its reconnects use the seat's token. */
  url: string | (() => string);
  onMessage: (m: S) => void;
  onStatus: (s: SocketStatus) => void;
  /** Called after each attempt that closed without ever opening (a refused upgrade looks like this). */
  onFailedAttempt?: (failures: number) => void;
  /** The socket is gone for good: the room said so (kicked, replaced, unknown player, join refused) or `reconnect` did. */
  onFinalClose?: (code: number) => void;
  /**
   * Asked when a connection drops: false ends the socket (onFinalClose) instead of reconnecting.
   * A join must not be repeated unseen: it could take a second seat.
   */
  reconnect?: () => boolean;
  /**
   * Ask the room for a `pong` after this much quiet (default 2.5 s): a lost network shows within
   * 5 s. The room answers without waking, so a ping costs a few bytes and no compute.
   */
  pingAfterMs?: number;
}

export interface RoomSocket<C = ClientMessage> {
  send: (m: C) => boolean;
  close: () => void;
}

/** The standard WebSocket codes for a close we chose, and for a connection that died without one. */
const NORMAL_CLOSE = 1000;
const ABNORMAL_CLOSE = 1006;
/** Quiet this long, the socket is asked for a `pong` (answered by the room without waking it). */
const IDLE_MS = 2_500;
/** No answer to a `ping` this long, the connection is taken for dead and replaced. */
const PONG_MS = 2_000;
/** How often the keep-alive looks at the clock (a comparison, nothing sent). */
const TICK_MS = 250;
/**
 * A tick this late means the page's timers were held (a busy or throttled tab, a phone waking):
 * a pong may be waiting unread behind the tick, so the wait for it starts again.
 */
const HELD_MS = 1_000;

export function openRoomSocket<S extends Frame = ServerMessage, C = ClientMessage>(
  o: RoomSocketOptions<S>,
): RoomSocket<C> {
  let ws: WebSocket | undefined;
  let attempt = 0;
  let failures = 0;
  let stopped = false;
  let retry: ReturnType<typeof setTimeout> | undefined;
  let lastHeard = 0;
  let pingAt = 0;

  const finish = (code: number) => {
    const wasStopped = stopped;
    stopped = true;
    o.onStatus("closed");
    if (!wasStopped) o.onFinalClose?.(code);
  };

  const reconnectLater = (code: number) => {
    // Backoff 0.5 s, 1 s, 2 s … up to 10 s, with jitter so a room's players do not return in one wave.
    const delay = Math.min(10_000, 500 * 2 ** attempt) * (0.5 + Math.random() / 2);
    attempt++;
    o.onStatus("reconnecting");
    logEvent({ type: "client.reconnect", detail: { code, attempt } });
    retry = setTimeout(connect, delay);
  };

  function connect() {
    clearTimeout(retry);
    retry = undefined;
    if (stopped) return;
    o.onStatus(attempt ? "reconnecting" : "connecting");
    let opened = false;
    const sock = new WebSocket(wsUrl(typeof o.url === "string" ? o.url : o.url()));
    ws = sock;
    sock.onopen = () => {
      opened = true;
      attempt = 0;
      failures = 0;
      lastHeard = Date.now();
      pingAt = 0;
      o.onStatus("open");
    };
    sock.onmessage = (e) => {
      lastHeard = Date.now();
      pingAt = 0;
      let m: S;
      try {
        m = JSON.parse(e.data as string);
      } catch {
        return; // the "pong" keep-alive
      }
      if (m.type === "probe") sock.send(JSON.stringify({ type: "probe", nonce: m.nonce }));
      // The room's last word before it closes the socket for good (live: kicked/ended; an assignment: removed).
      if (m.type === "kicked" || m.type === "ended" || m.type === "replaced" || m.type === "removed") stopped = true;
      o.onMessage(m);
    };
    sock.onclose = (e) => {
      if (ws !== sock) return;
      ws = undefined;
      if (stopped || isRoomClose(e.code) || o.reconnect?.() === false) return finish(e.code);
      if (!opened) o.onFailedAttempt?.(++failures);
      if (!stopped) reconnectLater(e.code);
    };
  }

  /** Drops a connection that stopped answering and starts a new one at once. */
  const replace = () => {
    const dead = ws;
    ws = undefined;
    if (dead) {
      dead.onclose = dead.onmessage = null;
      dead.close();
    }
    if (o.reconnect?.() === false) return finish(ABNORMAL_CLOSE);
    attempt = 1; // shows "reconnecting…" until the new socket opens
    connect();
  };

  let lastLook = Date.now();
  const keepAlive = (idleMs: number) => {
    const now = Date.now();
    const held = now - lastLook > HELD_MS;
    lastLook = now;
    if (stopped || ws?.readyState !== WebSocket.OPEN) return;
    // Judged only on time this page had to read the pong: a held page gets PONG_MS afresh.
    if (pingAt && held) pingAt = now;
    if (pingAt && now - pingAt > PONG_MS) return replace();
    if (!pingAt && now - lastHeard > idleMs) {
      pingAt = now;
      ws.send("ping");
    }
  };
  const timer = setInterval(() => keepAlive(o.pingAfterMs ?? IDLE_MS), TICK_MS);

  const soon = () => {
    if (stopped) return;
    if (retry !== undefined) connect();
    // Back from another app or a network change: make sure the socket still works.
    else keepAlive(0);
  };
  const onVisible = () => document.visibilityState === "visible" && soon();
  // The browser knows the network is gone: say so now rather than at the next missed pong.
  const offline = () => {
    if (!stopped && ws) replace();
  };
  addEventListener("online", soon);
  addEventListener("offline", offline);
  document.addEventListener("visibilitychange", onVisible);
  connect();

  return {
    send(m) {
      if (ws?.readyState !== WebSocket.OPEN) return false;
      ws.send(JSON.stringify(m));
      return true;
    },
    close() {
      stopped = true;
      clearTimeout(retry);
      clearInterval(timer);
      removeEventListener("online", soon);
      removeEventListener("offline", offline);
      document.removeEventListener("visibilitychange", onVisible);
      ws?.close(NORMAL_CLOSE);
    },
  };
}
