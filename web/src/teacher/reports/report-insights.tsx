// What a report points at: per question right / wrong / no answer out of everyone in the game,
// the questions most of the class missed, the players below the teacher's threshold (which this
// browser remembers), and the players table with the name or student ID and a way into each
// player's answers.
import { useState } from "preact/hooks";
import { DEFAULT_HELP_BELOW, type QuestionOutcome } from "../../../../schema/insights.ts";
import { kindFor } from "../../../../schema/kinds/index.ts";
import type { GameReport, QuestionReport } from "../../../../schema/report.ts";
import { pct, secs } from "../../app/format.ts";
import { at } from "../../app/strings.ts";
import { readItem, writeItem } from "../../storage.ts";
import { tt } from "../strings.ts";

const KEY = "qq_help_below";

/** The teacher's threshold for "needs help", in percent, kept in this browser. */
export function useHelpBelow(): [number, (n: number) => void] {
  const [value, set] = useState(() => {
    const raw = readItem(KEY);
    const saved = Number(raw);
    return raw !== null && Number.isInteger(saved) && saved >= 0 && saved <= 100 ? saved : DEFAULT_HELP_BELOW;
  });
  return [
    value,
    (n: number) => {
      const v = Math.max(0, Math.min(100, Math.round(n)));
      writeItem(KEY, String(v));
      set(v);
    },
  ];
}

export function HelpBelow({ value, onChange }: { value: number; onChange: (n: number) => void }) {
  const [text, setText] = useState(String(value));
  return (
    <label class="row help-below">
      <span>{tt("ins.helpBelow")}</span>
      <input
        type="number"
        min={0}
        max={100}
        step={5}
        value={text}
        onInput={(e) => setText(e.currentTarget.value)}
        // Applied when the teacher leaves the field or presses Enter, not at every keystroke.
        onChange={(e) => {
          const n = Number(e.currentTarget.value);
          if (e.currentTarget.value !== "" && Number.isFinite(n)) onChange(n);
          else setText(String(value));
        }}
      />
    </label>
  );
}

/** Right / wrong / no answer as one bar out of everyone who was in the game. */
export function Outcome({ q, o }: { q: QuestionReport; o: QuestionOutcome }) {
  const whole = Math.max(1, o.inGame);
  const part = (n: number) => `${(n / whole) * 100}%`;
  if (!kindFor(q.type).scored)
    return (
      <p class="muted">
        {at(`type.${q.type}`)} · {tt("rep.answered", { n: q.answered })} · {tt("ins.pollNone", { n: o.noAnswer })} ·{" "}
        {tt("rep.avgTime")}: {secs(q.meanMs)}
      </p>
    );
  return (
    <div class="stack outcome">
      {o.flagged && <p class="flag">⚑ {tt("ins.flagged")}</p>}
      <p>
        <strong>{tt("ins.share", { p: pct(o.share) })}</strong> ·{" "}
        <span class="good-text">{tt("ins.right", { n: o.right })}</span> ·{" "}
        {o.partly ? <span class="partly-text">{tt("ins.partly", { n: o.partly })} · </span> : null}
        <span class="bad-text">{tt("ins.wrong", { n: o.wrong })}</span> · {tt("ins.none", { n: o.noAnswer })}{" "}
        <span class="muted">{tt("ins.of", { n: o.inGame })}</span>
      </p>
      <div class="outcome-bar" aria-hidden="true">
        <span class="seg right" style={{ width: part(o.right) }} />
        <span class="seg partly" style={{ width: part(o.partly ?? 0) }} />
        <span class="seg wrong" style={{ width: part(o.wrong) }} />
        <span class="seg none" style={{ width: part(o.noAnswer) }} />
      </div>
      <p class="muted">
        {at(`type.${q.type}`)} · {tt("rep.avgTime")}: {secs(q.meanMs)}
      </p>
    </div>
  );
}

/** Counts of what is flagged, at the top of the report. */
export function InsightSummary({ r }: { r: GameReport }) {
  const missed = r.insights.questions.filter((q) => q.flagged).length;
  const help = r.insights.players.filter((p) => p.needsHelp).length;
  if (!missed && !help) return null;
  return (
    <ul class="insight-summary">
      {missed > 0 && <li class="flag">⚑ {tt("ins.missedN", { n: missed })}</li>}
      {help > 0 && <li class="flag">⚑ {tt("ins.needsHelpN", { n: help })}</li>}
    </ul>
  );
}

export function PlayersTable({ r, gameId }: { r: GameReport; gameId: string }) {
  const outcome = new Map(r.insights.players.map((p) => [p.playerId, p]));
  const withIds = r.insights.players.some((p) => p.studentId);
  const withAccounts = r.insights.players.some((p) => p.accountName);
  return (
    <div class="table-wrap">
      <table class="stackable players-table">
        <thead>
          <tr>
            <th scope="col" class="num">
              {at("rep.rank")}
            </th>
            <th scope="col">{tt("rep.nickname")}</th>
            {withIds && <th scope="col">{tt("ins.studentId")}</th>}
            {withAccounts && <th scope="col">{tt("ins.account")}</th>}
            <th scope="col" class="num">
              {at("rep.score")}
            </th>
            <th scope="col" class="num">
              {at("rep.correct")}
            </th>
            <th scope="col" class="num">
              {tt("rep.avgTime")}
            </th>
          </tr>
        </thead>
        <tbody>
          {r.players.map((p) => {
            const o = outcome.get(p.playerId);
            return (
              <tr key={p.playerId} class={o?.needsHelp ? "needs-help" : ""}>
                <td class="num" data-label={at("rep.rank")}>
                  {p.rank || "—"}
                </td>
                <th scope="row" data-label={tt("rep.nickname")}>
                  <a
                    href={`/reports/${gameId}/players/${p.playerId}`}
                    aria-label={tt("ins.answersOf", { name: p.nickname })}
                  >
                    {p.nickname}
                  </a>
                  {p.kicked && <span class="muted"> ({tt("rep.kicked")})</span>}
                  {o?.needsHelp && <span class="flag"> ⚑ {tt("ins.needsHelp")}</span>}
                </th>
                {withIds && <td data-label={tt("ins.studentId")}>{o?.studentId ?? "—"}</td>}
                {withAccounts && <td data-label={tt("ins.account")}>{o?.accountName ?? "—"}</td>}
                <td class="num" data-label={at("rep.score")}>
                  {p.score}
                </td>
                <td class="num" data-label={at("rep.correct")}>
                  {p.correctCount} / {r.questions.filter((q) => kindFor(q.type).scored).length} ({pct(o?.share ?? null)}
                  )
                </td>
                <td class="num" data-label={tt("rep.avgTime")}>
                  {secs(p.meanMs)}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
