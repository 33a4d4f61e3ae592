// A question on the phone: "get ready" while it is read out, then the answer controls and the
// countdown, then "time's up"; once answered, "answer sent".
import { useEffect, useRef } from "preact/hooks";
import type { AnswerValue, QuestionView } from "../../../schema/messages.ts";
import { t } from "../strings.ts";
import { Countdown, useRemaining } from "../shared/countdown.tsx";
import { Rich } from "../rich.tsx";
import { AnswerFor } from "./answer.tsx";
import { QuestionImage } from "../shared/question-image.tsx";

export function QuestionScreen({
  q,
  opensAt,
  closesAt,
  pausedAt,
  onAnswer,
  untimed,
}: {
  q: QuestionView;
  /** No countdown and no "time's up" (an untimed assignment). */
  untimed?: boolean;
  opensAt: number;
  closesAt: number;
  pausedAt: number | null;
  onAnswer: (q: QuestionView, a: AnswerValue) => void;
}) {
  const toOpen = useRemaining(opensAt, pausedAt);
  const remaining = useRemaining(closesAt, pausedAt);
  const left = untimed ? 1 : remaining;
  const open = toOpen <= 0;
  const heading = useRef<HTMLHeadingElement>(null);
  // A new question takes the focus (the old answer buttons are gone), so screen readers read it.
  useEffect(() => heading.current?.focus(), []);
  return (
    <section class="question stack">
      <div class="row spread">
        <span class="muted">{t("q.of", { i: q.index + 1, n: q.total })}</span>
        {q.points !== "standard" && (
          <span class="badge">{q.points === "double" ? t("q.double") : t("q.noPoints")}</span>
        )}
        {open && !untimed && left > 0 && (
          <Countdown deadline={closesAt} total={q.timeLimit} frozenAt={pausedAt} pausedLabel={t("paused")} />
        )}
      </div>
      <h1 class="qtext" tabIndex={-1} ref={heading}>
        <Rich text={q.text} math={q.math} />
      </h1>
      <QuestionImage q={q} class="qimg" />
      {pausedAt !== null ? (
        <p class="paused-note center-text" role="status">
          {t("paused.wait")}
        </p>
      ) : !open ? (
        <p class="pulse center-text" role="status">
          {q.talkMs && toOpen <= q.talkMs ? t("team.talk") : t("q.ready")} {Math.ceil(toOpen / 1000)}
        </p>
      ) : left <= 0 ? (
        <p class="center-text big-number" role="status">
          {t("ans.timeUp")}
        </p>
      ) : (
        <AnswerFor q={q} onAnswer={(a) => onAnswer(q, a)} />
      )}
    </section>
  );
}

export function AnsweredScreen() {
  return (
    <section class="card stack center-text" role="status">
      <h1>{t("ans.sent")}</h1>
      <p class="pulse">{t("ans.wait")}</p>
    </section>
  );
}
