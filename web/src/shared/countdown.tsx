// The time left on a question, as a number and as a ring; both the phone and the projector show it.
import { useEffect, useRef, useState } from "preact/hooks";
import { t } from "../strings.ts";

/**
 * Milliseconds left until `deadline` (a performance.now() time), refreshed a few times a second.
 * `frozenAt`: the room is paused since then, so the time left stands still.
 */
export function useRemaining(deadline: number | null, frozenAt: number | null = null): number {
  const [now, setNow] = useState(() => performance.now());
  useEffect(() => {
    if (deadline === null || frozenAt !== null) return;
    setNow(performance.now());
    const id = setInterval(() => setNow(performance.now()), 200);
    return () => clearInterval(id);
  }, [deadline, frozenAt]);
  if (deadline === null) return 0;
  return Math.max(0, deadline - (frozenAt ?? now));
}

/**
 * A countdown ring. Screen readers hear it only at a few moments (not every second), so it
 * informs without drowning the question.
 */
export function Countdown({
  deadline,
  total,
  frozenAt = null,
  pausedLabel,
}: {
  deadline: number;
  total: number;
  frozenAt?: number | null;
  /** Shown under the number while the room is paused. */
  pausedLabel?: string;
}) {
  const ms = useRemaining(deadline, frozenAt);
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
    <div
      class={`countdown${s <= 5 ? " low" : ""}${s >= 100 ? " long" : ""}${frozenAt !== null ? " paused" : ""}`}
      data-left={s}
    >
      <svg viewBox="0 0 36 36" aria-hidden="true">
        <circle cx="18" cy="18" r="16" class="track" />
        <circle
          cx="18"
          cy="18"
          r="16"
          class="bar"
          style={{ strokeDashoffset: `${100 - frac * 100}` }}
          pathLength={100}
        />
      </svg>
      <span aria-hidden="true">{s}</span>
      {frozenAt !== null && pausedLabel && <span class="paused-tag">{pausedLabel}</span>}
      <span class="sr" aria-live="polite">
        {say}
      </span>
    </div>
  );
}
