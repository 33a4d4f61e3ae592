// What clients see of a question and its reveal. The question view is built from the public
// parts only (text, options in display order under their per-game ids, limits): no field of it
// depends on the answer.
import type { Question } from "../schema/quiz";
import type { QuestionView, ServerMessageOf } from "../schema/messages";
import { checkAnswer, correctAnswerOf, FALSE_ID, toPlayerIds, TRUE_ID } from "./answers";
import { mathFor } from "./math";
import type { AnswerRow, GameConfig } from "./types";

/** Options or items in display order, each with the quiz's own index and the id players see. */
function choices(q: Question, display: number[], ids: number[] | undefined): { index: number; id: number; text: string }[] | undefined {
  const id = (i: number) => ids?.[i] ?? i;
  switch (q.type) {
    case "single":
    case "multi":
    case "poll":
      return display.map((i) => ({ index: i, id: id(i), text: q.options[i] }));
    case "order":
      return display.map((i) => ({ index: i, id: id(i), text: q.items[i] }));
    case "truefalse":
      return [
        { index: TRUE_ID, id: TRUE_ID, text: "True" },
        { index: FALSE_ID, id: FALSE_ID, text: "False" },
      ];
    default:
      return undefined;
  }
}

export function questionView(cfg: GameConfig, index: number, opensAt: number, factor: number, now: number): QuestionView {
  const q = cfg.questions[index];
  const limit = q.timeLimit * factor;
  const options = choices(q, cfg.display[index], cfg.ids?.[index]);
  return {
    index,
    total: cfg.questions.length,
    type: q.type,
    text: q.text,
    ...(q.image ? { image: q.image } : {}),
    points: q.points,
    ...(options ? { options: options.map(({ id, text }) => ({ id, text })) } : {}),
    ...(q.type === "slider" ? { slider: { min: q.min, max: q.max, step: q.step } } : {}),
    timeLimit: limit,
    opensInMs: Math.max(0, opensAt - now),
    closesInMs: Math.max(0, opensAt + limit * 1000 - now),
    ...mathFor(cfg.math, [q.text, ...(options ?? []).map((o) => o.text)]),
  };
}

export function revealMessage(cfg: GameConfig, index: number, answers: Iterable<AnswerRow>): ServerMessageOf<"reveal"> {
  const q = cfg.questions[index];
  const ids = cfg.ids?.[index];
  // Stored answers are in the quiz's indexes; everything sent is in the ids players saw.
  const list = [...answers];
  let distribution: ServerMessageOf<"reveal">["distribution"];
  switch (q.type) {
    case "single":
    case "multi":
    case "truefalse":
    case "poll": {
      const counts = new Map<number, number>();
      for (const a of list) {
        const picked = "choice" in a.answer ? [a.answer.choice] : "choices" in a.answer ? a.answer.choices : [];
        for (const i of picked) counts.set(i, (counts.get(i) ?? 0) + 1);
      }
      const right = correctAnswerOf(q);
      const isRight = (i: number): boolean | null =>
        right === null ? null : "choice" in right ? right.choice === i : "choices" in right ? right.choices.includes(i) : false;
      distribution = choices(q, cfg.display[index], ids)!.map((o) => ({ id: o.id, label: o.text, count: counts.get(o.index) ?? 0, correct: isRight(o.index) }));
      break;
    }
    case "order":
      // For each item, how many placed it in its right position.
      distribution = choices(q, cfg.display[index], ids)!.map((o) => ({
        id: o.id,
        label: o.text,
        count: list.filter((a) => "order" in a.answer && a.answer.order[o.index] === o.index).length,
        correct: true,
      }));
      break;
    case "text":
    case "slider": {
      const right = list.filter((a) => checkAnswer(q, a.answer).correct).length;
      distribution = [
        { label: "correct", count: right, correct: true },
        { label: "wrong", count: list.length - right, correct: false },
      ];
      break;
    }
  }
  return {
    type: "reveal",
    index,
    correct: toPlayerIds(ids, correctAnswerOf(q)),
    distribution,
    answered: list.length,
    ...(q.explanation ? { explanation: q.explanation } : {}),
    ...mathFor(cfg.math, [q.explanation, ...distribution.map((d) => d.label)]),
  };
}
