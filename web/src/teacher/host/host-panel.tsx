// The presenter's panel: what the class must not see on the projector (players' extra time,
// removing a player, and the button that shows the phone remote's code). Hidden until the
// presenter opens it (its button, or the C key). The game's clock controls, which show nothing
// secret, sit on the projector itself (ClockControls).
import { useState } from "preact/hooks";
import type { ClientMessage, PlayerInfo } from "../../../../schema/messages.ts";
import { RemoteCodeDialog } from "./remote-code.tsx";
import { ht } from "./strings.ts";

type Send = (m: ClientMessage) => void;

export function PresenterPanel({
  code,
  phase,
  paused,
  players,
  send,
  onClose,
}: {
  code: string;
  phase: string;
  paused: boolean;
  players: PlayerInfo[];
  send: Send;
  onClose: () => void;
}) {
  const live = phase !== "ended" && phase !== "gone" && phase !== "connecting";
  const [showRemote, setShowRemote] = useState(false);
  return (
    <aside class="presenter" aria-label={ht("host.controls")}>
      <div class="row spread">
        <h2>{ht("host.controls")}</h2>
        <button type="button" onClick={onClose}>
          {ht("host.hideControls")}
        </button>
      </div>
      {live && (
        <button type="button" class="show-remote" disabled={paused} onClick={() => setShowRemote(true)}>
          {ht("host.showRemote")}
        </button>
      )}
      <h3>{ht("host.playersN", { n: players.length })}</h3>
      <ul class="panel-players">
        {players.map((p) => (
          <li key={p.playerId} class={p.connected ? "" : "offline"} data-player={p.nickname}>
            <span class="name">{p.nickname}</span>
            <span class={`presence ${p.connected ? "on" : "off"}`}>
              {p.connected ? ht("host.here") : ht("host.away")}
            </span>
            <label class="sr" for={`x-${p.playerId}`}>
              {ht("host.extraFor", { name: p.nickname })}
            </label>
            <select
              id={`x-${p.playerId}`}
              class="extra"
              value={String(p.extraTime)}
              disabled={!live}
              onChange={(e) =>
                send({ type: "extraTime", playerId: p.playerId, factor: Number(e.currentTarget.value) as 1 | 1.5 | 2 })
              }
            >
              <option value="1">{ht("host.time1")}</option>
              <option value="1.5">×1.5</option>
              <option value="2">×2</option>
            </select>
            <button
              type="button"
              class="icon danger"
              aria-label={ht("host.kick", { name: p.nickname })}
              disabled={!live}
              onClick={() => send({ type: "kick", playerId: p.playerId })}
            >
              ✕
            </button>
          </li>
        ))}
      </ul>
      {live && showRemote && (
        <RemoteCodeDialog code={code} phase={phase} paused={paused} onClose={() => setShowRemote(false)} />
      )}
    </aside>
  );
}

/** Pause, resume and +10 s on the projector: small, and nothing on them the class could use. */
export function ClockControls({ phase, paused, send }: { phase: string; paused: boolean; send: Send }) {
  if (phase === "lobby" || phase === "ended" || phase === "gone" || phase === "connecting") return null;
  return (
    <div class="clock-controls" role="group" aria-label={ht("host.clock")}>
      <button type="button" class="quiet" onClick={() => send({ type: paused ? "resume" : "pause" })}>
        <span aria-hidden="true">{paused ? "▶" : "❚❚"}</span> {paused ? ht("host.resume") : ht("host.pause")}
      </button>
      {phase === "question" && (
        <button type="button" class="quiet" onClick={() => send({ type: "addTime", seconds: 10 })}>
          {ht("host.addTime")}
        </button>
      )}
    </div>
  );
}
