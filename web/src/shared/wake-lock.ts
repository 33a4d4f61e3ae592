// The screen kept on during a game, on the phones and on the projector alike.
import { useEffect } from "preact/hooks";

/** Keeps the screen awake while a game is on (a sleeping phone drops its socket); best effort. */
export function useWakeLock(on: boolean): void {
  useEffect(() => {
    const nav = navigator as Navigator & { wakeLock?: { request(t: "screen"): Promise<{ release(): Promise<void> }> } };
    if (!on || !nav.wakeLock) return;
    let lock: { release(): Promise<void> } | undefined;
    const take = () => {
      if (document.visibilityState === "visible")
        nav.wakeLock!.request("screen").then(
          (l) => (lock = l),
          () => {},
        );
    };
    take();
    // The browser releases the lock when the tab is hidden; take it again on return.
    document.addEventListener("visibilitychange", take);
    return () => {
      document.removeEventListener("visibilitychange", take);
      lock?.release().catch(() => {});
    };
  }, [on]);
}
