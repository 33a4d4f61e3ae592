// Asks before unsaved edits are left behind: an in-app dialog when a link or a [data-leave] button
// (log out) is clicked, and the browser's own question when the tab is closed or reloaded.
// The browser's Back button is not asked about: the local draft (local-draft.ts) keeps the edits.
import { useEffect, useRef, useState } from "preact/hooks";
import { et } from "./editor-strings";

interface Options {
  dirty: boolean;
  /** Saves; true when it worked (then the way out goes on). */
  save: () => Promise<boolean>;
  /** The teacher chose to leave without saving. */
  discard: () => void;
}

/** A click that would take the teacher away from this page, or null. */
function leavingTarget(e: MouseEvent): HTMLElement | null {
  const el = (e.target as Element | null)?.closest?.("a[href], [data-leave]");
  if (!(el instanceof HTMLElement) || e.button !== 0) return null;
  if (!(el instanceof HTMLAnchorElement)) return el;
  // What the router would not handle (new tab, download, another site, the API) leaves nothing behind.
  if (e.metaKey || e.ctrlKey || e.shiftKey || e.altKey || el.target || el.hasAttribute("download")) return null;
  if (el.origin !== location.origin || el.pathname.startsWith("/api/")) return null;
  return el.pathname + el.search === location.pathname + location.search ? null : el;
}

export function useLeaveGuard({ dirty, save, discard }: Options) {
  const [pending, setPending] = useState<HTMLElement | null>(null);
  const [busy, setBusy] = useState(false);
  const through = useRef(false);
  const dialog = useRef<HTMLDialogElement>(null);

  useEffect(() => {
    if (!dirty) return;
    // Capture phase on the document: before the router's own click handler and the button's.
    const onClick = (e: MouseEvent) => {
      if (through.current) return;
      const el = leavingTarget(e);
      if (!el) return;
      e.preventDefault();
      e.stopPropagation();
      setPending(el);
    };
    const onUnload = (e: BeforeUnloadEvent) => e.preventDefault();
    document.addEventListener("click", onClick, true);
    addEventListener("beforeunload", onUnload);
    return () => {
      document.removeEventListener("click", onClick, true);
      removeEventListener("beforeunload", onUnload);
    };
  }, [dirty]);

  useEffect(() => {
    if (pending && !dialog.current?.open) dialog.current?.showModal();
  }, [pending]);

  /** Lets the click that was held go on, as if it had never been stopped. */
  const proceed = (el: HTMLElement) => {
    setPending(null);
    through.current = true;
    try {
      el.click();
    } finally {
      through.current = false;
    }
  };

  const element = pending && (
    <dialog
      ref={dialog}
      class="dialog"
      aria-labelledby="leave-title"
      aria-describedby="leave-body"
      onClose={() => setPending(null)}
    >
      <div class="stack">
        <h2 id="leave-title">{et("el.leaveTitle")}</h2>
        <p id="leave-body">{et("el.leaveBody")}</p>
        <div class="row end wrap-row">
          <button type="button" autoFocus onClick={() => dialog.current?.close()}>
            {et("el.stay")}
          </button>
          <button
            type="button"
            disabled={busy}
            onClick={async () => {
              setBusy(true);
              const ok = await save().finally(() => setBusy(false));
              if (ok) proceed(pending);
              else dialog.current?.close();
            }}
          >
            {et("el.saveLeave")}
          </button>
          <button
            type="button"
            class="danger"
            onClick={() => {
              discard();
              proceed(pending);
            }}
          >
            {et("el.leave")}
          </button>
        </div>
      </div>
    </dialog>
  );
  return element || null;
}
