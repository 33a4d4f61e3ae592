// Past games and one game's report: per-question accuracy, distribution and time; per-player table; CSV.
import { useEffect, useState } from "preact/hooks";
import type { GameList, GameReport, GameSummary, QuestionReport } from "../../../schema/report";
import { api, type ApiError } from "../api";
import { getLang } from "../i18n";
import { labelOf } from "../labels";
import { Spinner } from "../shared/ui";
import { tt } from "./strings";

const when = (ms: number | null) =>
  ms ? new Date(ms).toLocaleString(getLang(), { dateStyle: "medium", timeStyle: "short" }) : "—";
const secs = (ms: number | null) => (ms === null ? "—" : tt("rep.seconds", { n: (ms / 1000).toFixed(1) }));
const pct = (x: number | null) => (x === null ? "—" : `${Math.round(x * 100)}%`);

export function Reports() {
  const [items, setItems] = useState<GameSummary[] | null>(null);
  const [next, setNext] = useState<string | null>(null);
  const [error, setError] = useState("");
  const load = async (cursor?: string) => {
    try {
      const r = await api<GameList>(`/api/games?limit=20${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`);
      setItems((old) => (cursor && old ? [...old, ...r.items] : r.items));
      setNext(r.nextCursor);
    } catch (e) {
      setError((e as ApiError).message);
    }
  };
  useEffect(() => void load(), []);
  return (
    <section class="stack">
      <h1>{tt("rep.title")}</h1>
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
          <table>
            <thead>
              <tr>
                <th scope="col">{tt("rep.quiz")}</th>
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
                  <td>
                    <a href={`/reports/${g.id}`}>{g.title}</a>
                  </td>
                  <td>{when(g.startedAt ?? g.createdAt)}</td>
                  <td>
                    <code>{g.code}</code>
                  </td>
                  <td>
                    {tt(`rep.status.${g.status}`)}
                    {g.kind === "assignment" && ` · ${tt("rep.assignment")}`}
                    {g.kind === "assignment" && <small class="muted"> · {tt("rep.assignment")}</small>}
                  </td>
                  <td class="num">{g.playerCount}</td>
                  <td class="num">{g.questionCount}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {next && (
        <button type="button" onClick={() => load(next)}>
          {tt("cat.more")}
        </button>
      )}
    </section>
  );
}

export function Report({ id }: { id: string }) {
  const [r, setR] = useState<GameReport | null>(null);
  const [error, setError] = useState("");
  useEffect(() => {
    api<GameReport>(`/api/games/${id}/report`)
      .then(setR)
      .catch((e: ApiError) => setError(e.status === 404 ? tt("rep.notFound") : e.message));
  }, [id]);
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
        {tt(`rep.status.${g.status}`)}
      </p>
      <p class="row">
        <a class="button" href={`/api/games/${id}/report.csv?table=players`} download>
          {tt("rep.csvPlayers")}
        </a>
        <a class="button" href={`/api/games/${id}/report.csv?table=answers`} download>
          {tt("rep.csvAnswers")}
        </a>
      </p>
      <h2>{tt("rep.byQuestion")}</h2>
      <ol class="qreports">
        {r.questions.map((q) => (
          <QuestionRow key={q.index} q={q} />
        ))}
      </ol>
      <h2>{tt("rep.byPlayer")}</h2>
      <div class="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col" class="num">
                {tt("rep.rank")}
              </th>
              <th scope="col">{tt("rep.nickname")}</th>
              <th scope="col" class="num">
                {tt("rep.score")}
              </th>
              <th scope="col" class="num">
                {tt("rep.correct")}
              </th>
              <th scope="col" class="num">
                {tt("rep.avgTime")}
              </th>
            </tr>
          </thead>
          <tbody>
            {r.players.map((p) => (
              <tr key={p.playerId}>
                <td class="num">{p.rank}</td>
                <td>
                  {p.nickname}
                  {p.kicked && <span class="muted"> ({tt("rep.kicked")})</span>}
                </td>
                <td class="num">{p.score}</td>
                <td class="num">
                  {p.correctCount} / {r.questions.length}
                </td>
                <td class="num">{secs(p.meanMs)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function QuestionRow({ q }: { q: QuestionReport }) {
  const max = Math.max(1, ...q.distribution.map((d) => d.count));
  return (
    <li class="card stack">
      <h3>
        {q.index + 1}. {q.text}
      </h3>
      <p class="muted">
        {tt(`type.${q.type}`)} · {tt("rep.accuracy")}: <strong>{pct(q.accuracy)}</strong> ·{" "}
        {tt("rep.answered", { n: q.answered })} · {tt("rep.avgTime")}: {secs(q.meanMs)}
      </p>
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
                {labelOf(d)}
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
