// Points (docs/product.md §4). Pure arithmetic; times are milliseconds by the room's clock.
import type { PointsMode } from "../../schema/quiz.ts";

export const POINTS: Record<PointsMode, number> = { none: 0, standard: 1000, double: 2000 };
export const STREAK_STEP = 100;
export const STREAK_CAP = 500;
/** Upper bound of the latency allowance, so a client that delays its probe replies gains little. */
export const RTT_COMPENSATION_CAP_MS = 150;

/** Half the best round trip seen for the player (one-way delay), never negative, capped. */
export function rttCompensation(minRttMs: number | null | undefined): number {
  if (minRttMs == null || !Number.isFinite(minRttMs) || minRttMs <= 0) return 0;
  return Math.min(RTT_COMPENSATION_CAP_MS, Math.floor(minRttMs / 2));
}

export interface Timing {
  /** Response time credited to the player (compensated, clamped to 0..limit). */
  responseMs: number;
  late: boolean;
}

/** t: from when the options opened to when the room received the answer, less the RTT allowance. */
export function timing(
  receivedAt: number,
  opensAt: number,
  limitMs: number,
  minRttMs: number | null | undefined,
): Timing {
  const t = receivedAt - opensAt - rttCompensation(minRttMs);
  return { responseMs: Math.max(0, Math.min(limitMs, t)), late: t > limitMs };
}

/** round(P × fraction × (1 − (t/T)/2)); accuracy-only drops the speed factor. */
export function answerPoints(
  mode: PointsMode,
  fraction: number,
  responseMs: number,
  limitMs: number,
  accuracyOnly: boolean,
): number {
  const p = POINTS[mode];
  if (p === 0 || fraction <= 0) return 0;
  if (accuracyOnly) return Math.round(p * fraction);
  const ratio = Math.min(1, Math.max(0, responseMs / limitMs));
  return Math.round(p * fraction * (1 - ratio / 2));
}

/** Bonus for the streak including this answer: 100 × (streak − 1) for 2+, capped at 500. */
export function streakBonus(streak: number): number {
  return streak >= 2 ? Math.min(STREAK_CAP, STREAK_STEP * (streak - 1)) : 0;
}

export interface StreakInput {
  /** null: a poll (streak unchanged); undefined: no answer. */
  correct: boolean | null | undefined;
  basePoints: number;
  mode: PointsMode;
}

/** The player's streak and total points for a closed question. A "none" question earns no bonus either. */
export function settle(prevStreak: number, a: StreakInput): { streak: number; points: number } {
  if (a.correct === null) return { streak: prevStreak, points: 0 };
  if (a.correct) {
    const streak = prevStreak + 1;
    return { streak, points: a.basePoints + (POINTS[a.mode] > 0 ? streakBonus(streak) : 0) };
  }
  // Wrong or missing resets the streak; a partial multi-select keeps its partial points.
  return { streak: 0, points: a.basePoints };
}
