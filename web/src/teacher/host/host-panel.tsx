// The presenter's panel: what the class must not see on the projector (players' extra time,
// removing a player, the phone remote's QR code) and the game's clock controls. Hidden until the
// presenter opens it (its button, or the C key).
import { useEffect, useState } from "preact/hooks";
import type { ClientMessage, PlayerInfo } from "../../../../schema/messages.ts";
import { api, type ApiError } from "../../api.ts";
import { QrCode } from "./qr.tsx";
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
  return (
    <aside class="presenter" aria-label={ht("host.controls")}>
      <div class="row spread">
        <h2>{ht("host.controls")}</h2>
        <button type="button" onClick={onClose}>
          {ht("host.hideControls")}
        </button>
      </div>
      {live && (
        <div class="row wrap">
          {phase !== "lobby" && (
            <button type="button" class="primary" onClick={() => send({ type: paused ? "resume" : "pause" })}>
              {paused ? ht("host.resume") : ht("host.pause")}
            </button>
          )}
          {phase === "question" && (
            <button type="button" onClick={() => send({ type: "addTime", seconds: 10 })}>
              {ht("host.addTime")}
            </button>
          )}
        </div>
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
      {live && <RemoteQr code={code} />}
    </aside>
  );
}

/** The phone remote's QR code: a fresh short-lived token in the URL's fragment (never sent to a server's logs). */
function RemoteQr({ code }: { code: string }) {
  const [url, setUrl] = useState("");
  const [err, setErr] = useState("");
  useEffect(() => {
    api<{ url: string }>(`/api/games/${code}/remote`, { method: "POST" }).then(
      (r) => setUrl(location.origin + r.url),
      (e: ApiError) => setErr(e.message),
    );
  }, [code]);
  return (
    <section class="remote-qr">
      <h3>{ht("host.remote")}</h3>
      {err && <p class="err">{err}</p>}
      {url && (
        <>
          <QrCode text={url} label={ht("host.remoteQr")} />
          <p class="muted">{ht("host.remoteHint")}</p>
          <a href={url} target="_blank" rel="noopener" class="remote-link">
            {ht("host.remoteOpen")}
          </a>
        </>
      )}
    </section>
  );
}
