// A question on the phone: "get ready" while it is read out, then the answer controls and the
// countdown, then "time's up"; once answered, "answer sent".
import { useEffect, useRef } from "preact/hooks";
import type { AnswerValue, QuestionView } from "../../../schema/messages.ts";
import { t } from "../strings.ts";
import { Countdown, useRemaining } from "../shared/countdown.tsx";
import { Rich } from "../rich.tsx";
import { AnswerFor } from "./answer.tsx";
import { QuestionImage } from "../shared/question-image.tsx";
import { canReadAloud, questionSpeech, speak, stopSpeaking, useReadAloud } from "../shared/read-aloud.ts";

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
  const [aloud, setAloud] = useReadAloud();
  // Read when the question appears (or when the player turns reading on); stop when it goes.
  useEffect(() => {
    if (aloud) speak(questionSpeech(q), q.language);
  }, [aloud]);
  useEffect(() => stopSpeaking, []);
  return (
    <section class="question stack">
      <div class="row spread">
        <span class="muted">{t("q.of", { i: q.index + 1, n: q.total })}</span>
        {q.points !== "standard" && (
          <span class="badge">{q.points === "double" ? t("q.double") : t("q.noPoints")}</span>
        )}
        {canReadAloud() && (
          <button
            type="button"
            class="icon read-aloud"
            aria-pressed={aloud}
            aria-label={t("q.readAloud")}
            title={t("q.readAloud")}
            onClick={() => setAloud(!aloud)}
          >
            {/* A drawn speaker: an emoji may be missing from the phone's fonts. */}
            <svg width="24" height="24" viewBox="0 0 24 24" aria-hidden="true">
              <path d="M3 9v6h4l5 4V5L7 9z" fill="currentColor" />
              {aloud && (
                <path
                  d="M15 8.5a5 5 0 0 1 0 7M17.5 6a8.5 8.5 0 0 1 0 12"
                  stroke="currentColor"
                  stroke-width="2"
                  fill="none"
                />
              )}
            </svg>
          </button>
        )}
        {open && !untimed && left > 0 && (
          <Countdown deadline={closesAt} total={q.timeLimit} frozenAt={pausedAt} pausedLabel={t("paused")} />
        )}
      </div>
      <h1 class="qtext" tabIndex={-1} ref={heading} lang={q.language}>
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

/**
 * After a tap: "answer sent" only once the room has acknowledged it (`pending` false); until then
 * "sending", or, with no connection, that it goes when the phone is back online.
 */
export function AnsweredScreen({ pending = false, offline = false }: { pending?: boolean; offline?: boolean }) {
  return (
    <section class="card stack center-text" role="status">
      <h1>{!pending ? t("ans.sent") : offline ? t("ans.offline") : t("ans.sending")}</h1>
      {!pending && <p class="pulse">{t("ans.wait")}</p>}
    </section>
  );
}
