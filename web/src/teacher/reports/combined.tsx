// Several games as one report: each student once, their score and right answers per game and in all.
import { useEffect, useState } from "preact/hooks";
import type { CombinedReport } from "../../../../schema/students.ts";
import { api, type ApiError } from "../../api.ts";
import { Spinner } from "../../shared/ui.tsx";
import { HelpBelow, useHelpBelow } from "./report-insights.tsx";
import { pct, when } from "../../app/format.ts";
import { at } from "../../app/strings.ts";
import { tt } from "../strings.ts";

export function Combined({ ids }: { ids: string }) {
  const [helpBelow, setHelpBelow] = useHelpBelow();
  const [r, setR] = useState<CombinedReport | null>(null);
  const [error, setError] = useState("");
  const query = `ids=${encodeURIComponent(ids)}&helpBelow=${helpBelow}`;
  useEffect(() => {
    api<CombinedReport>(`/api/games/combined?${query}`)
      .then(setR)
      .catch((e: ApiError) => setError(e.status === 404 ? tt("rep.notFound") : e.message));
  }, [query]);
  if (error)
    return (
      <p class="err" role="alert">
        {error}
      </p>
    );
  if (!r) return <Spinner />;
  return (
    <section class="stack">
      <p>
        <a href="/reports">← {tt("rep.title")}</a>
      </p>
      <h1>{tt("ins.combinedTitle")}</h1>
      <ol class="games-legend">
        {r.games.map((g) => (
          <li key={g.id}>
            <a href={`/reports/${g.id}`}>{g.title}</a>{" "}
            <span class="muted">
              · {when(g.playedAt)} · {tt("rep.playersN", { n: g.playerCount })}
            </span>
          </li>
        ))}
      </ol>
      <div class="row">
        <a class="button" href={`/api/games/combined.xlsx?${query}`} download>
          {tt("ins.xlsx")}
        </a>
        <a class="button" href={`/api/games/combined.csv?${query}`} download>
          {tt("ins.csv")}
        </a>
        <HelpBelow key={helpBelow} value={helpBelow} onChange={setHelpBelow} />
      </div>
      <div class="table-wrap">
        <table class="stackable">
          <thead>
            <tr>
              <th scope="col">{tt("auth.name")}</th>
              <th scope="col">{tt("ins.matchedBy")}</th>
              {r.games.map((g, i) => (
                <th scope="col" class="num" key={g.id} title={g.title}>
                  {tt("ins.game", { n: i + 1 })}
                </th>
              ))}
              <th scope="col" class="num">
                {tt("ins.total")}
              </th>
            </tr>
          </thead>
          <tbody>
            {r.players.map((p) => (
              <tr key={p.key} class={p.needsHelp ? "needs-help" : ""}>
                <th scope="row" data-label={tt("auth.name")}>
                  {p.matchedBy === "nickname" ? (
                    p.name
                  ) : (
                    <a
                      href={
                        p.userId
                          ? `/students/view?userId=${encodeURIComponent(p.userId)}`
                          : `/students/view?studentId=${encodeURIComponent(p.studentId ?? "")}`
                      }
                    >
                      {p.name}
                    </a>
                  )}
                  {p.studentId && <span class="muted"> · {p.studentId}</span>}
                  {p.needsHelp && <span class="flag"> ⚑ {tt("ins.needsHelp")}</span>}
                </th>
                <td data-label={tt("ins.matchedBy")}>{tt(`ins.matchedBy.${p.matchedBy}`)}</td>
                {p.perGame.map((g, i) => (
                  <td class="num" key={i} data-label={tt("ins.game", { n: i + 1 })}>
                    {g ? (
                      <a href={`/reports/${r.games[i].id}/players/${g.playerId}`}>
                        {at("ans.points", { n: g.score })} ·{" "}
                        {at("me.correctOf", { correct: g.correctCount, n: r.games[i].gradable })}
                      </a>
                    ) : (
                      <span class="muted">{tt("ins.notPlayed")}</span>
                    )}
                  </td>
                ))}
                <td class="num" data-label={tt("ins.total")}>
                  <strong>{at("me.correctOf", { correct: p.correct, n: p.questions })}</strong> ({pct(p.share)})
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
