// A slider's partial credit in the editor: further ranges (value ± tolerance), each worth a share
// of the points, as Moodle's weighted numerical answers import into it (schema/kinds/slider.ts);
// and, behind "Feedback per answer", a text for a right answer, for each range and for any other.
import { useState } from "preact/hooks";
import type { SliderRange } from "../../../../schema/kinds/slider.ts";
import { Issue } from "../../app/field-issue.tsx";
import { LIMITS, type QDraft } from "./draft.ts";
import { et } from "./strings.ts";

/** A number input's value; NaN while empty, so the schema says what is missing. */
const num = (e: Event) => {
  const v = (e.currentTarget as HTMLInputElement).value;
  return v === "" ? Number.NaN : Number(v);
};

const FIELDS = [
  ["value", "ed.rangeValue"],
  ["tolerance", "ed.tolerance"],
  ["weight", "ed.rangeWeight"],
] as const;

export function SliderRanges({
  q,
  set,
  uid,
  issue,
}: {
  q: QDraft;
  set: (patch: Partial<QDraft>) => void;
  uid: (f: string) => string;
  issue: (f: string) => string | undefined;
}) {
  const ranges = q.ranges;
  const put = (i: number, patch: Partial<SliderRange>) =>
    set({ ranges: ranges.map((r, j) => (j === i ? { ...r, ...patch } : r)) });
  const [showFeedback, setShowFeedback] = useState(
    () => q.sliderFeedback.some((f) => f.trim()) || ranges.some((r) => r.feedback?.trim()),
  );
  const feedbackInput = (label: string, value: string, onInput: (v: string) => void) => (
    <input
      class="answer-feedback"
      aria-label={label}
      placeholder={label}
      maxLength={LIMITS.feedback}
      value={value}
      onInput={(e) => onInput(e.currentTarget.value)}
    />
  );
  return (
    <fieldset class="stack">
      <legend>{et("ed.ranges")}</legend>
      <small class="muted">{et("ed.rangesHint")}</small>
      <label class="check">
        <input
          type="checkbox"
          checked={showFeedback}
          onChange={(e) => {
            setShowFeedback(e.currentTarget.checked);
            // Hiding the texts drops them: what is not shown is not saved.
            if (!e.currentTarget.checked)
              set({ sliderFeedback: ["", ""], ranges: ranges.map(({ feedback: _f, ...r }) => r) });
          }}
        />
        {et("ed.answerFeedback")}
      </label>
      {showFeedback &&
        feedbackInput(et("ed.sliderFeedbackRight"), q.sliderFeedback[0], (v) =>
          set({ sliderFeedback: [v, q.sliderFeedback[1]] }),
        )}
      {ranges.map((r, i) => (
        <div class="stack" key={i}>
          <div class="row opt">
            {FIELDS.map(([f, label]) => {
              const id = uid(`ranges-${i}-${f}`);
              const err = issue(`ranges.${i}.${f}`);
              return (
                <div class="stack" key={f}>
                  <label for={id}>{et(label)}</label>
                  <input
                    id={id}
                    type="number"
                    step="any"
                    value={Number.isNaN(r[f]) ? "" : r[f]}
                    onInput={(e) => put(i, { [f]: num(e) })}
                    {...(err ? { "aria-invalid": true, "aria-describedby": `${id}-err` } : {})}
                  />
                  <Issue id={`${id}-err`} text={err} />
                </div>
              );
            })}
            <button
              type="button"
              class="icon"
              aria-label={et("ed.rangeRemove", { n: i + 1 })}
              onClick={() => set({ ranges: ranges.filter((_, j) => j !== i) })}
            >
              ✕
            </button>
          </div>
          {showFeedback &&
            feedbackInput(et("ed.rangeFeedback", { n: i + 1 }), r.feedback ?? "", (v) => put(i, { feedback: v }))}
        </div>
      ))}
      {showFeedback &&
        feedbackInput(et("ed.sliderFeedbackOther"), q.sliderFeedback[1], (v) =>
          set({ sliderFeedback: [q.sliderFeedback[0], v] }),
        )}
      <button
        type="button"
        class="self-start"
        disabled={ranges.length >= LIMITS.maxOptions}
        onClick={() => set({ ranges: [...ranges, { value: q.value, tolerance: q.tolerance + q.step, weight: 50 }] })}
      >
        {et("ed.rangeAdd")}
      </button>
    </fieldset>
  );
}
