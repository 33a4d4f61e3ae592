// A glyph per question type for the editor's question list (its label says the same in words).
import type { QuestionType } from "../../../../schema/quiz.ts";

export const TYPE_ICON: Record<QuestionType, string> = {
  single: "◉",
  multi: "☑",
  truefalse: "✓✗",
  text: "Aa",
  order: "⇅",
  slider: "↔",
  poll: "▥",
};
