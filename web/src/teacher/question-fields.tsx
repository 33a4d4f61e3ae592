// The fields each question type adds in the editor (the editor's per-type components, keyed by
// type at the end); the fields every question has are in question-editor.tsx.
import type { FunctionComponent } from "preact";
import type { QuestionType } from "../../../schema/quiz";
import { Shape } from "../shared/shapes";
import { MoveButtons } from "../shared/ui";
import { Issue } from "./field-issue";
import { LIMITS, type QDraft } from "./draft";
import { tt } from "./strings";

interface FieldsProps {
  q: QDraft;
  set: (patch: Partial<QDraft>) => void;
  /** A DOM id unique to this question. */
  uid: (f: string) => string;
  /** The schema's message about a field of this question. */
  issue: (f: string) => string | undefined;
  /** The first message about a field or anything inside it (options.3, accepted.0 …). */
  issueUnder: (f: string) => string | undefined;
  /** Marks a field invalid and ties it to its message. */
  invalid: (f: string, id: string) => Record<string, unknown>;
}

/** A number input's value; NaN while empty, so the schema says what is missing. */
export const num = (e: Event) => {
  const v = (e.currentTarget as HTMLInputElement).value;
  return v === "" ? Number.NaN : Number(v);
};

/** Options with their right marks: one right (a radio), several (checkboxes) or none (a poll). */
function Options({ q, set, uid, issueUnder, issue, marks }: FieldsProps & { marks: "one" | "many" | "none" }) {
  const multi = marks === "many";
  const setOpt = (i: number, v: string) => set({ options: q.options.map((o, j) => (j === i ? v : o)) });
  const remove = (i: number) => {
    // Keep the correct marks pointing at the same options after one is removed.
    const shift = (c: number) => (c > i ? c - 1 : c);
    set({
      options: q.options.filter((_, j) => j !== i),
      correctIndex: q.correctIndex === i ? 0 : shift(q.correctIndex),
      correctSet: q.correctSet.filter((c) => c !== i).map(shift),
    });
  };
  return (
    <fieldset class="stack">
      <legend>{marks === "none" ? tt("ed.options") : multi ? tt("ed.optionsMulti") : tt("ed.optionsSingle")}</legend>
      {q.options.map((o, i) => (
        <div class="row opt" key={i}>
          <span class={`chip c${i}`} aria-hidden="true">
            <Shape i={i} size={20} />
          </span>
          {marks !== "none" && (
            <input
              type={multi ? "checkbox" : "radio"}
              name={uid("correct")}
              aria-label={tt("ed.markCorrect", { n: i + 1 })}
              checked={multi ? q.correctSet.includes(i) : q.correctIndex === i}
              onChange={(e) =>
                multi
                  ? set({
                      correctSet: e.currentTarget.checked ? [...q.correctSet, i] : q.correctSet.filter((c) => c !== i),
                    })
                  : set({ correctIndex: i })
              }
            />
          )}
          <input
            aria-label={tt("ed.optionN", { n: i + 1 })}
            value={o}
            maxLength={LIMITS.optionText + 10}
            onInput={(e) => setOpt(i, e.currentTarget.value)}
            aria-invalid={issue(`options.${i}`) ? true : undefined}
          />
          <button
            type="button"
            class="icon"
            aria-label={tt("ed.removeOption", { n: i + 1 })}
            disabled={q.options.length <= LIMITS.minOptions}
            onClick={() => remove(i)}
          >
            ✕
          </button>
        </div>
      ))}
      <Issue text={issueUnder("options") ?? issueUnder("correct")} />
      <button
        type="button"
        class="self-start"
        disabled={q.options.length >= LIMITS.maxOptions}
        onClick={() => set({ options: [...q.options, ""] })}
      >
        {tt("ed.addOption")}
      </button>
    </fieldset>
  );
}

function TrueFalse({ q, set, uid }: FieldsProps) {
  return (
    <fieldset class="row">
      <legend>{tt("ed.correct")}</legend>
      {[true, false].map((v) => (
        <label class="check" key={String(v)}>
          <input type="radio" name={uid("tf")} checked={q.correctBool === v} onChange={() => set({ correctBool: v })} />
          {v ? tt("ed.true") : tt("ed.false")}
        </label>
      ))}
    </fieldset>
  );
}

const Accepted = ({ q, set, uid, issueUnder }: FieldsProps) => (
  <ListField
    label={tt("ed.accepted")}
    hint={tt("ed.acceptedHint")}
    values={q.accepted}
    min={1}
    max={LIMITS.acceptedAnswers}
    maxLength={LIMITS.typedAnswer}
    uid={uid("acc")}
    onChange={(accepted) => set({ accepted })}
    issue={issueUnder("accepted")}
  />
);

const Items = ({ q, set, uid, issueUnder }: FieldsProps) => (
  <ListField
    label={tt("ed.items")}
    hint={tt("ed.itemsHint")}
    values={q.items}
    min={LIMITS.minOrderItems}
    max={LIMITS.maxOrderItems}
    maxLength={LIMITS.optionText}
    uid={uid("items")}
    ordered
    onChange={(items) => set({ items })}
    issue={issueUnder("items")}
  />
);

function Range({ q, set, uid, issue, invalid }: FieldsProps) {
  return (
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
            <label for={uid(f)}>{tt(label)}</label>
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
  onChange,
  issue,
}: {
  label: string;
  hint: string;
  values: string[];
  min: number;
  max: number;
  maxLength: number;
  uid: string;
  ordered?: boolean;
  onChange: (v: string[]) => void;
  issue?: string;
}) {
  const move = (i: number, to: number) => {
    const v = values.slice();
    [v[i], v[to]] = [v[to], v[i]];
    onChange(v);
  };
  return (
    <fieldset class="stack">
      <legend>{label}</legend>
      <small class="muted">{hint}</small>
      {values.map((v, i) => (
        <div class="row opt" key={i}>
          {ordered && <span class="num">{i + 1}</span>}
          <input
            id={`${uid}-${i}`}
            aria-label={`${label} ${i + 1}`}
            value={v}
            maxLength={maxLength + 10}
            onInput={(e) => onChange(values.map((x, j) => (j === i ? e.currentTarget.value : x)))}
          />
          {ordered && (
            <MoveButtons
              i={i}
              count={values.length}
              move={move}
              upLabel={tt("ed.itemUp", { n: i + 1 })}
              downLabel={tt("ed.itemDown", { n: i + 1 })}
            />
          )}
          <button
            type="button"
            class="icon"
            aria-label={tt("ed.removeOption", { n: i + 1 })}
            disabled={values.length <= min}
            onClick={() => onChange(values.filter((_, j) => j !== i))}
          >
            ✕
          </button>
        </div>
      ))}
      <Issue text={issue} />
      <button
        type="button"
        class="self-start"
        disabled={values.length >= max}
        onClick={() => onChange([...values, ""])}
      >
        {tt("ed.addOption")}
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
