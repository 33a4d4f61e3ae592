// Typed answers and slider values have no options to count: like answers are bucketed instead.
import type { Audience, CheckedAnswer, Tally } from "./kind.ts";

/** Distinct answers a report lists one by one; the rest are summed into "other". */
const TOP_BUCKETS = 10;

interface Bucket {
  label: string;
  count: number;
  correct: boolean | null;
  /** Orders buckets of equal count deterministically. */
  sortKey: string | number;
}

/** Keeps the `top` largest buckets and sums the rest into one "other" bucket, which is neither right nor wrong. */
export function topWithOther(buckets: readonly Bucket[], top = TOP_BUCKETS): Tally[] {
  const sorted = [...buckets].sort(
    (a, b) => b.count - a.count || (a.sortKey < b.sortKey ? -1 : a.sortKey > b.sortKey ? 1 : 0),
  );
  const kept: Tally[] = sorted.slice(0, top).map(({ label, count, correct }) => ({ label, count, correct }));
  const rest = sorted.slice(top);
  if (rest.length === 0) return kept;
  return [...kept, { labelKey: "other", count: rest.reduce((n, b) => n + b.count, 0), correct: null }];
}

/** Answers with the same key share a bucket; the first spelling seen names it (every spelling in it is equally right or wrong). */
function bucketBy(answers: readonly { key: string | number; label: string; correct: boolean | null }[]): Bucket[] {
  const buckets = new Map<string | number, Bucket>();
  for (const a of answers) {
    const b = buckets.get(a.key);
    if (b) b.count++;
    else buckets.set(a.key, { label: a.label, count: 1, correct: a.correct, sortKey: a.key });
  }
  return [...buckets.values()];
}

/**
 * The distribution of answers that are not picked from options. Everyone (the reveal) sees how
 * many were right and wrong, never anyone's own words; the teacher's report sees the answers
 * bucketed by `describe` (null: an answer of another shape, left out).
 */
export function answerBuckets(
  answers: readonly CheckedAnswer[],
  audience: Audience,
  describe: (a: CheckedAnswer["answer"]) => { key: string | number; label: string } | null,
): Tally[] {
  if (audience === "everyone") {
    const right = answers.filter((a) => a.correct).length;
    return [
      { labelKey: "correct", count: right, correct: true },
      { labelKey: "wrong", count: answers.length - right, correct: false },
    ];
  }
  return topWithOther(
    bucketBy(
      answers.flatMap(({ answer, correct }) => {
        const d = describe(answer);
        return d ? [{ ...d, correct }] : [];
      }),
    ),
  );
}
