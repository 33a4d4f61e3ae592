// The D1 rows a report is built from, apart from the builders so pure helpers can name them.
import type { answers, gamePlayers, games } from "../../schema/db.ts";

export type GameRow = typeof games.$inferSelect;
export type PlayerRow = typeof gamePlayers.$inferSelect;
export type AnswerRow = typeof answers.$inferSelect;
