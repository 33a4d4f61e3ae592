// The fields each question type adds in the editor (the editor's per-type components, keyed by
// type at the end); the fields every question has are in question-editor.tsx.
import { useState } from "preact/hooks";
import { type ComponentChildren, Fragment, type FunctionComponent } from "preact";
import type { QuestionType } from "../../../../schema/quiz.ts";
import { Shape } from "../../shared/shapes.tsx";
import { MoveButtons } from "../../shared/ui.tsx";
import { Issue } from "../../app/field-issue.tsx";
import { LIMITS, type QDraft } from "./draft.ts";
import { at } from "../../app/strings.ts";
import { et } from "./strings.ts";
import { SliderRanges } from "./slider-ranges.tsx";
import { CreditToggles, FeedbackField, useFeedbackShown, WeightField, withoutEntry } from "./credit-fields.tsx";

interface FieldsProps {
  q: QDraft;
  set: (patch: Partial<QDraft>) => void;
  /** A DOM id unique to this question. */
  uid: (f: string) => string;
  /** The schema's message about a field of this question. */
  issue: (f: string) => string | undefined;
  /** Marks a field invalid and ties it to its message. */
  invalid: (f: string, id: string) => Record<string, unknown>;
}

/** A number input's value; NaN while empty, so the schema says what is missing. */
export const num = (e: Event) => {
  const v = (e.currentTarget as HTMLInputElement).value;
  return v === "" ? Number.NaN : Number(v);
};

/** Options with their right marks: one right (a radio), several (checkboxes) or none (a poll). */
function Options({ q, set, uid, issue, invalid, marks }: FieldsProps & { marks: "one" | "many" | "none" }) {
  const multi = marks === "many";
  const [showFeedback, setShowFeedback] = useFeedbackShown(q);
  const credit = marks !== "none";
  const weighted = credit && q.partial;
  // Too few or too many options: the list as a whole is marked, and its message read with it.
  const listIssue = issue("options");
  const listErr = `${uid("options")}-err`;
  const setOpt = (i: number, v: string) => set({ options: q.options.map((o, j) => (j === i ? v : o)) });
  const remove = (i: number) => {
    // Keep the correct marks pointing at the same options after one is removed.
    const shift = (c: number) => (c > i ? c - 1 : c);
    set({
      options: q.options.filter((_, j) => j !== i),
      correctIndex: q.correctIndex === i ? 0 : shift(q.correctIndex),
      correctSet: q.correctSet.filter((c) => c !== i).map(shift),
      ...withoutEntry(q, i),
    });
  };
  return (
    <fieldset class={`stack${listIssue ? " invalid" : ""}`} aria-describedby={listIssue ? listErr : undefined}>
      <legend>{marks === "none" ? et("ed.options") : multi ? et("ed.optionsMulti") : et("ed.optionsSingle")}</legend>
      {credit && (
        <CreditToggles
          q={q}
          set={set}
          n={q.options.length}
          mode={multi ? "many" : "one"}
          showFeedback={showFeedback}
          setShowFeedback={setShowFeedback}
        />
      )}
      {q.options.map((o, i) => (
        <Fragment key={i}>
          <div class="row opt">
            <span class={`chip c${i}`} aria-hidden="true">
              <Shape i={i} size={20} />
            </span>
            {credit && !(multi && weighted) && (
              <input
                type={multi ? "checkbox" : "radio"}
                name={uid("correct")}
                aria-label={et("ed.markCorrect", { n: i + 1 })}
                checked={multi ? q.correctSet.includes(i) : q.correctIndex === i}
                {...invalid("correct", uid("correct"))}
                onChange={(e) =>
                  multi
                    ? set({
                        correctSet: e.currentTarget.checked
                          ? [...q.correctSet, i]
                          : q.correctSet.filter((c) => c !== i),
                      })
                    : set({ correctIndex: i })
                }
              />
            )}
            <input
              aria-label={et("ed.optionN", { n: i + 1 })}
              placeholder={et("ph.option", { n: i + 1 })}
              value={o}
              maxLength={LIMITS.optionText + 10}
              onInput={(e) => setOpt(i, e.currentTarget.value)}
              {...invalid(`options.${i}`, uid(`opt${i}`))}
            />
            {weighted && (
              <WeightField
                q={q}
                set={set}
                i={i}
                label={et("ed.optionN", { n: i + 1 })}
                fixed={!multi && q.correctIndex === i}
              />
            )}
            <button
              type="button"
              class="icon"
              aria-label={et("ed.removeOption", { n: i + 1 })}
              disabled={q.options.length <= LIMITS.minOptions}
              onClick={() => remove(i)}
            >
              ✕
            </button>
          </div>
          {credit && showFeedback && <FeedbackField q={q} set={set} i={i} label={et("ed.optionN", { n: i + 1 })} />}
          <Issue id={`${uid(`opt${i}`)}-err`} text={issue(`options.${i}`)} />
        </Fragment>
      ))}
      <Issue id={listErr} text={listIssue} />
      {credit && <Issue id={`${uid("correct")}-err`} text={issue("correct")} />}
      {credit && <Issue id={`${uid("weights")}-err`} text={issue("weights") ?? issue("feedback")} />}
      <button
        type="button"
        class="self-start"
        disabled={q.options.length >= LIMITS.maxOptions}
        onClick={() => set({ options: [...q.options, ""] })}
      >
        {et("ed.addOption")}
      </button>
    </fieldset>
  );
}

