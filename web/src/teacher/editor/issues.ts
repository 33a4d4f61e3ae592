// The schema's validation messages in the teacher's language: zod's own messages through its
// locales (the host and assign dialogs), and the quiz editor's through issue-messages.ts, which
// turns each issue into a sentence saying what to do.
import { z } from "zod";
import en from "zod/v4/locales/en.js";
import ru from "zod/v4/locales/ru.js";
import { getLang } from "../../i18n.ts";
import { describeIssue, type IssueLike } from "./issue-messages.ts";

let configured = "";
/** Call before parsing, so zod's built-in messages come out in the current language. */
export function applyZodLanguage(): void {
  const lang = getLang();
  if (configured === lang) return;
  configured = lang;
  z.config(lang === "ru" ? ru() : en());
}

/** A quiz issue (from zod in the editor, or the server's 400 answer) as a sentence in the current language. */
export const localizeIssue = (issue: IssueLike): string => describeIssue(issue, getLang());
