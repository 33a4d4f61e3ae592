// A student's assignment (docs/protocol.md §8): the start over HTTP issues the seat's token,
// kept per code so a reload, or another day, resumes on the same question; then one socket
// (use-assignment-socket.ts) carries each step. The server measures the time.
import { Fragment } from "preact";
import { useEffect, useState } from "preact/hooks";
import type { AnswerResult, AssignmentTeamChoice, PlayState } from "../../../schema/assignment.ts";
import { NICKNAME_MAX, STUDENT_ID_MAX } from "../../../schema/constants.ts";
import { accountHint, hintedNickname } from "../account-hint.ts";
import { api, type ApiError } from "../api.ts";
import { t, type PlayerKey } from "../strings.ts";
import { LangSwitch, Spinner } from "../shared/ui.tsx";
import { Rich } from "../rich.tsx";
import { readItem, removeItem, writeItem } from "../storage.ts";
import { QuestionScreen } from "./question.tsx";
import { FeedbackLine } from "./result.tsx";
import { useAssignmentSocket } from "./use-assignment-socket.ts";

export interface AssignmentInfo {
  kind: "assignment";
  code: string;
  title: string;
  status: "scheduled" | "open" | "closed";
  deadline: number;
  askStudentId: boolean;
  /** Team mode: the teams a student may pick from (absent or null: no teams, or none to pick). */
  teams?: AssignmentTeamChoice | null;
}

const tokenKey = (code: string) => `qq_assign_${code}`;
const startKeyKey = (code: string) => `qq_assign_key_${code}`;

/**
 * This browser's key for starting this assignment, kept until the token arrives: a start tried
 * again after its answer was lost gets the seat it took (not "nickname taken"). getRandomValues,
 * not randomUUID: a classroom server over plain http is not a secure context.
 */
function startKey(code: string): string {
  const kept = readItem(startKeyKey(code));
  if (kept) return kept;
  const key = Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, "0")).join("");
  writeItem(startKeyKey(code), key);
  return key;
}
export const assignmentToken = (code: string) => readItem(tokenKey(code));

const REFUSALS: Record<string, PlayerKey> = {
  closed: "as.closed",
  not_open: "as.notOpen",
  students_only: "as.studentsOnly",
  removed: "as.removed",
  full: "as.full",
  nickname_taken: "nick.taken",
  nickname_invalid: "nick.invalid",
  student_id_required: "sid.empty",
};
/** Refusals the student fixes in the start form: it stays, with the message under its field. */
const FORM_ERRORS = new Set<PlayerKey>(["nick.taken", "nick.empty", "nick.invalid", "sid.empty"]);

const refusalOf = (reason: string, status: number): PlayerKey =>
  status === 0 ? "error.network" : (REFUSALS[reason] ?? (status === 404 ? "code.unknown" : "error.generic"));

export function AssignmentPlay({ code, info: given }: { code: string; info: AssignmentInfo | null }) {
  const [info, setInfo] = useState(given);
  const [token, setToken] = useState(() => assignmentToken(code));
  const [error, setError] = useState<PlayerKey | "">("");
  const forget = () => {
    removeItem(tokenKey(code));
    setToken(null);
    // The seat is gone (the assignment's storage was cleaned up after it closed): ask what the code is now.
    if (!info)
      api<AssignmentInfo>(`/api/rooms/${code}`)
        .then((i) => (i.kind === "assignment" ? setInfo(i) : setError("code.unknown")))
        .catch((e: ApiError) => setError(refusalOf(e.issues[0]?.message ?? "", e.status)));
  };
  const play = useAssignmentSocket({
    code,
    token,
    onLost: forget,
    onError: (reason, status) => setError(refusalOf(reason, status)),
  });
  const { state, result } = play;
  useGradebookNudge(state?.phase === "finished" ? `${state.me.attempt}` : null);

  const start = (nickname: string, studentId: string, team: string) =>
    api<PlayState & { token: string }>(`/api/assignments/${code}/start`, {
      body: {
        nickname,
        ...(studentId ? { studentId } : {}),
        ...(team ? { team } : {}),
        ...(token ? { token } : {}),
        key: startKey(code),
      },
    })
      .then((s) => {
        writeItem(tokenKey(code), s.token);
        play.setState(s);
        removeItem(startKeyKey(code));
        setToken(s.token);
      })
      .catch((e: ApiError) => setError(refusalOf(e.issues[0]?.message ?? "", e.status)));

  return (
    <main class="screen play">
      <header class="top">
        <span class="who">
          <strong>{state?.me.nickname ?? info?.title}</strong>
          {/* Absent while the teacher's showAnswers hides results. */}
          {state?.me.score !== undefined && <span class="muted"> · {t("res.score", { n: state.me.score })}</span>}
          {state?.team && <span class="muted"> · {t("team.your", { name: state.team.name })}</span>}
        </span>
        <LangSwitch />
      </header>
      {play.status === "reconnecting" && (
        <p class="muted center-text" role="status">
          {t("reconnecting")}
        </p>
      )}
      {error && !FORM_ERRORS.has(error) ? (
        <p class="card err" role="alert">
          {t(error)}
        </p>
      ) : !token ? (
        info && info.status !== "open" ? (
          <p class="card err" role="alert">
            {t(info.status === "closed" ? "as.closed" : "as.notOpen")}
          </p>
        ) : info ? (
          <StartForm info={info} onStart={start} error={error} setError={setError} />
        ) : (
          <Spinner />
        )
      ) : !state || play.pending ? (
        <Spinner />
      ) : (
        <>
          {result && <AnswerAck r={result} />}
          {state.phase === "question" && state.question ? (
            <QuestionScreen
              key={state.question.index}
              q={state.question}
              opensAt={performance.now()}
              closesAt={performance.now() + state.question.closesInMs}
              pausedAt={null}
              untimed={state.question.timeLimit === 0}
              onAnswer={play.answer}
            />
          ) : state.phase === "question" ? (
            <Spinner />
          ) : (
            <Summary state={state} onRetry={play.retry} />
          )}
        </>
      )}
    </main>
  );
}

