// When a room tries again to write its final results to D1 (kit/d1-sync.ts): both rooms retry
// from their alarm, which survives eviction, with this one backoff. Pure.

export const RESULTS_RETRY_BASE_MS = 5_000;
export const RESULTS_RETRY_MAX_MS = 10 * 60_000;

/** The fields both rooms keep in their state for the retry. */
export interface ResultsRetry {
  resultsAttempts: number;
  resultsRetryAt: number | null;
}

/**
 * How long after the `failures`-th failed write in a row the next one is tried: 5 s, 10 s, 20 s …
 * at most 10 min. With no failure yet (0), the wait before a first write that never reported
 * (the object was evicted mid-write) counts as a retry.
 */
export function resultsRetryDelayMs(failures: number): number {
  return Math.min(RESULTS_RETRY_MAX_MS, RESULTS_RETRY_BASE_MS * 2 ** Math.max(0, failures - 1));
}

/** The retry fields after one more failed write at `now`. */
export function afterFailedWrite(s: Pick<ResultsRetry, "resultsAttempts">, now: number): ResultsRetry {
  const attempts = s.resultsAttempts + 1;
  return { resultsAttempts: attempts, resultsRetryAt: now + resultsRetryDelayMs(attempts) };
}
