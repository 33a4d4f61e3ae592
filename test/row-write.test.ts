// rooms/kit/row-write.ts on a real Durable Object's SQLite: a row that is there is updated in
// place (same rowid, no index rewritten); a new row, or one whose indexed column changed, is
// inserted as INSERT OR REPLACE did.
import { env } from "cloudflare:workers";
import { runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { updateElseInsert } from "../rooms/kit/row-write.ts";
import type { Room } from "../rooms/live/room.ts";

const write = (sql: SqlStorage, id: string, name: string, data: string) =>
  updateElseInsert(
    sql,
    "UPDATE t SET data = ? WHERE id = ? AND name = ?",
    [data, id, name],
    "INSERT OR REPLACE INTO t (id, name, data) VALUES (?, ?, ?)",
    [id, name, data],
  );

describe("updateElseInsert", () => {
  it("inserts, updates in place, and replaces a row whose indexed column changed", async () => {
    const stub = env.ROOMS.get(env.ROOMS.idFromName(`row-write-${crypto.randomUUID()}`));
    await runInDurableObject(stub, (_r: Room, state) => {
      const sql = state.storage.sql;
      sql.exec("CREATE TABLE t (id TEXT PRIMARY KEY, name TEXT NOT NULL UNIQUE, data TEXT NOT NULL)");
      const rows = () =>
        sql
          .exec<{ rowid: number; id: string; name: string; data: string }>("SELECT rowid, * FROM t ORDER BY id")
          .toArray();
      write(sql, "a", "Ann", "1");
      write(sql, "b", "Bob", "1");
      const [a0] = rows();
      // An update of the data: the same row (rowid), new data.
      write(sql, "a", "Ann", "2");
      expect(rows()).toEqual([
        { rowid: a0.rowid, id: "a", name: "Ann", data: "2" },
        expect.objectContaining({ id: "b", data: "1" }),
      ]);
      // A rename (the indexed column): replaced, as before.
      write(sql, "a", "Anna", "3");
      expect(rows().map((r) => [r.id, r.name, r.data])).toEqual([
        ["a", "Anna", "3"],
        ["b", "Bob", "1"],
      ]);
      // A new row taking a name another row holds replaces that row, as INSERT OR REPLACE does.
      write(sql, "c", "Bob", "1");
      expect(rows().map((r) => [r.id, r.name])).toEqual([
        ["a", "Anna"],
        ["c", "Bob"],
      ]);
      // A row the caller knows is new is inserted without trying the update first.
      updateElseInsert(
        sql,
        "UPDATE t SET data = 'never' WHERE 1",
        [],
        "INSERT OR REPLACE INTO t (id, name, data) VALUES (?, ?, ?)",
        ["d", "Dee", "1"],
        false,
      );
      expect(rows().map((r) => [r.id, r.data])).toEqual([
        ["a", "3"],
        ["c", "1"],
        ["d", "1"],
      ]);
      sql.exec("DROP TABLE t");
    });
  });
});
