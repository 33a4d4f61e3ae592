// The answer controls, one per question type (the player's per-type components, keyed by type at
// the end). Each calls `onAnswer` once with the protocol's value.
import type { FunctionComponent } from "preact";
import { useEffect, useRef, useState } from "preact/hooks";
import { TYPED_ANSWER_MAX } from "../../../schema/constants.ts";
import type { AnswerValue, QuestionView } from "../../../schema/messages.ts";
import type { QuestionType } from "../../../schema/quiz.ts";
import { t } from "../strings.ts";
import { labelOf } from "../labels.ts";
import { RichLabel, spokenLabel } from "../rich.tsx";
import { Shape, shapeName } from "../shared/shapes.tsx";
import { MoveButtons } from "../shared/ui.tsx";

type Props = { q: QuestionView; onAnswer: (a: AnswerValue) => void };
type Option = NonNullable<QuestionView["options"]>[number];

/** Choices and ordering items come from the room, in display order (true/false included). */
const options = (q: QuestionView): Option[] => q.options ?? [];

/** Keys 1–6 pick the option in that place, unless the player is typing. */
function useNumberKeys(count: number, pick: (i: number) => void) {
  const ref = useRef(pick);
  ref.current = pick;
  useEffect(() => {
    const on = (e: KeyboardEvent) => {
      if (e.ctrlKey || e.metaKey || e.altKey || (e.target as HTMLElement).tagName === "INPUT") return;
      const n = Number(e.key);
      if (n >= 1 && n <= count) {
        e.preventDefault();
        ref.current(n - 1);
      }
    };
    addEventListener("keydown", on);
    return () => removeEventListener("keydown", on);
  }, [count]);
}

/**
 * Smaller type for an option whose longest word, or whole text, would not fit a phone's half-width
 * tile at full size: words wrap whole and are never cut in two. Formulas count by their rendering, not their TeX.
 */
function tileFit(o: Option): string {
  const words = labelOf(o)
    .replace(/\\\(.*?\\\)|\$\$.*?\$\$/g, "xxxx")
    .split(/\s+/);
  const longest = Math.max(...words.map((w) => w.length));
  const total = words.join(" ").length;
  return longest > 11 || total > 60 ? " fit2" : longest > 8 || total > 36 ? " fit1" : "";
}

export function ChoiceAnswer({ q, onAnswer }: Props) {
  const opts = options(q);
  const multi = q.type === "multi";
  const [picked, setPicked] = useState<number[]>([]);
  const choose = (i: number) => {
    const id = opts[i].id;
    if (!multi) return onAnswer({ choice: id });
    setPicked((p) => (p.includes(id) ? p.filter((x) => x !== id) : [...p, id]));
  };
  useNumberKeys(opts.length, choose);
  return (
    <div class="answer">
      <p class="hint">{multi ? t("q.pickMany") : q.type === "poll" ? t("q.poll") : t("q.pickOne")}</p>
      <div class={`tiles n${opts.length}`} role="group" aria-label={t("q.yourAnswer")}>
        {opts.map((o, i) => {
          const on = picked.includes(o.id);
          return (
            <button
              type="button"
              key={o.id}
              class={`tile c${i}${tileFit(o)}${on ? " on" : ""}`}
              aria-pressed={multi ? on : undefined}
              onClick={() => choose(i)}
            >
              <Shape i={i} />
              <span class="sr">{shapeName(i)}, </span>
              <span class="txt" lang={q.language}>
                <RichLabel of={o} math={q.math} />
              </span>
              {/* biome-ignore lint/a11y/noAriaHiddenOnFocusable: a <kbd> is not focusable; the key hint is for sighted keyboard users */}
              <kbd aria-hidden="true">{i + 1}</kbd>
            </button>
          );
        })}
      </div>
      {multi && (
        <button
          class="primary big"
          type="button"
          disabled={!picked.length}
          onClick={() => onAnswer({ choices: picked })}
        >
          {t("q.submit")}
        </button>
      )}
    </div>
  );
}

export function TextAnswer({ onAnswer }: Props) {
  const [text, setText] = useState("");
  return (
    <form
      class="answer stack"
      onSubmit={(e) => {
        e.preventDefault();
        if (text.trim()) onAnswer({ text: text.trim() });
      }}
    >
      <label for="typed">{t("q.yourAnswer")}</label>
      <input
        id="typed"
        class="big-input"
        value={text}
        maxLength={TYPED_ANSWER_MAX}
        autoComplete="off"
        autoFocus
        onInput={(e) => setText(e.currentTarget.value)}
      />
      <button class="primary big" type="submit" disabled={!text.trim()}>
        {t("q.submit")}
      </button>
    </form>
  );
}

