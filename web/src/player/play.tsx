// The player's live game: one socket, and a screen for each moment of the room's state. Without a
// seat, the socket takes one (`/ws/:code/join`) and its reconnects use the seat's token.
import { useEffect, useRef, useState } from "preact/hooks";
import type { AnswerValue, JoinRefusal, LeaderEntry, MathTable, QuestionView, ServerMessage, ServerMessageOf } from "../../../schema/messages";
import { api, ApiError } from "../api";
import { t } from "../i18n";
import type { PlayerKey } from "../strings";
import { openRoomSocket, type RoomSocket, type SocketStatus } from "../socket";
import { Banner, Countdown, LangSwitch, Spinner, useRemaining, useWakeLock } from "../ui";
import { AnswerFor } from "./answer";
import { Rich } from "../rich";
import { dropSeat, forgetLastGame, oldToken, saveSeat, type Seat } from "./seat";

type Welcome = ServerMessageOf<"welcome">;
type Result = ServerMessageOf<"result">;

type View =
  | { k: "connecting" }
  | { k: "lobby" }
  | { k: "wait" }
  | { k: "question"; q: QuestionView; opensAt: number; closesAt: number }
  | { k: "result"; r: Result; explanation?: string; math?: MathTable }
  | { k: "leaderboard"; top: LeaderEntry[] }
  | { k: "final"; top: LeaderEntry[] }
  | { k: "gone"; why: "kicked" | "ended" | "over" | "replaced" };

interface Me {
  playerId: string;
  nickname: string;
  score: number;
  rank: number | null;
  streak: number;
}

/** Refusals the Join form words on its own; the rest read "you cannot join this game now". */
const REFUSAL: Partial<Record<JoinRefusal, PlayerKey>> = {
  "nickname-taken": "nick.taken",
  "nickname-invalid": "nick.invalid",
  "not-found": "code.unknown",
  kicked: "kicked",
  ended: "code.over",
  full: "join.full",
};

