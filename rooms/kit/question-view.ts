// The public parts of a played question, as both rooms show it: its text, image and alt text,
// points, choices in display order under their per-game ids, the kind's extras (a slider's range)
// and the rendered formulas of those texts. No field of it depends on the answer; each room adds
// its own timing (a live room's shared countdown, a student's own time left).
import { altOf } from "../../schema/image.ts";
import { kindOf } from "../../schema/kinds/index.ts";
import type { MathTable, QuestionView } from "../../schema/messages.ts";
import type { Question } from "../../schema/quiz.ts";
import { idOf } from "./answers.ts";
import { mathFor } from "./math.ts";

/** What a room froze when the quiz was hosted or assigned (both rooms' configs have these). */
export interface PlayedQuestions {
  questions: Question[];
  /** For each position, option/item indexes in display order. */
  display: number[][];
  /** For each position, the id shown for each option/item by the quiz's own index (absent: the indexes). */
  ids?: number[][];
  /** Rendered HTML of the texts with formulas, by text (`worker/math/quiz-math.ts`). */
  math?: MathTable;
  /** The quiz's language tag (absent in rooms made before it was kept): phones hyphenate and read aloud in it. */
  language?: string;
}

export type PublicQuestion = Omit<QuestionView, "timeLimit" | "opensInMs" | "closesInMs" | "paused">;
type Options = NonNullable<QuestionView["options"]>;

/** The teacher's texts among options (true/false labels are the client's, in its language). */
export const optionTexts = (options: Options | undefined): string[] =>
  (options ?? []).flatMap((o) => ("text" in o ? [o.text] : []));

/** The options of question `index` as players see them: display order, per-game ids. */
export function shownOptions(played: PlayedQuestions, index: number): Options | undefined {
  const q = played.questions[index];
  const choices = kindOf(q).choices(q);
  if (!choices.length) return undefined;
  const id = idOf(played.ids?.[index]);
  return played.display[index].map((i) => ({ id: id(i), ...choices[i] }));
}

export function publicQuestion(played: PlayedQuestions, index: number): PublicQuestion {
  const q = played.questions[index];
  const options = shownOptions(played, index);
  return {
    index,
    total: played.questions.length,
    type: q.type,
    text: q.text,
    ...(q.image ? { image: q.image, ...altOf(q) } : {}),
    points: q.points,
    ...(options ? { options } : {}),
    ...kindOf(q).viewExtras(q),
    ...mathFor(played.math, [q.text, ...optionTexts(options)]),
    ...(played.language ? { language: played.language } : {}),
  };
}
