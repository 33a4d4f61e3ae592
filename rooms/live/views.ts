// What clients see of a question and its reveal, as the question's kind describes it. The question
// view is the public parts both rooms show (kit/question-view.ts) with the live countdown: no
// field of it depends on the answer.
import { kindOf } from "../../schema/kinds/index.ts";
import type { QuestionView, ServerMessageOf } from "../../schema/messages.ts";
import { correctAnswerOf, idOf, toPlayerIds } from "../kit/answers.ts";
import { mathFor } from "../kit/math.ts";
import { publicQuestion } from "../kit/question-view.ts";
import type { AnswerRow, GameConfig } from "./types.ts";

type RevealEntry = ServerMessageOf<"reveal">["distribution"][number];

/**
 * How long the projector takes to raise the podium's three places, first place last: phones show a
 * player's final rank only then (the host's animation and the phones' hold both count from the
 * `revealInMs` of the podium message, from the room's clock).
 */
export const PODIUM_REVEAL_MS = 4100;

/** The podium as sent now: its reveal counted from when the room reached the podium (`endedAt`). */
export function podiumView(
  podium: ServerMessageOf<"podium">,
  endedAt: number | null,
  now: number,
): ServerMessageOf<"podium"> {
  return { ...podium, revealInMs: Math.max(0, (endedAt ?? now) + PODIUM_REVEAL_MS - now) };
}

export function questionView(
  cfg: GameConfig,
  index: number,
  opensAt: number,
  factor: number,
  /** The room's clock (`GameContext.clock`: frozen while paused). */
  now: number,
  opts: { addedMs?: number; paused?: boolean; talkMs?: number } = {},
): QuestionView {
  const limit = cfg.questions[index].timeLimit * factor + (opts.addedMs ?? 0) / 1000;
  return {
    ...publicQuestion(cfg, index),
    timeLimit: limit,
    opensInMs: Math.max(0, opensAt - now),
    closesInMs: Math.max(0, opensAt + limit * 1000 - now),
    ...(opts.paused ? { paused: true } : {}),
    ...(opts.talkMs ? { talkMs: opts.talkMs } : {}),
  };
}

export function revealMessage(cfg: GameConfig, index: number, answers: Iterable<AnswerRow>): ServerMessageOf<"reveal"> {
  const q = cfg.questions[index];
  const ids = cfg.ids?.[index];
  const id = idOf(ids);
  // Stored answers are in the quiz's indexes; everything sent is in the ids players saw, options in display order.
  const list = [...answers];
  const place = new Map(cfg.display[index].map((i, p) => [i, p]));
  const tallies = kindOf(q).distribution(q, list, "everyone");
  const distribution = tallies
    .map(({ index: i, ...t }): [number, RevealEntry] =>
      i === undefined ? [0, t] : [place.get(i) ?? i, { id: id(i), ...t }],
    )
    .sort((a, b) => a[0] - b[0])
    .map(([, entry]) => entry);
  return {
    type: "reveal",
    index,
    correct: toPlayerIds(ids, correctAnswerOf(q)),
    distribution,
    answered: list.length,
    ...(q.explanation ? { explanation: q.explanation } : {}),
    ...mathFor(cfg.math, [q.explanation, ...distribution.map((d) => ("label" in d ? d.label : undefined))]),
  };
}
