// In the lobby: the player is in, under this name, waiting for the host.
import type { MyTeam, TeamInfo } from "../../../schema/messages.ts";
import { t } from "../strings.ts";

export function LobbyScreen({
  title,
  nickname,
  playerCount,
  team,
  teams,
  onPick,
}: {
  title: string;
  nickname: string;
  playerCount: number;
  team?: MyTeam | null;
  /** The teams to pick from (team mode with `assign: "pick"`). */
  teams?: TeamInfo[] | null;
  onPick?: (teamId: string) => void;
}) {
  return (
    <section class="card stack center-text" aria-live="polite">
      <h1>{t("lobby.in")}</h1>
      <p class="muted">{title}</p>
      <p>{t("lobby.as", { name: nickname })}</p>
      {team && <p class="team-line">{t("team.your", { name: team.name })}</p>}
      {teams && onPick && (
        <fieldset class="team-pick">
          <legend>{t("team.pick")}</legend>
          {teams.map((x) => (
            <button
              key={x.teamId}
              type="button"
              aria-pressed={team?.teamId === x.teamId}
              class={team?.teamId === x.teamId ? "primary" : ""}
              onClick={() => onPick(x.teamId)}
            >
              {x.name} ({x.members})
            </button>
          ))}
        </fieldset>
      )}
      <p class="pulse">{t("lobby.wait")}</p>
      <p class="muted">{t("players", { n: playerCount })}</p>
    </section>
  );
}
