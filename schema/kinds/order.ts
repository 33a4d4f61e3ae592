// Ordering puzzle: 3–6 items stored in their right order; right only when put back exactly so.
import type { QuestionKind } from "./kind.ts";
import { noExtras, whole, noFeedback } from "./kind.ts";
import { texts } from "./options.ts";

export const order: QuestionKind<"order", { items: string[] }> = {
  type: "order",
  scored: true,
  arrangement: "scramble",
  choices: (q) => texts(q.items),
  viewExtras: noExtras,
  answerProblem(q, a) {
    if (!("order" in a)) return "an order question takes {order}";
    const n = q.items.length;
    const seen = new Set(a.order);
    if (a.order.length !== n || seen.size !== n || a.order.some((i) => i >= n))
      return `order must list each of the ${n} items once`;
    return null;
  },
  check: (_q, a) => whole("order" in a && a.order.every((id, pos) => id === pos)),
  correctAnswer: (q) => ({ order: q.items.map((_, i) => i) }),
  // Per item, how many put it in its right place: a partly right order still shows what the class knew.
  distribution: (q, answers) =>
    q.items.map((label, index) => ({
      label,
      index,
      count: answers.filter(({ answer }) => "order" in answer && answer.order[index] === index).length,
      correct: true,
    })),
  feedback: noFeedback,
  draft: {
    blank: () => ({ items: ["", "", ""] }),
    toInput: (d, common) => ({ ...common, type: "order", items: d.items }),
    fromQuestion: (q) => ({ items: q.items }),
  },
};
