// The phone remote at /host/<code>/remote#t=<token>: the host's socket on a phone that is not
// logged in, with the token from the QR code on the presenter's panel. The token stays in the
// fragment (never sent in a request line, so never in a log) and is read once into the socket's URL.
import { useState } from "preact/hooks";
import { Banner, Spinner } from "../../shared/ui.tsx";
import { AnswerCount } from "./host-question.tsx";
import { EndButton } from "./host.tsx";
import { useHostSocket } from "./use-host-socket.ts";
import { ht } from "./strings.ts";

const tokenFromHash = () => new URLSearchParams(location.hash.slice(1)).get("t");

export function Remote({ code }: { code: string }) {
  const [token] = useState(tokenFromHash);
  const url = token ? `/ws/${code}/host?remote=${encodeURIComponent(token)}` : null;
  const { s, status, send } = useHostSocket(code, url);
  if (!token)
    return (
      <main class="screen remote">
        <p class="banner error">{ht("remote.noToken")}</p>
      </main>
    );
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
          <h1 class="remote-phase" aria-live="polite">
            {ht(`remote.phase.${p}` as const)}
            {s.paused && ` · ${ht("host.paused")}`}
            {p === "question" &&
              s.question &&
              ` · ${ht("host.qOf", { i: s.question.q.index + 1, n: s.questionCount })}`}
          </h1>
          {p === "question" && <AnswerCount answered={s.answered} />}
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
              <button type="button" class="primary" onClick={() => send({ type: "next" })}>
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
