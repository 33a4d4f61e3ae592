// One question in the editor: the fields every question has, and its type's own (question-fields.tsx),
// with the schema's messages beside them.
import { QUESTION_TYPES, type QuestionType } from "../../../../schema/quiz.ts";
import { useState } from "preact/hooks";
import { Issue, invalidProps, type Issues } from "../../app/field-issue.tsx";
import { FormulaLines } from "./formula-lines.tsx";
import { QuestionPreview } from "./question-preview.tsx";
import { LIMITS, type QDraft } from "./draft.ts";
import { FIELDS, num } from "./question-fields.tsx";
import { ImageField } from "./image-field.tsx";
import { at } from "../../app/strings.ts";
import { et } from "./strings.ts";

interface Props {
  q: QDraft;
  index: number;
  count: number;
  /** The quiz's language, for the spoken form of formulas. */
  language: string;
  issues: Issues;
  onChange: (q: QDraft) => void;
  onMove: (to: number) => void;
  onDuplicate: () => void;
  onDelete: () => void;
}

export function QuestionEditor({ q, index, count, language, issues, onChange, onMove, onDuplicate, onDelete }: Props) {
  const p = (f: string) => `questions.${index}${f ? "." + f : ""}`;
  const issue = (f: string) => issues.get(p(f));
  const set = (patch: Partial<QDraft>) => onChange({ ...q, ...patch });
  const uid = (f: string) => `q${q.id}-${f}`;
  /** Marks a field invalid and ties it to its message, so screen readers read the message with it. */
  const invalid = (f: string, id: string) => invalidProps(id, issue(f));
  const [previewing, setPreviewing] = useState(false);
  const heading = et("ed.questionN", { n: index + 1 });
  const Fields = FIELDS[q.type];

  return (
    <li class="card stack qedit" aria-label={heading}>
      <div class="row spread">
        <h2>{heading}</h2>
        <div class="row tools">
          <button
            type="button"
            class="icon"
            aria-label={et("ed.moveUp", { n: index + 1 })}
            disabled={index === 0}
            onClick={() => onMove(index - 1)}
          >
            ▲
          </button>
          <button
            type="button"
            class="icon"
            aria-label={et("ed.moveDown", { n: index + 1 })}
            disabled={index === count - 1}
            onClick={() => onMove(index + 1)}
          >
            ▼
          </button>
          <button type="button" onClick={onDuplicate}>
            {et("ed.duplicate")}
          </button>
          <button type="button" class="danger" disabled={count === 1} onClick={onDelete}>
            {et("ed.delete")}
          </button>
        </div>
      </div>
      <div class="grid3">
        <div class="stack">
          <label for={uid("type")}>{et("ed.type")}</label>
          <select
            id={uid("type")}
            value={q.type}
            onChange={(e) => set({ type: e.currentTarget.value as QuestionType })}
          >
            {QUESTION_TYPES.map((t) => (
              <option key={t} value={t}>
                {at(`type.${t}`)}
              </option>
            ))}
          </select>
        </div>
        <div class="stack">
          <label for={uid("time")}>{et("ed.time")}</label>
          <input
            id={uid("time")}
            type="number"
            min={LIMITS.minTime}
            max={LIMITS.maxTime}
            value={Number.isNaN(q.timeLimit) ? "" : q.timeLimit}
            onInput={(e) => set({ timeLimit: num(e) })}
            {...invalid("timeLimit", uid("time"))}
          />
          <Issue id={`${uid("time")}-err`} text={issue("timeLimit")} />
        </div>
        <div class="stack">
          <label for={uid("points")}>{et("ed.points")}</label>
          <select
            id={uid("points")}
            value={q.points}
            onChange={(e) => set({ points: e.currentTarget.value as QDraft["points"] })}
          >
            {(["standard", "double", "none"] as const).map((v) => (
              <option key={v} value={v}>
                {at(`points.${v}`)}
              </option>
            ))}
          </select>
        </div>
      </div>
      <label for={uid("text")}>{et("ed.text")}</label>
      <textarea
        id={uid("text")}
        rows={2}
        maxLength={LIMITS.questionText + 20}
        value={q.text}
        placeholder={et("ph.text")}
        onInput={(e) => set({ text: e.currentTarget.value })}
        {...invalid("text", uid("text"))}
      />
      <Issue id={`${uid("text")}-err`} text={issue("text")} />
      <small class="muted">{et("ed.textHint")}</small>

      <Fields q={q} set={set} uid={uid} issue={issue} invalid={invalid} />

      <ImageField
        id={uid("img")}
        label={et("img.question")}
        value={q}
        onChange={(v) => set({ image: v.image, imageAlt: v.imageAlt, imageDecorative: v.imageDecorative })}
        issues={{ image: issue("image"), imageAlt: issue("imageAlt") }}
      />
      <label for={uid("expl")}>{et("ed.explanation")}</label>
      <textarea
        id={uid("expl")}
        rows={2}
        value={q.explanation}
        placeholder={et("ph.explanation")}
        onInput={(e) => set({ explanation: e.currentTarget.value })}
        {...invalid("explanation", uid("expl"))}
      />
      <Issue id={`${uid("expl")}-err`} text={issue("explanation")} />
      <FormulaLines q={q} language={language} />
      <button type="button" class="self-start" onClick={() => setPreviewing(true)}>
        {et("pv.open")}
      </button>
      {previewing && (
        <QuestionPreview q={q} index={index} total={count} language={language} onClose={() => setPreviewing(false)} />
      )}
    </li>
  );
}
