// The rooms' reusable parts on their own, inside a real Durable Object (a room that holds no
// game): the commit-gated outbox (nothing leaves before its write is committed, nothing at all
// if the commit fails, coalesced counts only when not stale) and the socket registry (tags and
// attachments, replacing a seat's older socket, refusing, who is connected after hibernation).
import { env } from "cloudflare:workers";
import { evictDurableObject, runInDurableObject } from "cloudflare:test";
import { describe, expect, it, vi } from "vitest";
import { SEATS } from "../rooms/live/delivery.ts";
import { GatedOutbox } from "../rooms/kit/outbox.ts";
import { allStoredAnswers } from "../rooms/live/answer-log.ts";
import { SqlGameStore } from "../rooms/live/store.ts";
import { refuseSocket, type SeatRules, SocketRegistry } from "../rooms/kit/socket-registry.ts";
import { Client, host, hostedGames, join, roomOf } from "./helpers/room-client.ts";
import { makeQuiz, makeUser } from "./helpers/fixtures.ts";

const TEST_SEATS: SeatRules<{ id: string; seat?: boolean }> = {
  presenceTag: "seat",
  isSeat: (att) => !!att.seat,
  seatTag: (id) => `s:${id}`,
  replaced: { frame: '{"type":"replaced"}', code: 4009, reason: "replaced" },
};

const objectNamed = (name: string) => env.ROOMS.get(env.ROOMS.idFromName(name));
const tick = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The client end of an accepted socket, with what it heard. */
function listen(response: Response) {
  const ws = response.webSocket!;
  ws.accept();
  const heard: string[] = [];
  const closes: number[] = [];
  const waiters: (() => void)[] = [];
  ws.addEventListener("message", (e) => {
    heard.push(String(e.data));
    for (const w of waiters.splice(0)) w();
  });
  ws.addEventListener("close", (e) => {
    closes.push(e.code);
    for (const w of waiters.splice(0)) w();
  });
  /** Resolves once `n` frames have arrived. */
  const frames = async (n: number) => {
    while (heard.length < n)
      await Promise.race([
        new Promise<void>((r) => waiters.push(r)),
        tick(2000).then(() => Promise.reject(new Error(`heard only ${heard}`))),
      ]);
    return heard;
  };
  return { ws, heard, closes, frames };
}

function rig(state: DurableObjectState, isStale: (msg: { n: number }) => boolean = () => false) {
  state.storage.sql.exec("CREATE TABLE IF NOT EXISTS kit_rows (n INTEGER NOT NULL)");
  const log: string[] = [];
  const sockets = new SocketRegistry(state, TEST_SEATS);
  const outbox = new GatedOutbox<{ n: number }>({
    storage: {
      transactionSync: <T>(fn: () => T) => {
        const result = state.storage.transactionSync(fn);
        log.push("commit");
        return result;
      },
    },
    sockets,
    onRollback: () => log.push("rollback"),
    isStale,
  });
  const rows = () =>
    state.storage.sql
      .exec<{ n: number }>("SELECT n FROM kit_rows ORDER BY n")
      .toArray()
      .map((r) => r.n);
  const insert = (n: number) => () => void state.storage.sql.exec("INSERT INTO kit_rows (n) VALUES (?)", n);
  return { log, sockets, outbox, rows, insert };
}

