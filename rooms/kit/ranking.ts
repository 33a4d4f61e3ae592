// Standings (docs/product.md §4): by score, ties broken by the lower total response time, then by
// who joined first so the order is stable. Computed once per closed question.
export interface Standing {
  id: string;
  score: number;
  totalTimeMs: number;
  joinedAt: number;
}

/** Sorted best first; rank i+1 for position i. */
export function rank<T extends Standing>(players: readonly T[]): T[] {
  return [...players].sort(
    (a, b) => b.score - a.score || a.totalTimeMs - b.totalTimeMs || a.joinedAt - b.joinedAt || (a.id < b.id ? -1 : 1),
  );
}
