// Assigning a quiz (docs/protocol.md §8): the settings dialog, and the assignment's page with its
// link, QR code and live progress (pushed over the teacher's socket, about once a second at most;
// polled slowly while the socket is down), where the teacher closes it early, moves the deadline
// (which also reopens it) or removes a participant.
import { useEffect, useState } from "preact/hooks";
import {
  type AssignmentServerMessage,
  type AssignmentTeams,
  type AssignmentSettingsInput,
  assignmentSettings,
  MAX_PARTICIPANTS,
  type ProgressView,
  SHOW_ANSWERS,
  showAnswersAllowed,
} from "../../../../schema/assignment.ts";
import { api, type ApiError } from "../../api.ts";
import { navigate } from "../../router.ts";
import { openRoomSocket, type SocketStatus } from "../../socket.ts";
import { QrCode } from "../host/qr.tsx";
import { HomeworkTeamFields } from "../host/team-fields.tsx";
import { CheckField, fieldSetter, NumberField, SelectField, SettingsDialog } from "../host/settings-fields.tsx";
import { tt } from "../strings.ts";
import { TeamStandings } from "./assign-teams.tsx";
import { LtiScores } from "./lti-scores.tsx";
import { newer } from "./newer-progress.ts";

/** Only while the progress socket is down. */
const SLOW_POLL_MS = 10_000;
const DAY_MS = 24 * 3600_000;

/** `<input type="datetime-local">` speaks local time without a zone. */
const toLocal = (ms: number) => {
  const d = new Date(ms - new Date(ms).getTimezoneOffset() * 60_000);
  return d.toISOString().slice(0, 16);
};
const fromLocal = (v: string) => new Date(v).getTime();

export function AssignDialog({ quizId, title, onClose }: { quizId: string; title: string; onClose: () => void }) {
  const [s, setS] = useState<AssignmentSettingsInput>(() => ({
    deadline: Date.now() + 7 * DAY_MS,
    timer: false,
    speedPoints: false,
    attempts: 1,
    counted: "best",
    showAnswers: "end",
    shuffleQuestions: false,
    shuffleOptions: false,
    audience: "anyone",
    askStudentId: false,
    maxParticipants: 1000,
  }));
  const set = fieldSetter(setS);
  const attempts = s.attempts ?? 1;
  // More than one attempt takes only what shows nothing between attempts (the schema's one rule):
  // a choice that no longer fits moves to "after the deadline", and the hint says why.
  const setAttempts = (n: number) =>
    setS((old) => ({
      ...old,
      attempts: n,
      showAnswers: showAnswersAllowed(old.showAnswers ?? "end", n) ? old.showAnswers : "deadline",
    }));
  const check = (k: "timer" | "speedPoints" | "shuffleQuestions" | "shuffleOptions" | "askStudentId") => (
    <CheckField label={tt(`asg.${k}`)} checked={s[k]} onChange={set(k)} />
  );

  const submit = async () => {
    const parsed = assignmentSettings.safeParse(s);
    if (!parsed.success) return parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
    const r = await api<{ code: string }>("/api/assignments", { body: { quizId, settings: parsed.data } });
    navigate(`/assignments/${r.code}`);
  };

  return (
    <SettingsDialog
      titleId="asg-title"
      title={tt("asg.title", { title })}
      submitLabel={tt("asg.create")}
      onSubmit={submit}
      onClose={onClose}
    >
      <label for="asg-open">{tt("asg.opensAt")}</label>
      <input
        id="asg-open"
        type="datetime-local"
        value={s.opensAt ? toLocal(s.opensAt) : ""}
        onInput={(e) => set("opensAt")(e.currentTarget.value ? fromLocal(e.currentTarget.value) : undefined)}
      />
      <label for="asg-deadline">{tt("asg.deadline")}</label>
      <input
        id="asg-deadline"
        type="datetime-local"
        required
        value={toLocal(s.deadline)}
        onInput={(e) => set("deadline")(fromLocal(e.currentTarget.value))}
      />
      {check("timer")}
      {s.timer && check("speedPoints")}
      <NumberField
        id="asg-attempts"
        label={tt("asg.attempts")}
        min={1}
        max={10}
        value={s.attempts}
        onChange={setAttempts}
      />
      {attempts > 1 && (
        <SelectField
          label={tt("asg.counted")}
          options={["best", "last"] as const}
          optionLabel={(v) => tt(`asg.counted.${v}`)}
          value={s.counted}
          onChange={set("counted")}
        />
      )}
      <SelectField
        id="asg-show"
        label={tt("asg.showAnswers")}
        options={SHOW_ANSWERS}
        optionLabel={(v) => tt(`asg.show.${v}`)}
        value={s.showAnswers}
        onChange={set("showAnswers")}
        disabled={(v) => !showAnswersAllowed(v, attempts)}
        hint={attempts > 1 ? tt("asg.retryHint") : s.showAnswers === "never" ? tt("asg.neverHint") : undefined}
      />
      {check("shuffleQuestions")}
      {check("shuffleOptions")}
      <SelectField
        id="asg-who"
        label={tt("asg.audience")}
        options={["anyone", "students"] as const}
        optionLabel={(v) => tt(`asg.audience.${v}`)}
        value={s.audience}
        onChange={set("audience")}
      />
      {check("askStudentId")}
      <NumberField
        id="asg-max"
        label={tt("asg.max")}
        min={1}
        max={MAX_PARTICIPANTS}
        value={s.maxParticipants}
        onChange={set("maxParticipants")}
      />
      {/* The dialog's own team settings are always whole (team-fields.tsx fills them in). */}
      <HomeworkTeamFields value={s.teams as AssignmentTeams | null | undefined} onChange={set("teams")} />
    </SettingsDialog>
  );
}

