// The game's transitions: lobby → question → reveal → [leaderboard] → … → podium → ended, each
// saved before it is broadcast; the alarm that drives deadlines, pauses, result retries and the
// clean-up; and what happens once the results are (or are not) in D1.
import type { LeaderEntry, ServerMessage, ServerMessageOf } from "../../schema/messages.ts";
import { kindOf } from "../../schema/kinds/index.ts";
import { resultFor } from "./connect.ts";
import type { GameContext } from "./context.ts";
import { rank } from "../kit/ranking.ts";
import { afterFailedWrite, resultsRetryDelayMs } from "../kit/results-retry.ts";
import { rttCompensation, settle } from "../kit/scoring.ts";
import type { AnswerRow, EndReason, PlayerRow, Timer } from "./types.ts";
import { TEAM_BOARD_TOP, TEAM_PODIUM_TOP, type TeamPlay } from "./team-play.ts";
import { talkMs } from "./teams.ts";
import { typedAnswers } from "./typed.ts";
import { podiumView, questionView, revealMessage } from "./views.ts";

/** Auto-advance pauses (ms) on the reveal and the leaderboard. */
export const REVEAL_PAUSE_MS = 5000;
export const LEADERBOARD_PAUSE_MS = 5000;
export const LEADERBOARD_TOP = 5;
export const PODIUM_TOP = 3;

export class Flow {
  constructor(
    private readonly game: GameContext,
    private readonly teams: TeamPlay,
  ) {}

  start(userId: string): void {
    const now = this.game.now();
    this.game.save({ startedAt: now });
    this.game.event("game.start", "user", userId, { players: this.game.activeCount() });
    this.game.effects.markRunning(now);
    this.showQuestion(0);
  }

  showQuestion(position: number): void {
    const { config, outbox } = this.game;
    const question = config.questions[position];
    const now = this.game.now();
    const active = this.game.activePlayers();
    const maxFactor = Math.max(1, ...new Set(active.map((p) => p.extraTime)));
    // Team talk comes after the reading time, before the options open.
    const talk = talkMs(config.settings);
    const opensAt = now + config.settings.readingTime * 1000 + talk;
    const closesAt = opensAt + question.timeLimit * 1000 * maxFactor;
    const timer: Timer = { kind: "close", phase: "question", position, at: closesAt };
    const connected = outbox.connected();
    // Players away right now are not waited for until they come back (docs/protocol.md §5).
    const waived = active.filter((p) => !connected.has(p.id)).map((p) => p.id);
    this.game.save({ phase: "question", position, shownAt: now, opensAt, closesAt, timer, waived, addedMs: 0 });
    // One serialisation per extra-time factor present, not one per player.
    const opts = { talkMs: talk };
    const standard: ServerMessage = {
      type: "question",
      question: questionView(config, position, opensAt, 1, now, opts),
    };
    const extra = active.filter((p) => p.extraTime !== 1);
    outbox.host(standard);
    outbox.players(standard, new Set(extra.map((p) => p.id)));
    const byFactor = new Map<number, ServerMessage>();
    for (const p of extra) {
      let m = byFactor.get(p.extraTime);
      if (!m)
        byFactor.set(
          p.extraTime,
          (m = { type: "question", question: questionView(config, position, opensAt, p.extraTime, now, opts) }),
        );
      outbox.player(p.id, m);
    }
    outbox.answerCount({ type: "answerCount", index: position, answered: 0, expected: active.length - waived.length });
    this.game.event("question.show", "system", null, {
      q: position,
      quizIndex: config.order[position],
      type: question.type,
    });
    this.game.effects.flushEvents();
  }

  /**
   * Closes the open question early once every player it waits for (`GameContext.expectedPlayers`)
   * has answered or is past their own deadline. Never while paused.
   */
  closeIfAllAnswered(): void {
    const state = this.game.state;
    if (state.phase !== "question" || state.paused) return;
    // Consensus: the pick standing at the deadline is the team's; members may change it until then.
    if (this.teams.consensus()) return;
    const answers = this.game.store.answers(state.position);
    const expected = this.game.expectedPlayers();
    // Nobody to wait for (everyone was away when it was shown): the deadline decides.
    if (!expected.length) return;
    // Cheap test first: with fewer answers than expected players someone has not answered, and
    // unless extra time is in play (the question outlasting some players' own limits), they still can.
    const outlasts = state.closesAt > state.opensAt + this.game.limitMs(state.position, 1);
    if (answers.size < expected.length && !outlasts) return;
    const now = this.game.now();
    let answered = 0;
    for (const p of expected) {
      if (answers.has(p.id)) {
        answered++;
        continue;
      }
      // Someone whose own time is up (a shorter limit than the room's longest) cannot answer any more.
      const ownDeadline = state.opensAt + this.game.limitMs(state.position, p.extraTime) + rttCompensation(p.minRttMs);
      if (!outlasts || now <= ownDeadline) return;
    }
    // The answers waiting for their commit are committed now, and so acknowledged, before the
    // close scores and ranks everyone: the burst's last acknowledgements need not wait for that.
    this.game.store.transaction(() => {});
    // The last count, uncoalesced: the host sees everyone in before the reveal replaces it.
    this.game.outbox.host({ type: "answerCount", index: state.position, answered, expected: expected.length });
    this.closeQuestion();
  }

