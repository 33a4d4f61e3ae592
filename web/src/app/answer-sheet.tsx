// One player's answers, question by question: theirs, whether it was right, the right answer and
// the explanation. The student's own game page and the teacher's drill-down both show it.
import type { AnswerSheetEntry } from "../../../schema/students.ts";
import { kindFor } from "../../../schema/kinds/index.ts";
import { at } from "./strings.ts";

/**
 * True/false answers come as "True"/"False": shown in the reader's language (of the kinds laid out
 * as authored and not typed, the other is the slider, whose answers are numbers). Items put in order
 * (the scrambled kind) read as a sequence.
 */
function texts(q: AnswerSheetEntry, list: string[]): string {
  const kind = kindFor(q.type);
  const shown =
    kind.arrangement === "fixed" && !kind.typedKey
      ? list.map((s) => (s === "True" ? at("ed.true") : s === "False" ? at("ed.false") : s))
      : list;
  return shown.join(kind.arrangement === "scramble" ? " → " : ", ");
}

function Verdict({ q }: { q: AnswerSheetEntry }) {
  if (!kindFor(q.type).scored) return <span class="pill">{at("ans.poll")}</span>;
  if (!q.yours) return <span class="pill none">{at("ans.noAnswer")}</span>;
  return q.correct ? (
    <span class="pill good">✔ {at("ans.correct")}</span>
  ) : (
    <span class="pill bad">✘ {at("ans.wrong")}</span>
  );
}

export function AnswerSheet({ questions, own }: { questions: AnswerSheetEntry[]; own: boolean }) {
  return (
    <ol class="qreports answer-sheet">
      {questions.map((q) => (
        <li key={q.index} class={`card stack ${!kindFor(q.type).scored ? "" : q.correct ? "is-right" : "is-wrong"}`}>
          <div class="row spread">
            <h2 class="qtitle">
              {q.index + 1}. {q.text}
            </h2>
            <Verdict q={q} />
          </div>
          {q.image && <img class="preview" src={q.image} alt="" />}
          <dl class="facts">
            <dt>{own ? at("ans.yours") : at("ans.theirs")}</dt>
            <dd>{q.yours ? texts(q, q.yours) : <span class="muted">{at("ans.noAnswer")}</span>}</dd>
            {q.right && q.right.length > 0 && (
              <>
                <dt>{kindFor(q.type).typedKey && q.right.length > 1 ? at("ans.rightMany") : at("ans.right")}</dt>
                <dd>{texts(q, q.right)}</dd>
              </>
            )}
            {kindFor(q.type).scored && q.yours && (
              <>
                <dt>{at("ans.earned")}</dt>
                <dd>{at("ans.points", { n: q.earned })}</dd>
              </>
            )}
          </dl>
          {q.explanation && (
            <p class="explain">
              <strong>{at("ans.explanation")}:</strong> {q.explanation}
            </p>
          )}
          <p class="muted">{at(`type.${q.type}`)}</p>
        </li>
      ))}
    </ol>
  );
}