export function AssignmentPage({ code }: { code: string }) {
  const [p, setP] = useState<ProgressView | null>(null);
  const [error, setError] = useState("");
  const [deadline, setDeadline] = useState("");
  const call = (f: Promise<ProgressView>) =>
    f.then(
      (v) => {
        setP(newer(v));
        setError("");
      },
      (e: ApiError) => setError(e.message),
    );
  const [live, setLive] = useState<SocketStatus>("connecting");
  useEffect(() => {
    const sock = openRoomSocket<AssignmentServerMessage, never>({
      url: `/ws/assignment/${code}/host`,
      onMessage: (m) => {
        if (m.type === "progress") {
          setP(newer(m.progress));
          setError("");
        }
      },
      onStatus: setLive,
    });
    return () => sock.close();
  }, [code]);
  useEffect(() => {
    if (live === "open") return;
    const load = () => call(api<ProgressView>(`/api/assignments/${code}/progress`));
    void load();
    const id = setInterval(load, SLOW_POLL_MS);
    return () => clearInterval(id);
  }, [code, live === "open"]);
  if (!p) return <p role="alert">{error || "…"}</p>;
  const url = `${location.origin}/${code}`;
  const states = {
    started: tt("asg.state.started"),
    finished: tt("asg.state.finished"),
    removed: tt("asg.state.removed"),
  };
  return (
    <section class="stack" data-live={live}>
      <h1>
        {p.title} · <span class="game-code">{code}</span>
      </h1>
      <p>
        <span data-testid="asg-status">{tt(`asg.status.${p.status}`)}</span> ·{" "}
        {tt("asg.due", { when: new Date(p.deadline).toLocaleString() })}
      </p>
      <p>
        <a href={url}>{url}</a>
      </p>
      <QrCode text={url} label={tt("asg.qr", { code })} />
      <div class="row">
        {p.status !== "closed" && (
          <button type="button" onClick={() => call(api(`/api/assignments/${code}/close`, { method: "POST" }))}>
            {tt("asg.close")}
          </button>
        )}
        <label for="asg-new-deadline">{tt(p.status === "closed" ? "asg.reopen" : "asg.extend")}</label>
        <input
          id="asg-new-deadline"
          type="datetime-local"
          value={deadline}
          onInput={(e) => setDeadline(e.currentTarget.value)}
        />
        <button
          type="button"
          disabled={!deadline}
          onClick={() => call(api(`/api/assignments/${code}/deadline`, { body: { deadline: fromLocal(deadline) } }))}
        >
          {tt("asg.setDeadline")}
        </button>
        <a class="button" href={`/reports/${p.gameId}`}>
          {tt("asg.report")}
        </a>
      </div>
      <p class="err" role="alert">
        {error}
      </p>
      <TeamStandings code={code} p={p} onProgress={setP} onError={setError} />
      <table class="table" aria-live="polite">
        <thead>
          <tr>
            <th>{tt("asg.col.name")}</th>
            {p.teams && <th>{tt("asg.col.teamOf")}</th>}
            <th>{tt("asg.col.state")}</th>
            <th>{tt("asg.col.progress")}</th>
            <th>{tt("asg.col.score")}</th>
            <th>{tt("asg.col.time")}</th>
            <th>
              <span class="sr">{tt("asg.remove")}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {p.participants.map((x) => (
            <tr key={x.participantId} data-testid="asg-row">
              <td>
                {x.nickname}
                {x.studentId && <small class="muted"> ({x.studentId})</small>}
              </td>
              {p.teams && <td>{p.teams.list.find((t) => t.teamId === x.teamId)?.name ?? ""}</td>}
              <td>{states[x.state]}</td>
              <td>
                {Math.min(x.position, p.questionCount)}/{p.questionCount}
              </td>
              <td>{x.score}</td>
              <td>{Math.round(x.timeMs / 1000)} s</td>
              <td>
                {x.state !== "removed" && (
                  <button
                    type="button"
                    onClick={() =>
                      call(api(`/api/assignments/${code}/participants/${x.participantId}`, { method: "DELETE" }))
                    }
                  >
                    {tt("asg.remove")}
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <LtiScores gameId={p.gameId} />
    </section>
  );
}
