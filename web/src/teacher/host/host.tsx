// The host's live game on the projector. The room owns the state: this screen rebuilds itself
// from the room's welcome and the current phase's messages, so a reload lands where the game is.
// What the class must not see (players' controls, the remote's code) is on the presenter's panel;
// the clock controls, which show nothing secret, are in the top bar.
import { useEffect, useRef, useState } from "preact/hooks";
import type { ClientMessage, ServerMessage } from "../../../../schema/messages.ts";
import type { ApiError } from "../../api.ts";
import { navigate } from "../../router.ts";
import { Banner, LangSwitch, Spinner } from "../../shared/ui.tsx";
import { useWakeLock } from "../../shared/wake-lock.ts";
import { forgetGame, gameFor } from "../shell/active-game.ts";
import { startGame } from "./host-dialog.tsx";
import { Lobby } from "./host-lobby.tsx";
import { ClockControls, PresenterPanel } from "./host-panel.tsx";
import { PausedOverlay, QuestionScreen, RevealScreen } from "./host-question.tsx";
import { Leaderboard, Podium } from "./host-views.tsx";
import { teamSizes } from "./host-state.ts";
import { LobbyTeams, TeamBoard, TeamPodium } from "./team-views.tsx";
import { fanfare, revealCue, startLoop, stopLoop, useMuted } from "./sound.ts";
import { useHostSocket } from "./use-host-socket.ts";
import { ht } from "./strings.ts";

