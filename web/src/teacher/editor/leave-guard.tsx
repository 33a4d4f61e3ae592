// Asks before unsaved edits are left behind: an in-app dialog when a link or a [data-leave] button
// (log out) is clicked or the browser's Back or Forward button is pressed, and the browser's own
// question when the tab is closed or reloaded. Back and Forward are caught through the Navigation
// API, before the router hears of them (popstate comes too late: the page has changed by then);
// where a browser lacks it, the local draft (local-draft.ts) still keeps the edits.
import { useEffect, useRef, useState } from "preact/hooks";
import { et } from "./strings.ts";

/** The part of the Navigation API used here (not in TypeScript's DOM types yet). */
interface NavigateEvent extends Event {
  navigationType: "push" | "replace" | "reload" | "traverse";
  cancelable: boolean;
  destination: { key: string };
}
interface Navigation extends EventTarget {
  traverseTo(key: string): unknown;
}
const navigation = (globalThis as { navigation?: Navigation }).navigation;

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
  /** The way out that was held: going on with it. */
  const [pending, setPending] = useState<{ go: () => void } | null>(null);
  const [busy, setBusy] = useState(false);
  const through = useRef(false);
  const dialog = useRef<HTMLDialogElement>(null);
  // Read at the moment of leaving, not when an effect last ran: an edit and a click can come
  // quicker than effects.
  const edited = useRef(dirty);
  edited.current = dirty;

  useEffect(() => {
    // Capture phase on the document: before the router's own click handler and the button's.
    const onClick = (e: MouseEvent) => {
      if (through.current || !edited.current) return;
      const el = leavingTarget(e);
      if (!el) return;
      e.preventDefault();
      e.stopPropagation();
      // Clicked again past this guard, as if it had never been stopped.
      setPending({
        go: () => {
          through.current = true;
          try {
            el.click();
          } finally {
            through.current = false;
          }
        },
      });
    };
    // Back, Forward or a jump in the history list: held, then taken to the same entry on leaving.
    const onNavigate = (event: Event) => {
      const e = event as NavigateEvent;
      if (e.navigationType !== "traverse") return;
      if (through.current || !edited.current || !e.cancelable) {
        through.current = false;
        return;
      }
      e.preventDefault();
      const key = e.destination.key;
      setPending({
        go: () => {
          through.current = true;
          navigation?.traverseTo(key);
        },
      });
    };
    const onUnload = (e: BeforeUnloadEvent) => edited.current && e.preventDefault();
    document.addEventListener("click", onClick, true);
    navigation?.addEventListener("navigate", onNavigate);
    addEventListener("beforeunload", onUnload);
    return () => {
      document.removeEventListener("click", onClick, true);
      navigation?.removeEventListener("navigate", onNavigate);
      removeEventListener("beforeunload", onUnload);
    };
  }, []);

  useEffect(() => {
    if (pending && !dialog.current?.open) dialog.current?.showModal();
  }, [pending]);

  const proceed = () => {
    setPending(null);
    pending?.go();
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
        <div class="row end">
          <button type="button" autoFocus onClick={() => dialog.current?.close()}>
            {et("el.stay")}
          </button>
          <button
            type="button"
            disabled={busy}
            onClick={async () => {
              setBusy(true);
              const ok = await save().finally(() => setBusy(false));
              if (ok) proceed();
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
              proceed();
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
