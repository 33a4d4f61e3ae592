// What the projector shows for a question, its reveal, the leaderboard and the podium.
import type { ComponentChildren } from "preact";
import type {
  ClientMessage,
  LeaderEntry,
  MathTable,
  QuestionView,
  ServerMessageOf,
} from "../../../../schema/messages.ts";
import { RichLabel } from "../../rich.tsx";
import { Movement } from "../../shared/movement.tsx";
import { Shape } from "../../shared/shapes.tsx";
import { SCREENS } from "./question-tiles.tsx";
import { tt } from "../strings.ts";
import { ht } from "./strings.ts";

type Reveal = ServerMessageOf<"reveal">;
type Entry = Reveal["distribution"][number];

/** A reveal's labels are the question's options: either message's table renders them (a reloaded host has only the reveal). */
export const revealMath = (q: QuestionView | null, reveal: Reveal): MathTable => ({ ...q?.math, ...reveal.math });

export function QuestionTiles({ q }: { q: QuestionView }) {
  const { Tiles } = SCREENS[q.type];
  return <Tiles q={q} />;
}

/** An ordering question's bars in the right order, each numbered with its place. */
function inRightOrder(reveal: Reveal): { d: Entry; place?: number }[] {
  const c = reveal.correct;
  if (!c || !("order" in c)) return reveal.distribution.map((d) => ({ d }));
  const at = (d: Entry) => (d.id === undefined ? 99 : c.order.indexOf(d.id));
  return [...reveal.distribution].sort((a, b) => at(a) - at(b)).map((d) => ({ d, place: at(d) + 1 }));
}

/** Bars of how many chose what; the right ones carry a check mark and a label, not just a colour. */
export function RevealChart({ q, reveal }: { q: QuestionView | null; reveal: Reveal }) {
  const max = Math.max(1, ...reveal.distribution.map((d) => d.count));
  const bars = q ? SCREENS[q.type].bars : "answers";
  const choice = bars === "options";
  const rows = bars === "items" ? inRightOrder(reveal) : reveal.distribution.map((d) => ({ d, place: undefined }));
  return (
    <figure class={`chart n${rows.length}`}>
      <figcaption class="sr">{bars === "items" ? ht("host.inPlaceCaption") : tt("host.distribution")}</figcaption>
      <ul>
        {rows.map(({ d, place }, i) => (
          <li key={d.id ?? i} class={d.correct ? "right" : d.correct === false ? "wrong" : ""}>
            <span class="count">{d.count}</span>
            <span
              class={`bar ${choice ? `c${i}` : bars === "items" ? "good" : d.correct ? "good" : "bad"}`}
              style={{ height: `${(d.count / max) * 100}%` }}
            />
            <span class="label">
              {choice && <Shape i={i} size={22} />}
              {d.correct && bars !== "items" && (
                <span class="ok" role="img" aria-label={tt("host.correctMark")}>
                  ✔
                </span>
              )}
              <span>
                {place ? `${place}. ` : ""}
                <RichLabel of={d} math={revealMath(q, reveal)} />
              </span>
            </span>
          </li>
        ))}
      </ul>
    </figure>
  );
}

/** One typed answer as the room tallies it for the host (a normalised `key`, the words as typed). */
export interface TypedEntry {
  key: string;
  label: string;
  count: number;
  correct?: boolean | null;
}

/** The typed answers the reveal carries for hosts, whatever shape the room settles on; [] without them. */
export function typedOf(reveal: Reveal): TypedEntry[] {
  const raw = (reveal as { typed?: unknown }).typed;
  if (!Array.isArray(raw)) return [];
  return raw
    .filter(
      (t): t is TypedEntry =>
        !!t && typeof t.key === "string" && typeof t.label === "string" && typeof t.count === "number",
    )
    .sort((a, b) => b.count - a.count);
}

