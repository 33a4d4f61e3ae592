// Small pieces both the player's and the teacher's screens use.
import type { ComponentChildren } from "preact";
import { useEffect, useRef, useState } from "preact/hooks";
import { getLang, setLang, t, useLang } from "./i18n";

export function LangSwitch() {
  useLang();
  const next = getLang() === "en" ? "ru" : "en";
  return (
    <button type="button" class="link lang" lang={next} onClick={() => setLang(next)} aria-label={`${t("lang.label")}: ${t("lang.switch")}`}>
      {t("lang.switch")}
    </button>
  );
}

export function Banner({ children, kind = "info" }: { children: ComponentChildren; kind?: "info" | "error" }) {
  return (
    <div class={`banner ${kind}`} role={kind === "error" ? "alert" : "status"}>
      {children}
    </div>
  );
}

/** Milliseconds left until `deadline` (a performance.now() time), refreshed a few times a second. */
export function useRemaining(deadline: number | null): number {
  const [now, setNow] = useState(() => performance.now());
  useEffect(() => {
    if (deadline === null) return;
    const id = setInterval(() => setNow(performance.now()), 200);
    return () => clearInterval(id);
  }, [deadline]);
  return deadline === null ? 0 : Math.max(0, deadline - now);
}

/**
 * A countdown ring. Screen readers hear it only at a few moments (not every second), so it
 * informs without drowning the question.
 */
export function Countdown({ deadline, total }: { deadline: number; total: number }) {
  const ms = useRemaining(deadline);
  const s = Math.ceil(ms / 1000);
  const spoken = useRef(-1);
  const [say, setSay] = useState("");
  useEffect(() => {
    if ((s === 10 || s === 5 || s === 0) && spoken.current !== s && total > s) {
      spoken.current = s;
      setSay(t("q.secondsLeft", { n: s }));
    }
  }, [s]);
  const frac = total > 0 ? Math.min(1, ms / (total * 1000)) : 0;
  return (
    <div class={`countdown${s <= 5 ? " low" : ""}`}>
      <svg viewBox="0 0 36 36" aria-hidden="true">
        <circle cx="18" cy="18" r="16" class="track" />
        <circle cx="18" cy="18" r="16" class="bar" style={{ strokeDashoffset: `${100 - frac * 100}` }} pathLength={100} />
      </svg>
      <span aria-hidden="true">{s}</span>
      <span class="sr" aria-live="polite">
        {say}
      </span>
    </div>
  );
}

export function Spinner({ label }: { label?: string }) {
  return (
    <p class="loading" role="status">
      {label ?? t("loading")}
    </p>
  );
}

/** Keeps the screen awake while a game is on (a sleeping phone drops its socket); best effort. */
export function useWakeLock(on: boolean): void {
  useEffect(() => {
    const nav = navigator as Navigator & { wakeLock?: { request(t: "screen"): Promise<{ release(): Promise<void> }> } };
    if (!on || !nav.wakeLock) return;
    let lock: { release(): Promise<void> } | undefined;
    const take = () => {
      if (document.visibilityState === "visible") nav.wakeLock!.request("screen").then((l) => (lock = l), () => {});
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
