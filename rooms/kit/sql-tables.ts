// Whether a table exists in an object's SQLite. Tables are made on a room's first write (a lookup
// of a code never hosted leaves no storage), and rooms that were running across a deploy lack the
// tables later versions added: both rooms ask this before reading.
export const hasTable = (sql: SqlStorage, name: string): boolean =>
  sql.exec("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", name).toArray().length > 0;