function StartForm({
  info,
  onStart,
  error,
  setError,
}: {
  info: AssignmentInfo;
  onStart: (nick: string, id: string, team: string) => void;
  error: PlayerKey | "";
  setError: (e: PlayerKey | "") => void;
}) {
  // A logged-in student starts from their display name, as in a live game's join.
  const [nick, setNick] = useState(hintedNickname);
  const [sid, setSid] = useState("");
  // "" : the smallest team (the room places the student).
  const [team, setTeam] = useState("");
  const pick = info.teams?.assign === "pick" ? info.teams.list : null;
  const idError = error === "sid.empty";
  return (
    <form
      class="card stack"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        if (!nick.trim()) {
          document.getElementById("nick")?.focus();
          return setError("nick.empty");
        }
        if (info.askStudentId && !sid.trim()) {
          document.getElementById("sid")?.focus();
          return setError("sid.empty");
        }
        onStart(nick, sid, team);
      }}
    >
      <p class="muted">
        <span class="game-code">{info.code}</span> · {t("as.title")}
      </p>
      <h1>{info.title}</h1>
      <p>{t("as.due", { when: new Date(info.deadline).toLocaleString() })}</p>
      <label for="nick">{t("nick.label")}</label>
      <input
        id="nick"
        value={nick}
        maxLength={NICKNAME_MAX}
        aria-describedby="nick-err"
        aria-invalid={error && !idError ? true : undefined}
        onInput={(e) => {
          setNick(e.currentTarget.value);
          if (error) setError("");
        }}
        autoFocus
      />
      <p id="nick-err" class="err" role="alert">
        {error && !idError && t(error)}
      </p>
      {info.askStudentId && (
        <>
          <label for="sid">
            {t("sid.label")} <span class="muted">({t("sid.required")})</span>
          </label>
          <input
            id="sid"
            value={sid}
            maxLength={STUDENT_ID_MAX}
            autoComplete="off"
            required
            aria-describedby="sid-hint sid-err"
            aria-invalid={idError ? true : undefined}
            onInput={(e) => {
              setSid(e.currentTarget.value);
              if (error) setError("");
            }}
          />
          <small id="sid-hint">{t("sid.hint")}</small>
          <p id="sid-err" class="err" role="alert">
            {idError && t(error)}
          </p>
        </>
      )}
      {pick && (
        <>
          <label for="team">{t("team.pick")}</label>
          <select id="team" value={team} onChange={(e) => setTeam(e.currentTarget.value)}>
            <option value="">{t("as.teamAny")}</option>
            {pick.map((o) => (
              <option key={o.teamId} value={o.teamId}>
                {o.name} ({t("as.teamMembers", { n: o.members })})
              </option>
            ))}
          </select>
        </>
      )}
      <button class="primary big" type="submit">
        {t("as.start")}
      </button>
    </form>
  );
}

