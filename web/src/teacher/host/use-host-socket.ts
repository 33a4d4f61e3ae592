// The host's socket to the room, for the projector and the phone remote alike: the room's
// messages folded into the host state (host-state.ts), and a `send` that says when it could not.
import { useEffect, useRef, useState } from "preact/hooks";
import { CLOSE_CODES } from "../../../../schema/constants.ts";
import type { ClientMessage, ServerMessage } from "../../../../schema/messages.ts";
import { api, type ApiError } from "../../api.ts";
import { openRoomSocket, type RoomSocket, type SocketStatus } from "../../socket.ts";
import { initialHostState, reduceHost, type HostState } from "./host-state.ts";
import { ht } from "./strings.ts";

export function useHostSocket(
  code: string,
  url: string | null,
  onMessage?: (m: ServerMessage) => void,
): { s: HostState; status: SocketStatus; send: (m: ClientMessage) => void } {
  const [s, setS] = useState<HostState>(initialHostState);
  const [status, setStatus] = useState<SocketStatus>("connecting");
  const sock = useRef<RoomSocket | undefined>(undefined);
  const hook = useRef(onMessage);
  hook.current = onMessage;

  useEffect(() => {
    if (!url) return;
    sock.current = openRoomSocket({
      url,
      onMessage: (m) => {
        const now = performance.now();
        setS((old) => reduceHost(old, m, now));
        hook.current?.(m);
      },
      onStatus: setStatus,
      onFinalClose: (c) =>
        setS((old) => ({
          ...old,
          phase: "gone",
          error:
            c === CLOSE_CODES.replaced
              ? ht("host.replaced")
              : c === CLOSE_CODES.sessionEnded
                ? ht("host.sessionEnded")
                : ht("host.closed"),
        })),
      onFailedAttempt: (n) => {
        // A refused upgrade looks like a network error: ask the API what is wrong.
        if (n < 2) return;
        api(`/api/rooms/${code}`).then(
          () => {
            if (n < 4) return;
            sock.current?.close();
            setS((old) => ({ ...old, phase: "gone", error: ht("host.notYours") }));
          },
          (e: ApiError) => {
            if (e.status !== 404) return;
            sock.current?.close();
            hook.current?.({ type: "ended", reason: "expired" });
            setS((old) => ({ ...old, phase: "gone", error: ht("host.unknown") }));
          },
        );
      },
    });
    return () => sock.current?.close();
  }, [code, url]);

  const send = (m: ClientMessage) => {
    if (!sock.current?.send(m)) setS((old) => ({ ...old, error: ht("host.offline") }));
  };
  return { s, status, send };
}
