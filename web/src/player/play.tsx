// The player's live game: the socket's state (use-player-socket.ts) and the screen for each moment.
import type { AnswerValue, QuestionView } from "../../../schema/messages.ts";
import { t } from "../strings.ts";
import { Banner, LangSwitch, Spinner } from "../shared/ui.tsx";
import { useWakeLock } from "../shared/wake-lock.ts";
import { Board, FinalScreen } from "./board.tsx";
import { GoneScreen } from "./gone.tsx";
import { LobbyScreen } from "./lobby.tsx";
import { sentences, standingShown, type Announcement, type PlayerState } from "./play-state.ts";
import { AnsweredScreen, QuestionScreen } from "./question.tsx";
import { ResultScreen, resultHeadline } from "./result.tsx";
import { usePlayerSocket, type PlayerSocketOptions } from "./use-player-socket.ts";

export function Play(props: PlayerSocketOptions) {
  const { state, status, answer } = usePlayerSocket(props);
  const { view, me } = state;
  useWakeLock(view.k !== "gone" && view.k !== "final");
  return (
    <main class="screen play">
      <header class="top">
        <span class="who">
          <strong>{me.nickname}</strong>
          <span class="muted"> · {t("res.score", { n: me.score })}</span>
        </span>
        <LangSwitch />
      </header>
      {status === "reconnecting" && !state.ended && <Banner>{t("reconnecting")}</Banner>}
      {state.paused && status !== "reconnecting" && view.k !== "question" && <Banner>{t("paused")}</Banner>}
      {/* One live region that stays mounted: screens that appear with their text are not reliably announced. */}
      <p class="sr" aria-live="polite">
        {spoken(state, state.announcement)}
      </p>
      <Screen state={state} online={status === "open"} onAnswer={answer} />
    </main>
  );
}

function spoken(s: PlayerState, a: Announcement): string {
  if (!a) return "";
  if (a.k === "lobby") return t("lobby.in");
  if (a.k === "final") return t("fin.title");
  return sentences([
    resultHeadline(a.r),
    t("res.score", { n: a.r.score }),
    ...(standingShown(s, a.r) ? [t("res.rank", { rank: a.r.rank, n: a.r.playerCount })] : []),
  ]);
}

function Screen({
  state,
  online,
  onAnswer,
}: {
  state: PlayerState;
  online: boolean;
  onAnswer: (q: QuestionView, a: AnswerValue) => void;
}) {
  const { view, me, playerCount } = state;
  switch (view.k) {
    case "connecting":
    case "wait":
      return <Spinner />;
    case "lobby":
      return <LobbyScreen title={state.title} nickname={me.nickname} playerCount={playerCount} />;
    case "question":
      return state.answered === view.q.index ? (
        <AnsweredScreen pending={state.pending?.q === view.q.index} offline={!online} />
      ) : (
        <QuestionScreen key={view.q.index} {...view} onAnswer={onAnswer} />
      );
    case "result":
      return (
        <ResultScreen
          r={view.r}
          explanation={view.explanation}
          math={view.math}
          standing={standingShown(state, view.r)}
        />
      );
    case "leaderboard":
      return <Board top={view.top} me={me.playerId} myRank={me.rank} playerCount={playerCount} title={t("lb.title")} />;
    case "final":
      return <FinalScreen top={view.top} me={me} playerCount={playerCount} revealAt={view.revealAt} />;
    case "gone":
      return <GoneScreen why={view.why} />;
  }
}