  /** Scores the open question once for everyone, ranks once, reveals. */
  closeQuestion(): void {
    const { config, store, outbox } = this.game;
    const position = this.game.state.position;
    const question = config.questions[position];
    // Consensus: every member carries their team's standing pick (received by now, or by the deadline if earlier).
    const teamAnswers = this.teams.consensusAnswers(
      position,
      store.answers(position),
      Math.min(this.game.now(), this.game.state.closesAt),
    );
    if (teamAnswers.length) store.saveAnswers(teamAnswers);
    const answers = store.answers(position);
    const active = this.game.activePlayers();
    const settledPlayers: PlayerRow[] = [];
    const settledAnswers: AnswerRow[] = [];
    // Only answers whose points the settle changed (a streak's bonus, a kick) are written again.
    const changedAnswers: AnswerRow[] = [];
    let correctCount = 0;
    let timeSum = 0;
    for (const p of active) {
      const a = answers.get(p.id);
      const r = settle(p.streak, {
        correct: a ? a.correct : undefined,
        basePoints: a?.basePoints ?? 0,
        mode: question.points,
      });
      if (a) {
        const settled = { ...a, points: r.points };
        settledAnswers.push(settled);
        if (settled.points !== a.points) changedAnswers.push(settled);
        timeSum += a.responseMs;
        if (a.correct) correctCount++;
      }
      settledPlayers.push({
        ...p,
        streak: r.streak,
        score: p.score + r.points,
        correctCount: p.correctCount + (a?.correct ? 1 : 0),
        answeredCount: p.answeredCount + (a ? 1 : 0),
        // Polls are not a race: their time does not count towards the tie-break.
        totalTimeMs: p.totalTimeMs + (a && a.correct !== null ? a.responseMs : 0),
      });
    }
    const ranked = rank(settledPlayers).map((p, i) => ({ ...p, prevRank: p.rank, rank: i + 1 }));
    // A player kicked while the question was open is out of it: their answer earns nothing and is not counted.
    const live = new Set(active.map((p) => p.id));
    for (const a of answers.values())
      if (!live.has(a.playerId)) {
        const out = { ...a, points: 0 };
        settledAnswers.push(out);
        if (a.points !== 0) changedAnswers.push(out);
      }
    const counted = [...answers.values()].filter((a) => live.has(a.playerId));
    const reveal = revealMessage(config, position, counted);
    const typed = typedAnswers(question, position, counted);
    const board: ServerMessageOf<"leaderboard"> = {
      type: "leaderboard",
      index: position,
      top: top(ranked, LEADERBOARD_TOP),
      playerCount: ranked.length,
      ...teamsField(this.teams.board(ranked, TEAM_BOARD_TOP)),
    };
    const teamReveal = this.teams.reveal(position, ranked, settledAnswers);
    const auto = config.settings.autoAdvance;
    store.transaction(() => {
      store.saveStandings(ranked);
      store.saveAnswers(changedAnswers);
      store.saveShown(reveal);
      if (typed) store.saveShown(typed);
      store.saveShown(board);
      if (teamReveal?.type === "teamReveal") store.saveShown(teamReveal);
      this.game.save({
        phase: "reveal",
        timer: auto ? { kind: "advance", phase: "reveal", position, at: this.game.now() + REVEAL_PAUSE_MS } : null,
      });
    });
    outbox.all(reveal);
    if (typed) outbox.host(typed);
    if (teamReveal) outbox.all(teamReveal);
    const byId = new Map(settledAnswers.map((a) => [a.playerId, a]));
    const teamed = !!this.teams.active();
    const standings = teamed ? this.teams.standings() : [];
    for (const p of ranked)
      outbox.player(p.id, {
        ...resultFor(this.game, p, byId.get(p.id), ranked.length),
        ...(teamed ? { team: this.teams.mine(p, standings) } : {}),
      });
    this.game.event("question.reveal", "system", null, { q: position, quizIndex: config.order[position] });
    this.game.event("answer.summary", "system", null, {
      q: position,
      quizIndex: config.order[position],
      type: question.type,
      answered: counted.length,
      correct: !kindOf(question).scored ? null : correctCount,
      players: active.length,
      avgResponseMs: counted.length ? Math.round(timeSum / counted.length) : null,
    });
    this.game.effects.flushEvents();
  }

