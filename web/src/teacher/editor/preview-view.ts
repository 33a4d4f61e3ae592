// A draft question as a player's phone gets it: the question view built the way the room builds it
// (rooms/views.ts: the kind's choices in display order, its extra fields, the picture's alt text),
// and the player's own result for an answer, scored by the kind as the room scores it. Choice ids
// are the quiz's indexes here (the room randomises them per game; nothing is sent from a preview).
import { altOf } from "../../../../schema/image.ts";
import { kindOf } from "../../../../schema/kinds/index.ts";
import type { AnswerValue, QuestionView, ServerMessageOf } from "../../../../schema/messages.ts";
import { question as questionSchema, type PointsMode, type Question } from "../../../../schema/quiz.ts";
import { labelOf } from "../../labels.ts";
import { toQuestion, type QDraft } from "./draft.ts";
import { et } from "./strings.ts";

export interface Preview {
  q: Question;
  view: QuestionView;
}

/** The view of the draft, or null while it is not a valid question (its fields carry the messages). */
export function previewOf(d: QDraft, index: number, total: number, random = Math.random): Preview | null {
  const parsed = questionSchema.safeParse(toQuestion(d));
  if (!parsed.success) return null;
  const q = parsed.data;
  const kind = kindOf(q);
  const choices = kind.choices(q);
  const order = choices.map((_, i) => i);
  // Items to order always come shuffled (the right order is what players find); other kinds keep
  // the author's order, as a game does unless the host asks for shuffling.
  if (kind.arrangement === "scramble")
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [order[i], order[j]] = [order[j], order[i]];
    }
  const view: QuestionView = {
    index,
    total,
    type: q.type,
    text: q.text,
    ...(q.image ? { image: q.image, ...altOf(q) } : {}),
    points: q.points,
    ...(choices.length ? { options: order.map((i) => ({ id: i, ...choices[i] })) } : {}),
    ...kind.viewExtras(q),
    timeLimit: q.timeLimit,
    opensInMs: 0,
    closesInMs: q.timeLimit * 1000,
  };
  return { q, view };
}

/** Points as the room gives them (rooms/scoring.ts): round(P × fraction × (1 − (t/T)/2)). */
const POINTS: Record<PointsMode, number> = { none: 0, standard: 1000, double: 2000 };

/** The player's result screen for an answer given `elapsedMs` after the options opened (null: none in time). */
export function previewResult(p: Preview, answer: AnswerValue | null, elapsedMs: number): ServerMessageOf<"result"> {
  const { q, view } = p;
  const kind = kindOf(q);
  const given = answer && !kind.answerProblem(q, answer) ? kind.check(q, answer) : null;
  const limit = q.timeLimit * 1000;
  const points = given
    ? Math.round(POINTS[q.points] * given.fraction * (1 - Math.min(1, Math.max(0, elapsedMs) / limit) / 2))
    : 0;
  return {
    type: "result",
    index: view.index,
    answered: given !== null,
    correct: given ? given.correct : kind.scored ? false : null,
    points,
    streak: given?.correct ? 1 : 0,
    score: points,
    rank: 1,
    playerCount: 1,
  };
}

/** The right answer in words, as the projector's reveal shows it; null for a poll. */
export function rightAnswerText(p: Preview): string | null {
  const right = kindOf(p.q).correctAnswer(p.q);
  if (!right) return null;
  const choices = kindOf(p.q).choices(p.q);
  const name = (i: number) => (choices[i] ? labelOf(choices[i]) : String(i + 1));
  if ("choice" in right) return name(right.choice);
  if ("choices" in right) return right.choices.map(name).join(", ");
  if ("order" in right) return right.order.map(name).join(" → ");
  if ("accepted" in right) return right.accepted.join(" / ");
  return right.tolerance ? et("pv.within", { v: right.value, t: right.tolerance }) : String(right.value);
}