export function SliderAnswer({ q, onAnswer }: Props) {
  const s = q.slider ?? { min: 0, max: 100, step: 1 };
  const mid = s.min + Math.round((s.max - s.min) / 2 / s.step) * s.step;
  const [v, setV] = useState(mid);
  // Steps like 0.1 would otherwise print as 0.30000000000000004.
  const digits = (String(s.step).split(".")[1] ?? "").length;
  const shown = v.toFixed(digits);
  return (
    <div class="answer stack">
      <output for="slider" class="slider-value" aria-hidden="true">
        {shown}
      </output>
      <input
        id="slider"
        type="range"
        aria-label={t("q.yourAnswer")}
        aria-valuetext={shown}
        min={s.min}
        max={s.max}
        step={s.step}
        value={v}
        onInput={(e) => setV(Number(e.currentTarget.value))}
      />
      <div class="row spread muted" aria-hidden="true">
        <span>{s.min}</span>
        <span>{s.max}</span>
      </div>
      <button class="primary big" type="button" onClick={() => onAnswer({ value: Number(shown) })}>
        {t("q.submit")}
      </button>
    </div>
  );
}

/** Ordering: drag by the handle (pointer events, so touch works) or move with the arrow buttons. */
export function OrderAnswer({ q, onAnswer }: Props) {
  const [items, setItems] = useState<Option[]>(() => options(q));
  const [drag, setDrag] = useState<{ i: number; startY: number; dy: number } | null>(null);
  const list = useRef<HTMLOListElement>(null);
  const [say, setSay] = useState("");

  const move = (from: number, to: number) => {
    if (to < 0 || to >= items.length || from === to) return;
    const next = items.slice();
    const [it] = next.splice(from, 1);
    next.splice(to, 0, it);
    setItems(next);
    setSay(`${spokenLabel(it, q.math)}: ${to + 1} / ${items.length}`);
  };

  const rowHeight = () => {
    const li = list.current?.children[0] as HTMLElement | undefined;
    return li ? li.offsetHeight + 8 : 56;
  };

  const onMove = (e: PointerEvent) => {
    if (!drag) return;
    const h = rowHeight();
    let { i, startY } = drag;
    const dy = e.clientY - startY;
    // Swap once the item has crossed half a row, then measure from its new place.
    const target = Math.max(0, Math.min(items.length - 1, i + Math.round(dy / h)));
    if (target !== i) {
      move(i, target);
      startY += (target - i) * h;
      i = target;
    }
    setDrag({ i, startY, dy: e.clientY - startY });
  };

  return (
    <div class="answer stack">
      <p class="hint" id="order-hint">
        {t("q.orderHint")}
      </p>
      <ol class="order" ref={list} aria-describedby="order-hint">
        {items.map((o, i) => (
          <li
            key={o.id}
            class={drag?.i === i ? "dragging" : ""}
            style={drag?.i === i ? { transform: `translateY(${drag.dy}px)` } : undefined}
          >
            <span
              class="handle"
              aria-hidden="true"
              onPointerDown={(e) => {
                (e.currentTarget as HTMLElement).setPointerCapture(e.pointerId);
                setDrag({ i, startY: e.clientY, dy: 0 });
              }}
              onPointerMove={onMove}
              onPointerUp={() => setDrag(null)}
              onPointerCancel={() => setDrag(null)}
            >
              ⠿
            </span>
            <span class="num" aria-hidden="true">
              {i + 1}
            </span>
            <span class="txt" lang={q.language}>
              <RichLabel of={o} math={q.math} />
            </span>
            <MoveButtons
              i={i}
              count={items.length}
              move={move}
              upLabel={t("q.moveUp", { item: spokenLabel(o, q.math) })}
              downLabel={t("q.moveDown", { item: spokenLabel(o, q.math) })}
            />
          </li>
        ))}
      </ol>
      <span class="sr" aria-live="polite">
        {say}
      </span>
      <button class="primary big" type="button" onClick={() => onAnswer({ order: items.map((o) => o.id) })}>
        {t("q.submit")}
      </button>
    </div>
  );
}

/** Each type's control: a new question type adds its own here. */
const CONTROLS: Record<QuestionType, FunctionComponent<Props>> = {
  single: ChoiceAnswer,
  multi: ChoiceAnswer,
  truefalse: ChoiceAnswer,
  poll: ChoiceAnswer,
  text: TextAnswer,
  order: OrderAnswer,
  slider: SliderAnswer,
};

export function AnswerFor(p: Props) {
  const Control = CONTROLS[p.q.type];
  return <Control {...p} />;
}