  afterReveal(): void {
    const { config, store } = this.game;
    const { position } = this.game.state;
    if (position >= config.questions.length - 1) return this.podium();
    if (config.settings.leaderboard === "each") {
      const board = store.shown("leaderboard")!;
      const at = this.game.now() + LEADERBOARD_PAUSE_MS;
      this.game.save({
        phase: "leaderboard",
        timer: config.settings.autoAdvance ? { kind: "advance", phase: "leaderboard", position, at } : null,
      });
      this.game.outbox.all(board);
      this.game.effects.flushEvents();
      return;
    }
    this.showQuestion(position + 1);
  }

  podium(): void {
    const ranked = rank(this.game.activePlayers());
    const podium: ServerMessageOf<"podium"> = {
      type: "podium",
      top: top(ranked, PODIUM_TOP),
      playerCount: ranked.length,
      ...teamsField(this.teams.board(ranked, TEAM_PODIUM_TOP)),
    };
    const now = this.game.now();
    this.game.store.transaction(() => {
      this.game.store.saveShown(podium);
      this.game.save({
        phase: "podium",
        timer: null,
        endedAt: now,
        resultsPending: true,
        resultsAttempts: 0,
        resultsRetryAt: now + resultsRetryDelayMs(0),
      });
    });
    this.game.outbox.all(podiumView(podium, now, now));
    this.game.effects.writeResults();
  }

  finish(reason: EndReason, userId: string | null): void {
    this.game.save({ phase: "ended", endReason: reason, timer: null });
    this.game.outbox.all({ type: "ended", reason });
    this.game.event("game.end", userId ? "user" : "system", userId, {
      reason,
      players: this.game.activeCount(),
    });
    this.game.effects.flushEvents();
  }

  endEarly(userId: string): void {
    if (this.game.state.phase === "question") this.closeQuestion();
    if (this.game.state.phase !== "podium") this.podium();
    this.finish("ended-by-host", userId);
  }

  // ---------- alarm and results ----------

  /** The alarm fired: run what is due. The earliest pending item runs even if the clock says it is early. */
  alarm(): void {
    const state = this.game.state;
    const now = this.game.now();
    const items: { at: number; run: () => void }[] = [];
    if (state.timer) items.push({ at: state.timer.at, run: () => this.timerFired(state.timer!) });
    if (state.resultsPending && state.resultsRetryAt !== null)
      items.push({ at: state.resultsRetryAt, run: () => this.game.effects.writeResults() });
    if (state.cleanupAt !== null) items.push({ at: state.cleanupAt, run: () => this.cleanup() });
    items.sort((a, b) => a.at - b.at);
    items.forEach((item, i) => {
      if (i === 0 || item.at <= now) item.run();
    });
    if (this.game.store.config()) this.game.effects.setAlarm(this.game.nextWake(this.game.state));
  }

  private timerFired(t: Timer): void {
    const state = this.game.state;
    // Stale timers (the phase moved on by a command) do nothing: the handler is idempotent.
    if (state.phase !== t.phase || state.position !== t.position || state.timer?.at !== t.at) return;
    this.game.save({ timer: null });
    if (t.kind === "close") this.closeQuestion();
    else if (t.phase === "reveal") this.afterReveal();
    else if (t.phase === "leaderboard") this.showQuestion(state.position + 1);
    else if (t.phase === "lobby") {
      this.podium();
      this.finish("expired", null);
    }
  }

  /** How writing the results to D1 went. */
  resultsWritten(ok: boolean): void {
    const state = this.game.state;
    if (!state.resultsPending) return;
    const now = this.game.now();
    if (ok) {
      this.game.save({
        resultsPending: false,
        resultsRetryAt: null,
        resultsFlushedAt: now,
        cleanupAt: now + this.game.config.retentionMs,
      });
      this.game.event("game.results_saved", "system", null, { attempts: state.resultsAttempts + 1 });
    } else {
      const retry = afterFailedWrite(state, now);
      this.game.event("room.error", "system", null, { what: "results write failed", attempts: retry.resultsAttempts });
      this.game.save(retry);
    }
  }

  private cleanup(): void {
    const state = this.game.state;
    if (state.resultsPending || (state.phase !== "ended" && state.phase !== "podium")) return;
    this.game.effects.destroy();
  }
}

const teamsField = (teams: ServerMessageOf<"podium">["teams"]) => (teams ? { teams } : {});

function top(ranked: PlayerRow[], n: number): LeaderEntry[] {
  return ranked
    .slice(0, n)
    .map((p) => ({ playerId: p.id, nickname: p.nickname, score: p.score, rank: p.rank!, prevRank: p.prevRank }));
}
