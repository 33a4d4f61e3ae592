// One player's answers, question by question: theirs, whether it was right, the right answer and
// the explanation. The student's own game page and the teacher's drill-down both show it.
import type { AnswerSheetEntry } from "../../../schema/students";
import { tt } from "./strings";
import { tm } from "./strings-more";

/** True/false answers come as "True"/"False": shown in the reader's language. */
function texts(q: AnswerSheetEntry, list: string[]): string {
  const shown = q.type === "truefalse" ? list.map((s) => (s === "True" ? tt("ed.true") : s === "False" ? tt("ed.false") : s)) : list;
  return shown.join(q.type === "order" ? " → " : ", ");
}

function Verdict({ q }: { q: AnswerSheetEntry }) {
  if (q.type === "poll") return <span class="pill">{tm("ans.poll")}</span>;
  if (!q.yours) return <span class="pill none">{tm("ans.noAnswer")}</span>;
  return q.correct ? <span class="pill good">✔ {tm("ans.correct")}</span> : <span class="pill bad">✘ {tm("ans.wrong")}</span>;
}

export function AnswerSheet({ questions, own }: { questions: AnswerSheetEntry[]; own: boolean }) {
  return (
    <ol class="qreports answer-sheet">
      {questions.map((q) => (
        <li key={q.index} class={`card stack ${q.type === "poll" ? "" : q.correct ? "is-right" : "is-wrong"}`}>
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
                <dt>{q.type === "text" && q.right.length > 1 ? tm("ans.rightMany") : tm("ans.right")}</dt>
                <dd>{texts(q, q.right)}</dd>
              </>
            )}
            {q.type !== "poll" && q.yours && (
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
