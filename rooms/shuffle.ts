// Shuffles decided once per game and stored with it (the same order for every player, and after
// any restart). Pure given the random source.

/** Fisher–Yates permutation of 0..n-1. */
export function permutation(n: number, random: () => number = Math.random): number[] {
  const p = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [p[i], p[j]] = [p[j], p[i]];
  }
  return p;
}

/** A permutation that is not the identity (n ≥ 2): an ordering puzzle must never start solved. */
export function scrambled(n: number, random: () => number = Math.random): number[] {
  if (n < 2) return permutation(n, random);
  for (let attempt = 0; attempt < 20; attempt++) {
    const p = permutation(n, random);
    if (p.some((v, i) => v !== i)) return p;
  }
  // A fixed random source could keep returning the identity: rotate by one instead.
  return Array.from({ length: n }, (_, i) => (i + 1) % n);
}
