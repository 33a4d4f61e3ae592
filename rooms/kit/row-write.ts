// Writing a row that is mostly there already (a player's or participant's JSON after each join,
// answer or score), the way that touches the fewest pages. `INSERT OR REPLACE` deletes the old
// row and inserts a new one at the table's end: every write then dirties the old row's page, the
// new one's, and a page of every index (the id's and the name's, at random places for random ids).
// Each commit of a Durable Object writes its dirty pages out (the WAL locally, replicated in
// production), so a join wave or a burst of answers wrote ~4 pages per player this way. An UPDATE
// of the data column alone changes the row in place and leaves the indexes alone.

/**
 * Runs `update` (an UPDATE that matches the row only if its key and indexed columns are unchanged);
 * if it changed no row, runs `insert` (`INSERT OR REPLACE`: a new row, or one whose indexed
 * columns changed, as before). `maybeStored` false: the caller knows the row is new (a join's
 * seat), so the update is not tried.
 */
export function updateElseInsert(
  sql: SqlStorage,
  update: string,
  updateArgs: SqlStorageValue[],
  insert: string,
  insertArgs: SqlStorageValue[],
  maybeStored = true,
): void {
  if (!maybeStored || sql.exec(update, ...updateArgs).rowsWritten === 0) sql.exec(insert, ...insertArgs);
}
