// One player's answers, question by question: theirs, whether it was right, the right answer and
// the explanation. The student's own game page and the teacher's drill-down both show it.
import { Fragment } from "preact";
import type { MathTable } from "../../../schema/messages.ts";
import type { AnswerSheetEntry } from "../../../schema/students.ts";
import { kindFor } from "../../../schema/kinds/index.ts";
import { QuestionImage } from "../shared/question-image.tsx";
import { Rich } from "../rich.tsx";
import { at } from "./strings.ts";

/**
 * True/false answers come as "True"/"False": shown in the reader's language (of the kinds laid out
 * as authored and not typed, the other is the slider, whose answers are numbers). Items put in order
 * (the scrambled kind) read as a sequence.
 */
function Texts({ q, list, math }: { q: AnswerSheetEntry; list: string[]; math?: MathTable }) {
  const kind = kindFor(q.type);
  const shown =
    kind.arrangement === "fixed" && !kind.typedKey
      ? list.map((s) => (s === "True" ? at("ed.true") : s === "False" ? at("ed.false") : s))
      : list;
  const sep = kind.arrangement === "scramble" ? " → " : ", ";
  return (
    <>
      {shown.map((s, i) => (
        <Fragment key={i}>
          {i > 0 && sep}
          <Rich text={s} math={math} />
        </Fragment>
      ))}
    </>
  );
}

function Verdict({ q }: { q: AnswerSheetEntry }) {
  if (!kindFor(q.type).scored) return <span class="pill">{at("ans.poll")}</span>;
  if (!q.yours) return <span class="pill none">{at("ans.noAnswer")}</span>;
  // A homework whose teacher hides results (showAnswers): it was recorded, nothing more.
  if (q.correct === undefined) return <span class="pill">{at("ans.recorded")}</span>;
  if (q.partly) return <span class="pill partly">◐ {at("ans.partly")}</span>;
  return q.correct ? (
    <span class="pill good">✔ {at("ans.correct")}</span>
  ) : (
    <span class="pill bad">✘ {at("ans.wrong")}</span>
  );
}

export function AnswerSheet({
  questions,
  own,
  math,
}: {
  questions: AnswerSheetEntry[];
  own: boolean;
  /** Rendered formulas of the game's texts (the API sends them with the sheet). */
  math?: MathTable;
}) {
  return (
    <ol class="qreports answer-sheet">
      {questions.map((q) => (
        <li
          key={q.index}
          class={`card stack ${!kindFor(q.type).scored || q.correct === undefined ? "" : q.correct ? "is-right" : q.partly ? "is-partly" : "is-wrong"}`}
        >
          <div class="row spread">
            <h2 class="qtitle">
              {q.index + 1}. <Rich text={q.text} math={math} />
            </h2>
            <Verdict q={q} />
          </div>
          {q.image && <QuestionImage q={{ image: q.image, imageAlt: q.imageAlt }} class="preview" />}
          <dl class="facts">
            <dt>{own ? at("ans.yours") : at("ans.theirs")}</dt>
            <dd>
              {q.yours ? <Texts q={q} list={q.yours} math={math} /> : <span class="muted">{at("ans.noAnswer")}</span>}
            </dd>
            {q.right && q.right.length > 0 && (
              <>
                <dt>{kindFor(q.type).typedKey && q.right.length > 1 ? at("ans.rightMany") : at("ans.right")}</dt>
                <dd>
                  <Texts q={q} list={q.right} math={math} />
                </dd>
              </>
            )}
            {kindFor(q.type).scored && q.yours && q.earned !== undefined && (
              <>
                <dt>{at("ans.earned")}</dt>
                <dd>{at("ans.points", { n: q.earned })}</dd>
              </>
            )}
          </dl>
          {q.feedback && (
            <p class="explain">
              <strong>{at("ans.feedback")}:</strong> <Rich text={q.feedback} math={math} />
            </p>
          )}
          {q.explanation && (
            <p class="explain">
              <strong>{at("ans.explanation")}:</strong> <Rich text={q.explanation} math={math} />
            </p>
          )}
          <p class="muted">{at(`type.${q.type}`)}</p>
        </li>
      ))}
    </ol>
  );
}
