// What the projector shows for a question, its reveal, the leaderboard and the podium.
import type { ComponentChildren } from "preact";
import type { LeaderEntry, MathTable, QuestionView, ServerMessageOf } from "../../../schema/messages";
import { labelOf } from "../labels";
import { RichLabel } from "../rich";
import { Movement } from "../shared/movement";
import { Shape } from "../shared/shapes";
import { SCREENS } from "./question-tiles";
import { tt } from "./strings";

type Reveal = ServerMessageOf<"reveal">;

/** A reveal's labels are the question's options: either message's table renders them (a reloaded host has only the reveal). */
export const revealMath = (q: QuestionView | null, reveal: Reveal): MathTable => ({ ...q?.math, ...reveal.math });

export function QuestionTiles({ q }: { q: QuestionView }) {
  const { Tiles } = SCREENS[q.type];
  return <Tiles q={q} />;
}

/** Bars of how many chose what; the right ones carry a check mark and a label, not just a colour. */
export function RevealChart({ q, reveal }: { q: QuestionView | null; reveal: Reveal }) {
  const max = Math.max(1, ...reveal.distribution.map((d) => d.count));
  const bars = q ? SCREENS[q.type].bars : "answers";
  const choice = bars === "options";
  return (
    <figure class="chart">
      <figcaption class="sr">{tt("host.distribution")}</figcaption>
      <ul>
        {reveal.distribution.map((d, i) => (
          <li key={d.id ?? i} class={d.correct ? "right" : d.correct === false ? "wrong" : ""}>
            <span class="count">{d.count}</span>
            <span
              class={`bar ${choice ? `c${i}` : d.correct ? "good" : "bad"}`}
              style={{ height: `${(d.count / max) * 100}%` }}
            />
            <span class="label">
              {choice && <Shape i={i} size={22} />}
              {d.correct && (
                <span class="ok" role="img" aria-label={tt("host.correctMark")}>
                  ✔
                </span>
              )}
              <span>
                {bars === "items" ? (
                  tt("host.inPlace", { item: labelOf(d) })
                ) : (
                  <RichLabel of={d} math={revealMath(q, reveal)} />
                )}
              </span>
            </span>
          </li>
        ))}
      </ul>
    </figure>
  );
}

export function CorrectAnswer({ q, reveal }: { q: QuestionView | null; reveal: Reveal }) {
  const c = reveal.correct;
  if (!c) return <p class="big-hint">{tt("host.poll")}</p>;
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
      <strong>{tt("host.answerIs")}</strong> {body}
    </p>
  );
}

export function Leaderboard({ top }: { top: LeaderEntry[] }) {
  return (
    <ol class="board host-board">
      {top.map((e) => (
        <li key={e.playerId}>
          <span class="rank">{e.rank}</span>
          <span class="name">{e.nickname}</span>
          <Movement e={e} />
          <span class="score">{e.score}</span>
        </li>
      ))}
    </ol>
  );
}

export function Podium({ top }: { top: LeaderEntry[] }) {
  // Second, first, third: the classic podium, tallest in the middle.
  const order = [top[1], top[0], top[2]].filter(Boolean);
  return (
    <ol class="podium" aria-label={tt("host.podium")}>
      {order.map((e) => (
        <li key={e.playerId} class={`p${e.rank}`} value={e.rank}>
          <span class="name">{e.nickname}</span>
          <span class="score">{tt("host.points", { n: e.score })}</span>
          <span class="step">
            <span class="sr">{tt("host.place", { n: e.rank })}</span>
            <span aria-hidden="true">{e.rank}</span>
          </span>
        </li>
      ))}
    </ol>
  );
}