/** The typed answers, most frequent first; the presenter may hide one before the class reads it. */
export function TypedAnswers({
  reveal,
  send,
  controls,
}: {
  reveal: Reveal;
  send: (m: ClientMessage) => void;
  controls: boolean;
}) {
  const typed = typedOf(reveal);
  if (!typed.length) return null;
  const max = typed[0].count || 1;
  return (
    <section class="typed" aria-label={ht("host.typed")}>
      <ol>
        {typed.slice(0, 12).map((t) => (
          <li key={t.key} class={t.correct ? "right" : ""} style={{ fontSize: `${1 + (t.count / max) * 0.8}em` }}>
            <span class="word">{t.label}</span>
            <span class="n">{t.count}</span>
            {controls && (
              <button
                type="button"
                class="icon presenter-only"
                aria-label={ht("host.hide", { text: t.label })}
                onClick={() => send({ type: "hideEntry", index: reveal.index, key: t.key })}
              >
                ✕
              </button>
            )}
          </li>
        ))}
      </ol>
    </section>
  );
}

export function CorrectAnswer({ q, reveal }: { q: QuestionView | null; reveal: Reveal }) {
  const c = reveal.correct;
  if (!c) return <p class="big-hint">{ht("host.poll")}</p>;
  const math = revealMath(q, reveal);
  const text = (id: number) => {
    const o = q?.options?.find((x) => x.id === id);
    return o ? <RichLabel of={o} math={math} /> : String(id);
  };
  const list = (items: ComponentChildren[], sep: string) => items.map((item, i) => [i ? sep : "", item]);
  let body: ComponentChildren;
  if ("choice" in c) body = text(c.choice);
  else if ("choices" in c) body = list(c.choices.map(text), " · ");
  else if ("accepted" in c) body = c.accepted.join(" · ");
  else if ("order" in c)
    body = list(
      c.order.map((id, i) => [`${i + 1}. `, text(id)]),
      "   ",
    );
  else body = c.tolerance ? `${c.value} ± ${c.tolerance}` : String(c.value);
  return (
    <p class="correct-answer">
      <strong>{ht("host.answerIs")}</strong> {body}
    </p>
  );
}

/** Rows slide in from where they stood on the last leaderboard (CSS does it; reduced motion: no slide). */
export function Leaderboard({ top }: { top: LeaderEntry[] }) {
  return (
    <ol class="board host-board">
      {top.map((e, i) => {
        const from = e.prevRank === null ? 0 : Math.max(-6, Math.min(6, e.prevRank - e.rank));
        return (
          <li key={e.playerId} class="slide" style={{ "--from": from, animationDelay: `${i * 80}ms` }}>
            <span class="rank">{e.rank}</span>
            <span class="name">{e.nickname}</span>
            <Movement e={e} />
            <span class="score">{e.score}</span>
          </li>
        );
      })}
    </ol>
  );
}

/** When each place starts to rise, as shares of the reveal; each rise takes RISE_MS (host.css). */
const RISE_MS = 900;
/** First place stands this much before the phones show ranks: their sockets may be a little ahead of this one. */
const LEAD_MS = 300;
const STARTS = [0.1, 0.45] as const;

export function Podium({ top, revealInMs = 0 }: { top: LeaderEntry[]; revealInMs?: number }) {
  // Second, first, third: the classic podium, tallest in the middle. Its places rise third, then
  // second, then first, first place standing at `revealInMs` (the room's clock: phones show the
  // final ranks then, not before). A reloaded screen after the reveal shows them at once.
  const three = top.slice(0, 3);
  const order = [three[1], three[0], three[2]].filter(Boolean);
  const delay = (at: number) =>
    `${Math.max(0, at === 1 ? revealInMs - RISE_MS - LEAD_MS : at === 2 ? revealInMs * STARTS[1] : revealInMs * STARTS[0])}ms`;
  return (
    <ol class={`podium${revealInMs > 0 ? "" : " shown"}`} aria-label={ht("host.podium")}>
      {order.map((e) => {
        const at = three.indexOf(e) + 1;
        return (
          <li key={e.playerId} class={`p${e.rank} at${at}`} value={e.rank} style={{ animationDelay: delay(at) }}>
            <span class="name">{e.nickname}</span>
            <span class="score">{ht("host.points", { n: e.score })}</span>
            <span class="step">
              <span class="sr">{ht("host.place", { n: e.rank })}</span>
              <span aria-hidden="true">{e.rank}</span>
            </span>
          </li>
        );
      })}
    </ol>
  );
}
