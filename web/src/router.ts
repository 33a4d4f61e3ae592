// A hand-rolled router: the player's page cannot afford a routing library.
import { useEffect, useState } from "preact/hooks";
import { logEvent } from "./log.ts";

const listeners = new Set<() => void>();

export function navigate(to: string, replace = false): void {
  if (to === location.pathname + location.search) return;
  history[replace ? "replaceState" : "pushState"](null, "", to);
  // A new page starts at its top, as it would after a full load.
  if (!replace) scrollTo(0, 0);
  notify();
}

function notify() {
  logEvent({ type: "client.page_view", path: location.pathname });
  for (const l of listeners) l();
}

addEventListener("popstate", notify);

/** The current path (and search); re-renders the caller whenever it changes. */
export function useLocation(): { path: string; query: URLSearchParams } {
  const [, setTick] = useState(0);
  useEffect(() => {
    const l = () => setTick((n) => n + 1);
    listeners.add(l);
    return () => void listeners.delete(l);
  }, []);
  return { path: location.pathname, query: new URLSearchParams(location.search) };
}

/** Same-origin links go through the router so the page never reloads. */
export function onLinkClick(e: MouseEvent): void {
  const a = (e.target as Element | null)?.closest?.("a");
  if (!a || e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
  if (a.target || a.hasAttribute("download") || a.origin !== location.origin) return;
  if (a.pathname.startsWith("/api/")) return;
  e.preventDefault();
  navigate(a.pathname + a.search);
}