describe("the commit-gated outbox", () => {
  it("rows that join a queued write (a store's batch of answers) count toward the burst, so a long burst still commits in chunks", async () => {
    await runInDurableObject(objectNamed("kit-joined"), async (_room, state) => {
      const { outbox } = rig(state);
      const store = new SqlGameStore(state.storage, outbox);
      for (let i = 0; i < 70; i++)
        store.saveAnswers([
          {
            q: 0,
            playerId: `p${String(i).padStart(2, "0")}`,
            answer: { choice: 0 },
            correct: true,
            fraction: 1,
            basePoints: i,
            points: i,
            responseMs: 10,
            answeredAt: 1,
          },
        ]);
      // One queued write carries all 70; the room's chunk rule (64) sees 70.
      expect(outbox.pendingWrites()).toBe(70);
      outbox.flush();
      expect(outbox.pendingWrites()).toBe(0);
      const stored = allStoredAnswers(state.storage.sql);
      expect(stored.map((a) => a.points)).toEqual(Array.from({ length: 70 }, (_, i) => i));
      // One document for the lot.
      expect(state.storage.sql.exec("SELECT count(*) AS n FROM answer_docs").one().n).toBe(1);
      state.storage.sql.exec("DROP TABLE answer_docs");
    });
  });

  it("holds a message until the writes queued before it are committed, then sends it; with nothing queued it sends at once", async () => {
    await runInDurableObject(objectNamed("kit-gate"), async (_room, state) => {
      const { log, sockets, outbox, rows, insert } = rig(state);
      const client = listen(sockets.accept(["t"], { id: "a" }).response);
      const rowsWhenHeard: number[][] = [];
      client.ws.addEventListener("message", (e) => {
        log.push(`heard ${e.data}`);
        rowsWhenHeard.push(rows());
      });

      outbox.write(insert(1));
      outbox.write(insert(2));
      outbox.toTag("t", { n: 1 });
      const written = outbox.written();
      expect(outbox.pendingWrites()).toBe(2);
      expect(rows()).toEqual([]);
      // Nobody flushes by hand: the outbox commits the burst on its own, then releases the message.
      await client.frames(1);
      await written;
      expect(log).toEqual(["commit", 'heard {"n":1}']);
      expect(rowsWhenHeard).toEqual([[1, 2]]);

      outbox.toTag("t", { n: 2 });
      await client.frames(2);
      expect(log).toEqual(["commit", 'heard {"n":1}', 'heard {"n":2}']);
    });
  });

  it("a failed commit sends nothing it held, rolls its writes back and rejects those waiting; later messages still go", async () => {
    await runInDurableObject(objectNamed("kit-rollback"), async (_room, state) => {
      const { log, sockets, outbox, rows, insert } = rig(state);
      const client = listen(sockets.accept(["t"], { id: "a" }).response);

      outbox.write(insert(7));
      outbox.write(() => void state.storage.sql.exec("INSERT INTO no_such_table (n) VALUES (1)"));
      outbox.toTag("t", { n: 7 });
      outbox.toSeat("nobody", { n: 8 });
      const written = outbox.written();
      expect(() => outbox.flush()).toThrow(/no_such_table/);
      await expect(written).rejects.toThrow(/could not save/);
      expect(log).toEqual(["rollback"]);
      expect(rows()).toEqual([]);

      outbox.toTag("t", { n: 9 });
      expect(await client.frames(1)).toEqual(['{"n":9}']);
      await tick(50);
      expect(client.heard).toEqual(['{"n":9}']);
    });
  });

  it("coalesces a count: the first at once, then only the latest per interval, and none that is stale by then", async () => {
    await runInDurableObject(objectNamed("kit-coalesce"), async (_room, state) => {
      const stale = new Set<number>();
      const { sockets, outbox } = rig(state, (msg) => stale.has(msg.n));
      const client = listen(sockets.accept(["t"], { id: "a" }).response);

      outbox.coalesce("count", "t", { n: 1 }, 100);
      outbox.coalesce("count", "t", { n: 2 }, 100);
      outbox.coalesce("count", "t", { n: 3 }, 100);
      await client.frames(2);
      expect(client.heard).toEqual(['{"n":1}', '{"n":3}']);

      // The room moves on while the next count waits: it never leaves.
      outbox.coalesce("count", "t", { n: 4 }, 100);
      stale.add(4);
      await tick(250);
      expect(client.heard).toEqual(['{"n":1}', '{"n":3}']);
      // Another key has its own interval.
      outbox.coalesce("other", "t", { n: 5 }, 100);
      expect(await client.frames(3)).toEqual(['{"n":1}', '{"n":3}', '{"n":5}']);

      // An interval asked when the count is due: it grew meanwhile (a lobby filling up), so the
      // count waits for the longer one.
      let every = 100;
      outbox.coalesce("lobby", "t", { n: 6 }, () => every);
      expect(await client.frames(4)).toEqual(['{"n":1}', '{"n":3}', '{"n":5}', '{"n":6}']);
      outbox.coalesce("lobby", "t", { n: 7 }, () => every);
      every = 400;
      await tick(200);
      expect(client.heard).toHaveLength(4);
      expect(await client.frames(5)).toEqual(['{"n":1}', '{"n":3}', '{"n":5}', '{"n":6}', '{"n":7}']);
    });
  });
});

