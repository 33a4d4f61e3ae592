// The projected lobby: where to join (link, code, QR) and the players arriving as chips. No
// controls for the class to see: kicking and extra time are on the presenter's panel.
import type { PlayerInfo } from "../../../../schema/messages.ts";
import { QrCode } from "./qr.tsx";
import { ht } from "./strings.ts";

export function Lobby({
  code,
  joinUrl,
  players,
  playerCount,
  locked,
  teamDevices = false,
  children,
}: {
  code: string;
  joinUrl: string;
  players: PlayerInfo[];
  playerCount: number;
  locked: boolean;
  /** Shared devices: each seat is a team's phone; the lobby counts teams and lists who plays on each. */
  teamDevices?: boolean;
  /** The host's buttons (start, lock), shown under the count. */
  children: preact.ComponentChildren;
}) {
  const shown = joinUrl.replace(/^https?:\/\//, "");
  return (
    <section class="lobby">
      <div class="join-box">
        <p class="muted">{ht("host.joinAt")}</p>
        <p class="short-link">{shown}</p>
        <p class="muted">{ht("host.orCode")}</p>
        <p class="huge-code">
          <span aria-hidden="true">{code}</span>
          <span class="sr">{ht("host.codeIs", { code: code.split("").join(" ") })}</span>
        </p>
        <QrCode text={joinUrl} label={ht("host.qr", { url: shown })} />
      </div>
      <div class="stack players-box">
        <div class="row spread">
          <h1 class="player-count" aria-live="polite">
            {ht(teamDevices ? "team.teamsN" : "host.playersN", { n: playerCount })}
          </h1>
          <div class="row">{children}</div>
        </div>
        {locked && <p class="banner">{ht("host.lockedInfo")}</p>}
        {players.length === 0 ? (
          <p class="muted pulse big-hint">{ht(teamDevices ? "team.waiting" : "host.waiting")}</p>
        ) : (
          <ul class="player-list">
            {players.map((p, i) => (
              <li key={p.playerId} class={`pchip k${i % 6}${p.connected ? "" : " offline"}`}>
                {p.nickname}
                {teamDevices && p.members?.length ? <small class="team-who"> ({p.members.join(", ")})</small> : null}
                {!p.connected && <span class="sr"> ({ht("host.away")})</span>}
              </li>
            ))}
          </ul>
        )}
      </div>
    </section>
  );
}
