// The formulas and emphasis of a draft as players will see them: the same renderer the server runs at save and
// host time (schema/math: temml, the sanitiser, the box rules, the spoken label), loaded with its
// temml only when a text may hold a formula, and only in the teacher's chunk (never the player's).
import { useEffect, useState } from "preact/hooks";
import type { Shown } from "../../../../schema/math/table.ts";
import type { MathTable } from "../../../../schema/messages.ts";

let renderer: Promise<typeof import("../../../../schema/math/table.ts")> | null = null;

/** Whether a text may hold a formula, emphasis or an escape (`$`, `\`, `*`, `_`, `` ` ``): only then is temml loaded. */
const mayHoldMath = (q: Shown) =>
  [q.text, q.explanation ?? "", ...(q.options ?? []), ...(q.items ?? []), ...(q.feedback ?? [])].some((s) =>
    /[$\\*_`]/.test(s),
  );

/**
 * The rendered HTML of the questions' texts by text, as a hosted game carries it; undefined while
 * the renderer loads or when no text has a formula. A formula that cannot be rendered is left out
 * (it shows as written; the editor names the problem on save).
 */
export function useMathTable(questions: Shown[], language: string): MathTable | undefined {
  const key = JSON.stringify([questions, language]);
  const [state, setState] = useState<{ key: string; math: MathTable } | null>(null);
  useEffect(() => {
    if (!questions.some(mayHoldMath)) return;
    let live = true;
    renderer ??= import("../../../../schema/math/table.ts");
    renderer
      .then(({ mathTable }) => {
        if (live) setState({ key, math: mathTable(questions, language) });
      })
      .catch(() => {
        renderer = null;
      });
    return () => {
      live = false;
    };
  }, [key]);
  return state?.key === key ? state.math : undefined;
}
