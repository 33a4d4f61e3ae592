// One player's answers in one of the teacher's games (the drill-down from a report).
import { useEffect, useState } from "preact/hooks";
import type { PlayerDrillDown } from "../../../../schema/students.ts";
import { api, type ApiError } from "../../api.ts";
import { Spinner } from "../../shared/ui.tsx";
import { AnswerSheet } from "../../app/answer-sheet.tsx";
import { secs, when } from "../../app/format.ts";
import { at } from "../../app/strings.ts";
import { tt } from "../strings.ts";

export function PlayerAnswers({ gameId, playerId }: { gameId: string; playerId: string }) {
  const [d, setD] = useState<PlayerDrillDown | null>(null);
  const [error, setError] = useState("");
  useEffect(() => {
    api<PlayerDrillDown>(`/api/games/${encodeURIComponent(gameId)}/players/${encodeURIComponent(playerId)}`)
      .then(setD)
      .catch((e: ApiError) => setError(e.status === 404 ? tt("rep.notFound") : e.message));
  }, [gameId, playerId]);
  if (error)
    return (
      <p class="err" role="alert">
        {error}
      </p>
    );
  if (!d) return <Spinner />;
  const p = d.player;
  const student = p.userId
    ? `/students/view?userId=${encodeURIComponent(p.userId)}`
    : p.studentId
      ? `/students/view?studentId=${encodeURIComponent(p.studentId)}`
      : null;
  return (
    <section class="stack">
      <p>
        <a href={`/reports/${d.game.id}`}>← {d.game.title}</a>
      </p>
      <h1>{tt("ins.answersOf", { name: p.nickname })}</h1>
      <p class="muted">
        {d.game.title} · {when(d.game.playedAt)}
        {p.studentId && ` · ${tt("ins.studentId")}: ${p.studentId}`}
        {p.accountName && ` · ${tt("ins.account")}: ${p.accountName}`}
      </p>
      <p>
        {at("rep.rank")}: <strong>{p.rank || "—"}</strong> · {at("rep.score")}: <strong>{p.score}</strong> ·{" "}
        {at("rep.correct")}: <strong>{p.correctCount}</strong> · {tt("rep.avgTime")}: {secs(p.meanMs)}
        {p.kicked && <span class="muted"> ({tt("rep.kicked")})</span>}
      </p>
      {student && (
        <p>
          <a href={student}>{tt("stu.results", { name: p.accountName ?? p.studentId ?? p.nickname })} →</a>
        </p>
      )}
      <AnswerSheet questions={d.questions} math={d.math} own={false} />
    </section>
  );
}
