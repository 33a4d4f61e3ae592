// "Show remote code": the phone remote's QR code, on the teacher's screen only when asked for. Each
// opening asks for a fresh one-time code (the first signed-in phone of this teacher claims it), and
// the dialog closes itself when the game pauses or moves on, and after a while, so the code is not
// left on a screen the class may see.
import { useEffect, useRef, useState } from "preact/hooks";
import { api, type ApiError } from "../../api.ts";
import { ht } from "./strings.ts";
import { QrCode } from "./qr.tsx";

/** Long enough to take out a phone and scan; the server refuses an unclaimed code after 10 minutes anyway. */
const SHOWN_FOR_MS = 2 * 60_000;

export function RemoteCodeDialog({
  code,
  phase,
  paused,
  onClose,
}: {
  code: string;
  phase: string;
  paused: boolean;
  onClose: () => void;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const [url, setUrl] = useState("");
  const [err, setErr] = useState("");
  const opened = useRef({ phase, paused });

  useEffect(() => {
    ref.current?.showModal();
    const timer = setTimeout(onClose, SHOWN_FOR_MS);
    api<{ url: string }>(`/api/games/${code}/remote`, { method: "POST" }).then(
      (r) => setUrl(location.origin + r.url),
      (e: ApiError) => setErr(e.message),
    );
    return () => clearTimeout(timer);
  }, [code]);

  // A pause puts an overlay on the projector; a new phase is the class looking up: the code goes.
  useEffect(() => {
    if (paused || phase !== opened.current.phase) onClose();
  }, [phase, paused]);

  return (
    <dialog ref={ref} class="dialog remote-dialog" onClose={onClose} aria-labelledby="remote-code-title">
      <h2 id="remote-code-title">{ht("host.remote")}</h2>
      <p class="banner">{ht("host.remoteWarn")}</p>
      {err && (
        <p class="err" role="alert">
          {err}
        </p>
      )}
      {url && (
        <div class="remote-qr">
          <QrCode text={url} label={ht("host.remoteQr")} />
          <p class="muted">{ht("host.remoteHint")}</p>
          <a href={url} target="_blank" rel="noopener" class="remote-link">
            {ht("host.remoteOpen")}
          </a>
        </div>
      )}
      <div class="row end">
        <button type="button" class="primary" onClick={onClose} autoFocus>
          {ht("host.hideRemote")}
        </button>
      </div>
    </dialog>
  );
}
