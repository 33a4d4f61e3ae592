// A student's assignment over its socket (docs/protocol.md §8 "Over a socket"): the seat's token
// opens /ws/assignment/:code, the object sends the current step (the question with the time
// already used, or the summary), and each answer's acknowledgement carries the result and the
// next step. Reconnects back off (socket.ts) and resume where the seat is. If the socket cannot
// be opened at all, the page falls back to the HTTP steps (one request a step, a heartbeat while a
// timed question is shown), which follow the same rules on the server.
import { useEffect, useRef, useState } from "preact/hooks";
import type {
  AnswerResult,
  AssignmentClientMessage,
  AssignmentServerMessage,
  PlayState,
} from "../../../schema/assignment.ts";
import type { AnswerValue, QuestionView } from "../../../schema/messages.ts";
import { api, type ApiError } from "../api.ts";
import { openRoomSocket, type RoomSocket, type SocketStatus } from "../socket.ts";

/** Failed connects in a row before the page plays over HTTP instead. */
const FALLBACK_AFTER = 3;
/** The HTTP path's poll while a timed question is shown: it moves past a timed-out question (the server's clock runs regardless). */
const HEARTBEAT_MS = 5000;

export interface AssignmentSocketOptions {
  code: string;
  /** null: no seat yet (the start form first). */
  token: string | null;
  /** The seat is unknown here (another assignment's, or cleaned up): forget it. */
  onLost: () => void;
  /** A refusal to show (removed, closed …), by the object's reason. */
  onError: (reason: string, status: number) => void;
}

export function useAssignmentSocket({ code, token, onLost, onError }: AssignmentSocketOptions) {
  const [state, setState] = useState<PlayState | null>(null);
  const [result, setResult] = useState<AnswerResult | null>(null);
  const [pending, setPending] = useState(false);
  const [status, setStatus] = useState<SocketStatus>("connecting");
  const [overHttp, setOverHttp] = useState(false);
  const sock = useRef<RoomSocket<AssignmentClientMessage> | undefined>(undefined);
  const parent = useRef({ onLost, onError });
  parent.current = { onLost, onError };
  const auth = token ? { authorization: `Player ${token}` } : undefined;

  const failed = (e: ApiError) => {
    setPending(false);
    if (e.status === 401 || e.status === 404) parent.current.onLost();
    else parent.current.onError(e.issues[0]?.message ?? "", e.status);
  };

  /** The HTTP path's step: the current screen (and the heartbeat). */
  const load = () =>
    api<PlayState>(`/api/assignments/${code}/play`, { headers: auth })
      .then((s) => setState(s))
      .catch(failed);

  useEffect(() => {
    if (!token || overHttp) return;
    const onMessage = (m: AssignmentServerMessage) => {
      switch (m.type) {
        case "state":
          setState(m.state);
          setPending(false);
          break;
        case "answered":
          setResult(m.result);
          setState(m.state);
          setPending(false);
          break;
        case "error":
          setPending(false);
          // The seat moved on elsewhere (another tab, a late answer): ask where it is now.
          if (m.code === "wrong-question" || m.code === "finished") sock.current?.send({ type: "play" });
          else if (m.code === "closed") parent.current.onError("closed", 403);
          break;
        case "refused":
          if (m.reason === "removed") parent.current.onError("removed", 403);
          else parent.current.onLost();
          break;
        case "removed":
          parent.current.onError("removed", 403);
          break;
      }
    };
    const s = openRoomSocket<AssignmentServerMessage, AssignmentClientMessage>({
      url: `/ws/assignment/${code}?token=${encodeURIComponent(token)}`,
      onMessage,
      onStatus: setStatus,
      onFailedAttempt: (n) => {
        if (n < FALLBACK_AFTER) return;
        s.close();
        setOverHttp(true);
      },
    });
    sock.current = s;
    return () => {
      s.close();
      sock.current = undefined;
    };
  }, [code, token, overHttp]);

  // Over HTTP: the first screen, then a heartbeat while a timed question is shown.
  const timed = !!state?.question && state.question.timeLimit > 0;
  useEffect(() => {
    if (token && overHttp) void load();
  }, [token, overHttp]);
  useEffect(() => {
    if (!overHttp || !timed) return;
    const id = setInterval(() => void load(), HEARTBEAT_MS);
    return () => clearInterval(id);
  }, [overHttp, timed, state?.question?.index]);

  // Over the socket, a question whose time ran out is moved past by asking for the current step.
  useEffect(() => {
    if (overHttp || !timed || !state?.question) return;
    const id = setTimeout(() => sock.current?.send({ type: "play" }), state.question.closesInMs + 500);
    return () => clearTimeout(id);
  }, [overHttp, timed, state?.question?.index, state?.question?.closesInMs]);

  const answer = (q: QuestionView, a: AnswerValue) => {
    setPending(true);
    if (sock.current?.send({ type: "answer", q: q.index, answer: a })) return;
    // No socket right now: the same step over HTTP, then the next question.
    api<{ result: AnswerResult; state: PlayState }>(`/api/assignments/${code}/answer`, {
      body: { q: q.index, answer: a },
      headers: auth,
    })
      .then((r) => {
        setResult(r.result);
        setPending(false);
        return load();
      })
      .catch((e: ApiError) => (e.status === 409 ? load().then(() => setPending(false)) : failed(e)));
  };

  const retry = () => {
    setResult(null);
    if (sock.current?.send({ type: "retry" })) return;
    api<PlayState>(`/api/assignments/${code}/retry`, { method: "POST", headers: auth }).then(setState).catch(failed);
  };

  return { state, setState, result, pending, status: overHttp ? ("open" as const) : status, answer, retry };
}
