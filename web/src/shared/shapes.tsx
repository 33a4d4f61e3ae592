// Answer shapes: every option carries one, so colour is never the only cue.
import type { Lang } from "../i18n.ts";
import { t, type PlayerKey } from "../strings.ts";

const PATHS = [
  "M12 2.5 22.5 21h-21z",
  "M12 1.5 22.5 12 12 22.5 1.5 12z",
  "M12 2a10 10 0 1 0 0 20 10 10 0 1 0 0-20z",
  "M3 3h18v18H3z",
  "m12 1.8 3 6.9 7.4.7-5.6 4.9 1.7 7.3L12 17.8l-6.5 3.8 1.7-7.3-5.6-4.9 7.4-.7z",
  "M12 1.5 21.5 7v10L12 22.5 2.5 17V7z",
];

export function Shape({ i, size = 28 }: { i: number; size?: number }) {
  return (
    <svg class="shape" width={size} height={size} viewBox="0 0 24 24" aria-hidden="true" focusable="false">
      <path d={PATHS[i % 6]} fill="currentColor" />
    </svg>
  );
}

export const shapeName = (i: number, _lang?: Lang) => t(`shape.${i % 6}` as PlayerKey);
