// A student's home (loaded on demand): join a game with a code (their display name fills the
// nickname), the games they played, and one game's answers with the right ones.
import { useEffect, useState } from "preact/hooks";
import type { HistoryItem, HistoryPage, MyGame } from "../../../schema/students.ts";
import { api, type ApiError } from "../api.ts";
import { cleanCode, isCode } from "../code.ts";
import { t } from "../strings.ts";
import { navigate } from "../router.ts";
import { Spinner } from "../shared/ui.tsx";
import { AnswerSheet } from "../app/answer-sheet.tsx";
import { when } from "../app/format.ts";
import { useUser } from "../app/session.ts";
import { at } from "../app/strings.ts";

function JoinByCode() {
  const [code, setCode] = useState("");
  const [error, setError] = useState(false);
  return (
    <form
      class="card stack"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        if (!isCode(code)) return setError(true);
        navigate("/" + code);
      }}
    >
      <h2>{at("me.join")}</h2>
      <label for="code">{t("land.codeLabel")}</label>
      <div class="row">
        <input
          id="code"
          class="code-input"
          value={code}
          onInput={(e) => {
            setCode(cleanCode(e.currentTarget.value));
            setError(false);
          }}
          autoComplete="off"
          autoCapitalize="characters"
          spellcheck={false}
          maxLength={8}
          placeholder="ABC234"
          aria-describedby="code-hint code-err"
          aria-invalid={error ? true : undefined}
        />
        <button class="primary big" type="submit">
          {t("land.join")}
        </button>
      </div>
      <small id="code-hint">{at("me.joinHint")}</small>
      <p id="code-err" class="err" role="alert">
        {error && t("code.invalid")}
      </p>
    </form>
  );
}

/** A homework is marked as such, with its deadline. */
function Kind({ kind, deadline }: { kind: HistoryItem["kind"]; deadline: number | null }) {
  if (kind !== "assignment") return null;
  return (
    <>
      <span class="pill">{at("me.homework")}</span>
      {deadline !== null && <> {at("me.due", { when: when(deadline) })}</>}
      {" · "}
    </>
  );
}

/**
 * Score, rank and right answers as the server gives them: null is what a homework's teacher hides
 * (showAnswers), or a rank that is not final until the homework closes.
 */
function Stats({
  g,
  ended,
  card,
}: {
  g: Pick<HistoryItem, "score" | "rank" | "correctCount" | "playerCount" | "questionCount">;
  ended: boolean;
  card?: boolean;
}) {
  const hidden = g.score === null;
  return (
    <dl class={`stats${card ? " card" : ""}`}>
      <div>
        <dt>{at("rep.score")}</dt>
        <dd>{hidden ? at("me.hidden") : g.score}</dd>
      </div>
      <div>
        <dt>{at("rep.rank")}</dt>
        <dd>
          {hidden
            ? at("me.hidden")
            : g.rank === null || !ended
              ? at("me.rankLater")
              : g.rank
                ? at("me.rankOf", { rank: g.rank, n: g.playerCount })
                : at("me.removed")}
        </dd>
      </div>
      <div>
        <dt>{at("rep.correct")}</dt>
        <dd>
          {g.correctCount === null
            ? at("me.hidden")
            : at("me.correctOf", { correct: g.correctCount, n: g.questionCount })}
        </dd>
      </div>
    </dl>
  );
}

function HistoryRow({ g }: { g: HistoryItem }) {
  return (
    <li class="card history-item">
      <div class="stack grow">
        <h3>
          <a href={`/me/games/${g.gameId}`} aria-label={`${g.title}: ${at("me.open")}`}>
            {g.title}
          </a>
        </h3>
        <p class="muted">
          <Kind kind={g.kind} deadline={g.deadline} />
          {when(g.playedAt)} · {g.nickname}
        </p>
      </div>
      <Stats g={g} ended={g.status === "ended"} />
    </li>
  );
}

export function StudentHome() {
  const user = useUser();
  const [items, setItems] = useState<HistoryItem[] | null>(null);
  const [next, setNext] = useState<string | null>(null);
  const [error, setError] = useState("");
  const load = async (cursor?: string) => {
    try {
      const page = await api<HistoryPage>(
        `/api/me/games?limit=20${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`,
      );
      setItems((old) => (cursor && old ? [...old, ...page.items] : page.items));
      setNext(page.nextCursor);
    } catch (e) {
      setError((e as ApiError).message);
    }
  };
  useEffect(() => void load(), []);
  return (
    <section class="stack">
      <h1>{user ? `${at("me.title")}: ${user.name}` : at("me.title")}</h1>
      <JoinByCode />
      <h2>{at("me.history")}</h2>
      {error && (
        <p class="err" role="alert">
          {error}
        </p>
      )}
      {items === null ? (
        !error && <Spinner />
      ) : items.length === 0 ? (
        <p class="muted">{at("me.empty")}</p>
      ) : (
        <ul class="history">
          {items.map((g) => (
            <HistoryRow key={g.gameId} g={g} />
          ))}
        </ul>
      )}
      {next && (
        <button type="button" onClick={() => load(next)}>
          {at("cat.more")}
        </button>
      )}
    </section>
  );
}

export function MyGamePage({ id }: { id: string }) {
  const [g, setG] = useState<MyGame | null>(null);
  const [error, setError] = useState("");
  useEffect(() => {
    api<MyGame>(`/api/me/games/${encodeURIComponent(id)}`)
      .then(setG)
      .catch((e: ApiError) => setError(e.status === 404 ? at("me.notFound") : e.message));
  }, [id]);
  if (error)
    return (
      <section class="stack">
        <p>
          <a href="/me">← {at("me.title")}</a>
        </p>
        <p class="err" role="alert">
          {error}
        </p>
      </section>
    );
  if (!g) return <Spinner />;
  return (
    <section class="stack">
      <p>
        <a href="/me">← {at("me.title")}</a>
      </p>
      <h1>{g.game.title}</h1>
      <p class="muted">
        <Kind kind={g.kind} deadline={g.deadline} />
        {when(g.game.playedAt)} · {g.me.nickname}
      </p>
      <Stats
        g={{ ...g.me, playerCount: g.game.playerCount, questionCount: g.game.questionCount }}
        ended={g.game.status === "ended"}
        card
      />
      {g.me.score === null && <p class="muted">{at("me.hiddenNote")}</p>}
      <AnswerSheet questions={g.questions} math={g.math} own />
    </section>
  );
}
