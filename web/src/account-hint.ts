// Who was last logged in on this browser, as a hint for the player's pages (the session itself is
// an HttpOnly cookie they cannot read): the front page links a logged-in user to their own page,
// and the nickname starts as their display name. Never used to decide anything on the server.
import { NICKNAME_MAX } from "../../schema/constants.ts";
import { readJson, removeItem, writeJson } from "./storage.ts";

export interface AccountHint {
  name: string;
  role: "teacher" | "student" | "admin";
}

const KEY = "qq_account";

export function accountHint(): AccountHint | null {
  const v = readJson<Partial<AccountHint> | null>(KEY, null);
  return v && typeof v.name === "string" && typeof v.role === "string" ? (v as AccountHint) : null;
}

export function rememberAccount(u: AccountHint | null): void {
  if (u) writeJson(KEY, { name: u.name, role: u.role });
  else removeItem(KEY);
}

/** The nickname a logged-in player starts from: their display name, cut to a nickname's length. */
export const hintedNickname = (): string =>
  Array.from(accountHint()?.name ?? "")
    .slice(0, NICKNAME_MAX)
    .join("");

/** Each role's own page after login. */
export const homeOf = (role: AccountHint["role"]) =>
  role === "student" ? "/me" : role === "admin" ? "/admin" : "/quizzes";
