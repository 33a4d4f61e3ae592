// A burst of answers, written as a row per answer, is one B-tree insert each, at a random place of
// a (question, player) key that grows with the game: at 8,000 players that was ~15 µs an answer,
// the largest part of the root's work per question. The answers of one commit are written as one
// document per question instead, appended in the order they were made; a reader lays later
// documents over earlier ones (a consensus pick changed, the close's new points), so the latest
// row of each player wins, as an UPDATE would have left it.
//
// Rooms that were running when this came in still have rows in the old `answers` table: they are
// read first, and documents written after them override them.
import { hasTable } from "../kit/sql-tables.ts";
import type { AnswerRow } from "./types.ts";

export const ANSWER_DOCS_TABLE = `CREATE TABLE IF NOT EXISTS answer_docs (id INTEGER PRIMARY KEY, q INTEGER NOT NULL, data TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS answer_docs_q ON answer_docs (q);`;

/** Appends these answers, one document per question, in their order. */
export function appendAnswers(sql: SqlStorage, as: readonly AnswerRow[]): void {
  const byQ = new Map<number, AnswerRow[]>();
  for (const a of as) {
    const rows = byQ.get(a.q);
    if (rows) rows.push(a);
    else byQ.set(a.q, [a]);
  }
  for (const [q, rows] of byQ) sql.exec("INSERT INTO answer_docs (q, data) VALUES (?, ?)", q, JSON.stringify(rows));
}

/** Each player's latest answer to question `q` (or to every question: `q` null), by question and then player. */
export function readAnswers(sql: SqlStorage, q: number | null): Map<number, Map<string, AnswerRow>> {
  const out = new Map<number, Map<string, AnswerRow>>();
  const put = (a: AnswerRow) => {
    let m = out.get(a.q);
    if (!m) out.set(a.q, (m = new Map()));
    m.set(a.playerId, a);
  };
  const where = q === null ? "" : " WHERE q = ?";
  const args = q === null ? [] : [q];
  if (hasTable(sql, "answers"))
    for (const r of sql.exec<{ data: string }>(`SELECT data FROM answers${where}`, ...args))
      put(JSON.parse(r.data) as AnswerRow);
  if (hasTable(sql, "answer_docs"))
    for (const r of sql.exec<{ data: string }>(`SELECT data FROM answer_docs${where} ORDER BY id`, ...args))
      for (const a of JSON.parse(r.data) as AnswerRow[]) put(a);
  return out;
}

/** Every stored answer, ordered by question and then player id (the order reports and tests rely on). */
export function allStoredAnswers(sql: SqlStorage): AnswerRow[] {
  const byQ = readAnswers(sql, null);
  return [...byQ.keys()]
    .sort((a, b) => a - b)
    .flatMap((q) =>
      [...byQ.get(q)!.values()].sort((a, b) => (a.playerId < b.playerId ? -1 : a.playerId > b.playerId ? 1 : 0)),
    );
}

/** Deletes these players' answers (a ghost seat given up): rare, so the documents that hold one are rewritten. */
export function deleteAnswersOf(sql: SqlStorage, ids: readonly string[]): void {
  if (hasTable(sql, "answers")) for (const id of ids) sql.exec("DELETE FROM answers WHERE player_id = ?", id);
  if (!hasTable(sql, "answer_docs")) return;
  const gone = new Set(ids);
  for (const id of ids)
    for (const r of sql
      .exec<{ id: number; data: string }>(
        "SELECT id, data FROM answer_docs WHERE instr(data, ?) > 0",
        JSON.stringify(id),
      )
      .toArray()) {
      const kept = (JSON.parse(r.data) as AnswerRow[]).filter((a) => !gone.has(a.playerId));
      if (kept.length) sql.exec("UPDATE answer_docs SET data = ? WHERE id = ?", JSON.stringify(kept), r.id);
      else sql.exec("DELETE FROM answer_docs WHERE id = ?", r.id);
    }
}
