// The rows of a game's formula table (rendered when it was hosted) that one message needs.
import type { MathTable } from "../../schema/messages.ts";

const has = (table: MathTable, key: string) => Object.hasOwn(table, key);

/** `{ math }` with the rendered HTML of those texts that have any; `{}` when none does. */
export function mathFor(table: MathTable | undefined, texts: (string | undefined)[]): { math?: MathTable } {
  if (!table) return {};
  const rows = texts.filter((t): t is string => t !== undefined && has(table, t)).map((t) => [t, table[t]] as const);
  // fromEntries defines own properties, so a text such as "__proto__" stays data.
  return rows.length ? { math: Object.fromEntries(rows) } : {};
}
