// How far a player climbed or fell since the last leaderboard, on the phone's board and the projector's.
import type { LeaderEntry } from "../../../schema/messages.ts";
import { t } from "../strings.ts";

export function Movement({ e }: { e: LeaderEntry }) {
  if (e.prevRank === null || e.prevRank === e.rank) return <span class="move" />;
  const up = e.prevRank > e.rank;
  const n = Math.abs(e.prevRank - e.rank);
  return (
    <span class={`move ${up ? "up" : "down"}`}>
      <span aria-hidden="true">{up ? "▲" : "▼"}</span>
      <span class="sr">{up ? t("lb.up", { n }) : t("lb.down", { n })}</span>
      <span aria-hidden="true">{n}</span>
    </span>
  );
}