export function Play({
  code,
  seat,
  nickname,
  onLost,
  onRefused,
}: {
  code: string;
  /** null: join first, as `nickname` (none in generated-names mode). */
  seat: Seat | null;
  nickname?: string;
  onLost: () => void;
  /** The join did not go through (refused, or the socket dropped before the welcome). */
  onRefused: (error: PlayerKey) => void;
}) {
  const [view, setView] = useState<View>({ k: "connecting" });
  const [status, setStatus] = useState<SocketStatus>("connecting");
  const [count, setCount] = useState(0);
  const [me, setMe] = useState<Me>({ playerId: seat?.playerId ?? "", nickname: seat?.nickname ?? nickname ?? "", score: 0, rank: null, streak: 0 });
  const [title, setTitle] = useState("");
  const [answered, setAnswered] = useState(-1);
  // One live region that stays mounted: screens that appear with their text are not reliably announced.
  const [say, setSay] = useState("");
  const sock = useRef<RoomSocket | undefined>(undefined);
  // An answer not yet acknowledged: sent again if the socket drops before the room confirms it.
  const pending = useRef<{ q: number; answer: AnswerValue } | null>(null);
  const lastReveal = useRef<ServerMessageOf<"reveal"> | null>(null);
  const ended = useRef(false);

  useEffect(() => {
    let mine = seat;
    const onMessage = (m: ServerMessage) => {
      switch (m.type) {
        case "welcome":
          return welcome(m);
        case "joinRefused":
          // Acted on at once: the close that follows can take seconds to arrive.
          sock.current?.close();
          return onRefusedRef.current(REFUSAL[m.reason] ?? "join.refused");
        case "lobby":
          setCount(m.playerCount);
          return;
        case "playerJoined":
        case "playerLeft":
          setCount(m.playerCount);
          return;
        case "question": {
          const now = performance.now();
          const q = m.question;
          const p = pending.current;
          if (p && p.q === q.index) sock.current?.send({ type: "answer", q: p.q, answer: p.answer });
          else pending.current = null;
          setView({ k: "question", q, opensAt: now + q.opensInMs, closesAt: now + q.closesInMs });
          return;
        }
        case "answered":
          if (pending.current?.q === m.index) pending.current = null;
          setAnswered(m.index);
          return;
        case "reveal":
          lastReveal.current = m;
          setView((v) => (v.k === "result" && v.r.index === m.index ? { ...v, explanation: m.explanation, math: m.math } : v));
          return;
        case "result":
          pending.current = null;
          setSay(`${headline(m)}. ${t("res.score", { n: m.score })}. ${t("res.rank", { rank: m.rank, n: m.playerCount })}`);
          setMe((x) => ({ ...x, score: m.score, rank: m.rank, streak: m.streak }));
          setCount(m.playerCount);
          setView({ k: "result", r: m, ...(lastReveal.current?.index === m.index ? { explanation: lastReveal.current.explanation, math: lastReveal.current.math } : {}) });
          return;
        case "leaderboard":
          setCount(m.playerCount);
          setView({ k: "leaderboard", top: m.top });
          return;
        case "podium":
          setCount(m.playerCount);
          setSay(t("fin.title"));
          setView({ k: "final", top: m.top });
          return;
        case "ended":
          ended.current = true;
          forgetLastGame(code);
          setView((v) => (v.k === "final" ? v : m.reason === "ended-by-host" ? { k: "gone", why: "ended" } : { k: "final", top: [] }));
          return;
        case "kicked":
          dropSeat(code);
          onLostRef.current(true);
          setView({ k: "gone", why: "kicked" });
          return;
        case "replaced":
          // Another tab or device took over this seat; this one steps aside (the seat is kept).
          onLostRef.current(true);
          setView({ k: "gone", why: "replaced" });
          return;
        case "error":
          if (m.code === "already-answered") setAnswered((a) => Math.max(a, pending.current?.q ?? a));
          // The answer did not count: show the question again ("time's up" once it has closed).
          else if (m.for === "answer" && pending.current) setAnswered(-1);
          if (m.for === "answer") pending.current = null;
          if (m.code === "unknown-player") onLostRef.current(false);
          return;
      }
    };

    const welcome = (m: Welcome) => {
      setTitle(m.title);
      setCount(m.playerCount);
      if (m.me) {
        const { playerId, nickname, score, rank, streak } = m.me;
        if (m.token) {
          mine = { playerId, nickname, token: m.token, wsUrl: `/ws/${code}?token=${encodeURIComponent(m.token)}` };
          saveSeat(code, mine);
        }
        setMe({ playerId, nickname, score, rank, streak });
        if (m.me.answered) setAnswered(m.questionIndex);
      }
      // The room follows its welcome with the current question, result or leaderboard where there is one.
      if (m.phase === "lobby") {
        setView({ k: "lobby" });
        setSay(t("lobby.in"));
      }
      else if (m.phase === "ended") setView({ k: "final", top: [] });
      else setView((v) => (v.k === "connecting" || v.k === "lobby" ? { k: "wait" } : v));
    };

    const join = () => {
      const q = new URLSearchParams();
      if (nickname !== undefined) q.set("nickname", nickname);
      // A token this browser held before goes along, so a kicked player is recognised under any new name.
      const old = oldToken(code);
      if (old) q.set("token", old);
      return `/ws/${code}/join?${q}`;
    };
    sock.current = openRoomSocket({
      url: () => mine?.wsUrl ?? join(),
      reconnect: () => !!mine,
      onMessage,
      onStatus: setStatus,
      onFinalClose: (c) => {
        // Still joining, and not refused: the socket never opened (the network, or a 429: we cannot
        // tell which) or dropped before its welcome. Back to the form, not round again.
        if (!mine) onRefusedRef.current("join.failed");
        else if (c === 4001) {
          dropSeat(code);
          setView({ k: "gone", why: "kicked" });
        } else if (c === 4000) setView({ k: "gone", why: "replaced" });
        else onLostRef.current(false);
      },
      onFailedAttempt: (n) => {
        // A refused upgrade is invisible to the browser; ask the API whether the seat still exists.
        if (n < 2) return;
        api<{ phase: string }>(`/api/rooms/${code}`)
          .then((r) => {
            if (r.phase === "ended") {
              sock.current?.close();
              setView((v) => (v.k === "final" ? v : { k: "gone", why: "over" }));
            } else if (n >= 4) onLostRef.current(false);
          })
          .catch((e: ApiError) => {
            if (e.status === 404) {
              sock.current?.close();
              setView({ k: "gone", why: "over" });
            }
          });
      },
    });
    return () => sock.current?.close();
  }, [code]);

  const onLostRef = useRef((forGood: boolean) => {
    sock.current?.close();
    if (!forGood) onLost();
  });
  const onRefusedRef = useRef(onRefused);

  useWakeLock(view.k !== "gone" && view.k !== "final");

  const answer = (q: QuestionView, a: AnswerValue) => {
    pending.current = { q: q.index, answer: a };
    setAnswered(q.index);
    sock.current?.send({ type: "answer", q: q.index, answer: a });
  };

  return (
    <main class="screen play">
      <header class="top">
        <span class="who">
          <strong>{me.nickname}</strong>
          <span class="muted"> · {t("res.score", { n: me.score })}</span>
        </span>
        <LangSwitch />
      </header>
      {status === "reconnecting" && !ended.current && <Banner>{t("reconnecting")}</Banner>}
      <p class="sr" aria-live="polite">
        {say}
      </p>
      <Screen view={view} me={me} count={count} title={title} answered={answered} onAnswer={answer} />
    </main>
  );
}

