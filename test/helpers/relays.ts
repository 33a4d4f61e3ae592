// Games whose players go through relays (rooms/relay/): the root's relay policy forces them on
// (the same knob RELAY_MODE/RELAY_SEATS set for a deployment), and the root's storage says which
// relay holds each seat.
import { env } from "cloudflare:workers";
import { runInDurableObject } from "cloudflare:test";
import { afterEach } from "vitest";
import type { GameState } from "../../rooms/live/types.ts";
import type { Room } from "../../rooms/live/room.ts";
import type { Relay } from "../../rooms/relay/relay.ts";
import type { RelayPolicy } from "../../rooms/relay/hub.ts";
import { Client, host, type Hosted, roomOf } from "./room-client.ts";
import { makeQuiz, makeUser } from "./fixtures.ts";
import { allStoredAnswers } from "../../rooms/live/answer-log.ts";

export const relayOf = (name: string) => env.RELAYS.get(env.RELAYS.idFromName(name));

/** Which relay holds each seat, as the root records it. */
export const relaySeats = (code: string) =>
  runInDurableObject(roomOf(code), (_r: Room, s) => {
    const rows = s.storage.sql
      .exec<{ player_id: string; relay: string }>("SELECT player_id, relay FROM relay_seats")
      .toArray();
    return new Map(rows.map((r) => [r.player_id, r.relay]));
  }).catch(() => new Map<string, string>()); // a root that never had a relay has no such table

export const roomState = (code: string) =>
  runInDurableObject(
    roomOf(code),
    (_r: Room, s) =>
      JSON.parse(
        s.storage.sql.exec<{ value: string }>("SELECT value FROM meta WHERE key = 'state'").one().value,
      ) as GameState,
  );

/** Every answer the root keeps, as stored. */
export const storedAnswers = (code: string) =>
  runInDurableObject(roomOf(code), (_r: Room, s) => allStoredAnswers(s.storage.sql));

export const relaySockets = (name: string) =>
  runInDurableObject(relayOf(name), (_r: Relay, s) => s.getWebSockets().length);

export const QUESTIONS = [
  { type: "single" as const, text: "Q1", options: ["a", "b"], correct: 1, timeLimit: 20 },
  { type: "single" as const, text: "Q2", options: ["c", "d"], correct: 0, timeLimit: 20 },
];

/** A hosted game with its host connected and a relay policy set before anyone joins. */
export async function relayedGame(policy: RelayPolicy, games: Hosted[]) {
  const teacher = await makeUser("teacher");
  const quizId = await makeQuiz(teacher.id, QUESTIONS);
  const game = await host(teacher.token, quizId, { readingTime: 0, autoAdvance: false });
  games.push(game);
  await roomOf(game.code).relayPolicy(policy);
  const h = await Client.host(game, teacher.token);
  await h.next("welcome");
  return { teacher, game, h };
}

let ips = 0;
/** A player joining over the socket, from a continent if given (the request's `cf`). */
export async function joinAt(code: string, nickname: string, continent?: string, autoProbe = true) {
  const cf = continent ? { continent, country: COUNTRY[continent], longitude: 0 } : undefined;
  const c = await openWith(`/ws/${code}/join?nickname=${encodeURIComponent(nickname)}`, cf, autoProbe);
  const w = await c.next("welcome");
  return { client: c, playerId: w.me!.playerId, token: w.token!, nickname, team: w.me!.team?.teamId ?? null };
}

/** The same seat again, with its token (from somewhere else if `continent` differs). */
export async function reconnect(code: string, token: string, continent?: string) {
  const cf = continent ? { continent, country: COUNTRY[continent], longitude: 0 } : undefined;
  return openWith(`/ws/${code}?token=${encodeURIComponent(token)}`, cf);
}

const COUNTRY: Record<string, string> = { EU: "FR", OC: "AU", AF: "ZA", NA: "US" };

async function openWith(path: string, cf?: Record<string, unknown>, autoProbe = true) {
  ips++;
  return Client.open(path, { headers: { "CF-Connecting-IP": `10.77.${ips >> 8}.${ips & 255}` }, cf, autoProbe });
}

/**
 * After each test, lets the relays finish their calls up to the root (the closes of the test's
 * last sockets go up in a batch a few ms later) and clears their alarms (the presence sweep), as
 * hostedGames clears the roots': call after hostedGames() so it runs first, while `games` still
 * lists the test's games. A call in flight or an alarm firing once the file is done would reach
 * an object while the test pool shuts down ("Closing rpc while resolve was pending").
 */
export function clearRelayAlarms(games: readonly Hosted[]): void {
  afterEach(async () => {
    for (const g of games) {
      const names = new Set((await relaySeats(g.code)).values());
      for (const name of names) {
        for (let i = 0; i < 100; i++) {
          const idle = await relayOf(name)
            .stats()
            .then((s) => s.idle)
            .catch(() => true);
          if (idle) break;
          await new Promise((r) => setTimeout(r, 20));
        }
        await runInDurableObject(relayOf(name), (_r: Relay, s) => s.storage.deleteAlarm()).catch(() => {});
      }
    }
  });
}
