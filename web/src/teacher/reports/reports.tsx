// Past games and one game's report: per-question accuracy, distribution and time; per-player table; CSV.
import { useEffect, useState } from "preact/hooks";
import type { GameList, GameListItem, GameReport, QuestionReport } from "../../../../schema/report.ts";
import type { QuestionOutcome } from "../../../../schema/insights.ts";
import { api, type ApiError } from "../../api.ts";
import type { MathTable } from "../../../../schema/messages.ts";
import { Rich, RichLabel } from "../../rich.tsx";
import { navigate } from "../../router.ts";
import { Spinner } from "../../shared/ui.tsx";
import { when } from "../../app/format.ts";
import { HelpBelow, InsightSummary, Outcome, PlayersTable, useHelpBelow } from "./report-insights.tsx";
import { at } from "../../app/strings.ts";
import { tt } from "../strings.ts";

export function Reports() {
  const [items, setItems] = useState<GameListItem[] | null>(null);
  const [next, setNext] = useState<string | null>(null);
  const [error, setError] = useState("");
  // Lobbies nobody joined are no report worth a line: hidden unless asked for.
  const [showEmpty, setShowEmpty] = useState(false);
  const [picked, setPicked] = useState<string[]>([]);
  const load = async (cursor?: string) => {
    try {
      const r = await api<GameList>(
        `/api/games?limit=20${showEmpty ? "" : "&empty=hide"}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`,
      );
      setItems((old) => (cursor && old ? [...old, ...r.items] : r.items));
      setNext(r.nextCursor);
    } catch (e) {
      setError((e as ApiError).message);
    }
  };
  useEffect(() => void load(), [showEmpty]);
  const withHosts = items?.some((g) => g.hostName) ?? false;
  const toggle = (id: string, on: boolean) => setPicked((p) => (on ? [...p, id] : p.filter((x) => x !== id)));
  return (
    <section class="stack">
      <h1>{tt("rep.title")}</h1>
      <div class="row spread">
        <label class="check">
          <input type="checkbox" checked={showEmpty} onChange={(e) => setShowEmpty(e.currentTarget.checked)} />
          <span>{tt("ins.showEmpty")}</span>
        </label>
        {picked.length >= 2 ? (
          <a class="button primary" href={`/reports/combined?ids=${picked.join(",")}`}>
            {tt("ins.combine", { n: picked.length })}
          </a>
        ) : (
          <span class="muted small">{tt("ins.combineHint")}</span>
        )}
      </div>
      {error && (
        <p class="err" role="alert">
          {error}
        </p>
      )}
      {items === null ? (
        !error && <Spinner />
      ) : items.length === 0 ? (
        <p class="muted">{tt("rep.empty")}</p>
      ) : (
        <div class="table-wrap">
          <table class="stackable">
            <thead>
              <tr>
                <th scope="col">
                  <span class="sr">{tt("ins.combinedTitle")}</span>
                </th>
                <th scope="col">{tt("rep.quiz")}</th>
                {withHosts && <th scope="col">{tt("ins.host")}</th>}
                <th scope="col">{tt("rep.date")}</th>
                <th scope="col">{tt("rep.code")}</th>
                <th scope="col">{tt("rep.status")}</th>
                <th scope="col" class="num">
                  {tt("rep.players")}
                </th>
                <th scope="col" class="num">
                  {tt("rep.questions")}
                </th>
              </tr>
            </thead>
            <tbody>
              {items.map((g) => (
                <tr key={g.id}>
                  <td class="pick">
                    <input
                      type="checkbox"
                      checked={picked.includes(g.id)}
                      onChange={(e) => toggle(g.id, e.currentTarget.checked)}
                      aria-label={tt("ins.select", { title: `${g.title} · ${when(g.startedAt ?? g.createdAt)}` })}
                    />
                  </td>
                  <th scope="row" data-label={tt("rep.quiz")}>
                    <a href={`/reports/${g.id}`}>{g.title}</a>
                  </th>
                  {withHosts && <td data-label={tt("ins.host")}>{g.hostName}</td>}
                  <td data-label={tt("rep.date")}>{when(g.startedAt ?? g.createdAt)}</td>
                  <td data-label={tt("rep.code")}>
                    <code>{g.code}</code>
                  </td>
                  <td data-label={tt("rep.status")}>
                    {at(`rep.status.${g.status}`)}
                    {g.kind === "assignment" && <small class="muted"> · {tt("rep.assignment")}</small>}
                  </td>
                  <td class="num" data-label={tt("rep.players")}>
                    {g.playerCount}
                  </td>
                  <td class="num" data-label={tt("rep.questions")}>
                    {g.questionCount}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {next && (
        <button type="button" onClick={() => load(next)}>
          {at("cat.more")}
        </button>
      )}
    </section>
  );
}

export function Report({ id }: { id: string }) {
  const [r, setR] = useState<GameReport | null>(null);
  const [error, setError] = useState("");
  const [helpBelow, setHelpBelow] = useHelpBelow();
  const [actionError, setActionError] = useState("");
  useEffect(() => {
    api<GameReport>(`/api/games/${id}/report?helpBelow=${helpBelow}`)
      .then(setR)
      .catch((e: ApiError) => setError(e.status === 404 ? tt("rep.notFound") : e.message));
  }, [id, helpBelow]);
  const remove = async () => {
    if (!r || !confirm(tt("ins.confirmDelete", { title: r.game.title }))) return;
    try {
      await api(`/api/games/${id}`, { method: "DELETE" });
      navigate("/reports", true);
    } catch (e) {
      setActionError((e as ApiError).status === 409 ? tt("ins.deleteLive") : (e as ApiError).message);
    }
  };
  if (error)
    return (
      <p class="err" role="alert">
        {error}
      </p>
    );
  if (!r) return <Spinner />;
  const g = r.game;
  return (
    <section class="stack report">
      <p>
        <a href="/reports">← {tt("rep.title")}</a>
      </p>
      <h1>{g.title}</h1>
      <p class="muted">
        {when(g.startedAt ?? g.createdAt)} · <code>{g.code}</code> · {tt("rep.playersN", { n: g.playerCount })} ·{" "}
        {at(`rep.status.${g.status}`)}
      </p>
      <p class="row">
        <a class="button" href={`/api/games/${id}/report.csv?table=players`} download>
          {tt("rep.csvPlayers")}
        </a>
        <a class="button" href={`/api/games/${id}/report.csv?table=answers`} download>
          {tt("rep.csvAnswers")}
        </a>
        {(g.settings as { teams?: unknown } | undefined)?.teams ? (
          <a class="button" href={`/api/games/${id}/report.csv?table=teams`} download>
            {tt("rep.csvTeams")}
          </a>
        ) : null}
        <a class="button" href={`/api/games/${id}/report.xlsx?helpBelow=${helpBelow}`} download>
          {tt("ins.xlsx")}
        </a>
        <button type="button" class="danger" onClick={remove}>
          {tt("ins.delete")}
        </button>
      </p>
      <p class="err" role="alert">
        {actionError}
      </p>
      <InsightSummary r={r} />
      <HelpBelow key={helpBelow} value={helpBelow} onChange={setHelpBelow} />
      <h2>{tt("rep.byQuestion")}</h2>
      <ol class="qreports">
        {r.questions.map((q) => (
          <QuestionRow key={q.index} q={q} o={r.insights.questions[q.index]} math={r.math} />
        ))}
      </ol>
      <h2>{tt("rep.byPlayer")}</h2>
      <PlayersTable r={r} gameId={id} />
    </section>
  );
}

function QuestionRow({ q, o, math }: { q: QuestionReport; o: QuestionOutcome; math?: MathTable }) {
  const max = Math.max(1, ...q.distribution.map((d) => d.count));
  return (
    <li class={`card stack${o.flagged ? " flagged" : ""}`}>
      <h3>
        {q.index + 1}. <Rich text={q.text} math={math} />
      </h3>
      <Outcome q={q} o={o} />
      <table class="dist">
        <caption class="sr">{tt("host.distribution")}</caption>
        <tbody>
          {q.distribution.map((d, i) => (
            <tr key={i} class={d.correct ? "right" : ""}>
              <th scope="row">
                {d.correct && (
                  <span role="img" aria-label={tt("host.correctMark")}>
                    ✔{" "}
                  </span>
                )}
                <RichLabel of={d} math={math} />
              </th>
              <td class="bar-cell">
                <span class={`hbar ${d.correct ? "good" : ""}`} style={{ width: `${(d.count / max) * 100}%` }} />
              </td>
              <td class="num">{d.count}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </li>
  );
}