function Screen({
  view,
  me,
  count,
  title,
  answered,
  onAnswer,
}: {
  view: View;
  me: Me;
  count: number;
  title: string;
  answered: number;
  onAnswer: (q: QuestionView, a: AnswerValue) => void;
}) {
  switch (view.k) {
    case "connecting":
    case "wait":
      return <Spinner />;
    case "lobby":
      return (
        <section class="card stack center-text" aria-live="polite">
          <h1>{t("lobby.in")}</h1>
          <p class="muted">{title}</p>
          <p>{t("lobby.as", { name: me.nickname })}</p>
          <p class="pulse">{t("lobby.wait")}</p>
          <p class="muted">{t("players", { n: count })}</p>
        </section>
      );
    case "question":
      return answered === view.q.index ? <Answered /> : <Question key={view.q.index} {...view} onAnswer={onAnswer} />;
    case "result":
      return <ResultView r={view.r} explanation={view.explanation} math={view.math} />;
    case "leaderboard":
      return <Board top={view.top} me={me.playerId} myRank={me.rank} count={count} title={t("lb.title")} />;
    case "final":
      return (
        <section class="stack center-text">
          <h1>{t("fin.title")}</h1>
          {me.rank !== null && <p class="big-number">{t("fin.rank", { rank: me.rank, n: count })}</p>}
          <p>{t("fin.score", { n: me.score })}</p>
          {view.top.length > 0 && <Board top={view.top.slice(0, 3)} me={me.playerId} myRank={null} count={count} title={t("fin.podium")} />}
          <a class="button" href="/">
            {t("fin.again")}
          </a>
        </section>
      );
    case "gone":
      return (
        <section class="card stack center-text" role="alert">
          <p>{t(view.why === "over" ? "code.over" : view.why)}</p>
          <a class="button" href="/">
            {t("fin.again")}
          </a>
        </section>
      );
  }
}

