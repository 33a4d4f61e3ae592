// Page pieces both the player's and the teacher's screens use.
import type { ComponentChildren } from "preact";
import { getLang, setLang, useLang } from "../i18n.ts";
import { t } from "../strings.ts";

export function LangSwitch() {
  useLang();
  const next = getLang() === "en" ? "ru" : "en";
  return (
    <button
      type="button"
      class="link lang"
      lang={next}
      onClick={() => setLang(next)}
      aria-label={`${t("lang.label")}: ${t("lang.switch")}`}
    >
      {t("lang.switch")}
    </button>
  );
}

/** The bar on top of the join and login pages: the brand (home) and the language switch. */
export function TopBar() {
  return (
    <header class="top">
      <a class="brand" href="/">
        QuickQuiz
      </a>
      <LangSwitch />
    </header>
  );
}

/** ▲ / ▼ buttons that move item `i` of `count` one place (the ordering answer and the editor's item lists). */
export function MoveButtons(props: {
  i: number;
  count: number;
  move: (from: number, to: number) => void;
  upLabel: string;
  downLabel: string;
}) {
  const { i, count, move } = props;
  return (
    <>
      <button type="button" class="icon" aria-label={props.upLabel} disabled={i === 0} onClick={() => move(i, i - 1)}>
        ▲
      </button>
      <button
        type="button"
        class="icon"
        aria-label={props.downLabel}
        disabled={i === count - 1}
        onClick={() => move(i, i + 1)}
      >
        ▼
      </button>
    </>
  );
}

export function Banner({ children, kind = "info" }: { children: ComponentChildren; kind?: "info" | "error" }) {
  return (
    <div class={`banner ${kind}`} role={kind === "error" ? "alert" : "status"}>
      {children}
    </div>
  );
}

export function Spinner({ label }: { label?: string }) {
  return (
    <p class="loading" role="status">
      {label ?? t("loading")}
    </p>
  );
}
