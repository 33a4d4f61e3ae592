// The editor's question list: one entry per question (number, type, first words, a mark when it
// has a problem) to jump to it, reordered by dragging the grip (mouse, pen or finger), by Alt+↑/↓
// on an entry or by its ▲/▼ buttons; the selected entry also duplicates and deletes. On a phone
// it folds into one line above the form.
import { useEffect, useRef, useState } from "preact/hooks";
import "./question-list.css";
import { MoveButtons } from "../../shared/ui.tsx";
import type { QDraft } from "./draft.ts";
import { TYPE_ICON } from "./question-icons.ts";
import { dropIndex, excerpt } from "./reorder.ts";
import { at } from "../../app/strings.ts";
import { et } from "./strings.ts";

interface Props {
  questions: QDraft[];
  /** Whether question `i` has a problem worth showing. */
  flagged: (i: number) => boolean;
  /** What the last change did, read out by screen readers. */
  said: string;
  onJump: (i: number) => void;
  onMove: (from: number, to: number) => void;
  onDuplicate: (i: number) => void;
  onDelete: (i: number) => void;
}

type Drag = { from: number; to: number; pointer: number };

export function QuestionList({ questions, flagged, said, onJump, onMove, onDuplicate, onDelete }: Props) {
  const [open, setOpen] = useState(false);
  const [selected, setSelected] = useState<string | null>(null);
  const [drag, setDrag] = useState<Drag | null>(null);
  // After a move the entry's node is put elsewhere, which drops focus: it is given back here.
  const refocus = useRef<{ id: string; part: "jump" | "up" | "down" } | null>(null);
  const list = useRef<HTMLOListElement>(null);
  const count = questions.length;

  useEffect(() => {
    const r = refocus.current;
    if (!r) return;
    refocus.current = null;
    const li = list.current?.querySelector<HTMLElement>(`[data-qid="${r.id}"]`);
    // The ▲ and ▼ buttons are the tools' first two (shared MoveButtons, without classes of their own).
    const sel = r.part === "jump" ? ".q-jump" : `.q-tools > button:nth-of-type(${r.part === "up" ? 1 : 2})`;
    const want = li?.querySelector<HTMLButtonElement>(sel);
    (want && !want.disabled ? want : li?.querySelector<HTMLElement>(".q-jump"))?.focus();
  });

  const move = (from: number, to: number, part: "jump" | "up" | "down") => {
    if (to < 0 || to >= count || to === from) return;
    refocus.current = { id: questions[from].id, part };
    setSelected(questions[from].id);
    onMove(from, to);
  };
  const middles = () =>
    [...(list.current?.children ?? [])].map((li) => {
      const r = li.getBoundingClientRect();
      return r.top + r.height / 2;
    });

  return (
    <nav class="qlist card" aria-label={et("el.list")}>
      <div class="row spread qlist-head">
        <h2>{et("el.list")}</h2>
        <button
          type="button"
          class="qlist-toggle"
          aria-expanded={open}
          aria-controls="qlist-items"
          onClick={() => setOpen(!open)}
        >
          {open ? et("el.hide") : et("el.show", { n: count })}
        </button>
      </div>
      <ol id="qlist-items" ref={list} class={open ? "open" : undefined}>
        {questions.map((q, i) => {
          const bad = flagged(i);
          const text = excerpt(q.text) || et("el.noText");
          const cls = ["qitem"];
          if (q.id === selected) cls.push("selected");
          if (drag?.from === i) cls.push("dragging");
          if (drag && drag.to !== drag.from && drag.to === i)
            cls.push(drag.to < drag.from ? "drop-before" : "drop-after");
          if (bad) cls.push("bad");
          return (
            <li key={q.id} data-qid={q.id} class={cls.join(" ")}>
              <span
                class="grip"
                aria-hidden="true"
                title={et("el.drag", { n: i + 1 })}
                onPointerDown={(e) => {
                  if (e.button !== 0) return;
                  e.preventDefault();
                  e.currentTarget.setPointerCapture(e.pointerId);
                  setDrag({ from: i, to: i, pointer: e.pointerId });
                }}
                onPointerMove={(e) => {
                  if (!drag || e.pointerId !== drag.pointer) return;
                  const to = dropIndex(middles(), e.clientY, drag.from);
                  if (to !== drag.to) setDrag({ ...drag, to });
                }}
                onPointerUp={(e) => {
                  if (!drag || e.pointerId !== drag.pointer) return;
                  setDrag(null);
                  move(drag.from, drag.to, "jump");
                }}
                onPointerCancel={() => setDrag(null)}
              >
                ⠿
              </span>
              <button
                type="button"
                class="q-jump"
                aria-current={q.id === selected ? "true" : undefined}
                onClick={() => {
                  setSelected(q.id);
                  onJump(i);
                }}
                onKeyDown={(e) => {
                  if (!e.altKey || (e.key !== "ArrowUp" && e.key !== "ArrowDown")) return;
                  e.preventDefault();
                  move(i, e.key === "ArrowUp" ? i - 1 : i + 1, "jump");
                }}
              >
                <span class="q-num" aria-hidden="true">
                  {i + 1}
                </span>
                <span class="q-icon" aria-hidden="true" title={at(`type.${q.type}`)}>
                  {TYPE_ICON[q.type]}
                </span>
                <span class="sr">{`${et("ed.questionN", { n: i + 1 })}, ${at(`type.${q.type}`)}: `}</span>
                <span class="q-text">{text}</span>
                {bad && (
                  <span class="q-bad" title={et("el.problem")}>
                    <span aria-hidden="true">!</span>
                    <span class="sr">{`, ${et("el.problem")}`}</span>
                  </span>
                )}
              </button>
              {q.id === selected && (
                <span class="row q-tools">
                  <MoveButtons
                    i={i}
                    count={count}
                    move={(from, to) => move(from, to, to < from ? "up" : "down")}
                    upLabel={et("ed.moveUp", { n: i + 1 })}
                    downLabel={et("ed.moveDown", { n: i + 1 })}
                  />
                  <button
                    type="button"
                    class="icon q-dup"
                    aria-label={et("el.duplicate", { n: i + 1 })}
                    title={et("el.duplicate", { n: i + 1 })}
                    disabled={count >= 100}
                    onClick={() => onDuplicate(i)}
                  >
                    ❐
                  </button>
                  <button
                    type="button"
                    class="icon danger q-del"
                    aria-label={et("el.delete", { n: i + 1 })}
                    title={et("el.delete", { n: i + 1 })}
                    disabled={count === 1}
                    onClick={() => onDelete(i)}
                  >
                    ✕
                  </button>
                </span>
              )}
            </li>
          );
        })}
      </ol>
      <p class="muted qlist-keys">{et("el.keys")}</p>
      <p class="sr" aria-live="polite">
        {said}
      </p>
    </nav>
  );
}

/** Offers to put back the question just deleted (deleting does not ask). */
export function UndoToast({ n, onUndo, onClose }: { n: number; onUndo: () => void; onClose: () => void }) {
  return (
    <div class="toast row">
      <span>{et("el.deleted", { n })}</span>
      <button type="button" onClick={onUndo}>
        {et("el.undo")}
      </button>
      <button type="button" class="icon" aria-label={et("el.dismiss")} title={et("el.dismiss")} onClick={onClose}>
        ✕
      </button>
    </div>
  );
}
