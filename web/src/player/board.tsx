// Standings on the phone: the leaderboard between questions and the final screen with the podium.
import type { LeaderEntry } from "../../../schema/messages.ts";
import { t } from "../strings.ts";
import { useRemaining } from "../shared/countdown.tsx";
import { Movement } from "../shared/movement.tsx";
import type { Me } from "./play-state.ts";

/** The top of the board, with this player marked; a player below it sees their own rank underneath. */
export function Board({
  top,
  me,
  myRank,
  playerCount,
  title,
  teamDevice = false,
}: {
  top: LeaderEntry[];
  me: string;
  myRank: number | null;
  playerCount: number;
  title: string;
  /** Shared devices: this phone is a team's; it speaks of "your team". */
  teamDevice?: boolean;
}) {
  const inTop = top.some((e) => e.playerId === me);
  return (
    <section class="stack">
      <h2>{title}</h2>
      <ol class="board">
        {top.map((e) => (
          <li key={e.playerId} class={e.playerId === me ? "me" : ""}>
            <span class="rank">{e.rank}</span>
            <span class="name">
              {e.nickname}
              {e.playerId === me && <span class="muted"> ({t(teamDevice ? "team.you" : "lb.you")})</span>}
            </span>
            <Movement e={e} />
            <span class="score">{e.score}</span>
          </li>
        ))}
      </ol>
      {!inTop && myRank !== null && (
        <p class="center-text">{t(teamDevice ? "team.rank" : "res.rank", { rank: myRank, n: playerCount })}</p>
      )}
    </section>
  );
}

/**
 * The end: the player's final rank and the top three, once the projector's podium has shown first
 * place (`revealAt`); until then a drum roll, so no phone gives the winner away.
 */
export function FinalScreen({
  top,
  me,
  playerCount,
  revealAt,
  teamDevice = false,
}: {
  top: LeaderEntry[];
  me: Me;
  playerCount: number;
  revealAt?: number;
  teamDevice?: boolean;
}) {
  const holding = useRemaining(revealAt ?? null) > 0;
  return (
    <section class="stack center-text">
      <h1>{t("fin.title")}</h1>
      {holding ? (
        <p class="big-number pulse">{t("fin.drumroll")}</p>
      ) : (
        <>
          {me.rank !== null && (
            <p class="big-number" role="status">
              {t(teamDevice ? "team.finRank" : "fin.rank", { rank: me.rank, n: playerCount })}
            </p>
          )}
          <p>{t("fin.score", { n: me.score })}</p>
          {top.length > 0 && (
            <Board
              top={top.slice(0, 3)}
              me={me.playerId}
              myRank={null}
              playerCount={playerCount}
              title={t("fin.podium")}
              teamDevice={teamDevice}
            />
          )}
        </>
      )}
      <a class="button" href="/">
        {t("fin.again")}
      </a>
    </section>
  );
}
