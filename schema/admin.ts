// The admin console's request and response shapes: users, every quiz, every game.
import { z } from "zod";
import { role } from "./auth.ts";
import { visibility } from "./quiz.ts";
import { gameStatus, gameSummary } from "./report.ts";

export const ADMIN_PAGE = { default: 25, max: 100 } as const;

const search = z
  .string()
  .trim()
  .max(100)
  .optional()
  .transform((v) => v || undefined);
const page = {
  limit: z.coerce.number().int().min(1).max(ADMIN_PAGE.max).default(ADMIN_PAGE.default),
  /** Opaque: the `nextCursor` of the previous page. */
  cursor: z.string().min(1).max(200).optional(),
};

export const adminId = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9_-]+$/, "not an id");
export const adminIdParam = z.strictObject({ id: adminId });

// ---------- users ----------
export const adminUserQuery = z.strictObject({
  /** Part of the email or the name. */
  q: search,
  role: role.optional(),
  status: z.enum(["active", "disabled"]).optional(),
  ...page,
});
export type AdminUserQuery = z.infer<typeof adminUserQuery>;

export const adminUser = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  role,
  disabled: z.boolean(),
  createdAt: z.number().int(),
});
export type AdminUser = z.infer<typeof adminUser>;
export const adminUserPage = z.object({ items: z.array(adminUser), nextCursor: z.string().nullable() });
export type AdminUserPage = z.infer<typeof adminUserPage>;

export const adminUserPatch = z
  .strictObject({ role: role.optional(), disabled: z.boolean().optional() })
  .refine((p) => p.role !== undefined || p.disabled !== undefined, {
    message: "change the role, the disabled flag, or both",
  });
export type AdminUserPatch = z.infer<typeof adminUserPatch>;

// ---------- quizzes ----------
export const adminQuizQuery = z.strictObject({ q: search, visibility: visibility.optional(), ...page });
export type AdminQuizQuery = z.infer<typeof adminQuizQuery>;

export const adminQuiz = z.object({
  id: z.string(),
  title: z.string(),
  visibility,
  questionCount: z.number().int(),
  ownerId: z.string(),
  ownerName: z.string(),
  ownerEmail: z.string(),
  updatedAt: z.number().int(),
  /** Why an admin unpublished it, while its owner may not publish it again; null otherwise. */
  unpublishedReason: z.string().nullable(),
});
export type AdminQuiz = z.infer<typeof adminQuiz>;
export const adminQuizPage = z.object({ items: z.array(adminQuiz), nextCursor: z.string().nullable() });
export type AdminQuizPage = z.infer<typeof adminQuizPage>;

export const unpublishRequest = z.strictObject({
  /** Logged with the event, so the owner can read why. */
  reason: z.string().trim().min(1, "say why the quiz is unpublished").max(500),
});
export type UnpublishRequest = z.infer<typeof unpublishRequest>;

// ---------- games ----------
export const adminGameQuery = z.strictObject({
  /** Part of the title, or the code. */
  q: search,
  status: gameStatus.optional(),
  ...page,
});
export type AdminGameQuery = z.infer<typeof adminGameQuery>;

export const adminGame = gameSummary.extend({ hostId: z.string(), hostName: z.string(), hostEmail: z.string() });
export type AdminGame = z.infer<typeof adminGame>;
export const adminGamePage = z.object({ items: z.array(adminGame), nextCursor: z.string().nullable() });
export type AdminGamePage = z.infer<typeof adminGamePage>;

export const endGameResult = z.object({
  /**
   * "room": the live room ended it (and writes the results); "assignment": the assignment's object
   * closed it as its teacher's close does (results to D1, late answers refused); "record": nothing
   * held it any more, only D1 was closed.
   */
  via: z.enum(["room", "assignment", "record"]),
});
export type EndGameResult = z.infer<typeof endGameResult>;
