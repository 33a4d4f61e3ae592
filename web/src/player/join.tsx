// Nickname screen: check the room and ask for a nickname (none in generated-names mode) and, when
// the host asks for one, a name or student ID (only the teacher's reports show it); Play then
// takes the seat over the socket, and comes back here with an error if it could not.
import { useEffect, useState } from "preact/hooks";
import { NICKNAME_MAX, STUDENT_ID_MAX } from "../../../schema/constants.ts";
import { api, type ApiError } from "../api.ts";
import { t, type PlayerKey } from "../strings.ts";
import { friendlyName } from "./names.ts";
import { Spinner, TopBar } from "../shared/ui.tsx";
import { hintedNickname } from "../account-hint.ts";
import type { AssignmentInfo } from "./assignment.tsx";

export interface RoomInfo {
  code: string;
  title: string;
  phase: string;
  joinable: boolean;
  nicknames: "free" | "generated";
  /** Absent from rooms that predate it. */
  requireStudentId?: boolean;
  playerCount: number;
  /** Shared team devices: this phone joins for a team, under its name. */
  teamDevice?: boolean;
}

/** A join to make, and, when it did not go through, the form's state again with the reason. */
export interface Attempt {
  room: RoomInfo;
  nickname: string;
  /** Sent only when the room asks for it. */
  studentId: string;
  error?: PlayerKey;
}

export function Join({
  code,
  last,
  onJoin,
  onAssignment,
}: {
  code: string;
  last?: Attempt;
  onJoin: (a: Attempt) => void;
  /** The code is an assignment's, not a live game's. */
  onAssignment: (info: AssignmentInfo) => void;
}) {
  const [room, setRoom] = useState<RoomInfo | null>(last?.room ?? null);
  // Keys, not sentences, so the messages follow a language switch.
  const [fatal, setFatal] = useState<PlayerKey | "">("");
  // A logged-in player starts from their display name.
  const [nickname, setNickname] = useState(() => last?.nickname ?? hintedNickname());
  const [studentId, setStudentId] = useState(last?.studentId ?? "");
  // One message at a time, under the field it is about.
  const [error, setError] = useState<PlayerKey | "">(last?.error ?? "");
  const idError = error === "sid.empty";
  // Only a nickname's own fault marks the field; "the game is full" or "wait a few seconds" is not.
  const nickError = error.startsWith("nick.");

  useEffect(() => {
    if (room) return;
    api<RoomInfo | AssignmentInfo>(`/api/rooms/${code}`)
      .then((r) => {
        if ("kind" in r && r.kind === "assignment") return onAssignment(r);
        const room = r as RoomInfo;
        setRoom(room);
        if (room.phase === "ended") setFatal("code.over");
        else if (!room.joinable) setFatal("join.refused");
      })
      .catch((e: ApiError) =>
        setFatal(e.status === 404 ? "code.unknown" : e.status === 0 ? "error.network" : "error.generic"),
      );
  }, [code]);

  const submit = (e: Event) => {
    e.preventDefault();
    if (room!.nicknames !== "generated" && !nickname.trim()) return setError("nick.empty");
    if ((room!.requireStudentId || idError) && !studentId.trim()) {
      document.getElementById("student-id")?.focus();
      return setError("sid.empty");
    }
    onJoin({ room: room!, nickname, studentId: studentId.trim() });
  };

  return (
    <main class="screen center">
      <TopBar />
      {fatal ? (
        <div class="card stack">
          <p class="err" role="alert">
            {fatal && t(fatal)}
          </p>
          <a class="button" href="/">
            {t("fin.again")}
          </a>
        </div>
      ) : !room ? (
        <Spinner />
      ) : (
        <form class="card stack" onSubmit={submit} noValidate>
          <p class="muted">
            <span class="game-code">{code}</span> · {room.title}
          </p>
          <h1>{t("nick.title")}</h1>
          {room.nicknames === "generated" ? (
            <p>{t("nick.generated")}</p>
          ) : (
            <>
              <label for="nick">{t(room.teamDevice ? "team.nameLabel" : "nick.label")}</label>
              <div class="row">
                <input
                  id="nick"
                  value={nickname}
                  maxLength={NICKNAME_MAX}
                  autoComplete="nickname"
                  aria-describedby="nick-hint nick-err"
                  aria-invalid={nickError ? true : undefined}
                  onInput={(e) => setNickname(e.currentTarget.value)}
                  autoFocus
                />
                <button type="button" onClick={() => setNickname(friendlyName())}>
                  {t("nick.surprise")}
                </button>
              </div>
              <small id="nick-hint">{t("nick.hint")}</small>
            </>
          )}
          <p id="nick-err" class="err" role="alert">
            {error && !idError && t(error)}
          </p>
          {/* Also shown when the room refused a join for want of one (a page that read the room before it asked). */}
          {(room.requireStudentId || idError) && (
            <>
              <label for="student-id">
                {t("sid.label")} <span class="muted">({t("sid.required")})</span>
              </label>
              <input
                id="student-id"
                value={studentId}
                maxLength={STUDENT_ID_MAX}
                autoComplete="off"
                required
                aria-describedby="student-id-hint student-id-err"
                aria-invalid={idError ? true : undefined}
                onInput={(e) => {
                  setStudentId(e.currentTarget.value);
                  if (idError) setError("");
                }}
                autoFocus={room.nicknames === "generated"}
              />
              <small id="student-id-hint">{t("sid.hint")}</small>
              <p id="student-id-err" class="err" role="alert">
                {idError && t(error)}
              </p>
            </>
          )}
          <button class="primary big" type="submit">
            {t("nick.join")}
          </button>
        </form>
      )}
    </main>
  );
}
