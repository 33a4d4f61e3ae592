// The one interface every question kind implements (docs/question-kinds.md). Pure and zod-free,
// so the room, the worker's reports and the teacher's editor all ask the same module.
// Answers here are in the quiz's own terms (option and item indexes); the per-game ids players see
// are the room's business (rooms/answers.ts maps them).
import type { AnswerValue, CorrectAnswer, LabelKey, QuestionView } from "../messages.ts";
import type { PointsMode, Question, QuestionInput, QuestionType } from "../quiz.ts";

type QuestionOf<T extends QuestionType> = Extract<Question, { type: T }>;
type QuestionInputOf<T extends QuestionType> = Extract<QuestionInput, { type: T }>;

/** An option or item as players see it: the teacher's text, or a fixed label each screen translates. */
export type Choice = { text: string } | { labelKey: LabelKey };

/** One bar of a distribution: an option or item (`index`, in the quiz's terms) or a bucket of like answers. */
export type Tally = ({ label: string } | { labelKey: LabelKey }) & {
  index?: number;
  count: number;
  correct: boolean | null;
};

/** An answer as stored, with the verdict it got. */
export interface CheckedAnswer {
  answer: AnswerValue;
  correct: boolean | null;
}

export interface Checked {
  /** null when the kind is never right or wrong (a poll). */
  correct: boolean | null;
  /** Share of the question's points earned before the speed factor (a partial multi-select < 1). */
  fraction: number;
}

/**
 * Who reads a distribution. The reveal goes to everyone in the room, so it never carries anyone's
 * own words; the teacher's report may.
 */
export type Audience = "everyone" | "teacher";

/**
 * How a kind's choices are laid out for players, decided once per game: "fixed" keeps the
 * author's order (true/false); "shuffle" shuffles when the host asks for it; "scramble" always
 * shuffles, uniformly over every order (the right one included: an order that could never be
 * shown would leak which orders are wrong).
 */
type Arrangement = "fixed" | "shuffle" | "scramble";

/** The fields every question has in the teacher's working copy. */
export interface DraftBase {
  id: string;
  type: QuestionType;
  text: string;
  image: string;
  /** The image's alt text, and whether it is decoration only (schema/image.ts). */
  imageAlt: string;
  imageDecorative: boolean;
  timeLimit: number;
  points: PointsMode;
  explanation: string;
}

/** The schema's input fields every question has, built by the editor from its working copy. */
export type CommonInput = Pick<
  QuestionInput,
  "id" | "text" | "image" | "imageAlt" | "imageDecorative" | "timeLimit" | "points" | "explanation"
>;

/**
 * What the editor keeps for a kind: its own fields `F` in the working copy, where every kind's
 * fields live side by side, so switching a question's type keeps what the teacher typed.
 */
interface KindDraft<T extends QuestionType, F extends object> {
  /** This kind's fields in a new question (kinds sharing a field, such as options, start it alike). */
  blank(): F;
  /** The schema's input from the working copy. */
  toInput(d: F, common: CommonInput): QuestionInputOf<T>;
  /** The working copy's fields from a saved question. */
  fromQuestion(q: QuestionOf<T>): F;
}

/** Everything the app knows about one question type. Methods (not arrow properties) so the registry can hold them all. */
export interface QuestionKind<T extends QuestionType = QuestionType, F extends object = object> {
  readonly type: T;
  /** false: never right or wrong and earns nothing (a poll); a new one starts with points "none". */
  readonly scored: boolean;
  readonly arrangement: Arrangement;
  /** Options players pick from or items they arrange, by the quiz's index; none for typed and slider answers. */
  choices(q: QuestionOf<T>): Choice[];
  /** Fields of the question view besides the common ones and the choices; never anything that implies the answer. */
  viewExtras(q: QuestionOf<T>): Pick<QuestionView, "slider">;
  /** Why an answer does not fit (null when it fits). Such an answer is refused, not scored. */
  answerProblem(q: QuestionOf<T>, a: AnswerValue): string | null;
  /** Scores an answer that `answerProblem` accepted. */
  check(q: QuestionOf<T>, a: AnswerValue): Checked;
  /** The right answer the reveal shows; null when there is none (a poll). */
  correctAnswer(q: QuestionOf<T>): CorrectAnswer | null;
  /**
   * How many answered what: the reveal's chart and the report's table. Options and items come in
   * the quiz's order, each with its `index`.
   */
  distribution(q: QuestionOf<T>, answers: readonly CheckedAnswer[], audience: Audience): Tally[];
  /**
   * For answers players type in their own words: what groups them (`key`) and how this one was
   * written (`text`). The host's screens list the most common (never the players'). Absent for
   * kinds whose answers are picked or measured.
   */
  typedKey?(a: AnswerValue): { key: string; text: string } | null;
  /** The teacher's feedback for this answer (the picked option's, the matched accepted answer's), or null. */
  feedback(q: QuestionOf<T>, a: AnswerValue): string | null;
  readonly draft: KindDraft<T, F>;
}

export const whole = (ok: boolean): Checked => ({ correct: ok, fraction: ok ? 1 : 0 });

/**
 * A share of the points from a percentage (partial credit, Moodle-style): clamped to 0..1, right
 * only at 100 %. Anything between is "partly right" (docs/question-kinds.md, "Partial credit").
 */
export function share(percent: number): Checked {
  const fraction = Math.min(1, Math.max(0, percent / 100));
  // Moodle's thirds (3 × 33.33333 %) fall a hair short of 100 %: within a thousandth of a percent is full.
  const full = fraction >= 1 - 1e-5;
  return { correct: full, fraction: full ? 1 : fraction };
}

/** No per-answer feedback. */
export const noFeedback = (): string | null => null;

/** An entry of an optional feedback list, or null when it is absent or empty. */
export const feedbackAt = (list: readonly string[] | undefined, i: number | undefined): string | null =>
  (i === undefined ? undefined : list?.[i]) || null;

/** No extra view fields. */
export const noExtras = (): Pick<QuestionView, "slider"> => ({});