function TrueFalse({ q, set, uid, issue, invalid }: FieldsProps) {
  // Behind the same "Feedback per answer" toggle as the other kinds: open when the question has any.
  const [showFeedback, setShowFeedback] = useState(() => q.tfFeedback.some((f) => f.trim() !== ""));
  return (
    <fieldset class="row">
      <legend>{et("ed.correct")}</legend>
      {[true, false].map((v) => (
        <label class="check" key={String(v)}>
          <input
            type="radio"
            name={uid("tf")}
            checked={q.correctBool === v}
            onChange={() => set({ correctBool: v })}
            {...invalid("correct", uid("tf"))}
          />
          {v ? at("ed.true") : at("ed.false")}
        </label>
      ))}
      <Issue id={`${uid("tf")}-err`} text={issue("correct")} />
      <label class="check">
        <input
          type="checkbox"
          checked={showFeedback}
          onChange={(e) => {
            setShowFeedback(e.currentTarget.checked);
            // Hiding the texts drops them: what is not shown is not saved.
            if (!e.currentTarget.checked) set({ tfFeedback: ["", ""] });
          }}
        />
        {et("ed.answerFeedback")}
      </label>
      {showFeedback && (
        <div class="stack tf-feedback">
          {[0, 1].map((i) => (
            <input
              key={i}
              class="answer-feedback"
              aria-label={et(i === 0 ? "ed.feedbackTrue" : "ed.feedbackFalse")}
              placeholder={et(i === 0 ? "ed.feedbackTrue" : "ed.feedbackFalse")}
              maxLength={LIMITS.feedback}
              value={q.tfFeedback[i] ?? ""}
              onInput={(e) => set({ tfFeedback: q.tfFeedback.map((f, j) => (j === i ? e.currentTarget.value : f)) })}
            />
          ))}
        </div>
      )}
    </fieldset>
  );
}

function Accepted({ q, set, uid, issue }: FieldsProps) {
  const [showFeedback, setShowFeedback] = useFeedbackShown(q);
  const label = (i: number) => `${et("ed.accepted")} ${i + 1}`;
  return (
    <ListField
      label={et("ed.accepted")}
      hint={et("ed.acceptedHint")}
      values={q.accepted}
      min={1}
      max={LIMITS.acceptedAnswers}
      maxLength={LIMITS.typedAnswer}
      uid={uid("acc")}
      placeholder={et("ph.accepted")}
      onChange={(accepted) => set({ accepted })}
      onRemove={(i) => set({ accepted: q.accepted.filter((_, j) => j !== i), ...withoutEntry(q, i) })}
      issue={issue("accepted") ?? issue("weights") ?? issue("feedback")}
      issueAt={(i) => issue(`accepted.${i}`)}
      top={
        <CreditToggles
          q={q}
          set={set}
          n={q.accepted.length}
          mode="typed"
          showFeedback={showFeedback}
          setShowFeedback={setShowFeedback}
        />
      }
      after={(i) => q.partial && <WeightField q={q} set={set} i={i} label={label(i)} />}
      below={(i) => showFeedback && <FeedbackField q={q} set={set} i={i} label={label(i)} />}
    />
  );
}

const Items = ({ q, set, uid, issue }: FieldsProps) => (
  <ListField
    label={et("ed.items")}
    hint={et("ed.itemsHint")}
    values={q.items}
    min={LIMITS.minOrderItems}
    max={LIMITS.maxOrderItems}
    maxLength={LIMITS.optionText}
    uid={uid("items")}
    ordered
    placeholder={et("ph.item")}
    onChange={(items) => set({ items })}
    issue={issue("items")}
    issueAt={(i) => issue(`items.${i}`)}
  />
);

