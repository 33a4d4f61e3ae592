// Shuffles decided once per game and stored with it (the same order for every player, and after
// any restart). Pure given the random source. Neither the display order nor the ids may tell a
// player anything: each is a uniform random permutation (the right order included: excluding it
// would itself say which order is wrong), drawn independently of the other from the CSPRNG.
import { kindOf, type QuestionKind } from "../../schema/kinds/index.ts";
import type { Question } from "../../schema/quiz.ts";

/** Fisher–Yates permutation of 0..n-1. */
export function permutation(n: number, random: () => number = Math.random): number[] {
  const p = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [p[i], p[j]] = [p[j], p[i]];
  }
  return p;
}

const identity = (n: number) => Array.from({ length: n }, (_, i) => i);

/** A kind's layout of `n` choices: shuffled when its arrangement (and, for "shuffle", the host) says so. */
function arranged(kind: QuestionKind, n: number, shuffleOptions: boolean, random: () => number): number[] {
  switch (kind.arrangement) {
    case "scramble":
      return permutation(n, random);
    case "shuffle":
      return shuffleOptions ? permutation(n, random) : identity(n);
    case "fixed":
      return identity(n);
  }
}

const arrangements = (questions: readonly Question[], shuffleOptions: boolean, random: () => number) =>
  questions.map((q) => {
    const kind = kindOf(q);
    return arranged(kind, kind.choices(q).length, shuffleOptions, random);
  });

/**
 * Display order of each question's choices (quiz indexes, the first shown first): shuffled per
 * game if the host asked; ordering items always shuffled (uniformly: sometimes already in the
 * right order); none for kinds without choices.
 */
export function displayOrders(
  questions: readonly Question[],
  shuffleOptions: boolean,
  random: () => number = secureRandom,
): number[][] {
  return arrangements(questions, shuffleOptions, random);
}

/**
 * The ids players see for each question's options or items, by the quiz's own index: `ids[q][i]`
 * is the id of option/item `i`. Ordering items store their right order, so their ids are a
 * uniform random permutation, independent of the display order (sorting by id says nothing);
 * shuffled options get random ids too, or the ids would still give away the author's order (e.g.
 * a sheet whose first column is usually right). Unshuffled options and true/false keep their
 * indexes, which their display shows anyway.
 */
export function optionIds(
  questions: readonly Question[],
  shuffleOptions: boolean,
  random: () => number = secureRandom,
): number[][] {
  return arrangements(questions, shuffleOptions, random);
}

/** Ids stand between a player and the answer, so they come from the CSPRNG, not Math.random's predictable generator. */
export function secureRandom(): number {
  return crypto.getRandomValues(new Uint32Array(1))[0] / 2 ** 32;
}
