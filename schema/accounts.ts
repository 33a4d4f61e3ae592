// A user's own account (display name, password) and the one-time reset links admins issue.
import { z } from "zod";
import { password, registerRequest } from "./auth.ts";

/** How long a reset link works; it also stops working once used or when a newer one is issued. */
export const RESET_LINK_TTL_MS = 24 * 3600_000;
/** 32 random bytes, base64url: what a reset link carries after `#`. */
export const RESET_TOKEN_LENGTH = 43;

export const displayName = registerRequest.shape.name;

export const updateMeRequest = z.strictObject({ name: displayName });
export type UpdateMeRequest = z.infer<typeof updateMeRequest>;

export const changePasswordRequest = z.strictObject({
  // Not the sign-up rules: an old password that no longer meets them must still be accepted here.
  currentPassword: z.string().min(1, "type your current password").max(200),
  newPassword: password,
});
export type ChangePasswordRequest = z.infer<typeof changePasswordRequest>;

export const resetToken = z
  .string()
  .regex(new RegExp(`^[A-Za-z0-9_-]{${RESET_TOKEN_LENGTH}}$`), "this is not a reset link's token");

export const resetPasswordRequest = z.strictObject({ token: resetToken, password });
export type ResetPasswordRequest = z.infer<typeof resetPasswordRequest>;

export const resetLink = z.object({
  /** `<origin>/reset#<token>`: the token is in the fragment, so it never reaches a server log or a Referer. */
  url: z.string(),
  /** Milliseconds since the epoch. */
  expiresAt: z.number().int(),
});
export type ResetLink = z.infer<typeof resetLink>;