/** The last answer's verdict, above the next question (the acknowledgement shows it at once). */
function AnswerAck({ r }: { r: AnswerResult }) {
  // Not right yet earning points: partly right (partial credit), so the words agree with the points.
  const partly = r.correct === false && (r.points ?? 0) > 0;
  const verdict = !r.accepted
    ? t("as.late")
    : r.correct === undefined
      ? t("as.sent")
      : r.correct === null
        ? t("res.poll")
        : r.correct
          ? t("res.correct")
          : partly
            ? t("res.partly")
            : t("res.wrong");
  return (
    <div
      class={`card stack ack ${r.correct ? "good" : partly ? "partly" : r.correct === false ? "bad" : ""}`}
      role="status"
    >
      <p class="row spread">
        <strong>{verdict}</strong>
        {r.points !== undefined && r.points > 0 && <span>{t("res.points", { n: r.points })}</span>}
        {r.streak !== undefined && r.streak >= 2 && <span>🔥 {t("res.streak", { n: r.streak })}</span>}
      </p>
      {r.feedback && <FeedbackLine text={r.feedback} math={r.math} />}
    </div>
  );
}

type Item = NonNullable<PlayState["summary"]>["items"][number];

/** An answer or a right answer as the texts the student saw (formulas typeset), joined as its kind reads. */
function Shown({ item, v }: { item: Item; v: Item["answer"] | Item["right"] }) {
  if (!v) return <>{t("as.none")}</>;
  const name = (id: number) => {
    const o = item.options?.find((x) => x.id === id);
    return o ? ("text" in o ? o.text : t(o.labelKey as PlayerKey)) : String(id);
  };
  const [texts, sep]: [string[], string] =
    "choice" in v
      ? [[name(v.choice)], ""]
      : "choices" in v
        ? [v.choices.map(name), ", "]
        : "order" in v
          ? [v.order.map(name), " → "]
          : "accepted" in v
            ? [v.accepted, " / "]
            : "text" in v
              ? [[v.text], ""]
              : "value" in v
                ? [[String(v.value)], ""]
                : [[], ""];
  return (
    <>
      {texts.map((text, k) => (
        <Fragment key={k}>
          {k > 0 && sep}
          <Rich text={text} math={item.math} />
        </Fragment>
      ))}
    </>
  );
}

function Summary({ state, onRetry }: { state: PlayState; onRetry: () => void }) {
  const s = state.summary;
  return (
    <section class="card stack">
      <h1>{state.phase === "closed" ? t("as.closed") : t("as.done")}</h1>
      {s?.score !== undefined && <p class="big-number">{t("res.score", { n: s.score })}</p>}
      {s?.rank != null && <p>{t("as.rank", { rank: s.rank, n: s.participants })}</p>}
      {state.team?.rank != null && (
        <p data-testid="team-rank">
          {t("team.rank", { rank: state.team.rank, n: state.team.teamCount })}
          {state.team.score !== undefined && (
            <> · {t("team.part", { score: state.team.score, n: state.team.contribution ?? 0 })}</>
          )}
        </p>
      )}
      {state.phase === "finished" && state.me.attemptsLeft > 0 && (
        <button class="primary" type="button" onClick={onRetry}>
          {t("as.retry", { n: state.me.attemptsLeft })}
        </button>
      )}
      <h2>{t("as.summary")}</h2>
      <ol class="stack">
        {s?.items.map((i) => (
          <li key={i.index}>
            <strong>
              <Rich text={i.text} math={i.math} />
            </strong>
            <br />
            <span aria-hidden="true">{i.correct === true ? "✔ " : i.correct === false ? "✘ " : ""}</span>
            {t("as.yoursLabel")} <Shown item={i} v={i.answer} />
            {i.points !== undefined && <> · {t("res.points", { n: i.points })}</>}
            {i.right !== undefined && (
              <>
                <br />
                {t("as.rightLabel")} <Shown item={i} v={i.right} />
              </>
            )}
            {i.feedback && <FeedbackLine text={i.feedback} math={i.math} />}
          </li>
        ))}
      </ol>
    </section>
  );
}

/**
 * A signed-in student (an LMS launch signs them in) who finishes an attempt asks for their own
 * score to go to the course's gradebook now; the server's cron sends it anyway, a few minutes later.
 * Once per attempt, a moment after the finish (the room writes the result on its way out).
 */
function useGradebookNudge(finishedAttempt: string | null) {
  useEffect(() => {
    if (finishedAttempt === null || !accountHint()) return;
    const timer = setTimeout(() => void api("/api/lti/scores/mine", { method: "POST" }).catch(() => {}), 1500);
    return () => clearTimeout(timer);
  }, [finishedAttempt]);
}
