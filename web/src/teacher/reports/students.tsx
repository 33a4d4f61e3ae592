// A teacher's students: everyone who joined their games with an account or a student ID, and one
// student's results across those games.
import { useEffect, useState } from "preact/hooks";
import type { StudentList, StudentResults } from "../../../../schema/students.ts";
import { api, type ApiError } from "../../api.ts";
import { Spinner } from "../../shared/ui.tsx";
import { pct, when } from "../../app/format.ts";
import { at } from "../../app/strings.ts";
import { tt } from "../strings.ts";

const studentHref = (s: { userId: string | null; studentId: string | null }) =>
  s.userId
    ? `/students/view?userId=${encodeURIComponent(s.userId)}`
    : `/students/view?studentId=${encodeURIComponent(s.studentId ?? "")}`;

export function Students() {
  const [q, setQ] = useState("");
  const [list, setList] = useState<StudentList | null>(null);
  const [error, setError] = useState("");
  useEffect(() => {
    const id = setTimeout(() => {
      api<StudentList>(`/api/students${q.trim() ? `?q=${encodeURIComponent(q.trim())}` : ""}`)
        .then((l) => (setList(l), setError("")))
        .catch((e: ApiError) => setError(e.message));
    }, 250);
    return () => clearTimeout(id);
  }, [q]);
  return (
    <section class="stack">
      <h1>{tt("stu.title")}</h1>
      <div role="search">
        <label>
          <span class="sr">{tt("stu.search")}</span>
          <input type="search" placeholder={tt("stu.search")} value={q} onInput={(e) => setQ(e.currentTarget.value)} />
        </label>
      </div>
      {error && (
        <p class="err" role="alert">
          {error}
        </p>
      )}
      {list === null ? (
        !error && <Spinner />
      ) : list.items.length === 0 ? (
        <p class="muted">{tt("stu.empty")}</p>
      ) : (
        <div class="table-wrap">
          <table class="stackable">
            <thead>
              <tr>
                <th scope="col">{tt("auth.name")}</th>
                <th scope="col">{tt("ins.studentId")}</th>
                <th scope="col" class="num">
                  {tt("stu.games")}
                </th>
                <th scope="col">{tt("stu.last")}</th>
              </tr>
            </thead>
            <tbody>
              {list.items.map((s) => (
                <tr key={s.userId ?? s.studentId}>
                  <th scope="row" data-label={tt("auth.name")}>
                    {s.games > 0 ? <a href={studentHref(s)}>{s.name}</a> : s.name}
                  </th>
                  <td data-label={tt("ins.studentId")}>
                    {s.userId ? <span class="muted">{tt("stu.byAccount")}</span> : s.studentId}
                  </td>
                  <td class="num" data-label={tt("stu.games")}>
                    {s.games}
                  </td>
                  <td data-label={tt("stu.last")}>
                    {s.lastPlayedAt === null ? <span class="muted">{tt("stu.roster")}</span> : when(s.lastPlayedAt)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {list?.truncated && <p class="muted">{tt("stu.truncated")}</p>}
    </section>
  );
}

export function StudentView({ userId, studentId }: { userId: string | null; studentId: string | null }) {
  const [r, setR] = useState<StudentResults | null>(null);
  const [error, setError] = useState("");
  useEffect(() => {
    const p = new URLSearchParams();
    if (userId) p.set("userId", userId);
    else if (studentId) p.set("studentId", studentId);
    api<StudentResults>(`/api/students/results?${p}`)
      .then(setR)
      .catch((e: ApiError) => setError(e.status === 404 || e.status === 400 ? tt("stu.notFound") : e.message));
  }, [userId, studentId]);
  if (error)
    return (
      <section class="stack">
        <p>
          <a href="/students">← {tt("stu.title")}</a>
        </p>
        <p class="err" role="alert">
          {error}
        </p>
      </section>
    );
  if (!r) return <Spinner />;
  const ids = r.games.map((g) => g.gameId).slice(0, 20);
  return (
    <section class="stack">
      <p>
        <a href="/students">← {tt("stu.title")}</a>
      </p>
      <h1>{tt("stu.results", { name: r.student.name })}</h1>
      <p class="muted">{r.student.userId ? tt("stu.byAccount") : tt("stu.byId", { id: r.student.studentId ?? "" })}</p>
      <p>
        <strong>
          {tt("stu.totals", {
            games: r.totals.games,
            correct: r.totals.correct,
            questions: r.totals.questions,
            p: pct(r.totals.share),
          })}
        </strong>
      </p>
      {ids.length >= 2 && (
        <p>
          <a class="button" href={`/reports/combined?ids=${ids.join(",")}`}>
            {tt("ins.combine", { n: ids.length })}
          </a>
        </p>
      )}
      <div class="table-wrap">
        <table class="stackable">
          <thead>
            <tr>
              <th scope="col">{tt("rep.date")}</th>
              <th scope="col">{tt("rep.quiz")}</th>
              <th scope="col">{tt("rep.nickname")}</th>
              <th scope="col" class="num">
                {at("rep.score")}
              </th>
              <th scope="col" class="num">
                {at("rep.rank")}
              </th>
              <th scope="col" class="num">
                {at("rep.correct")}
              </th>
            </tr>
          </thead>
          <tbody>
            {r.games.map((g) => (
              <tr key={g.playerId}>
                <td data-label={tt("rep.date")}>{when(g.playedAt)}</td>
                <th scope="row" data-label={tt("rep.quiz")}>
                  <a href={`/reports/${g.gameId}`}>{g.title}</a>
                </th>
                <td data-label={tt("rep.nickname")}>
                  <a
                    href={`/reports/${g.gameId}/players/${g.playerId}`}
                    aria-label={tt("ins.answersOf", { name: g.nickname })}
                  >
                    {g.nickname}
                  </a>
                  {g.studentId && <span class="muted"> · {g.studentId}</span>}
                </td>
                <td class="num" data-label={at("rep.score")}>
                  {g.score}
                </td>
                <td class="num" data-label={at("rep.rank")}>
                  {g.rank ? at("me.rankOf", { rank: g.rank, n: g.playerCount }) : at("me.removed")}
                </td>
                <td class="num" data-label={at("rep.correct")}>
                  {at("me.correctOf", { correct: g.correctCount, n: g.questionCount })}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
