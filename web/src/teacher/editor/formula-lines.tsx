// Under a question being written: each of its texts that holds a formula or emphasis, typeset as
// players will see it (the renderer the server runs), so a teacher checks it before class, not during it.
import type { Shown } from "../../../../schema/math/table.ts";
import { Rich } from "../../rich.tsx";
import { toQuestion, type QDraft } from "./draft.ts";
import { useMathTable } from "./preview-math.ts";
import { et } from "./strings.ts";

export function FormulaLines({ q, language }: { q: QDraft; language: string }) {
  const shown: Shown = toQuestion(q);
  const math = useMathTable([shown], language);
  // The table holds exactly the texts with a formula or emphasis, in the order the question shows them.
  const typeset = math ? Object.keys(math) : [];
  if (!math || !typeset.length) return null;
  return (
    <section class="formula-lines" aria-label={et("ed.formulas")}>
      <p class="muted">{et("ed.formulas")}</p>
      <ul>
        {typeset.map((s) => (
          <li key={s}>
            <Rich text={s} math={math} />
          </li>
        ))}
      </ul>
    </section>
  );
}