function Range({ q, set, uid, issue, invalid }: FieldsProps) {
  return (
    <>
      <div class="grid5">
        {(
          [
            ["min", "ed.min"],
            ["max", "ed.max"],
            ["step", "ed.step"],
            ["value", "ed.sliderCorrect"],
            ["tolerance", "ed.tolerance"],
          ] as const
        ).map(([f, label]) => {
          const path = f === "value" ? "correct" : f;
          return (
            <div class="stack" key={f}>
              <label for={uid(f)}>{et(label)}</label>
              <input
                id={uid(f)}
                type="number"
                step="any"
                value={Number.isNaN(q[f]) ? "" : q[f]}
                onInput={(e) => set({ [f]: num(e) })}
                {...invalid(path, uid(f))}
              />
              <Issue id={`${uid(f)}-err`} text={issue(path)} />
            </div>
          );
        })}
      </div>
      <SliderRanges q={q} set={set} uid={uid} issue={issue} />
    </>
  );
}

function ListField({
  label,
  hint,
  values,
  min,
  max,
  maxLength,
  uid,
  ordered,
  placeholder,
  onChange,
  onRemove,
  issue,
  issueAt,
  top,
  after,
  below,
}: {
  label: string;
  hint: string;
  values: string[];
  min: number;
  max: number;
  maxLength: number;
  uid: string;
  ordered?: boolean;
  placeholder: string;
  onChange: (v: string[]) => void;
  /** Removing entry i (default: the list without it), for fields that follow their entry. */
  onRemove?: (i: number) => void;
  /** Above the entries (partial credit's toggles); beside (a % field) and below (feedback) each entry. */
  top?: ComponentChildren;
  after?: (i: number) => ComponentChildren;
  below?: (i: number) => ComponentChildren;
  /** About the list: too few or too many. */
  issue?: string;
  /** About one entry: empty or too long. */
  issueAt: (i: number) => string | undefined;
}) {
  const move = (i: number, to: number) => {
    const v = values.slice();
    [v[i], v[to]] = [v[to], v[i]];
    onChange(v);
  };
  return (
    <fieldset class={`stack${issue ? " invalid" : ""}`} aria-describedby={issue ? `${uid}-err` : undefined}>
      <legend>{label}</legend>
      <small class="muted">{hint}</small>
      {top}
      {values.map((v, i) => (
        <Fragment key={i}>
          <div class="row opt">
            {ordered && <span class="num">{i + 1}</span>}
            <input
              id={`${uid}-${i}`}
              aria-label={`${label} ${i + 1}`}
              placeholder={placeholder}
              value={v}
              {...(issueAt(i) ? { "aria-invalid": true, "aria-describedby": `${uid}-${i}-err` } : {})}
              maxLength={maxLength + 10}
              onInput={(e) => onChange(values.map((x, j) => (j === i ? e.currentTarget.value : x)))}
            />
            {after?.(i)}
            {ordered && (
              <MoveButtons
                i={i}
                count={values.length}
                move={move}
                upLabel={et("ed.itemUp", { n: i + 1 })}
                downLabel={et("ed.itemDown", { n: i + 1 })}
              />
            )}
            <button
              type="button"
              class="icon"
              aria-label={et("ed.removeOption", { n: i + 1 })}
              disabled={values.length <= min}
              onClick={() => (onRemove ? onRemove(i) : onChange(values.filter((_, j) => j !== i)))}
            >
              ✕
            </button>
          </div>
          {below?.(i)}
          <Issue id={`${uid}-${i}-err`} text={issueAt(i)} />
        </Fragment>
      ))}
      <Issue id={`${uid}-err`} text={issue} />
      <button
        type="button"
        class="self-start"
        disabled={values.length >= max}
        onClick={() => onChange([...values, ""])}
      >
        {et("ed.addOption")}
      </button>
    </fieldset>
  );
}

/** Each type's fields: a new question type adds its own here. */
export const FIELDS: Record<QuestionType, FunctionComponent<FieldsProps>> = {
  single: (p) => <Options {...p} marks="one" />,
  multi: (p) => <Options {...p} marks="many" />,
  truefalse: TrueFalse,
  text: Accepted,
  order: Items,
  slider: Range,
  poll: (p) => <Options {...p} marks="none" />,
};
