// A player's frames once decoded: an answer to the open question (checked, timed on the room's
// clock, scored, written before it is acknowledged) or the reply to a round-trip probe.
import type { ClientMessage, ServerMessage } from "../../schema/messages.ts";
import { answerProblem, checkAnswer, fromPlayerIds } from "../kit/answers.ts";
import type { Connections } from "./connect.ts";
import type { GameContext } from "./context.ts";
import { errorMessage } from "../kit/frames.ts";
import type { Flow } from "./flow.ts";
import { answerPoints, timing } from "../kit/scoring.ts";
import type { TeamPlay } from "./team-play.ts";
import type { PlayerRow } from "./types.ts";

export class PlayerMessages {
  constructor(
    private readonly game: GameContext,
    private readonly connections: Connections,
    private readonly flow: Flow,
    private readonly teams: TeamPlay,
  ) {}

  /** Returns the replies for the player (errors); an accepted answer is acknowledged through the outbox. */
  run(playerId: string, msg: ClientMessage): ServerMessage[] {
    const p = this.game.store.players().get(playerId);
    if (!p || p.kicked) return [errorMessage("unknown-player", "you are not in this game", msg.type)];
    if (msg.type === "probe") {
      this.connections.probeReplied(p, msg.nonce);
      return [];
    }
    if (msg.type !== "answer") return [];
    return this.answer(p, msg);
  }

  private answer(p: PlayerRow, msg: Extract<ClientMessage, { type: "answer" }>): ServerMessage[] {
    const { config, store, outbox } = this.game;
    const state = this.game.state;
    const now = this.game.now();
    if (state.phase !== "question") {
      const closed = (state.phase === "reveal" || state.phase === "leaderboard") && msg.q === state.position;
      return [
        closed
          ? errorMessage("too-late", "this question has closed", "answer")
          : errorMessage("wrong-phase", "no question is open", "answer"),
      ];
    }
    if (state.paused) return [errorMessage("paused", "the host has paused the game", "answer")];
    if (msg.q !== state.position)
      return [errorMessage("wrong-question", `question ${state.position} is open, not ${msg.q}`, "answer")];
    if (now < state.opensAt) return [errorMessage("not-open", "the options are not open yet", "answer")];
    const answers = store.answers(state.position);
    // Consensus: a member may change their proposal until the close (the last one received stands).
    const proposing = this.teams.consensus();
    if (answers.has(p.id) && !proposing)
      return [errorMessage("already-answered", "you have already answered this question", "answer")];
    const question = config.questions[state.position];
    // From here on (scoring, storage, D1) the answer is in the quiz's own indexes.
    const answer = fromPlayerIds(config.ids?.[state.position], msg.answer);
    const problem = answerProblem(question, answer);
    if (problem) return [errorMessage("bad-message", problem, "answer")];
    const limitMs = this.game.limitMs(state.position, p.extraTime);
    const t = timing(now, state.opensAt, limitMs, p.minRttMs);
    if (t.late) return [errorMessage("too-late", "time is up for this question", "answer")];
    const checked = checkAnswer(question, answer);
    const basePoints = answerPoints(
      question.points,
      checked.fraction,
      t.responseMs,
      limitMs,
      config.settings.accuracyOnly,
    );
    // Written before the acknowledgement: the outbox holds the reply until it is durable.
    store.saveAnswers([
      {
        q: state.position,
        playerId: p.id,
        answer,
        correct: checked.correct,
        fraction: checked.fraction,
        basePoints,
        points: basePoints,
        responseMs: t.responseMs,
        answeredAt: now,
      },
    ]);
    const count = answers.size;
    outbox.answerCount({
      type: "answerCount",
      index: state.position,
      answered: count,
      expected: Math.max(count, this.game.expectedPlayers().length),
    });
    // Acknowledged here rather than returned: if this answer completes the question, the
    // acknowledgement must reach the player before the reveal does.
    outbox.player(p.id, { type: "answered", index: state.position });
    // Consensus: the team sees its pick change (after the proposer's own acknowledgement).
    if (proposing) this.teams.picked(p, state.position, msg.answer);
    this.flow.closeIfAllAnswered();
    return [];
  }
}
