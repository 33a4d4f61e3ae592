// The registry of question kinds: callers ask the question's kind instead of switching on its type.
// Adding a type: docs/question-kinds.md.
import type { Question, QuestionType } from "../quiz.ts";
import type { QuestionKind } from "./kind.ts";
import { multi } from "./multi.ts";
import { order } from "./order.ts";
import { poll } from "./poll.ts";
import { single } from "./single.ts";
import { slider } from "./slider.ts";
import { text } from "./text.ts";
import { truefalse } from "./truefalse.ts";

export const KINDS = { single, multi, truefalse, text, order, slider, poll } satisfies {
  // biome-ignore lint/suspicious/noExplicitAny: each kind's own editor fields; `QuestionDraft` joins them.
  [T in QuestionType]: QuestionKind<T, any>;
};

/** The kind of a type. The registry pairs each type with its kind, so the kind takes any question of that type. */
export const kindFor = (type: QuestionType): QuestionKind => KINDS[type] as QuestionKind;

/** The kind of a question; its methods take that question. */
export const kindOf = (q: Question): QuestionKind => kindFor(q.type);

export type { Checked, QuestionKind } from "./kind.ts";
