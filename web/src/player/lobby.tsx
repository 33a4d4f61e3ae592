// In the lobby: the player is in, under this name, waiting for the host.
import { t } from "../strings.ts";

export function LobbyScreen({
  title,
  nickname,
  playerCount,
}: {
  title: string;
  nickname: string;
  playerCount: number;
}) {
  return (
    <section class="card stack center-text" aria-live="polite">
      <h1>{t("lobby.in")}</h1>
      <p class="muted">{title}</p>
      <p>{t("lobby.as", { name: nickname })}</p>
      <p class="pulse">{t("lobby.wait")}</p>
      <p class="muted">{t("players", { n: playerCount })}</p>
    </section>
  );
}
