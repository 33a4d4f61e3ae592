// A team's name with an inline, keyboard-friendly rename (the live lobby's and the homework
// page's): a button opens an input with Save and Cancel (Enter saves, Escape cancels); the edit
// stays open until the new name comes back from the room, and a refusal (the nickname filter, a
// look-alike of another team's name) is shown under the input, where the teacher is typing.
import { useEffect, useRef, useState } from "preact/hooks";
import { NICKNAME_MAX } from "../../../../schema/constants.ts";
import { ht } from "./strings.ts";

/** A refusal of the last rename: `seq` grows with each, so an older one is not shown for a new save. */
export interface RenameError {
  message: string;
  seq: number;
}

export function TeamNameEdit({
  teamId,
  name,
  error,
  onSave,
}: {
  teamId: string;
  name: string;
  /** The latest refusal of a rename (any team's); shown only if it came after this edit's save. */
  error: RenameError | null;
  onSave: (name: string) => void;
}) {
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState(name);
  /** The error count when this edit was last saved; null: not saved yet. */
  const [savedAt, setSavedAt] = useState<number | null>(null);
  const input = useRef<HTMLInputElement>(null);
  const opener = useRef<HTMLButtonElement>(null);
  const inputId = `team-name-${teamId}`;
  const errId = `${inputId}-err`;

  const close = () => {
    setEditing(false);
    setSavedAt(null);
    // Focus returns to the button that opened the edit (it is rendered again on the next frame).
    requestAnimationFrame(() => opener.current?.focus());
  };
  // The room took the new name: the edit is done.
  useEffect(() => {
    if (editing && savedAt !== null) close();
  }, [name]);
  useEffect(() => {
    if (editing) input.current?.select();
  }, [editing]);

  if (!editing)
    return (
      <>
        <span class="team-name">{name}</span>{" "}
        <button
          ref={opener}
          type="button"
          class="icon presenter-only"
          aria-label={ht("team.rename", { name })}
          onClick={() => {
            setDraft(name);
            setEditing(true);
          }}
        >
          ✎
        </button>
      </>
    );
  const shown = error && savedAt !== null && error.seq > savedAt ? error.message : "";
  const save = () => {
    const next = draft.trim();
    if (!next || next === name) return close();
    setSavedAt(error?.seq ?? 0);
    onSave(next);
  };
  return (
    <span class="team-name-edit stack">
      <label class="sr" for={inputId}>
        {ht("team.newName", { name })}
      </label>
      <span class="row">
        <input
          ref={input}
          id={inputId}
          value={draft}
          maxLength={NICKNAME_MAX}
          aria-invalid={shown ? true : undefined}
          aria-describedby={errId}
          onInput={(e) => setDraft(e.currentTarget.value)}
          onKeyDown={(e) => {
            if (e.key === "Enter") {
              e.preventDefault();
              save();
            } else if (e.key === "Escape") {
              e.preventDefault();
              close();
            }
          }}
        />
        <button type="button" onClick={save}>
          {ht("team.save")}
        </button>
        <button type="button" onClick={close}>
          {ht("team.cancel")}
        </button>
      </span>
      <small id={errId} class="err" role="alert">
        {shown}
      </small>
    </span>
  );
}