describe("the socket registry", () => {
  it("picks recipients by tag less the ids excepted, and keeps ids in the attachment", async () => {
    await runInDurableObject(objectNamed("kit-tags"), async (_room, state) => {
      const sockets = new SocketRegistry(state, TEST_SEATS);
      const a = sockets.accept(["t", "x"], { id: "a" });
      const b = sockets.accept(["t"], { id: "b" });
      listen(a.response);
      const bClient = listen(b.response);
      expect(sockets.attachment(a.socket)).toEqual({ id: "a" });
      expect(
        sockets
          .sockets("t")
          .map((ws) => sockets.attachment(ws)?.id)
          .sort(),
      ).toEqual(["a", "b"]);
      expect(sockets.sockets("t", new Set(["a"])).map((ws) => sockets.attachment(ws)?.id)).toEqual(["b"]);
      expect(sockets.sockets("x").map((ws) => sockets.attachment(ws)?.id)).toEqual(["a"]);
      // Plain sockets are no seats: nobody counts as connected.
      expect([...sockets.connected()]).toEqual([]);
      sockets.sendToTag("t", "hello");
      expect(await bClient.frames(1)).toEqual(["hello"]);
    });
  });

  it("a newer socket of a seat replaces the older one, which is told so and closed; the seat leaves with its last socket", async () => {
    await runInDurableObject(objectNamed("kit-seats"), async (_room, state) => {
      const sockets = new SocketRegistry(state, TEST_SEATS);
      const first = sockets.acceptSeat({ id: "p1", seat: true });
      const older = listen(first.response);
      expect(first.wasConnected).toBe(false);
      expect([...sockets.connected()]).toEqual(["p1"]);

      const second = sockets.acceptSeat({ id: "p1", seat: true });
      const newer = listen(second.response);
      expect(second.wasConnected).toBe(true);
      expect(await older.frames(1)).toEqual(['{"type":"replaced"}']);
      await vi.waitFor(() => expect(older.closes).toEqual([4009]));
      expect(sockets.seatSockets("p1").filter((ws) => ws.readyState === WebSocket.OPEN)).toEqual([second.socket]);

      // The replaced socket going away leaves the seat connected; its last one does not.
      expect(sockets.left(first.socket)).toBeNull();
      expect([...sockets.connected()]).toEqual(["p1"]);
      expect(sockets.left(second.socket)).toBe("p1");
      expect(sockets.left(second.socket)).toBeNull();
      expect([...sockets.connected()]).toEqual([]);
      expect(newer.closes).toEqual([]);
    });
  });

  it("a refused socket hears one frame and is closed with the code given", async () => {
    const client = listen(refuseSocket({ frame: '{"type":"kicked"}', code: 4001, reason: "kicked" }));
    expect(await client.frames(1)).toEqual(['{"type":"kicked"}']);
    await vi.waitFor(() => expect(client.closes).toEqual([4001]));
  });
});

describe("who is connected, after hibernation", () => {
  const used = hostedGames();

  it("is rebuilt from the sockets themselves: class fields are gone, the players' sockets are not", async () => {
    const teacher = await makeUser("teacher");
    const quizId = await makeQuiz(teacher.id, [{ type: "single", text: "Q", options: ["a", "b"], correct: 1 }]);
    const game = await host(teacher.token, quizId);
    used.push(game);
    const h = await Client.host(game, teacher.token);
    await h.next("welcome");
    const seats = [await join(game.code, "Ann"), await join(game.code, "Ben")];
    const clients = await Promise.all(seats.map((s) => Client.player(s)));
    await Promise.all(clients.map((c) => c.next("welcome")));

    await evictDurableObject(roomOf(game.code), { webSockets: "hibernate" });
    const connected = () =>
      runInDurableObject(roomOf(game.code), (_room, state) => [...new SocketRegistry(state, SEATS).connected()].sort());
    expect(await connected()).toEqual(seats.map((s) => s.playerId).sort());

    clients[0].close();
    await vi.waitFor(async () => expect(await connected()).toEqual([seats[1].playerId]));
    clients[1].close();
    h.close();
  });
});
