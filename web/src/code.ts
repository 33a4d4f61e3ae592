import { CODE_ALPHABET, CODE_LENGTH } from "../../schema/code.ts";

const valid = new RegExp(`^[${CODE_ALPHABET}]{${CODE_LENGTH}}$`);

/** Upper-cases and drops what cannot be part of a code (spaces, dashes), as people type it. */
export const cleanCode = (s: string) =>
  s
    .toUpperCase()
    .replace(/[^0-9A-Z]/g, "")
    .slice(0, CODE_LENGTH);
export const isCode = (s: string) => valid.test(s);

/** `/<CODE>` (any case) opens that game directly. */
export function codeFromPath(path: string): string | null {
  const m = /^\/([0-9A-Za-z]{6})\/?$/.exec(path);
  if (!m) return null;
  const c = m[1].toUpperCase();
  return isCode(c) ? c : null;
}
