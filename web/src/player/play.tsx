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
  const { state, status, answer, pickTeam, nameMembers } = usePlayerSocket(props);
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
      <Screen state={state} online={status === "open"} onAnswer={answer} onPick={pickTeam} onMembers={nameMembers} />
    </main>
  );
}

/** The team's pick in words: the options' texts (labels of true/false in this language), or the value. */
function pickLabel(q: QuestionView, a: AnswerValue): string {
  const text = (id: number) => {
    const o = q.options?.find((x) => x.id === id);
    return !o ? String(id) : "text" in o ? o.text : t(o.labelKey === "true" ? "q.true" : "q.false");
  };
  if ("choice" in a) return text(a.choice);
  if ("choices" in a) return a.choices.map(text).join(", ");
  if ("order" in a) return a.order.map(text).join(" → ");
  if ("text" in a) return a.text;
  return String(a.value);
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
  onPick,
  onMembers,
}: {
  state: PlayerState;
  online: boolean;
  onAnswer: (q: QuestionView, a: AnswerValue) => void;
  onPick: (teamId: string) => void;
  onMembers: (names: string[]) => void;
}) {
  const { view, me, playerCount } = state;
  // Shared devices: this phone is a team's, so its rank is the team's.
  const team = !!state.shared;
  switch (view.k) {
    case "connecting":
    case "wait":
      return <Spinner />;
    case "lobby":
      return (
        <LobbyScreen
          title={state.title}
          nickname={me.nickname}
          playerCount={playerCount}
          team={state.team}
          teams={state.teams?.pick ? state.teams.list : null}
          onPick={onPick}
          shared={state.shared}
          onMembers={onMembers}
        />
      );
    case "question":
      // Consensus: a member may change the team's pick until the close; it shows what stands now.
      if (state.teams?.consensus)
        return (
          <>
            {state.teamPick?.index === view.q.index && (
              <p class="banner team-pick-now" role="status">
                {t("team.pickNow", { answer: pickLabel(view.q, state.teamPick.answer), by: state.teamPick.by })}
              </p>
            )}
            <QuestionScreen key={view.q.index} {...view} onAnswer={onAnswer} />
          </>
        );
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
          teamDevice={team}
        />
      );
    case "leaderboard":
      return (
        <Board
          top={view.top}
          me={me.playerId}
          myRank={me.rank}
          playerCount={playerCount}
          title={t(team ? "team.board" : "lb.title")}
          teamDevice={team}
        />
      );
    case "final":
      return (
        <FinalScreen top={view.top} me={me} playerCount={playerCount} revealAt={view.revealAt} teamDevice={team} />
      );
    case "gone":
      return <GoneScreen why={view.why} />;
  }
}
