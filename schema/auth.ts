// Account request/response shapes shared by the API and the web app.
import { z } from "zod";
import type { Role } from "./db.ts";

export const email = z.string().trim().toLowerCase().max(254).pipe(z.email("email must be a valid address"));

export const password = z
  .string()
  .min(8, "password must be at least 8 characters")
  .max(200, "password must be at most 200 characters");

/** Admins are made by the seed or the admin CLI, never by signing up. */
export const SELF_SERVICE_ROLES = ["teacher", "student"] as const;

export const registerRequest = z.object({
  email,
  password,
  name: z.string().trim().min(1, "name must not be empty").max(60, "name must be at most 60 characters"),
  role: z.enum(SELF_SERVICE_ROLES, "role must be teacher or student"),
});

export const loginRequest = z.object({
  email,
  // Not the sign-up rules: an old password that no longer meets them must still log in.
  password: z.string().min(1, "password must not be empty").max(200),
});

// Spelled out rather than imported so the web bundle does not pull in drizzle; the check below
// fails to compile if it ever differs from the database's list.
export const role = z.enum(["teacher", "student", "admin"]);
type SameRoles = [Role] extends [z.infer<typeof role>] ? ([z.infer<typeof role>] extends [Role] ? true : false) : false;
const rolesMatch: SameRoles = true;
void rolesMatch;

export const publicUser = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  role,
});
export type PublicUser = z.infer<typeof publicUser>;

export const sessionResponse = z.object({
  user: publicUser,
  token: z.string(),
  /** Milliseconds since the epoch. */
  expiresAt: z.number(),
});
export type SessionResponse = z.infer<typeof sessionResponse>;
