// One game across several Durable Objects (rooms/relay/): the root keeps the rules, relays hold
// the players' sockets. Relays are forced on per game (the root's relay policy, the same knob
// RELAY_MODE sets for a deployment) with a tiny per-relay threshold, so a handful of players
// spreads over several relays.
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { drizzle } from "drizzle-orm/d1";
import { eq } from "drizzle-orm";
import { answers, gamePlayers } from "../schema/db.ts";
import { Client, hostedGames, join, joinSocket, roomOf } from "./helpers/room-client.ts";
import { makeUser } from "./helpers/fixtures.ts";
import { api } from "./helpers/api.ts";
import { eventually } from "./helpers/wait.ts";
import { clearRelayAlarms, joinAt, relayedGame as relayedGameWith, relayOf, relaySeats } from "./helpers/relays.ts";
const games = hostedGames();
clearRelayAlarms(games);

const relayedGame = (perRelay = 2) => relayedGameWith({ mode: "force", perRelay }, games);

describe("relays", () => {
  it("players on several relays are welcomed, see each question, are scored and acknowledged; D1 agrees", async () => {
    const { game, h } = await relayedGame(2);
    // Half join over the socket, half over HTTP and then connect with the token.
    const players: Client[] = [];
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      if (i % 2 === 0) {
        // New seats fill the relays in turn (2 each): P0 and P2 on the first, P4 on the second.
        const c = await joinSocket(game.code, `P${i}`);
        const w = await c.next("welcome");
        ids.push(w.me!.playerId);
        expect(w.token).toBeTruthy();
        players.push(c);
      } else {
        const seat = await join(game.code, `P${i}`);
        const c = await Client.player(seat);
        await c.next("welcome");
        ids.push(seat.playerId);
        players.push(c);
      }
    }
    const seats = await relaySeats(game.code);
    expect([...seats.keys()].sort()).toEqual([...ids].sort());
    expect(new Set(seats.values()).size).toBeGreaterThanOrEqual(2);
    // The host sees them all connected.
    const hw = await (await Client.host(game, (await makeUser("admin")).token)).next("welcome");
    expect(hw.players!.filter((p) => p.connected)).toHaveLength(5);

    h.send({ type: "start" });
    const views = await Promise.all(players.map((p) => p.next("question")));
    expect(views.every((v) => v.question.index === 0)).toBe(true);
    // Four answer (three right), one does not.
    for (let i = 0; i < 4; i++) players[i].send({ type: "answer", q: 0, answer: { choice: i < 3 ? 1 : 0 } });
    for (let i = 0; i < 4; i++) expect(await players[i].next("answered")).toMatchObject({ index: 0 });
    // A second answer is refused through the relay as it would be directly.
    await players[0].expectError({ type: "answer", q: 0, answer: { choice: 0 } }, "already-answered");
    const count = await h.next("answerCount");
    expect(count.index).toBe(0);
    h.send({ type: "skip" });
    const results = await Promise.all(players.map((p) => p.next("result")));
    expect(results.map((r) => r.correct)).toEqual([true, true, true, false, false]);
    for (const r of results.slice(0, 3)) expect(r.points).toBeGreaterThan(900);
    expect(results[4].answered).toBe(false);

    h.send({ type: "next" });
    await Promise.all(players.map((p) => p.next("leaderboard")));
    h.send({ type: "next" });
    await Promise.all(players.map((p) => p.next("question")));
    h.send({ type: "end" });
    const podium = await players[0].next("podium");
    await Promise.all(players.slice(1).map((p) => p.next("podium")));
    // D1 has what the players were shown.
    const db = drizzle(env.DB);
    await expect
      .poll(async () => (await db.select().from(gamePlayers).where(eq(gamePlayers.gameId, game.gameId)).all()).length, {
        timeout: 5000,
      })
      .toBe(5);
    const rows = await db.select().from(gamePlayers).where(eq(gamePlayers.gameId, game.gameId)).all();
    for (let i = 0; i < 5; i++) expect(rows.find((r) => r.playerId === ids[i])?.score).toBe(results[i].score);
    expect(await db.select().from(answers).where(eq(answers.gameId, game.gameId)).all()).toHaveLength(4);
    expect(podium.type).toBe("podium");
    for (const p of players) p.close();
    h.close();
  });

  it("a class below the threshold stays on the root (auto)", async () => {
    const { game, h } = await relayedGame(2);
    await roomOf(game.code).relayPolicy({ mode: "auto", perRelay: 1000 });
    const c = await joinSocket(game.code, "Solo");
    await c.next("welcome");
    expect((await relaySeats(game.code)).size).toBe(0);
    c.close();
    h.close();
  });

  it("the relay counts its sockets; the host reads each object's figures", async () => {
    const { game, h, teacher } = await relayedGame(1000);
    const c = await joinSocket(game.code, "A");
    await c.next("welcome");
    const seats = await relaySeats(game.code);
    const name = [...seats.values()][0];
    expect((await relayOf(name).stats()).sockets).toBe(1);
    // The host (and only the host) reads the objects' figures over HTTP.
    const res = await api(`/api/games/${game.code}/relay-stats`, { token: teacher.token });
    expect(res.status).toBe(200);
    const stats = (await res.json()) as {
      root: { attaches: number; relays: string[] };
      relays: { name: string; sockets: number }[];
    };
    expect(stats.root).toMatchObject({ attaches: 1, relays: [name] });
    expect(stats.relays).toEqual([expect.objectContaining({ name, sockets: 1 })]);
    const other = await makeUser("teacher");
    expect((await api(`/api/games/${game.code}/relay-stats`, { token: other.token })).status).toBe(404);
    c.close();
    h.close();
  });

  it("a join wave through one relay asks for its seats and seats its sockets in a few calls to the root, not two per socket", async () => {
    const { game, h, teacher } = await relayedGame(1000);
    const N = 40;
    const joined = await Promise.all(Array.from({ length: N }, (_, i) => joinAt(game.code, `W${i}`, undefined, false)));
    expect(new Set(joined.map((j) => j.playerId)).size).toBe(N);
    const seats = await relaySeats(game.code);
    expect(new Set(seats.values()).size).toBe(1);
    const stats = (await (await api(`/api/games/${game.code}/relay-stats`, { token: teacher.token })).json()) as {
      root: { attaches: number; batchCalls: number; joinCalls: number };
    };
    expect(stats.root.attaches).toBe(N);
    // The first socket's seat and attach go up at once; those that open while a call is out ride the next one.
    expect(stats.root.joinCalls).toBeLessThan(N / 2);
    expect(stats.root.batchCalls).toBeLessThan(N / 2);
    console.log(
      `relays: ${N} concurrent joins seated in ${stats.root.joinCalls} join calls and ${stats.root.batchCalls} batches`,
    );
    for (const c of [h, ...joined.map((j) => j.client)]) c.close();
  });

  it("a socket closed before its welcome leaves no seat held by its relay", async () => {
    const { game, h } = await relayedGame(1000);
    const quick = await Client.open(`/ws/${game.code}/join?nickname=Quick`, {
      headers: { "CF-Connecting-IP": "10.78.0.1" },
    });
    // Gone at once: the relay may still be waiting for the root's attach, or have it already.
    quick.close();
    const joined = await h.next("playerJoined").catch(() => null);
    await eventually(async () => ((await relaySeats(game.code)).size === 0 ? true : null));
    // The seat exists (it was taken), but nobody holds it: the host does not see it connected.
    const seen = joined?.player ?? (await h.next("playersJoined")).players[0];
    expect(seen.nickname).toBe("Quick");
    const hw = await (await Client.host(game, (await makeUser("admin")).token)).next("welcome");
    expect(hw.players!.find((p) => p.nickname === "Quick")?.connected).toBe(false);
    h.close();
  });

  it("a join wave through relays reaches the host as batches of connected seats, not a frame per join and one per connect", async () => {
    const { game, h } = await relayedGame(60);
    const N = 110;
    const joined = [];
    for (let i = 0; i < N; i++) joined.push(await joinAt(game.code, `R${i}`));
    // The last batch goes out at the next lobby tick; every seat ends up connected in the host's view.
    const connectedUpdates = () =>
      new Set(h.all("playerUpdated").flatMap((m) => (m.player.connected ? [m.player.playerId] : [])));
    await eventually(async () => {
      const batched = h.all("playersJoined").flatMap((b) => b.players);
      if (batched.length + h.all("playerJoined").length < N) return null;
      const updated = connectedUpdates();
      return batched.every((p) => p.connected || updated.has(p.playerId)) ? true : null;
    });
    const announced = [
      ...h.all("playerJoined").map((m) => m.player),
      ...h.all("playersJoined").flatMap((b) => b.players),
    ];
    // Every seat once, in join order.
    expect(announced.map((p) => p.nickname)).toEqual(Array.from({ length: N }, (_, i) => `R${i}`));
    const batched = h.all("playersJoined").flatMap((b) => b.players);
    // A seat whose socket attached while it was still gathered went out connected, with no
    // playerUpdated of its own; only one whose batch left before its attach needed one.
    const updated = connectedUpdates();
    const inBatch = batched.filter((p) => p.connected);
    expect(inBatch.length, "no seat was updated in its batch").toBeGreaterThan(0);
    expect(inBatch.filter((p) => updated.has(p.playerId))).toEqual([]);
    expect(batched.filter((p) => !p.connected).every((p) => updated.has(p.playerId))).toBe(true);
    console.log(
      `relays: ${batched.length} seats batched, ${inBatch.length} connected in their batch, ${updated.size} playerUpdated`,
    );
    expect(new Set((await relaySeats(game.code)).values()).size).toBeGreaterThanOrEqual(2);
    for (const c of [h, ...joined.map((j) => j.client)]) c.close();
  });
});
