// How many chose what, per question (pure). Choice questions count each option of the snapshot
// (in the quiz's own order, not a shuffled display); ordering counts, per item, the players who
// put it in its right place (as the room's reveal does); typed answers and slider values are
// bucketed by distinct answer, the most frequent first, the tail summed into "other".
import type { Question } from "../../schema/quiz";
import { answerValue, type AnswerValue } from "../../schema/messages";
import { OTHER_LABEL, TOP_BUCKETS, type DistributionEntry } from "../../schema/report";
import { normaliseTyped } from "../../rooms/answers";

export interface ScoredAnswer {
  /** As stored: the player's answer in `answerValue` terms (parsed again: D1 holds plain JSON). */
  answer: unknown;
  correct: boolean | null;
}

/** Options as players saw them, by the quiz's indexes; true/false is "True" (0) and "False" (1), as in the room. */
export function optionLabels(q: Question): string[] {
  switch (q.type) {
    case "single":
    case "multi":
    case "poll":
      return q.options;
    case "truefalse":
      return ["True", "False"];
    case "order":
      return q.items;
    default:
      return [];
  }
}

function parsed(rows: readonly ScoredAnswer[]): { value: AnswerValue; correct: boolean | null }[] {
  const out = [];
  for (const r of rows) {
    const p = answerValue.safeParse(r.answer);
    if (p.success) out.push({ value: p.data, correct: r.correct });
  }
  return out;
}

function choiceCorrect(q: Question, id: number): boolean | null {
  switch (q.type) {
    case "single":
      return q.correct === id;
    case "multi":
      return q.correct.includes(id);
    case "truefalse":
      return (id === 0) === q.correct;
    default:
      return null;
  }
}

interface Bucket {
  label: string;
  count: number;
  correct: boolean | null;
  /** Orders buckets of equal count deterministically. */
  sortKey: string | number;
}

/** Keeps the `top` largest buckets and sums the rest into one "other" bucket. */
export function topWithOther(buckets: readonly Bucket[], top = TOP_BUCKETS): DistributionEntry[] {
  const sorted = [...buckets].sort(
    (a, b) => b.count - a.count || (a.sortKey < b.sortKey ? -1 : a.sortKey > b.sortKey ? 1 : 0),
  );
  const kept = sorted.slice(0, top).map(({ label, count, correct }) => ({ label, count, correct }));
  const rest = sorted.slice(top);
  if (rest.length === 0) return kept;
  return [...kept, { label: OTHER_LABEL, count: rest.reduce((n, b) => n + b.count, 0), correct: null }];
}

function bucketBy(answers: { key: string | number; label: string; correct: boolean | null }[]): Bucket[] {
  const buckets = new Map<string | number, Bucket>();
  for (const a of answers) {
    const b = buckets.get(a.key);
    if (b) b.count++;
    // The first spelling seen names the bucket; every spelling in it is equally right or wrong.
    else buckets.set(a.key, { label: a.label, count: 1, correct: a.correct, sortKey: a.key });
  }
  return [...buckets.values()];
}

export function distribution(q: Question, rows: readonly ScoredAnswer[]): DistributionEntry[] {
  const answers = parsed(rows);
  switch (q.type) {
    case "single":
    case "multi":
    case "truefalse":
    case "poll": {
      const counts = optionLabels(q).map(() => 0);
      for (const { value } of answers) {
        const picked = "choice" in value ? [value.choice] : "choices" in value ? value.choices : [];
        for (const id of new Set(picked)) if (id < counts.length) counts[id]++;
      }
      return optionLabels(q).map((label, id) => ({ label, count: counts[id], correct: choiceCorrect(q, id) }));
    }
    case "order":
      return q.items.map((label, id) => ({
        label,
        count: answers.filter(({ value }) => "order" in value && value.order[id] === id).length,
        correct: true,
      }));
    case "text":
      return topWithOther(
        bucketBy(
          answers.flatMap(({ value, correct }) =>
            "text" in value ? [{ key: normaliseTyped(value.text), label: value.text.trim(), correct }] : [],
          ),
        ),
      );
    case "slider":
      return topWithOther(
        bucketBy(answers.flatMap(({ value, correct }) => ("value" in value ? [{ key: value.value, label: String(value.value), correct }] : []))),
      );
  }
}
