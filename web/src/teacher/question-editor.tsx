// One question in the editor: the fields its type needs, with the schema's messages beside them.
import { QUESTION_TYPES, type QuestionType } from "../../../schema/quiz";
import { Shape } from "../shapes";
import { Issue } from "./auth";
import { ImageField } from "./image-field";
import { mt } from "./media-strings";
import { LIMITS, type QDraft } from "./draft";
import type { Issues } from "./editor";
import { tt } from "./strings";

interface Props {
  q: QDraft;
  index: number;
  count: number;
  issues: Issues;
  onChange: (q: QDraft) => void;
  onMove: (to: number) => void;
  onDuplicate: () => void;
  onDelete: () => void;
}

const num = (e: Event) => {
  const v = (e.currentTarget as HTMLInputElement).value;
  return v === "" ? Number.NaN : Number(v);
};

export function QuestionEditor({ q, index, count, issues, onChange, onMove, onDuplicate, onDelete }: Props) {
  const p = (f: string) => `questions.${index}${f ? "." + f : ""}`;
  const issue = (f: string) => issues.get(p(f));
  /** The first message about a field or anything inside it (options.3, accepted.0 …). */
  const issueUnder = (f: string) => {
    for (const [k, v] of issues) if (k === p(f) || k.startsWith(p(f) + ".")) return v;
    return undefined;
  };
  const set = (patch: Partial<QDraft>) => onChange({ ...q, ...patch });
  const uid = (f: string) => `q${q.id}-${f}`;
  /** Marks a field invalid and ties it to its message, so screen readers read the message with it. */
  const invalid = (f: string, id: string) => (issue(f) ? { "aria-invalid": true, "aria-describedby": `${id}-err` } : {});
  const heading = tt("ed.questionN", { n: index + 1 });

  return (
    <li class="card stack qedit" aria-label={heading}>
      <div class="row spread">
        <h2>{heading}</h2>
        <div class="row tools">
          <button type="button" class="icon" aria-label={tt("ed.moveUp", { n: index + 1 })} disabled={index === 0} onClick={() => onMove(index - 1)}>
            ▲
          </button>
          <button type="button" class="icon" aria-label={tt("ed.moveDown", { n: index + 1 })} disabled={index === count - 1} onClick={() => onMove(index + 1)}>
            ▼
          </button>
          <button type="button" onClick={onDuplicate}>
            {tt("ed.duplicate")}
          </button>
          <button type="button" class="danger" disabled={count === 1} onClick={onDelete}>
            {tt("ed.delete")}
          </button>
        </div>
      </div>
      <div class="grid3">
        <div class="stack">
          <label for={uid("type")}>{tt("ed.type")}</label>
          <select id={uid("type")} value={q.type} onChange={(e) => set({ type: e.currentTarget.value as QuestionType })}>
            {QUESTION_TYPES.map((t) => (
              <option key={t} value={t}>
                {tt(`type.${t}`)}
              </option>
            ))}
          </select>
        </div>
        <div class="stack">
          <label for={uid("time")}>{tt("ed.time")}</label>
          <input id={uid("time")} type="number" min={LIMITS.minTime} max={LIMITS.maxTime} value={Number.isNaN(q.timeLimit) ? "" : q.timeLimit} onInput={(e) => set({ timeLimit: num(e) })} {...invalid("timeLimit", uid("time"))} />
          <Issue id={`${uid("time")}-err`} text={issue("timeLimit")} />
        </div>
        <div class="stack">
          <label for={uid("points")}>{tt("ed.points")}</label>
          <select id={uid("points")} value={q.points} onChange={(e) => set({ points: e.currentTarget.value as QDraft["points"] })}>
            {(["standard", "double", "none"] as const).map((v) => (
              <option key={v} value={v}>
                {tt(`points.${v}`)}
              </option>
            ))}
          </select>
        </div>
      </div>
      <label for={uid("text")}>{tt("ed.text")}</label>
      <textarea id={uid("text")} rows={2} maxLength={LIMITS.questionText + 20} value={q.text} onInput={(e) => set({ text: e.currentTarget.value })} {...invalid("text", uid("text"))} />
      <Issue id={`${uid("text")}-err`} text={issue("text")} />

      {(q.type === "single" || q.type === "multi" || q.type === "poll") && (
        <Options q={q} set={set} uid={uid} issueUnder={issueUnder} issue={issue} />
      )}
      {q.type === "truefalse" && (
        <fieldset class="row">
          <legend>{tt("ed.correct")}</legend>
          {[true, false].map((v) => (
            <label class="check" key={String(v)}>
              <input type="radio" name={uid("tf")} checked={q.correctBool === v} onChange={() => set({ correctBool: v })} />
              {v ? tt("ed.true") : tt("ed.false")}
            </label>
          ))}
        </fieldset>
      )}
      {q.type === "text" && (
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
      )}
      {q.type === "order" && (
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
      )}
      {q.type === "slider" && (
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
                <input id={uid(f)} type="number" step="any" value={Number.isNaN(q[f]) ? "" : q[f]} onInput={(e) => set({ [f]: num(e) })} {...invalid(path, uid(f))} />
                <Issue id={`${uid(f)}-err`} text={issue(path)} />
              </div>
            );
          })}
        </div>
      )}

      <ImageField id={uid("img")} label={mt("img.question")} value={q} onChange={(v) => set({ image: v.image, imageAlt: v.imageAlt, imageDecorative: v.imageDecorative })} issues={{ image: issue("image"), imageAlt: issue("imageAlt") }} />
      <label for={uid("expl")}>{tt("ed.explanation")}</label>
      <textarea id={uid("expl")} rows={2} value={q.explanation} onInput={(e) => set({ explanation: e.currentTarget.value })} />
      <Issue text={issue("explanation")} />
    </li>
  );
}

