// The projector during a question and at its reveal: a large countdown and answer count, the
// question's image kept through the reveal, and the tiles or chart filling the screen.
import { useEffect, useRef } from "preact/hooks";
import { Rich } from "../../rich.tsx";
import { QuestionImage } from "../../shared/question-image.tsx";
import type { ClientMessage } from "../../../../schema/messages.ts";
import { Countdown, useRemaining } from "../../shared/countdown.tsx";
import type { HostState } from "./host-state.ts";
import { CorrectAnswer, QuestionTiles, RevealChart, TypedAnswers } from "./host-views.tsx";
import { TeamReveal } from "./team-views.tsx";
import { tick } from "./sound.ts";
import { ht } from "./strings.ts";

type Question = NonNullable<HostState["question"]>;

export function AnswerCount({ answered }: { answered: HostState["answered"] }) {
  const a = answered?.answered ?? 0;
  const n = answered?.expected ?? 0;
  return (
    <div class="answer-count" aria-live="polite" aria-atomic="true">
      <span class="big" aria-hidden="true">
        {a}
        <small>/{n}</small>
      </span>
      <span class="sr">{ht("host.answers", { a, n })}</span>
      <span class="caption" aria-hidden="true">
        {ht("host.answersShort")}
      </span>
    </div>
  );
}

export function QuestionScreen({
  question,
  total,
  answered,
  paused,
}: {
  question: Question;
  total: number;
  answered: HostState["answered"];
  paused: boolean;
}) {
  const { q, opensAt, closesAt, pausedAt } = question;
  const toOpen = useRemaining(opensAt, pausedAt);
  const left = useRemaining(closesAt, pausedAt);
  // The last five seconds tick (once each), unless the room is paused.
  const ticked = useRef(-1);
  const secs = Math.ceil(left / 1000);
  useEffect(() => {
    if (toOpen > 0 || pausedAt !== null || secs > 5 || secs < 1 || ticked.current === secs) return;
    ticked.current = secs;
    tick(secs);
  }, [secs, toOpen, pausedAt]);
  return (
    <section class={`host-question type-${q.type}`}>
      <div class="q-bar">
        <span class="q-of">{ht("host.qOf", { i: q.index + 1, n: total })}</span>
        <div class="q-timer">
          {toOpen <= 0 ? (
            <Countdown deadline={closesAt} total={q.timeLimit} frozenAt={pausedAt} pausedLabel={ht("host.paused")} />
          ) : (
            <span class="get-ready pulse">
              {q.talkMs && toOpen <= q.talkMs
                ? `${ht("team.talkNow")}: ${Math.ceil(toOpen / 1000)}`
                : ht("host.getReady", { n: Math.ceil(toOpen / 1000) })}
            </span>
          )}
        </div>
        <AnswerCount answered={answered} />
      </div>
      <h1 class="host-q">
        <Rich text={q.text} math={q.math} />
      </h1>
      <div class="q-body">
        <QuestionImage q={q} class="host-img" />
        <div class="q-tiles">{toOpen > 0 ? null : <QuestionTiles q={q} />}</div>
      </div>
      {paused && <PausedOverlay />}
    </section>
  );
}

export function PausedOverlay() {
  return (
    <div class="paused-overlay" role="status">
      <span aria-hidden="true">❚❚</span> {ht("host.paused")}
    </div>
  );
}

export function RevealScreen({
  s,
  send,
  controls,
}: {
  s: HostState;
  send: (m: ClientMessage) => void;
  controls: boolean;
}) {
  const reveal = s.reveal!;
  const q = s.question?.q ?? null;
  const autoLeft = useRemaining(s.paused ? null : s.autoAdvanceAt);
  return (
    <section class="host-reveal">
      <div class="q-bar">
        <span class="q-of">{q && ht("host.qOf", { i: q.index + 1, n: s.questionCount })}</span>
        <span class="muted q-timer">{autoLeft > 0 && ht("host.nextIn", { n: Math.ceil(autoLeft / 1000) })}</span>
        {/* As large as the question's answer count: it is read from the back of the room. */}
        <div class="answer-count" role="status">
          <span class="big" aria-hidden="true">
            {reveal.answered}
          </span>
          <span class="sr">{ht("host.answeredN", { n: reveal.answered })}</span>
          <span class="caption" aria-hidden="true">
            {ht("host.answersWord", { n: reveal.answered })}
          </span>
        </div>
      </div>
      <h1 class="host-q">{q && <Rich text={q.text} math={q.math} />}</h1>
      <CorrectAnswer q={q} reveal={reveal} />
      <div class="q-body">
        {q && <QuestionImage q={q} class="host-img" />}
        <div class="reveal-main">
          <RevealChart q={q} reveal={reveal} />
          <TypedAnswers reveal={reveal} send={send} controls={controls} />
          {s.teamReveal?.index === reveal.index && <TeamReveal m={s.teamReveal} />}
        </div>
      </div>
      {reveal.explanation && (
        <p class="explain">
          <strong>{ht("host.explanation")}: </strong>
          <Rich text={reveal.explanation} math={reveal.math} />
        </p>
      )}
      {s.paused && <PausedOverlay />}
    </section>
  );
}
