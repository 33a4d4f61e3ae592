// The host's live game on the projector. The room owns the state: this screen rebuilds itself
// from the room's welcome and the current phase's messages, so a reload lands where the game is.
import { useEffect, useRef, useState } from "preact/hooks";
import { CLOSE_CODES } from "../../../schema/constants";
import type { ClientMessage, QuestionView } from "../../../schema/messages";
import { api, type ApiError } from "../api";
import { navigate } from "../router";
import { openRoomSocket, type RoomSocket, type SocketStatus } from "../socket";
import { Countdown, useRemaining } from "../shared/countdown";
import { Banner, LangSwitch, Spinner } from "../shared/ui";
import { useWakeLock } from "../shared/wake-lock";
import { Rich } from "../rich";
import { forgetGame, gameFor } from "./active-game";
import { startGame } from "./host-dialog";
import { initialHostState, reduceHost, type HostState } from "./host-state";
import { CorrectAnswer, Leaderboard, Podium, QuestionTiles, RevealChart } from "./host-views";
import { QrCode } from "./qr";
import { tt } from "./strings";
import { QuestionImage } from "../shared/question-image";

export function HostGame({ code }: { code: string }) {
  const [s, setS] = useState<HostState>(initialHostState);
  const [status, setStatus] = useState<SocketStatus>("connecting");
  const [again, setAgain] = useState("");
  const sock = useRef<RoomSocket | undefined>(undefined);
  const game = gameFor(code);

  useEffect(() => {
    sock.current = openRoomSocket({
      url: `/ws/${code}/host`,
      onMessage: (m) => {
        const now = performance.now();
        setS((old) => reduceHost(old, m, now));
        if (m.type === "ended") forgetGame(code);
      },
      onStatus: setStatus,
      onFinalClose: (c) =>
        setS((old) => ({
          ...old,
          phase: "gone",
          error:
            c === CLOSE_CODES.replaced
              ? tt("host.replaced")
              : c === CLOSE_CODES.sessionEnded
                ? tt("host.sessionEnded")
                : tt("host.closed"),
        })),
      onFailedAttempt: (n) => {
        // A refused upgrade looks like a network error: ask the API what is wrong.
        if (n < 2) return;
        api(`/api/rooms/${code}`).then(
          () => {
            if (n < 4) return;
            sock.current?.close();
            setS((old) => ({ ...old, phase: "gone", error: tt("host.notYours") }));
          },
          (e: ApiError) => {
            if (e.status !== 404) return;
            sock.current?.close();
            forgetGame(code);
            setS((old) => ({ ...old, phase: "gone", error: tt("host.unknown") }));
          },
        );
      },
    });
    return () => sock.current?.close();
  }, [code]);

  const send = (m: ClientMessage) => {
    if (!sock.current?.send(m)) setS((old) => ({ ...old, error: tt("host.offline") }));
  };

  const playAgain = async () => {
    if (!game) return;
    try {
      const g = await startGame(game.quizId, game.settings);
      navigate(`/host/${g.code}`);
    } catch (e) {
      setAgain((e as ApiError).message);
    }
  };

  useWakeLock(s.phase !== "ended" && s.phase !== "gone");

  // A presenter's remote sends → or PageDown: it moves the game on (never skips a running question).
  const phase = useRef(s.phase);
  phase.current = s.phase;
  useEffect(() => {
    const on = (e: KeyboardEvent) => {
      if (e.key !== "ArrowRight" && e.key !== "PageDown") return;
      if ((e.target as HTMLElement).closest("input, select, textarea, dialog")) return;
      const p = phase.current;
      if (p === "reveal" || p === "leaderboard" || p === "podium") {
        e.preventDefault();
        sock.current?.send({ type: "next" });
      }
    };
    addEventListener("keydown", on);
    return () => removeEventListener("keydown", on);
  }, []);

  const joinUrl = `${location.origin}/${code}`;
  const q = s.question?.q ?? null;

  return (
    <div class="host">
      <header class="host-top">
        <a class="brand" href="/quizzes">
          QuickQuiz
        </a>
        <span class="host-title">{s.title}</span>
        <span class="grow" />
        {s.phase !== "lobby" && s.phase !== "connecting" && (
          <span class="join-hint">
            {location.host}/<strong>{code}</strong>
          </span>
        )}
        <LangSwitch />
      </header>
      {status === "reconnecting" && <Banner>{tt("host.reconnecting")}</Banner>}
      {s.error && <Banner kind="error">{s.error}</Banner>}
      <main class="host-main">
        {s.phase === "connecting" && <Spinner />}
        {s.phase === "gone" && (
          <p>
            <a class="button" href="/quizzes">
              {tt("host.backToQuizzes")}
            </a>
          </p>
        )}
        {s.phase === "lobby" && <Lobby code={code} joinUrl={joinUrl} s={s} send={send} />}
        {s.phase === "question" && s.question && (
          <QuestionScreen {...s.question} total={s.questionCount} answered={s.answered} send={send} />
        )}
        {s.phase === "reveal" && s.reveal && (
          <section class="stack">
            <p class="muted">{q && tt("host.qOf", { i: q.index + 1, n: s.questionCount })}</p>
            <h1 class="host-q">{q && <Rich text={q.text} math={q.math} />}</h1>
            <CorrectAnswer q={q} reveal={s.reveal} />
            <RevealChart q={q} reveal={s.reveal} />
            <p class="muted">{tt("host.answeredN", { n: s.reveal.answered })}</p>
            {s.reveal.explanation && (
              <p class="explain">
                <strong>{tt("host.explanation")}: </strong>
                <Rich text={s.reveal.explanation} math={s.reveal.math} />
              </p>
            )}
            <NextOrEnd send={send} />
          </section>
        )}
        {s.phase === "leaderboard" && s.board && (
          <section class="stack">
            <h1 class="center-text">{tt("host.leaderboard")}</h1>
            <Leaderboard top={s.board.top} />
            <NextOrEnd send={send} />
          </section>
        )}
        {(s.phase === "podium" || s.phase === "ended") && (
          <section class="stack">
            <h1 class="center-text">{s.phase === "ended" ? tt("host.gameOver") : tt("host.podium")}</h1>
            {s.podium && <Podium top={s.podium.top} />}
            {s.podium && <p class="center-text muted">{tt("host.playersN", { n: s.podium.playerCount })}</p>}
            <Controls>
              {s.phase === "podium" ? (
                <button class="primary big" type="button" onClick={() => send({ type: "next" })}>
                  {tt("host.finish")}
                </button>
              ) : (
                <>
                  {game && (
                    <button class="primary big" type="button" onClick={playAgain}>
                      {tt("host.playAgain")}
                    </button>
                  )}
                  {game && (
                    <a class="button big" href={`/reports/${game.gameId}`}>
                      {tt("host.report")}
                    </a>
                  )}
                  <a class="button big" href="/quizzes">
                    {tt("host.backToQuizzes")}
                  </a>
                </>
              )}
            </Controls>
            {again && (
              <p class="err" role="alert">
                {again}
              </p>
            )}
          </section>
        )}
      </main>
    </div>
  );
}

