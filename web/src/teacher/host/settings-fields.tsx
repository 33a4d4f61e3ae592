// What the two settings dialogs (hosting a live game, assigning a quiz) are built from: the modal
// with its title, error line and cancel/submit buttons, and the checkbox, number and choice fields.
// One place, so both dialogs look and behave alike (labels tied to their inputs, hints under
// checkboxes, the submit button disabled while the request runs).
import type { ComponentChildren } from "preact";
import { useEffect, useRef, useState } from "preact/hooks";
import type { ApiError } from "../../api.ts";
import { applyZodLanguage } from "../editor/issues.ts";
import { at } from "../../app/strings.ts";

/** `set("key")(value)`: one field of a settings object changed, the others kept. */
export const fieldSetter =
  <S,>(setS: (update: (s: S) => S) => void) =>
  <K extends keyof S>(key: K) =>
  (value: S[K]) =>
    setS((s) => ({ ...s, [key]: value }));

/**
 * The settings dialog: opens as a modal, and on submit runs `onSubmit` with zod speaking the
 * teacher's language. `onSubmit` returns a problem to show (invalid settings) or nothing (it went
 * on to another page); a failed request shows the server's message and enables the button again.
 */
export function SettingsDialog({
  titleId,
  title,
  submitLabel,
  onSubmit,
  onClose,
  children,
}: {
  titleId: string;
  title: string;
  submitLabel: string;
  onSubmit: () => Promise<string | undefined>;
  onClose: () => void;
  children: ComponentChildren;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const [error, setError] = useState("");
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    ref.current?.showModal();
  }, []);

  const submit = async (e: Event) => {
    e.preventDefault();
    applyZodLanguage();
    setBusy(true);
    try {
      const problem = await onSubmit();
      if (problem) {
        setError(problem);
        setBusy(false);
      }
    } catch (err) {
      setError((err as ApiError).message);
      setBusy(false);
    }
  };

  return (
    <dialog ref={ref} class="dialog" onClose={onClose} aria-labelledby={titleId}>
      <form class="stack" onSubmit={submit}>
        <h2 id={titleId}>{title}</h2>
        {children}
        <p class="err" role="alert">
          {error}
        </p>
        <div class="row end">
          <button type="button" onClick={() => ref.current?.close()}>
            {at("cancel")}
          </button>
          <button type="submit" class="primary" disabled={busy}>
            {submitLabel}
          </button>
        </div>
      </form>
    </dialog>
  );
}

/** A checkbox with its label and, when given, a hint in smaller type under it. */
export function CheckField({
  label,
  hint,
  checked,
  onChange,
}: {
  label: string;
  hint?: string;
  checked: boolean | undefined;
  onChange: (checked: boolean) => void;
}) {
  return (
    <label class="check">
      <input type="checkbox" checked={!!checked} onChange={(e) => onChange(e.currentTarget.checked)} />
      <span>
        {label}
        {hint && <small class="muted block">{hint}</small>}
      </span>
    </label>
  );
}

/** A whole number between `min` and `max`, its label above it. */
export function NumberField({
  id,
  label,
  min,
  max,
  value,
  onChange,
}: {
  id: string;
  label: string;
  min: number;
  max: number;
  value: number | undefined;
  onChange: (value: number) => void;
}) {
  return (
    <>
      <label for={id}>{label}</label>
      <input
        id={id}
        type="number"
        min={min}
        max={max}
        value={value}
        onInput={(e) => onChange(Number(e.currentTarget.value))}
      />
    </>
  );
}

/**
 * One of `options`, each shown as `optionLabel(option)`. With an `id` the label stands above the
 * choice; without one it only names it for screen readers (a choice that follows from the field
 * before it). `disabled` options cannot be picked (`hint`, under the choice, says why).
 */
export function SelectField<V extends string>({
  id,
  label,
  options,
  optionLabel,
  value,
  onChange,
  disabled,
  hint,
}: {
  id?: string;
  label: string;
  options: readonly V[];
  optionLabel: (option: V) => string;
  value: V | undefined;
  onChange: (value: V) => void;
  disabled?: (option: V) => boolean;
  hint?: string;
}) {
  const hintId = id && hint ? `${id}-hint` : undefined;
  const select = (
    <select
      id={id}
      aria-label={id ? undefined : label}
      aria-describedby={hintId}
      value={value}
      onChange={(e) => onChange(e.currentTarget.value as V)}
    >
      {options.map((o) => (
        <option key={o} value={o} disabled={disabled?.(o)}>
          {optionLabel(o)}
        </option>
      ))}
    </select>
  );
  if (!id) return select;
  return (
    <>
      <label for={id}>{label}</label>
      {select}
      {hint && (
        <small id={hintId} class="muted">
          {hint}
        </small>
      )}
    </>
  );
}