export function HostGame({ code }: { code: string }) {
  const [again, setAgain] = useState("");
  const [panel, setPanel] = useState(false);
  const [muted, setMuted] = useMuted();
  const game = gameFor(code);
  const { s, status, send } = useHostSocket(code, `/ws/${code}/host`, (m: ServerMessage) => {
    if (m.type === "ended") forgetGame(code);
    if (m.type === "reveal") revealCue();
    if (m.type === "podium") fanfare();
  });

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

  // Lobby music while players arrive (and not once muted or gone).
  useEffect(() => {
    if (s.phase === "lobby" && !muted) startLoop();
    else stopLoop();
  }, [s.phase, muted]);
  useEffect(() => stopLoop, []);

  // A presenter's remote sends → or PageDown: it moves the game on (never skips a running question).
  // C opens the presenter's panel; P pauses or resumes.
  const latest = useRef(s);
  latest.current = s;
  useEffect(() => {
    const on = (e: KeyboardEvent) => {
      if ((e.target as HTMLElement).closest("input, select, textarea, dialog")) return;
      if (e.ctrlKey || e.metaKey || e.altKey) return;
      const { phase: p, paused } = latest.current;
      if (e.key === "c" || e.key === "C") setPanel((o) => !o);
      else if ((e.key === "p" || e.key === "P") && p !== "lobby" && p !== "ended" && p !== "gone")
        send({ type: paused ? "resume" : "pause" });
      else if (
        (e.key === "ArrowRight" || e.key === "PageDown") &&
        (p === "reveal" || p === "leaderboard" || p === "podium")
      ) {
        e.preventDefault();
        // A held key repeats: the room takes the first press from this phase and refuses the rest.
        send({ type: "next", from: p });
      }
    };
    addEventListener("keydown", on);
    return () => removeEventListener("keydown", on);
  }, []);

  const joinUrl = `${location.origin}/${code}`;

  return (
    <div class={`host${panel ? " with-panel" : ""}`}>
      <header class="host-top">
        <a class="brand" href="/quizzes">
          QuickQuiz
        </a>
        <span class="host-title">{s.title}</span>
        <span class="grow" />
        <ClockControls phase={s.phase} paused={s.paused} send={send} />
        {s.phase !== "lobby" && s.phase !== "connecting" && (
          <span class="join-hint">
            {location.host}/<strong>{code}</strong>
          </span>
        )}
        <button
          type="button"
          class="icon quiet"
          aria-pressed={muted}
          aria-label={ht("host.mute")}
          title={ht("host.mute")}
          onClick={() => setMuted(!muted)}
        >
          <SpeakerIcon muted={muted} />
        </button>
        <button
          type="button"
          class="quiet"
          aria-expanded={panel}
          aria-controls="presenter"
          title={ht("host.controlsKey")}
          onClick={() => setPanel(!panel)}
        >
          {ht("host.controls")}
        </button>
        <LangSwitch />
      </header>
      {status === "reconnecting" && <Banner>{ht("host.reconnecting")}</Banner>}
      {s.error && <Banner kind="error">{s.error}</Banner>}
      <div class="host-body">
        <main class={`host-main phase-${s.phase}`}>
          {s.phase === "connecting" && <Spinner />}
          {s.phase === "gone" && (
            <p>
              <a class="button" href="/quizzes">
                {ht("host.backToQuizzes")}
              </a>
            </p>
          )}
          {s.phase === "lobby" && (
            <Lobby
              code={code}
              joinUrl={joinUrl}
              players={s.players}
              playerCount={s.playerCount}
              locked={s.locked}
              teamDevices={s.shared}
            >
              <button type="button" aria-pressed={s.locked} onClick={() => send({ type: "lock", locked: !s.locked })}>
                {s.locked ? `🔒 ${ht("host.unlock")}` : ht("host.lock")}
              </button>
              <button
                type="button"
                class="primary big"
                disabled={s.players.length === 0}
                onClick={() => send({ type: "start" })}
              >
                {ht("host.start")}
              </button>
              <EndButton send={send} />
              {s.teams && (
                <LobbyTeams
                  teams={teamSizes(s)}
                  players={s.players}
                  send={send}
                  controls={panel}
                  renameError={s.renameError}
                />
              )}
            </Lobby>
          )}
          {s.phase === "question" && s.question && (
            <>
              <QuestionScreen question={s.question} total={s.questionCount} answered={s.answered} paused={s.paused} />
              <Controls>
                <button type="button" class="primary" onClick={() => send({ type: "skip" })}>
                  {ht("host.skip")}
                </button>
                <EndButton send={send} />
              </Controls>
            </>
          )}
          {s.phase === "reveal" && s.reveal && (
            <>
              <RevealScreen s={s} send={send} controls={panel} />
              <NextOrEnd send={send} from="reveal" />
            </>
          )}
          {s.phase === "leaderboard" && s.board && (
            <section class="stack">
              <h1 class="center-text">{ht(s.shared ? "team.leaderboard" : "host.leaderboard")}</h1>
              {s.board.teams ? <TeamBoard teams={s.board.teams} /> : <Leaderboard top={s.board.top} />}
              {s.paused && <PausedOverlay />}
              <NextOrEnd send={send} from="leaderboard" />
            </section>
          )}
          {(s.phase === "podium" || s.phase === "ended") && (
            <section class="stack">
              <h1 class="center-text">{s.phase === "ended" ? ht("host.gameOver") : ht("host.podium")}</h1>
              {s.podium?.teams && <TeamPodium teams={s.podium.teams} />}
              {s.podium && !s.podium.teams && <Podium top={s.podium.top} revealInMs={s.podium.revealInMs} />}
              {s.podium && (
                <p class="center-text muted">
                  {ht(s.shared ? "team.teamsN" : "host.playersN", { n: s.podium.playerCount })}
                </p>
              )}
              <Controls>
                {s.phase === "podium" ? (
                  <button class="primary big" type="button" onClick={() => send({ type: "next", from: "podium" })}>
                    {ht("host.finish")}
                  </button>
                ) : (
                  <>
                    {game && (
                      <button class="primary big" type="button" onClick={playAgain}>
                        {ht("host.playAgain")}
                      </button>
                    )}
                    {game && (
                      <a class="button big" href={`/reports/${game.gameId}`}>
                        {ht("host.report")}
                      </a>
                    )}
                    <a class="button big" href="/quizzes">
                      {ht("host.backToQuizzes")}
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
        {panel && (
          <div id="presenter">
            <PresenterPanel
              code={code}
              phase={s.phase}
              paused={s.paused}
              players={s.players}
              send={send}
              onClose={() => setPanel(false)}
            />
          </div>
        )}
      </div>
    </div>
  );
}

function Controls({ children }: { children: preact.ComponentChildren }) {
  return <div class="row controls">{children}</div>;
}

/** Between questions: "Next" has the focus (Enter or a presenter's remote moves on), "End" asks first. */
/** `from`: the phase shown, sent with the press so that a double click moves the game once. */
function NextOrEnd({ send, from }: { send: (m: ClientMessage) => void; from: "reveal" | "leaderboard" }) {
  return (
    <Controls>
      <button class="primary big" type="button" onClick={() => send({ type: "next", from })} autoFocus>
        {ht("host.next")}
      </button>
      <EndButton send={send} />
    </Controls>
  );
}

export function EndButton({ send }: { send: (m: ClientMessage) => void }) {
  return (
    <button type="button" class="danger" onClick={() => confirm(ht("host.confirmEnd")) && send({ type: "end" })}>
      {ht("host.end")}
    </button>
  );
}

/** A speaker, struck through when muted (drawn: emoji fonts are missing on some projector PCs). */
function SpeakerIcon({ muted }: { muted: boolean }) {
  return (
    <svg
      width="26"
      height="26"
      viewBox="0 0 24 24"
      aria-hidden="true"
      fill="none"
      stroke="currentColor"
      stroke-width="2"
    >
      <path d="M4 9h4l5-4v14l-5-4H4z" fill="currentColor" />
      {muted ? <path d="M16 9l6 6M22 9l-6 6" /> : <path d="M16 8.5a5 5 0 0 1 0 7M18.5 6a8.5 8.5 0 0 1 0 12" />}
    </svg>
  );
}
