// The phone remote at /host/<code>/remote#t=<token>: the host's socket on a phone signed in as the
// game's teacher, with the one-time code from "Show remote code" on the teacher's screen. The code
// stays in the fragment (never in a request line, so never in a log); it is moved to this tab's
// sessionStorage and taken off the address, so it survives a detour through the sign-in page and
// a reload, and the phone first claims it (the server refuses a second device), then connects.
import { useEffect, useState } from "preact/hooks";
import { api, type ApiError } from "../../api.ts";
import { Banner, Spinner } from "../../shared/ui.tsx";
import { useUser } from "../../app/session.ts";
import { AnswerCount } from "./host-question.tsx";
import { EndButton } from "./host.tsx";
import { tt } from "../../app/strings.ts";
import { useHostSocket } from "./use-host-socket.ts";

const KEY = (code: string) => `qq_remote_${code}`;

function takeToken(code: string): string | null {
  const fromHash = new URLSearchParams(location.hash.slice(1)).get("t");
  try {
    if (fromHash) {
      sessionStorage.setItem(KEY(code), fromHash);
      history.replaceState(history.state, "", location.pathname);
      return fromHash;
    }
    return sessionStorage.getItem(KEY(code));
  } catch {
    // No sessionStorage (private mode): the fragment is all there is.
    return fromHash;
  }
}

type Refusal = "signIn" | "otherAccount" | "claimed" | "expired" | "network";

const REFUSAL: Record<number, Refusal> = { 401: "signIn", 403: "otherAccount", 409: "claimed", 410: "expired" };

export function Remote({ code }: { code: string }) {
  const [token] = useState(() => takeToken(code));
  const user = useUser();
  const [claimed, setClaimed] = useState(false);
  const [refusal, setRefusal] = useState<Refusal | null>(null);

  useEffect(() => {
    if (!token || !user) return;
    api(`/api/games/${code}/remote/claim`, { body: { token } }).then(
      () => setClaimed(true),
      (e: ApiError) => setRefusal(REFUSAL[e.status] ?? "network"),
    );
  }, [token, user?.id]);

  const url = claimed && token ? `/ws/${code}/host?remote=${encodeURIComponent(token)}` : null;
  const { s, status, send } = useHostSocket(code, url);

  if (!token) return <Refused text={tt("remote.noToken")} />;
  if (user === undefined) return <Spinner />;
  if (!user || refusal === "signIn" || refusal === "otherAccount")
    return (
      <Refused text={tt(user && refusal === "otherAccount" ? "remote.otherAccount" : "remote.signIn")}>
        <a class="button primary" href={`/login?next=${encodeURIComponent(`/host/${code}/remote`)}`}>
          {tt("remote.signInButton")}
        </a>
      </Refused>
    );
  if (refusal === "claimed") return <Refused text={tt("remote.claimed")} />;
  if (refusal === "expired") return <Refused text={tt("remote.expired")} />;
  if (refusal === "network") return <Refused text={tt("err.network")} />;
  if (!claimed) return <Spinner />;

  const p = s.phase;
  const live = p !== "ended" && p !== "gone" && p !== "connecting";
  return (
    <main class="screen remote">
      <header class="top">
        <strong>
          {tt("remote.title")} · {code}
        </strong>
        <span class="muted">{s.title}</span>
      </header>
      {status === "reconnecting" && <Banner>{tt("host.reconnecting")}</Banner>}
      {s.error && <Banner kind="error">{s.error}</Banner>}
      {p === "connecting" ? (
        <Spinner />
      ) : (
        <>
          <h1 class="remote-phase" aria-live="polite">
            {tt(`remote.phase.${p}` as const)}
            {s.paused && ` · ${tt("host.paused")}`}
            {p === "question" &&
              s.question &&
              ` · ${tt("host.qOf", { i: s.question.q.index + 1, n: s.questionCount })}`}
          </h1>
          {p === "question" && <AnswerCount answered={s.answered} />}
          {p === "lobby" && <p class="big-number center-text">{tt("host.playersN", { n: s.playerCount })}</p>}
          <div class="remote-buttons">
            {p === "lobby" && (
              <button type="button" class="primary" disabled={!s.playerCount} onClick={() => send({ type: "start" })}>
                {tt("host.start")}
              </button>
            )}
            {p === "question" && (
              <button type="button" class="primary" onClick={() => send({ type: "skip" })}>
                {tt("host.skip")}
              </button>
            )}
            {(p === "reveal" || p === "leaderboard" || p === "podium") && (
              <button type="button" class="primary" onClick={() => send({ type: "next" })}>
                {p === "podium" ? tt("host.finish") : tt("host.next")}
              </button>
            )}
            {live && p !== "lobby" && (
              <button type="button" onClick={() => send({ type: s.paused ? "resume" : "pause" })}>
                {s.paused ? tt("host.resume") : tt("host.pause")}
              </button>
            )}
            {p === "question" && (
              <button type="button" onClick={() => send({ type: "addTime", seconds: 10 })}>
                {tt("host.addTime")}
              </button>
            )}
            {live && <EndButton send={send} />}
          </div>
        </>
      )}
    </main>
  );
}

/** Why this phone cannot be the remote, and what to do about it. */
function Refused({ text, children }: { text: string; children?: preact.ComponentChildren }) {
  return (
    <main class="screen remote">
      <header class="top">
        <h1 class="remote-title">{tt("remote.title")}</h1>
      </header>
      <p class="banner error" role="alert">
        {text}
      </p>
      {children}
    </main>
  );
}
