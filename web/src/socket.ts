// One reconnecting WebSocket to a room: backoff with jitter, probe replies, and a quick retry when
// the network or the tab comes back. The room is the only clock, so nothing here keeps time.
import type { ClientMessage, ServerMessage } from "../../schema/messages";
import { wsUrl } from "./api";
import { logEvent } from "./log";

export type SocketStatus = "connecting" | "open" | "reconnecting" | "closed";

export interface RoomSocketOptions {
  url: string;
  onMessage: (m: ServerMessage) => void;
  onStatus: (s: SocketStatus) => void;
  /** Called after each attempt that closed without ever opening (a refused upgrade looks like this). */
  onFailedAttempt?: (failures: number) => void;
  /** The room closed the socket for good (kicked, replaced by a newer connection, unknown player). */
  onFinalClose?: (code: number) => void;
}

export interface RoomSocket {
  send: (m: ClientMessage) => boolean;
  close: () => void;
}

/** Close codes the room uses to say "do not come back" (kicked, bad token, game gone). */
const FINAL = (code: number) => code >= 4000 && code < 5000;

export function openRoomSocket(o: RoomSocketOptions): RoomSocket {
  let ws: WebSocket | undefined;
  let attempt = 0;
  let failures = 0;
  let stopped = false;
  let retry: ReturnType<typeof setTimeout> | undefined;

  const connect = () => {
    clearTimeout(retry);
    retry = undefined;
    if (stopped) return;
    o.onStatus(attempt ? "reconnecting" : "connecting");
    let opened = false;
    const sock = new WebSocket(wsUrl(o.url));
    ws = sock;
    sock.onopen = () => {
      opened = true;
      attempt = 0;
      failures = 0;
      o.onStatus("open");
    };
    sock.onmessage = (e) => {
      let m: ServerMessage;
      try {
        m = JSON.parse(e.data as string);
      } catch {
        return; // e.g. the "pong" auto-response
      }
      if (m.type === "probe") sock.send(JSON.stringify({ type: "probe", nonce: m.nonce }));
      if (m.type === "kicked" || m.type === "ended") stopped = true;
      o.onMessage(m);
    };
    sock.onclose = (e) => {
      if (ws !== sock) return;
      if (stopped || FINAL(e.code)) {
        const wasStopped = stopped;
        stopped = true;
        o.onStatus("closed");
        if (!wasStopped) o.onFinalClose?.(e.code);
        return;
      }
      if (!opened) o.onFailedAttempt?.(++failures);
      if (stopped) return;
      // Backoff 0.5 s, 1 s, 2 s … up to 10 s, with jitter so a room's players do not return in one wave.
      const delay = Math.min(10_000, 500 * 2 ** attempt) * (0.5 + Math.random() / 2);
      attempt++;
      o.onStatus("reconnecting");
      logEvent({ type: "client.reconnect", detail: { code: e.code, attempt } });
      retry = setTimeout(connect, delay);
    };
  };

  const soon = () => {
    if (!stopped && retry !== undefined) connect();
  };
  const onVisible = () => document.visibilityState === "visible" && soon();
  addEventListener("online", soon);
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
      removeEventListener("online", soon);
      document.removeEventListener("visibilitychange", onVisible);
      ws?.close(1000);
    },
  };
}
