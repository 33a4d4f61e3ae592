// The phone remote at /host/<code>/remote#t=<token>: the host's socket on a phone signed in as the
// game's teacher, with the one-time code from "Show remote code" on the teacher's screen. The code
// stays in the fragment (never in a request line, so never in a log); it is moved to this tab's
// sessionStorage and taken off the address, so it survives a detour through the sign-in page and
// a reload, and the phone first claims it (the server refuses a second device), then connects.
import { useEffect, useState } from "preact/hooks";
import { api, type ApiError } from "../../api.ts";
import { Banner, Spinner } from "../../shared/ui.tsx";
import { useUser } from "../../app/session.ts";
import { at } from "../../app/strings.ts";
import { readItem, writeItem } from "../../storage.ts";
import { Countdown, useRemaining } from "../../shared/countdown.tsx";
import { AnswerCount } from "./host-question.tsx";
import type { HostState } from "./host-state.ts";
import { EndButton } from "./host.tsx";
import { useHostSocket } from "./use-host-socket.ts";
import { ht } from "./strings.ts";

const KEY = (code: string) => `qq_remote_${code}`;

function takeToken(code: string): string | null {
  const fromHash = new URLSearchParams(location.hash.slice(1)).get("t");
  if (!fromHash) return readItem(KEY(code), "session");
  // Without sessionStorage (private mode) the fragment read now is all there is.
  writeItem(KEY(code), fromHash, "session");
  history.replaceState(history.state, "", location.pathname);
  return fromHash;
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

  if (!token) return <Refused text={ht("remote.noToken")} />;
  if (user === undefined) return <Spinner />;
  if (!user || refusal === "signIn" || refusal === "otherAccount")
    return (
      <Refused text={ht(user && refusal === "otherAccount" ? "remote.otherAccount" : "remote.signIn")}>
        <a class="button primary" href={`/login?next=${encodeURIComponent(`/host/${code}/remote`)}`}>
          {ht("remote.signInButton")}
        </a>
      </Refused>
    );
  if (refusal === "claimed") return <Refused text={ht("remote.claimed")} />;
  if (refusal === "expired") return <Refused text={ht("remote.expired")} />;
  if (refusal === "network") return <Refused text={at("err.network")} />;
  if (!claimed) return <Spinner />;

  const p = s.phase;
  const live = p !== "ended" && p !== "gone" && p !== "connecting";
  return (
    <main class="screen remote">
      <header class="top">
        <strong>
          {ht("remote.title")} · {code}
        </strong>
        <span class="muted">{s.title}</span>
      </header>
      {status === "reconnecting" && <Banner>{ht("host.reconnecting")}</Banner>}
      {s.error && <Banner kind="error">{s.error}</Banner>}
      {p === "connecting" ? (
        <Spinner />
      ) : (
        <>
          {/* During a question the heading names the question alone ("Question 4 of 6"), not the phase too. */}
          <h1 class="remote-phase" aria-live="polite">
            {p === "question" && s.question
              ? ht("host.qOf", { i: s.question.q.index + 1, n: s.questionCount })
              : ht(`remote.phase.${p}` as const)}
            {s.paused && ` · ${ht("host.paused")}`}
          </h1>
          {p === "question" && s.question && (
            <div class="remote-clock">
              <RemoteCountdown question={s.question} />
              <AnswerCount answered={s.answered} />
            </div>
          )}
          {p === "lobby" && <p class="big-number center-text">{ht("host.playersN", { n: s.playerCount })}</p>}
          <div class="remote-buttons">
            {p === "lobby" && (
              <button type="button" class="primary" disabled={!s.playerCount} onClick={() => send({ type: "start" })}>
                {ht("host.start")}
              </button>
            )}
            {p === "question" && (
              <button type="button" class="primary" onClick={() => send({ type: "skip" })}>
                {ht("host.skip")}
              </button>
            )}
            {(p === "reveal" || p === "leaderboard" || p === "podium") && (
              <button type="button" class="primary" onClick={() => send({ type: "next", from: p })}>
                {p === "podium" ? ht("host.finish") : ht("host.next")}
              </button>
            )}
            {live && p !== "lobby" && (
              <button type="button" onClick={() => send({ type: s.paused ? "resume" : "pause" })}>
                {s.paused ? ht("host.resume") : ht("host.pause")}
              </button>
            )}
            {p === "question" && (
              <button type="button" onClick={() => send({ type: "addTime", seconds: 10 })}>
                {ht("host.addTime")}
              </button>
            )}
            {live && <EndButton send={send} />}
          </div>
        </>
      )}
    </main>
  );
}

/** The projector's countdown, or its "get ready" while the question is read. */
function RemoteCountdown({ question }: { question: NonNullable<HostState["question"]> }) {
  const { q, opensAt, closesAt, pausedAt } = question;
  const toOpen = useRemaining(opensAt, pausedAt);
  return toOpen > 0 ? (
    <span class="get-ready pulse">{ht("host.getReady", { n: Math.ceil(toOpen / 1000) })}</span>
  ) : (
    <Countdown deadline={closesAt} total={q.timeLimit} frozenAt={pausedAt} pausedLabel={ht("host.paused")} />
  );
}

/** Why this phone cannot be the remote, and what to do about it. */
function Refused({ text, children }: { text: string; children?: preact.ComponentChildren }) {
  return (
    <main class="screen remote">
      <header class="top">
        <h1 class="remote-title">{ht("remote.title")}</h1>
      </header>
      <p class="banner error" role="alert">
        {text}
      </p>
      {children}
    </main>
  );
}
