// Cursors: what the API hands out decodes back to the same position; anything else is refused, never thrown on.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decodeCursor, encodeCursor, eventPosition, requireCursor, rowPosition } from "../../worker/logs/cursor.ts";
import { ApiError } from "../../worker/errors.ts";
import { clientEventRows } from "../../worker/logs/client.ts";

describe("cursors", () => {
  it("round-trip event and row positions, unicode ids included", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 8.64e15 }),
        fc.integer(),
        fc.string({ minLength: 1, maxLength: 64 }),
        (ts, id, key) => {
          const a = encodeCursor([ts, id]);
          expect(a).toMatch(/^[A-Za-z0-9_-]+$/);
          expect(decodeCursor(eventPosition, a)).toEqual([ts, id]);
          expect(decodeCursor(rowPosition, encodeCursor([ts, key]))).toEqual([ts, key]);
          // A position of the other kind is not accepted.
          expect(decodeCursor(rowPosition, a)).toBeNull();
        },
      ),
    );
  });

  it("refuses arbitrary strings without throwing", () => {
    fc.assert(
      fc.property(fc.string(), (s) => {
        expect(() => decodeCursor(eventPosition, s)).not.toThrow();
      }),
    );
    expect(decodeCursor(eventPosition, "")).toBeNull();
    expect(decodeCursor(eventPosition, "e30")).toBeNull(); // "{}"
    expect(() => requireCursor(eventPosition, "nope!")).toThrow(ApiError);
  });
});

describe("client event rows", () => {
  it("use the server's time and the authenticated actor, never the body's", () => {
    const rows = clientEventRows(
      [{ type: "client.error", ts: 5, message: "boom" }],
      { user: null, player: { playerId: "p1", gameId: "g1", code: "ABCDEF" } },
      1234,
      "teacher-1",
    );
    expect(rows).toEqual([
      {
        ts: 1234,
        type: "client.error",
        actorType: "client",
        actorId: "p1",
        role: "player",
        gameId: "g1",
        ownerId: "teacher-1",
        payload: { clientTs: 5, message: "boom" },
      },
    ]);
  });
});
