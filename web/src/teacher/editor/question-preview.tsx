// "Preview as a player": the draft question on a phone-sized frame, shown by the player's own
// screens (question, answer controls, "answer sent", result) fed with the view a game would send
// (preview-view.ts). The teacher answers, sees the result, and the right answer as the reveal has it.
import { useEffect, useMemo, useRef, useState } from "preact/hooks";
import type { AnswerValue, ServerMessageOf } from "../../../../schema/messages.ts";
import { t } from "../../strings.ts";
import { AnsweredScreen, QuestionScreen } from "../../player/question.tsx";
import { ResultScreen } from "../../player/result.tsx";
import type { QDraft } from "./draft.ts";
import { useMathTable } from "./preview-math.ts";
import { previewOf, previewResult, rightAnswerText } from "./preview-view.ts";
import "./question-preview.css";
import { et } from "./strings.ts";

type Stage =
  | { k: "question"; opensAt: number; closesAt: number }
  | { k: "sent" }
  | { k: "result"; r: ServerMessageOf<"result"> };

/** How long "answer sent" shows before the result, as a short stand-in for the rest of the room answering. */
const SENT_MS = 900;

const asked = (timeLimit: number): Stage => {
  const now = performance.now();
  return { k: "question", opensAt: now, closesAt: now + timeLimit * 1000 };
};

export function QuestionPreview({
  q: draft,
  index,
  total,
  language,
  onClose,
}: {
  q: QDraft;
  index: number;
  total: number;
  /** The quiz's, for the spoken form of its formulas. */
  language: string;
  onClose: () => void;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const [round, setRound] = useState(0);
  // A new round builds the view again (the items to order are shuffled anew).
  const preview = useMemo(() => previewOf(draft, index, total), [draft, index, total, round]);
  const [stage, setStage] = useState<Stage>(() => asked(preview?.q.timeLimit ?? 20));
  // Formulas typeset as the game will carry them (the room sends this table with the question).
  const math = useMathTable(preview ? [preview.q] : [], language);
  /** The answer given, scored once "answer sent" has shown. */
  const pending = useRef<{ answer: AnswerValue; elapsed: number } | null>(null);
  useEffect(() => {
    ref.current?.showModal();
  }, []);
  useEffect(() => setStage(asked(preview?.q.timeLimit ?? 20)), [preview]);

  // No answer in time: "time's up" for a moment, then the result, as in a game.
  useEffect(() => {
    if (!preview || stage.k !== "question") return;
    const id = setTimeout(
      () => setStage({ k: "result", r: previewResult(preview, null, 0) }),
      stage.closesAt - performance.now() + 1500,
    );
    return () => clearTimeout(id);
  }, [preview, stage]);
  useEffect(() => {
    if (stage.k !== "sent" || !pending.current || !preview) return;
    const { answer, elapsed } = pending.current;
    const id = setTimeout(() => setStage({ k: "result", r: previewResult(preview, answer, elapsed) }), SENT_MS);
    return () => clearTimeout(id);
  }, [preview, stage]);
  const answer = (a: AnswerValue) => {
    if (stage.k !== "question") return;
    pending.current = { answer: a, elapsed: performance.now() - stage.opensAt };
    setStage({ k: "sent" });
  };
  const right = preview && stage.k === "result" ? rightAnswerText(preview) : null;

  return (
    <dialog ref={ref} class="dialog preview-dialog" onClose={onClose} aria-labelledby={`pv-${draft.id}`}>
      <div class="row spread">
        <h2 id={`pv-${draft.id}`}>{et("pv.title", { n: index + 1 })}</h2>
        <button type="button" class="icon" aria-label={et("pv.close")} onClick={() => ref.current?.close()}>
          ✕
        </button>
      </div>
      {!preview ? (
        <p class="err" role="alert">
          {et("pv.fix")}
        </p>
      ) : (
        <div class="preview-layout">
          <div class="phone">
            <div class="screen play">
              <header class="top">
                <span class="who">
                  <strong>{et("pv.you")}</strong>
                  <span class="muted"> · {t("res.score", { n: stage.k === "result" ? stage.r.score : 0 })}</span>
                </span>
              </header>
              {stage.k === "question" ? (
                <QuestionScreen
                  key={round}
                  q={math ? { ...preview.view, math } : preview.view}
                  opensAt={stage.opensAt}
                  closesAt={stage.closesAt}
                  pausedAt={null}
                  onAnswer={(_, a) => answer(a)}
                />
              ) : stage.k === "sent" ? (
                <AnsweredScreen />
              ) : (
                <ResultScreen r={stage.r} explanation={preview.q.explanation} math={math} />
              )}
            </div>
          </div>
          <div class="stack preview-side">
            <p class="muted">{et("pv.hint")}</p>
            {stage.k === "result" && (
              <>
                <p role="status">
                  <strong>{right === null ? et("pv.poll") : et("pv.right", { a: right })}</strong>
                </p>
                <button type="button" class="primary self-start" onClick={() => setRound((n) => n + 1)}>
                  {et("pv.again")}
                </button>
              </>
            )}
          </div>
        </div>
      )}
    </dialog>
  );
}
