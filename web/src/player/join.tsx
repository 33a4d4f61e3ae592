// Nickname screen: check the room, then take a seat (or, in generated-names mode, just take one).
import { useEffect, useState } from "preact/hooks";
import { api, ApiError } from "../api";
import { t } from "../i18n";
import type { PlayerKey } from "../strings";
import { friendlyName } from "./names";
import { oldToken, type Seat } from "./seat";
import { LangSwitch, Spinner } from "../ui";

interface RoomInfo {
  code: string;
  title: string;
  phase: string;
  joinable: boolean;
  nicknames: "free" | "generated";
  playerCount: number;
}

export function Join({ code, onJoined }: { code: string; onJoined: (s: Seat) => void }) {
  const [room, setRoom] = useState<RoomInfo | null>(null);
  // Keys, not sentences, so the messages follow a language switch.
  const [fatal, setFatal] = useState<PlayerKey | "">("");
  const [nickname, setNickname] = useState("");
  const [error, setError] = useState<PlayerKey | "">("");
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    api<RoomInfo>(`/api/rooms/${code}`)
      .then((r) => {
        setRoom(r);
        if (r.phase === "ended") setFatal("code.over");
        else if (!r.joinable) setFatal("join.refused");
      })
      .catch((e: ApiError) => setFatal(e.status === 404 ? "code.unknown" : e.status === 0 ? "error.network" : "error.generic"));
  }, [code]);

  const submit = async (e: Event) => {
    e.preventDefault();
    const free = room?.nicknames !== "generated";
    if (free && !nickname.trim()) return setError("nick.empty");
    setBusy(true);
    setError("");
    try {
      // A token this browser held before goes along, so a kicked player is recognised under any new name.
      const token = oldToken(code);
      const s = await api<Seat>(`/api/rooms/${code}/join`, { body: { ...(free ? { nickname } : {}), ...(token ? { token } : {}) } });
      onJoined(s);
    } catch (err) {
      const a = err as ApiError;
      setError(
        a.status === 403
          ? "join.refused"
          : a.status === 409
            ? "nick.taken"
            : a.status === 400
              ? "nick.invalid"
              : a.status === 429
                ? "error.slow"
                : a.status === 0
                  ? "error.network"
                  : "error.generic",
      );
    } finally {
      setBusy(false);
    }
  };

  return (
    <main class="screen center">
      <header class="top">
        <a class="brand" href="/">QuickQuiz</a>
        <LangSwitch />
      </header>
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
              <label for="nick">{t("nick.label")}</label>
              <div class="row">
                <input
                  id="nick"
                  value={nickname}
                  maxLength={20}
                  autoComplete="nickname"
                  aria-describedby="nick-hint nick-err"
                  aria-invalid={error ? true : undefined}
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
            {error && t(error)}
          </p>
          <button class="primary big" type="submit" disabled={busy}>
            {t("nick.join")}
          </button>
        </form>
      )}
    </main>
  );
}
