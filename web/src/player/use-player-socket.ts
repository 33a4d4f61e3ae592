// The player's one socket to the room: it feeds the room's messages to the pure state
// (play-state.ts) and does what they ask of this phone: keep or drop the seat, send a pending
// answer again, leave. Without a seat, the socket takes one (`/ws/:code/join`) and its reconnects
// use the seat's token.
import { useEffect, useRef, useState } from "preact/hooks";
import { CLOSE_CODES } from "../../../schema/constants.ts";
import type { AnswerValue, QuestionView, ServerMessage } from "../../../schema/messages.ts";
import { api, type ApiError } from "../api.ts";
import { openRoomSocket, type RoomSocket, type SocketStatus } from "../socket.ts";
import type { PlayerKey } from "../strings.ts";
import { initialPlayerState, reducePlayer, refusalKey, type PlayerEvent, type PlayerState } from "./play-state.ts";
import { dropSeat, forgetLastGame, oldToken, saveSeat, type Seat } from "./seat.ts";

export interface PlayerSocketOptions {
  code: string;
  /** null: join first, as `nickname` (none in generated-names mode). */
  seat: Seat | null;
  nickname?: string;
  /** The name or student ID the room asks for (never shown on a screen; the teacher's reports only). */
  studentId?: string;
  /** The seat is gone (unknown to the room, or the socket gave up): back to the form. */
  onLost: () => void;
  /** The join did not go through (refused, or the socket dropped before the welcome). */
  onRefused: (error: PlayerKey) => void;
}

export function usePlayerSocket({ code, seat, nickname, studentId, onLost, onRefused }: PlayerSocketOptions): {
  state: PlayerState;
  status: SocketStatus;
  answer: (q: QuestionView, a: AnswerValue) => void;
  /** Team mode, lobby: join this team. */
  pickTeam: (teamId: string) => void;
  /** Shared devices, lobby: who plays on this team's phone. */
  nameMembers: (names: string[]) => void;
} {
  const [state, setState] = useState(() => initialPlayerState(seat, nickname));
  const [status, setStatus] = useState<SocketStatus>("connecting");
  // The latest state, read by the socket's handlers between renders.
  // This join's own key (getRandomValues works outside secure contexts too, unlike randomUUID).
  const [joinKey] = useState(() =>
    Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, "0")).join(""),
  );
  const latest = useRef(state);
  const sock = useRef<RoomSocket | undefined>(undefined);
  const parent = useRef({ onLost, onRefused });
  parent.current = { onLost, onRefused };

  const apply = (e: PlayerEvent) => {
    latest.current = reducePlayer(latest.current, e, performance.now());
    setState(latest.current);
    return latest.current;
  };

  useEffect(() => {
    let mine = seat;
    /** Closes the socket; a seat that is not gone for good sends the player back to the form. */
    const leave = (forGood: boolean) => {
      sock.current?.close();
      if (!forGood) parent.current.onLost();
    };

    const onMessage = (m: ServerMessage) => {
      const s = apply(m);
      switch (m.type) {
        case "welcome":
          if (m.me && m.token) {
            mine = {
              playerId: m.me.playerId,
              nickname: m.me.nickname,
              token: m.token,
              wsUrl: `/ws/${code}?token=${encodeURIComponent(m.token)}`,
            };
            saveSeat(code, mine);
          }
          return;
        case "joinRefused":
          // Acted on at once: the close that follows can take seconds to arrive.
          sock.current?.close();
          return parent.current.onRefused(refusalKey(m.reason));
        case "question":
          // Still pending after a reconnect: the room asks the same question, so the answer goes again.
          if (s.pending) sock.current?.send({ type: "answer", q: s.pending.q, answer: s.pending.answer });
          return;
        case "ended":
          return forgetLastGame(code);
        case "kicked":
          dropSeat(code);
          return leave(true);
        case "replaced":
          // Another tab or device took over this seat; this one steps aside (the seat is kept).
          return leave(true);
        case "error":
          if (m.code === "unknown-player") leave(false);
          return;
      }
    };

    const joinPath = () => {
      const q = new URLSearchParams();
      if (nickname !== undefined) q.set("nickname", nickname);
      if (studentId !== undefined) q.set("studentId", studentId);
      // A token this browser held before goes along, so a kicked player is recognised under any new name.
      const old = oldToken(code);
      if (old) q.set("token", old);
      // The same key on every try of this join: one whose welcome was lost finds its seat again.
      q.set("key", joinKey);
      return `/ws/${code}/join?${q}`;
    };

    sock.current = openRoomSocket({
      url: () => mine?.wsUrl ?? joinPath(),
      reconnect: () => !!mine,
      onMessage,
      onStatus: setStatus,
      onFinalClose: (c) => {
        // Still joining, and not refused: the socket never opened (the network, or a 429: we cannot
        // tell which) or dropped before its welcome. Back to the form, not round again.
        if (!mine) parent.current.onRefused("join.failed");
        // The close says what its message would have, had it arrived.
        else if (c === CLOSE_CODES.kicked) onMessage({ type: "kicked" });
        else if (c === CLOSE_CODES.replaced) onMessage({ type: "replaced" });
        else leave(false);
      },
      onFailedAttempt: (n) => {
        // A refused upgrade is invisible to the browser; ask the API whether the seat still exists.
        if (n < 2) return;
        api<{ phase: string }>(`/api/rooms/${code}`)
          .then((r) => {
            if (r.phase === "ended") {
              sock.current?.close();
              apply({ type: "roomEnded" });
            } else if (n >= 4) leave(false);
          })
          .catch((e: ApiError) => {
            if (e.status === 404) {
              sock.current?.close();
              apply({ type: "roomMissing" });
            }
          });
      },
    });
    return () => sock.current?.close();
  }, [code]);

  const answer = (q: QuestionView, a: AnswerValue) => {
    apply({ type: "sent", q: q.index, answer: a });
    sock.current?.send({ type: "answer", q: q.index, answer: a });
  };

  const pickTeam = (teamId: string) => sock.current?.send({ type: "pickTeam", teamId });

  const nameMembers = (names: string[]) => sock.current?.send({ type: "teamMembers", names });

  return { state, status, answer, pickTeam, nameMembers };
}
