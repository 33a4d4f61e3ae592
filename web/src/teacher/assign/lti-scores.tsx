// For homework placed in an LMS (LTI): each launched student's score on its way to the LMS
// gradebook (sent, waiting, refused and retried) and the course roster (NRPS). Nothing shows for
// homework that no LMS placed.
import { useEffect, useState } from "preact/hooks";
import { api, type ApiError } from "../../api.ts";
import { tt } from "../strings.ts";

interface ScoreSync {
  userId: string;
  name: string;
  scoreGiven: number;
  scoreMaximum: number;
  state: "pending" | "sent" | "failed";
  tries: number;
  nextTryAt: number;
  lastError: string | null;
}

export function LtiScores({ gameId }: { gameId: string }) {
  const [scores, setScores] = useState<ScoreSync[] | null>(null);
  const [note, setNote] = useState("");
  const load = () =>
    api<{ scores: ScoreSync[] }>(`/api/lti/games/${gameId}/scores`)
      .then((r) => setScores(r.scores))
      .catch(() => setScores([]));
  useEffect(() => void load(), [gameId]);
  if (!scores || scores.length === 0) return null;
  const roster = async () => {
    try {
      const r = await api<{ students: unknown[] }>(`/api/lti/games/${gameId}/roster`, { method: "POST" });
      setNote(tt("lti.rosterDone", { n: r.students.length }));
    } catch (e) {
      setNote((e as ApiError).message);
    }
  };
  return (
    <section class="stack" aria-labelledby="lti-sync">
      <h2 id="lti-sync">{tt("lti.gradebook")}</h2>
      <table class="table" data-testid="lti-scores">
        <thead>
          <tr>
            <th>{tt("asg.col.name")}</th>
            <th>{tt("asg.col.score")}</th>
            <th>{tt("lti.sync")}</th>
          </tr>
        </thead>
        <tbody>
          {scores.map((s) => (
            <tr key={s.userId}>
              <td>{s.name}</td>
              <td>
                {s.scoreGiven}/{s.scoreMaximum}
              </td>
              <td>
                {s.state === "sent"
                  ? tt("lti.sent")
                  : s.state === "pending"
                    ? tt("lti.pending")
                    : tt("lti.failed", { n: s.tries, at: new Date(s.nextTryAt).toLocaleTimeString() })}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <div class="row">
        <button type="button" onClick={() => void load()}>
          {tt("lti.refresh")}
        </button>
        <button type="button" onClick={() => void roster()}>
          {tt("lti.roster")}
        </button>
      </div>
      <p role="status">{note}</p>
    </section>
  );
}
