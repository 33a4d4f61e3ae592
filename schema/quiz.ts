// The quiz format (docs/product.md §3): one schema for the editor, the API, imports and the room's snapshot.
import { z } from "zod";
import { coverImage, imageFields, requireAltText } from "./image.ts";

export const QUESTION_TYPES = ["single", "multi", "truefalse", "text", "order", "slider", "poll"] as const;
export const questionType = z.enum(QUESTION_TYPES);
export type QuestionType = z.infer<typeof questionType>;

export const LIMITS = {
  questionText: 500,
  optionText: 120,
  explanation: 500,
  typedAnswer: 60,
  /** A per-answer feedback text (shown to the player after the reveal). */
  feedback: 200,
  acceptedAnswers: 10,
  minOptions: 2,
  maxOptions: 6,
  minOrderItems: 3,
  maxOrderItems: 6,
  minTime: 5,
  maxTime: 240,
  minQuestions: 1,
  maxQuestions: 100,
  title: 120,
  description: 1000,
  tags: 10,
  tag: 30,
} as const;

const trimmed = (max: number, what: string) =>
  z.string().trim().min(1, `${what} must not be empty`).max(max, `${what} must be at most ${max} characters`);

export const pointsMode = z.enum(["none", "standard", "double"]);
export type PointsMode = z.infer<typeof pointsMode>;

const base = {
  /** Stable id inside the quiz (the editor needs it for reordering; the room for answers). */
  id: z.string().min(1).max(40).optional(),
  text: trimmed(LIMITS.questionText, "question text"),
  ...imageFields,
  timeLimit: z.number().int().min(LIMITS.minTime).max(LIMITS.maxTime).default(20),
  points: pointsMode.default("standard"),
  explanation: z.string().trim().max(LIMITS.explanation).optional(),
};

const option = trimmed(LIMITS.optionText, "option");
const options = z.array(option).min(LIMITS.minOptions).max(LIMITS.maxOptions);
const index = z
  .number()
  .int()
  .min(0)
  .max(LIMITS.maxOptions - 1);

/**
 * Partial credit (optional; absent = all or nothing): a percentage per option or accepted answer,
 * Moodle-style. Single choice and typed answers: 0..100, the right one(s) 100. Multiple select:
 * the right options' weights sum to 100, a wrong pick may cost (negative), the score is clamped to 0..100.
 */
const weights = (min: number) => z.array(z.number().finite().min(min).max(100)).max(LIMITS.maxOptions * 2);
/** Per-answer feedback, aligned with the options (or accepted answers); "" where there is none. */
const feedback = z.array(z.string().trim().max(LIMITS.feedback)).max(LIMITS.maxOptions * 2);
const aligned = (list: "options" | "accepted", field: "weights" | "feedback") => ({
  message: `${field} must have one entry per ${list === "options" ? "option" : "accepted answer"}`,
  path: [field],
});
const fits = (q: { weights?: number[]; feedback?: string[] }, n: number, field: "weights" | "feedback") =>
  q[field] === undefined || q[field].length === n;

export const singleQuestion = z
  .object({
    ...base,
    type: z.literal("single"),
    options,
    correct: index,
    weights: weights(0).optional(),
    feedback: feedback.optional(),
  })
  .refine((q) => q.correct < q.options.length, {
    message: "correct must be the index of an option",
    path: ["correct"],
  })
  .refine((q) => fits(q, q.options.length, "weights"), aligned("options", "weights"))
  .refine((q) => fits(q, q.options.length, "feedback"), aligned("options", "feedback"))
  .refine((q) => !q.weights || q.weights[q.correct] === 100, {
    message: "the correct option must be worth 100%",
    path: ["weights"],
  });

export const multiQuestion = z
  .object({
    ...base,
    type: z.literal("multi"),
    options,
    correct: z.array(index).min(1, "at least one option must be correct").max(LIMITS.maxOptions),
    weights: weights(-100).optional(),
    feedback: feedback.optional(),
  })
  .refine((q) => q.correct.every((i) => i < q.options.length), {
    message: "correct must list indexes of options",
    path: ["correct"],
  })
  .refine((q) => new Set(q.correct).size === q.correct.length, {
    message: "correct has duplicates",
    path: ["correct"],
  })
  .refine((q) => fits(q, q.options.length, "weights"), aligned("options", "weights"))
  .refine((q) => fits(q, q.options.length, "feedback"), aligned("options", "feedback"))
  .refine(
    (q) =>
      !q.weights ||
      (q.weights.every((w, i) => w > 0 === q.correct.includes(i)) &&
        // Moodle's thirds (33.33333 × 3) fall a hair short of 100.
        Math.abs(q.weights.filter((w) => w > 0).reduce((a, b) => a + b, 0) - 100) <= 0.5),
    {
      message: "the correct options' weights must be positive and sum to 100%, the others 0 or less",
      path: ["weights"],
    },
  );

