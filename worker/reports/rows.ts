// The D1 rows a report is built from, apart from the builders so pure helpers can name them.
import type { answers, gamePlayers, games } from "../../schema/db.ts";

export type GameRow = typeof games.$inferSelect;
/** `team`: team mode's team name; `members`: a shared team phone's members (both absent in rows built before them, e.g. by hand). */
export type PlayerRow = Omit<typeof gamePlayers.$inferSelect, "team" | "members"> & {
  team?: string | null;
  members?: string[] | null;
};
export type AnswerRow = typeof answers.$inferSelect;