function Options({
  q,
  set,
  uid,
  issueUnder,
  issue,
}: {
  q: QDraft;
  set: (p: Partial<QDraft>) => void;
  uid: (f: string) => string;
  issueUnder: (f: string) => string | undefined;
  issue: (f: string) => string | undefined;
}) {
  const multi = q.type === "multi";
  const poll = q.type === "poll";
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
      <legend>{poll ? tt("ed.options") : multi ? tt("ed.optionsMulti") : tt("ed.optionsSingle")}</legend>
      {q.options.map((o, i) => (
        <div class="row opt" key={i}>
          <span class={`chip c${i}`} aria-hidden="true">
            <Shape i={i} size={20} />
          </span>
          {!poll && (
            <input
              type={multi ? "checkbox" : "radio"}
              name={uid("correct")}
              aria-label={tt("ed.markCorrect", { n: i + 1 })}
              checked={multi ? q.correctSet.includes(i) : q.correctIndex === i}
              onChange={(e) =>
                multi
                  ? set({ correctSet: e.currentTarget.checked ? [...q.correctSet, i] : q.correctSet.filter((c) => c !== i) })
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
          <button type="button" class="icon" aria-label={tt("ed.removeOption", { n: i + 1 })} disabled={q.options.length <= LIMITS.minOptions} onClick={() => remove(i)}>
            ✕
          </button>
        </div>
      ))}
      <Issue text={issueUnder("options") ?? issueUnder("correct")} />
      <button type="button" class="self-start" disabled={q.options.length >= LIMITS.maxOptions} onClick={() => set({ options: [...q.options, ""] })}>
        {tt("ed.addOption")}
      </button>
    </fieldset>
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
          <input id={`${uid}-${i}`} aria-label={`${label} ${i + 1}`} value={v} maxLength={maxLength + 10} onInput={(e) => onChange(values.map((x, j) => (j === i ? e.currentTarget.value : x)))} />
          {ordered && (
            <>
              <button type="button" class="icon" aria-label={tt("ed.itemUp", { n: i + 1 })} disabled={i === 0} onClick={() => move(i, i - 1)}>
                ▲
              </button>
              <button type="button" class="icon" aria-label={tt("ed.itemDown", { n: i + 1 })} disabled={i === values.length - 1} onClick={() => move(i, i + 1)}>
                ▼
              </button>
            </>
          )}
          <button type="button" class="icon" aria-label={tt("ed.removeOption", { n: i + 1 })} disabled={values.length <= min} onClick={() => onChange(values.filter((_, j) => j !== i))}>
            ✕
          </button>
        </div>
      ))}
      <Issue text={issue} />
      <button type="button" class="self-start" disabled={values.length >= max} onClick={() => onChange([...values, ""])}>
        {tt("ed.addOption")}
      </button>
    </fieldset>
  );
}