function Question({ q, opensAt, closesAt, onAnswer }: { q: QuestionView; opensAt: number; closesAt: number; onAnswer: (q: QuestionView, a: AnswerValue) => void }) {
  const toOpen = useRemaining(opensAt);
  const left = useRemaining(closesAt);
  const open = toOpen <= 0;
  const heading = useRef<HTMLHeadingElement>(null);
  // A new question takes the focus (the old answer buttons are gone), so screen readers read it.
  useEffect(() => heading.current?.focus(), []);
  return (
    <section class="question stack">
      <div class="row spread">
        <span class="muted">{t("q.of", { i: q.index + 1, n: q.total })}</span>
        {q.points !== "standard" && <span class="badge">{q.points === "double" ? t("q.double") : t("q.noPoints")}</span>}
        {open && left > 0 && <Countdown deadline={closesAt} total={q.timeLimit} />}
      </div>
      <h1 class="qtext" tabIndex={-1} ref={heading}>
        <Rich text={q.text} math={q.math} />
      </h1>
      {q.image && <img class="qimg" src={q.image} alt="" />}
      {!open ? (
        <p class="pulse center-text" role="status">
          {t("q.ready")} {Math.ceil(toOpen / 1000)}
        </p>
      ) : left <= 0 ? (
        <p class="center-text big-number" role="status">
          {t("ans.timeUp")}
        </p>
      ) : (
        <AnswerFor q={q} onAnswer={(a) => onAnswer(q, a)} />
      )}
    </section>
  );
}

function Answered() {
  return (
    <section class="card stack center-text" role="status">
      <h1>{t("ans.sent")}</h1>
      <p class="pulse">{t("ans.wait")}</p>
    </section>
  );
}

const headline = (r: Result) => (!r.answered ? t("res.none") : r.correct === null ? t("res.poll") : r.correct ? t("res.correct") : t("res.wrong"));

function ResultView({ r, explanation, math }: { r: Result; explanation?: string; math?: MathTable }) {
  const cls = r.correct === true ? "good" : r.correct === false || !r.answered ? "bad" : "";
  return (
    <section class={`card stack center-text result ${cls}`}>
      <h1>
        <span aria-hidden="true">{r.correct === true ? "✔ " : r.correct === false || !r.answered ? "✘ " : ""}</span>
        {headline(r)}
      </h1>
      {r.points > 0 && <p class="big-number">{t("res.points", { n: r.points })}</p>}
      {r.streak >= 2 && <p>🔥 {t("res.streak", { n: r.streak })}</p>}
      <p>{t("res.score", { n: r.score })}</p>
      <p>{t("res.rank", { rank: r.rank, n: r.playerCount })}</p>
      {explanation && (
        <p class="explain">
          <strong>{t("res.explain")}: </strong>
          <Rich text={explanation} math={math} />
        </p>
      )}
    </section>
  );
}

export function Board({ top, me, myRank, count, title }: { top: LeaderEntry[]; me: string; myRank: number | null; count: number; title: string }) {
  const inTop = top.some((e) => e.playerId === me);
  return (
    <section class="stack">
      <h2>{title}</h2>
      <ol class="board">
        {top.map((e) => (
          <li key={e.playerId} class={e.playerId === me ? "me" : ""}>
            <span class="rank">{e.rank}</span>
            <span class="name">
              {e.nickname}
              {e.playerId === me && <span class="muted"> ({t("lb.you")})</span>}
            </span>
            <Movement e={e} />
            <span class="score">{e.score}</span>
          </li>
        ))}
      </ol>
      {!inTop && myRank !== null && <p class="center-text">{t("res.rank", { rank: myRank, n: count })}</p>}
    </section>
  );
}

export function Movement({ e }: { e: LeaderEntry }) {
  if (e.prevRank === null || e.prevRank === e.rank) return <span class="move" />;
  const up = e.prevRank > e.rank;
  const n = Math.abs(e.prevRank - e.rank);
  return (
    <span class={`move ${up ? "up" : "down"}`}>
      <span aria-hidden="true">{up ? "▲" : "▼"}</span>
      <span class="sr">{up ? t("lb.up", { n }) : t("lb.down", { n })}</span>
      <span aria-hidden="true">{n}</span>
    </span>
  );
}
