// The quiz catalog's request and response shapes, shared by the API and the web app.
import { z } from "zod";
import { coverImage } from "./image.ts";
import { LIMITS, tag, visibility, type Quiz } from "./quiz.ts";

export const CATALOG_PAGE = { default: 20, max: 50 } as const;

const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .optional()
    .transform((v) => v || undefined);

export const catalogQuery = z.object({
  /** `mine`: the caller's own quizzes, any visibility. `public`: everyone's public quizzes. */
  scope: z.enum(["mine", "public"], "scope must be mine or public").default("mine"),
  q: optionalText(100),
  tag: z
    .string()
    .trim()
    .optional()
    .transform((v) => v || undefined)
    .pipe(tag.optional()),
  cursor: optionalText(200),
  limit: z.coerce
    .number("limit must be a number")
    .int("limit must be a whole number")
    .min(1, "limit must be at least 1")
    .max(CATALOG_PAGE.max, `limit must be at most ${CATALOG_PAGE.max}`)
    .default(CATALOG_PAGE.default),
});
export type CatalogQuery = z.infer<typeof catalogQuery>;

export const quizSummary = z.object({
  id: z.string(),
  title: z.string(),
  description: z.string(),
  tags: z.array(z.string()),
  language: z.string(),
  visibility,
  cover: coverImage.optional(),
  questionCount: z.number(),
  ownerId: z.string(),
  ownerName: z.string(),
  /** Milliseconds since the epoch. */
  updatedAt: z.number(),
  /** Set while an admin's unpublishing holds: why (the owner cannot publish it again until an admin allows it). */
  unpublishedReason: z.string().optional(),
});
export type QuizSummary = z.infer<typeof quizSummary>;

export const catalogPage = z.object({ items: z.array(quizSummary), nextCursor: z.string().nullable() });
export type CatalogPage = z.infer<typeof catalogPage>;

/** What the API adds to a quiz it has stored. */
export const storedQuizMeta = z.object({
  id: z.string(),
  ownerId: z.string(),
  ownerName: z.string(),
  createdAt: z.number(),
  updatedAt: z.number(),
  /** As in `quizSummary`. */
  unpublishedReason: z.string().optional(),
});
export type StoredQuiz = Quiz & z.infer<typeof storedQuizMeta>;

/** Query of POST /api/quizzes/import/csv: a CSV has only questions, the rest comes from here. */
export const csvImportOptions = z.object({
  title: z.string().trim().min(1).max(LIMITS.title).default("Imported quiz"),
  description: z.string().trim().max(LIMITS.description).default(""),
  language: z.string().optional(),
  visibility: visibility.optional(),
  tags: z
    .string()
    .optional()
    .transform((v) => (v ? v.split(",").filter((t) => t.trim()) : [])),
});
export type CsvImportOptions = z.infer<typeof csvImportOptions>;
