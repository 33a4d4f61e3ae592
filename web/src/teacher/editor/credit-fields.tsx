// Partial credit and per-answer feedback in the editor: an optional toggle per question that
// reveals a % field per option or accepted answer, and another that reveals a short feedback text
// for each (shown to the player who gave that answer, after the reveal).
import { useState } from "preact/hooks";
import { LIMITS, type QDraft } from "./draft.ts";
import { et } from "./strings.ts";

type Set = (patch: Partial<QDraft>) => void;

/** Weights to start from when partial credit is turned on: today's all-or-nothing marks as percentages. */
export function startWeights(q: QDraft, n: number, mode: "one" | "many" | "typed"): number[] {
  if (mode === "typed") return Array.from({ length: n }, () => 100);
  if (mode === "one") return Array.from({ length: n }, (_, i) => (i === q.correctIndex ? 100 : 0));
  const right = q.correctSet.length || 1;
  return Array.from({ length: n }, (_, i) => (q.correctSet.includes(i) ? Math.round((100 / right) * 1000) / 1000 : 0));
}

/** The two toggles above a question's options or answers. */
export function CreditToggles({
  q,
  set,
  n,
  mode,
  showFeedback,
  setShowFeedback,
}: {
  q: QDraft;
  set: Set;
  n: number;
  mode: "one" | "many" | "typed";
  showFeedback: boolean;
  setShowFeedback: (v: boolean) => void;
}) {
  return (
    <div class="row credit-toggles">
      <label class="check">
        <input
          type="checkbox"
          checked={q.partial}
          onChange={(e) =>
            set(
              e.currentTarget.checked
                ? { partial: true, weights: q.weights.length === n ? q.weights : startWeights(q, n, mode) }
                : { partial: false },
            )
          }
        />
        {et("ed.partial")}
      </label>
      <label class="check">
        <input
          type="checkbox"
          checked={showFeedback}
          onChange={(e) => {
            setShowFeedback(e.currentTarget.checked);
            // Hiding the texts drops them: what is not shown is not saved.
            if (!e.currentTarget.checked) set({ feedback: [] });
          }}
        />
        {et("ed.answerFeedback")}
      </label>
    </div>
  );
}

/** Whether a question's feedback fields start open: when it has any. */
export const useFeedbackShown = (q: QDraft) => useState(q.feedback.some((f) => f.trim() !== ""));

/** One option's or answer's % field. `fixed`: the marked single-choice option, always 100 %. */
export function WeightField({
  q,
  set,
  i,
  label,
  fixed,
}: {
  q: QDraft;
  set: Set;
  i: number;
  label: string;
  fixed?: boolean;
}) {
  return (
    <span class="weight">
      <input
        type="number"
        step="any"
        min={-100}
        max={100}
        aria-label={et("ed.weightOf", { what: label })}
        value={fixed ? 100 : (q.weights[i] ?? 0)}
        disabled={fixed}
        onInput={(e) => {
          const v = e.currentTarget.value;
          const weights = q.weights.slice();
          weights[i] = v === "" ? Number.NaN : Number(v);
          set({ weights });
        }}
      />
      %
    </span>
  );
}

/** One option's or answer's feedback text. */
export function FeedbackField({ q, set, i, label }: { q: QDraft; set: Set; i: number; label: string }) {
  return (
    <input
      class="answer-feedback"
      aria-label={et("ed.feedbackOf", { what: label })}
      placeholder={et("ph.answerFeedback")}
      maxLength={LIMITS.feedback}
      value={q.feedback[i] ?? ""}
      onInput={(e) => {
        const feedback = q.feedback.slice();
        feedback[i] = e.currentTarget.value;
        set({ feedback });
      }}
    />
  );
}

/** Weights and feedback follow their option when one is removed. */
export const withoutEntry = (q: QDraft, i: number): Partial<QDraft> => ({
  weights: q.weights.filter((_, j) => j !== i),
  feedback: q.feedback.filter((_, j) => j !== i),
});
