// Who went quiet (rooms/kit/presence.ts): a phone that pinged and then lost the network sends no
// close, so the room's sweep reads the runtime's auto-response times and tells the host it is
// away; a socket that never pinged is left alone, and a player who comes back is back.
import { runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { SILENT_AFTER_MS } from "../rooms/kit/presence.ts";
import type { Room } from "../rooms/live/room.ts";
import type { QuestionInput } from "../schema/quiz.ts";
import { Client, hostedGames, hostedRoom } from "./helpers/room-client.ts";

const used = hostedGames();
const ONE: QuestionInput[] = [{ type: "single", text: "Q?", options: ["a", "b"], correct: 0, timeLimit: 30 }];

const sweep = (stub: DurableObjectStub<Room>, inMs: number) =>
  runInDurableObject(stub, (room: Room) => room.sweepSilent(Date.now() + inMs));

async function pinged(c: Client): Promise<void> {
  const pong = new Promise<void>((resolve) =>
    c.ws.addEventListener("message", (e) => e.data === "pong" && resolve(), { once: false }),
  );
  c.ws.send("ping");
  await pong;
}

describe("presence sweep", () => {
  it("marks a pinging player who went silent as away, leaves a never-pinging one alone, and sees the return", async () => {
    const { h, seats, clients, stub } = await hostedRoom(used, ONE, ["Ann", "Ben"]);
    const [ann, ben] = clients;
    await pinged(ann);
    // Within the silence allowance nothing happens.
    expect(await sweep(stub, 0)).toBe(0);
    expect(h.all("playerLeft")).toHaveLength(0);
    // Past it, Ann (who pinged) is gone; Ben (never pinged: silence proves nothing) stays.
    expect(await sweep(stub, SILENT_AFTER_MS + 1000)).toBe(1);
    const left = await h.next("playerLeft");
    expect(left).toMatchObject({ playerId: seats[0].playerId, reason: "disconnected" });
    expect(h.all("playerLeft").some((m) => m.playerId === seats[1].playerId)).toBe(false);
    expect(ben.closed).toBeNull();
    // Ann's phone is back: the host sees her connected again.
    const back = await Client.player(seats[0]);
    await back.next("welcome");
    const updated = await h.next("playerUpdated");
    expect(updated.player).toMatchObject({ playerId: seats[0].playerId, connected: true });
  });
});