/** `feedback`: [shown to whoever answered true, shown to whoever answered false]. */
export const trueFalseQuestion = z.object({
  ...base,
  type: z.literal("truefalse"),
  correct: z.boolean(),
  feedback: z.tuple([z.string().trim().max(LIMITS.feedback), z.string().trim().max(LIMITS.feedback)]).optional(),
});

export const textQuestion = z
  .object({
    ...base,
    type: z.literal("text"),
    accepted: z.array(trimmed(LIMITS.typedAnswer, "accepted answer")).min(1).max(LIMITS.acceptedAnswers),
    weights: weights(0).optional(),
    feedback: feedback.optional(),
  })
  .refine((q) => fits(q, q.accepted.length, "weights"), aligned("accepted", "weights"))
  .refine((q) => fits(q, q.accepted.length, "feedback"), aligned("accepted", "feedback"))
  .refine((q) => !q.weights || q.weights.includes(100), {
    message: "at least one accepted answer must be worth 100%",
    path: ["weights"],
  });

/** `items` are stored in the correct order; the room shuffles them for players. */
export const orderQuestion = z.object({
  ...base,
  type: z.literal("order"),
  items: z.array(option).min(LIMITS.minOrderItems).max(LIMITS.maxOrderItems),
});

export const sliderQuestion = z
  .object({
    ...base,
    type: z.literal("slider"),
    min: z.number().finite(),
    max: z.number().finite(),
    step: z.number().finite().positive(),
    correct: z.number().finite(),
    tolerance: z.number().finite().min(0).default(0),
    /**
     * Partial credit (Moodle's weighted numerical answers): further ranges, each worth part of the
     * points; an answer outside correct ± tolerance earns the best weight of the ranges holding it.
     */
    ranges: z
      .array(
        z.object({
          value: z.number().finite(),
          tolerance: z.number().finite().min(0),
          weight: z
            .number()
            .finite()
            .gt(0, "a partly right range is worth more than 0%")
            .lt(100, "a partly right range is worth less than 100%"),
          /** Shown to whoever answers in this range (and in no better one). */
          feedback: z.string().trim().max(LIMITS.feedback).optional(),
        }),
      )
      .max(LIMITS.maxOptions)
      .optional(),
    /** [to an answer within correct ± tolerance, to an answer no range holds] (Moodle's "~#…"). */
    feedback: z.tuple([z.string().trim().max(LIMITS.feedback), z.string().trim().max(LIMITS.feedback)]).optional(),
  })
  .refine((q) => q.max > q.min, { message: "max must be greater than min", path: ["max"] })
  .refine((q) => q.correct >= q.min && q.correct <= q.max, {
    message: "correct must lie within min..max",
    path: ["correct"],
  })
  .refine((q) => (q.max - q.min) / q.step <= 10_000, { message: "step is too small for the range", path: ["step"] });

export const pollQuestion = z.object({ ...base, type: z.literal("poll"), options });

export const question = z.discriminatedUnion("type", [
  singleQuestion,
  multiQuestion,
  trueFalseQuestion,
  textQuestion,
  orderQuestion,
  sliderQuestion,
  pollQuestion,
]);
export type Question = z.infer<typeof question>;
export type QuestionInput = z.input<typeof question>;

export const visibility = z.enum(["private", "public", "unlisted"]);
export type Visibility = z.infer<typeof visibility>;

export const tag = z
  .string()
  .trim()
  .toLowerCase()
  .min(1, "tag must not be empty")
  .max(LIMITS.tag, `tag must be at most ${LIMITS.tag} characters`);

export const quiz = z.object({
  title: trimmed(LIMITS.title, "title"),
  description: z.string().trim().max(LIMITS.description).default(""),
  tags: z
    .array(tag)
    .max(LIMITS.tags)
    .default([])
    .transform((t) => [...new Set(t)]),
  language: z
    .string()
    .regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$/, "language must be a language tag such as en or ru")
    .default("en"),
  visibility: visibility.default("private"),
  cover: coverImage.optional(),
  questions: z
    .array(question)
    .min(LIMITS.minQuestions, "a quiz needs at least one question")
    .max(LIMITS.maxQuestions, `a quiz has at most ${LIMITS.maxQuestions} questions`),
});
export type Quiz = z.infer<typeof quiz>;
export type QuizInput = z.input<typeof quiz>;

/** A quiz as the editor and the API save it: `quiz`, and every image has alt text or is decorative. */
export const quizToSave = quiz.superRefine(requireAltText);

/** The JSON export/import envelope: versioned so later formats can migrate old files. */
export const quizExport = z.object({
  format: z.literal("quickquiz"),
  version: z.literal(1),
  quiz,
});
export type QuizExport = z.infer<typeof quizExport>;
