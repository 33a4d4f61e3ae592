// Several games as one report: each student once, their score and right answers per game and in all.
import { useEffect, useState } from "preact/hooks";
import type { CombinedReport } from "../../../../schema/students.ts";
import { api, type ApiError } from "../../api.ts";
import { Spinner } from "../../shared/ui.tsx";
import { HelpBelow, useHelpBelow } from "./report-insights.tsx";
import { pct, when } from "../../app/format.ts";
import { tt } from "../../app/strings.ts";
import { tm } from "../../app/strings-more.ts";

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
      <h1>{tm("ins.combinedTitle")}</h1>
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
          {tm("ins.xlsx")}
        </a>
        <a class="button" href={`/api/games/combined.csv?${query}`} download>
          {tm("ins.csv")}
        </a>
        <HelpBelow key={helpBelow} value={helpBelow} onChange={setHelpBelow} />
      </div>
      <div class="table-wrap">
        <table class="stackable">
          <thead>
            <tr>
              <th scope="col">{tt("auth.name")}</th>
              <th scope="col">{tm("ins.matchedBy")}</th>
              {r.games.map((g, i) => (
                <th scope="col" class="num" key={g.id} title={g.title}>
                  {tm("ins.game", { n: i + 1 })}
                </th>
              ))}
              <th scope="col" class="num">
                {tm("ins.total")}
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
                  {p.needsHelp && <span class="flag"> ⚑ {tm("ins.needsHelp")}</span>}
                </th>
                <td data-label={tm("ins.matchedBy")}>{tm(`ins.matchedBy.${p.matchedBy}`)}</td>
                {p.perGame.map((g, i) => (
                  <td class="num" key={i} data-label={tm("ins.game", { n: i + 1 })}>
                    {g ? (
                      <a href={`/reports/${r.games[i].id}/players/${g.playerId}`}>
                        {tm("ans.points", { n: g.score })} ·{" "}
                        {tm("me.correctOf", { correct: g.correctCount, n: r.games[i].gradable })}
                      </a>
                    ) : (
                      <span class="muted">{tm("ins.notPlayed")}</span>
                    )}
                  </td>
                ))}
                <td class="num" data-label={tm("ins.total")}>
                  <strong>{tm("me.correctOf", { correct: p.correct, n: p.questions })}</strong> ({pct(p.share)})
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
