// One player's answers, question by question: theirs, whether it was right, the right answer and
// the explanation. The student's own game page and the teacher's drill-down both show it.
import type { AnswerSheetEntry } from "../../../schema/students.ts";
import { kindFor } from "../../../schema/kinds/index.ts";
import { tt } from "./strings.ts";
import { tm } from "./strings-more.ts";

/**
 * True/false answers come as "True"/"False": shown in the reader's language (of the kinds laid out
 * as authored and not typed, the other is the slider, whose answers are numbers). Items put in order
 * (the scrambled kind) read as a sequence.
 */
function texts(q: AnswerSheetEntry, list: string[]): string {
  const kind = kindFor(q.type);
  const shown =
    kind.arrangement === "fixed" && !kind.typedKey
      ? list.map((s) => (s === "True" ? tt("ed.true") : s === "False" ? tt("ed.false") : s))
      : list;
  return shown.join(kind.arrangement === "scramble" ? " → " : ", ");
}

function Verdict({ q }: { q: AnswerSheetEntry }) {
  if (!kindFor(q.type).scored) return <span class="pill">{tm("ans.poll")}</span>;
  if (!q.yours) return <span class="pill none">{tm("ans.noAnswer")}</span>;
  // A homework whose teacher hides results (showAnswers): it was recorded, nothing more.
  if (q.correct === undefined) return <span class="pill">{tm("ans.recorded")}</span>;
  return q.correct ? (
    <span class="pill good">✔ {tm("ans.correct")}</span>
  ) : (
    <span class="pill bad">✘ {tm("ans.wrong")}</span>
  );
}

export function AnswerSheet({ questions, own }: { questions: AnswerSheetEntry[]; own: boolean }) {
  return (
    <ol class="qreports answer-sheet">
      {questions.map((q) => (
        <li
          key={q.index}
          class={`card stack ${!kindFor(q.type).scored || q.correct === undefined ? "" : q.correct ? "is-right" : "is-wrong"}`}
        >
          <div class="row spread">
            <h2 class="qtitle">
              {q.index + 1}. {q.text}
            </h2>
            <Verdict q={q} />
          </div>
          {q.image && <img class="preview" src={q.image} alt="" />}
          <dl class="facts">
            <dt>{own ? tm("ans.yours") : tm("ans.theirs")}</dt>
            <dd>{q.yours ? texts(q, q.yours) : <span class="muted">{tm("ans.noAnswer")}</span>}</dd>
            {q.right && q.right.length > 0 && (
              <>
                <dt>{kindFor(q.type).typedKey && q.right.length > 1 ? tm("ans.rightMany") : tm("ans.right")}</dt>
                <dd>{texts(q, q.right)}</dd>
              </>
            )}
            {kindFor(q.type).scored && q.yours && q.earned !== undefined && (
              <>
                <dt>{tm("ans.earned")}</dt>
                <dd>{tm("ans.points", { n: q.earned })}</dd>
              </>
            )}
          </dl>
          {q.explanation && (
            <p class="explain">
              <strong>{tm("ans.explanation")}:</strong> {q.explanation}
            </p>
          )}
          <p class="muted">{tt(`type.${q.type}`)}</p>
        </li>
      ))}
    </ol>
  );
}
