// What clients see of a question and its reveal. The question view is built from the public
// parts only (text, options in display order, limits): no field of it depends on the answer.
import type { Question } from "../schema/quiz";
import type { QuestionView, ServerMessageOf } from "../schema/messages";
import { checkAnswer, correctAnswerOf, FALSE_ID, TRUE_ID } from "./answers";
import type { AnswerRow, GameConfig } from "./types";

function choices(q: Question, display: number[]): { id: number; text: string }[] | undefined {
  switch (q.type) {
    case "single":
    case "multi":
    case "poll":
      return display.map((id) => ({ id, text: q.options[id] }));
    case "order":
      return display.map((id) => ({ id, text: q.items[id] }));
    case "truefalse":
      return [
        { id: TRUE_ID, text: "True" },
        { id: FALSE_ID, text: "False" },
      ];
    default:
      return undefined;
  }
}

export function questionView(cfg: GameConfig, index: number, opensAt: number, factor: number, now: number): QuestionView {
  const q = cfg.questions[index];
  const limit = q.timeLimit * factor;
  return {
    index,
    total: cfg.questions.length,
    type: q.type,
    text: q.text,
    ...(q.image ? { image: q.image } : {}),
    points: q.points,
    ...(choices(q, cfg.display[index]) ? { options: choices(q, cfg.display[index]) } : {}),
    ...(q.type === "slider" ? { slider: { min: q.min, max: q.max, step: q.step } } : {}),
    timeLimit: limit,
    opensInMs: Math.max(0, opensAt - now),
    closesInMs: Math.max(0, opensAt + limit * 1000 - now),
  };
}

export function revealMessage(cfg: GameConfig, index: number, answers: Iterable<AnswerRow>): ServerMessageOf<"reveal"> {
  const q = cfg.questions[index];
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
        for (const id of picked) counts.set(id, (counts.get(id) ?? 0) + 1);
      }
      const right = correctAnswerOf(q);
      const isRight = (id: number): boolean | null =>
        right === null ? null : "choice" in right ? right.choice === id : "choices" in right ? right.choices.includes(id) : false;
      distribution = choices(q, cfg.display[index])!.map((o) => ({ id: o.id, label: o.text, count: counts.get(o.id) ?? 0, correct: isRight(o.id) }));
      break;
    }
    case "order":
      // For each item, how many placed it in its right position.
      distribution = cfg.display[index].map((id) => ({
        id,
        label: q.items[id],
        count: list.filter((a) => "order" in a.answer && a.answer.order[id] === id).length,
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
    correct: correctAnswerOf(q),
    distribution,
    answered: list.length,
    ...(q.explanation ? { explanation: q.explanation } : {}),
  };
}