function Controls({ children }: { children: preact.ComponentChildren }) {
  return <div class="row controls">{children}</div>;
}

/** Between questions: "Next" has the focus (Enter or a presenter's remote moves on), "End" asks first. */
function NextOrEnd({ send }: { send: (m: ClientMessage) => void }) {
  return (
    <Controls>
      <button class="primary big" type="button" onClick={() => send({ type: "next" })} autoFocus>
        {tt("host.next")}
      </button>
      <EndButton send={send} />
    </Controls>
  );
}

function EndButton({ send }: { send: (m: ClientMessage) => void }) {
  return (
    <button type="button" class="danger" onClick={() => confirm(tt("host.confirmEnd")) && send({ type: "end" })}>
      {tt("host.end")}
    </button>
  );
}

function Lobby({
  code,
  joinUrl,
  s,
  send,
}: {
  code: string;
  joinUrl: string;
  s: HostState;
  send: (m: ClientMessage) => void;
}) {
  const shown = joinUrl.replace(/^https?:\/\//, "");
  return (
    <section class="lobby">
      <div class="join-box">
        <p class="muted">{tt("host.joinAt")}</p>
        <p class="short-link">{shown}</p>
        <p class="muted">{tt("host.orCode")}</p>
        <p class="huge-code">
          <span aria-hidden="true">{code}</span>
          <span class="sr">{tt("host.codeIs", { code: code.split("").join(" ") })}</span>
        </p>
        <QrCode text={joinUrl} label={tt("host.qr", { url: shown })} />
      </div>
      <div class="stack players-box">
        <div class="row spread">
          <h1 aria-live="polite">{tt("host.playersN", { n: s.playerCount })}</h1>
          <div class="row">
            <button type="button" aria-pressed={s.locked} onClick={() => send({ type: "lock", locked: !s.locked })}>
              {s.locked ? "🔒 " + tt("host.unlock") : tt("host.lock")}
            </button>
            <button
              type="button"
              class="primary big"
              disabled={s.players.length === 0}
              onClick={() => send({ type: "start" })}
            >
              {tt("host.start")}
            </button>
            <EndButton send={send} />
          </div>
        </div>
        {s.locked && <p class="banner">{tt("host.lockedInfo")}</p>}
        {s.players.length === 0 ? (
          <p class="muted pulse">{tt("host.waiting")}</p>
        ) : (
          <ul class="player-list">
            {s.players.map((p) => (
              <li key={p.playerId} class={p.connected ? "" : "offline"}>
                <span class="name">{p.nickname}</span>
                {!p.connected && <span class="muted"> ({tt("host.away")})</span>}
                <label class="sr" for={`x-${p.playerId}`}>
                  {tt("host.extraFor", { name: p.nickname })}
                </label>
                <select
                  id={`x-${p.playerId}`}
                  class="extra"
                  value={String(p.extraTime)}
                  onChange={(e) =>
                    send({
                      type: "extraTime",
                      playerId: p.playerId,
                      factor: Number(e.currentTarget.value) as 1 | 1.5 | 2,
                    })
                  }
                >
                  <option value="1">{tt("host.time1")}</option>
                  <option value="1.5">×1.5</option>
                  <option value="2">×2</option>
                </select>
                <button
                  type="button"
                  class="icon danger"
                  aria-label={tt("host.kick", { name: p.nickname })}
                  onClick={() => send({ type: "kick", playerId: p.playerId })}
                >
                  ✕
                </button>
              </li>
            ))}
          </ul>
        )}
      </div>
    </section>
  );
}

function QuestionScreen({
  q,
  opensAt,
  closesAt,
  total,
  answered,
  send,
}: {
  q: QuestionView;
  opensAt: number;
  closesAt: number;
  total: number;
  answered: HostState["answered"];
  send: (m: ClientMessage) => void;
}) {
  const toOpen = useRemaining(opensAt);
  return (
    <section class="stack">
      <div class="row spread">
        <span class="muted">{tt("host.qOf", { i: q.index + 1, n: total })}</span>
        <span class="answer-count" aria-live="polite">
          {tt("host.answers", { a: answered?.answered ?? 0, n: answered?.expected ?? 0 })}
        </span>
        {toOpen <= 0 && <Countdown deadline={closesAt} total={q.timeLimit} />}
      </div>
      <h1 class="host-q">
        <Rich text={q.text} math={q.math} />
      </h1>
      <QuestionImage q={q} class="host-img" />
      {toOpen > 0 ? (
        <p class="big-hint pulse">{tt("host.getReady", { n: Math.ceil(toOpen / 1000) })}</p>
      ) : (
        <QuestionTiles q={q} />
      )}
      <Controls>
        <button type="button" class="primary" onClick={() => send({ type: "skip" })}>
          {tt("host.skip")}
        </button>
        <EndButton send={send} />
      </Controls>
    </section>
  );
}
