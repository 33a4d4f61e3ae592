// bench/profile-owners.mjs: a profile's samples go to the outermost object's own frame on their
// stack, so shared code counts for the object that called it.
import { describe, expect, it } from "vitest";
import { ownerOfFile, ownerTimes } from "../../bench/profile-owners.ts";

const frame = (functionName: string, url = "") => ({ functionName, url, lineNumber: 0, columnNumber: 0 });

/** (root) → relay webSocketMessage → kit send; (root) → room relayBatch → hub batch → kit send; (root) → kit timer → live store; (root) → GC. */
const profile = {
  startTime: 0,
  endTime: 10_000,
  nodes: [
    { id: 1, callFrame: frame("(root)"), children: [2, 4, 7, 9] },
    { id: 2, callFrame: frame("webSocketMessage", "rooms/relay/relay.ts"), children: [3] },
    { id: 3, callFrame: frame("send", "rooms/kit/socket-registry.ts"), children: [] },
    { id: 4, callFrame: frame("relayBatch", "rooms/live/room.ts"), children: [5] },
    { id: 5, callFrame: frame("batch", "rooms/relay/hub.ts"), children: [6] },
    { id: 6, callFrame: frame("send", "rooms/kit/socket-registry.ts"), children: [] },
    { id: 7, callFrame: frame("(anonymous)", "rooms/kit/outbox.ts"), children: [8] },
    { id: 8, callFrame: frame("savePlayers", "rooms/live/store.ts"), children: [] },
    { id: 9, callFrame: frame("(garbage collector)"), children: [] },
    { id: 10, callFrame: frame("(idle)"), children: [] },
  ],
  // One sample per ms: each stands for the time up to the next one.
  samples: [3, 3, 6, 6, 6, 8, 9, 10, 2, 3],
  timeDeltas: [1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000],
};

describe("profile owners", () => {
  it("knows each kind of object's own files and leaves shared code to the caller", () => {
    expect(ownerOfFile("rooms/relay/relay.ts")).toBe("relays");
    expect(ownerOfFile("rooms/relay/hub.ts")).toBe("root");
    expect(ownerOfFile("rooms/live/flow.ts")).toBe("root");
    expect(ownerOfFile("worker/games/routes.ts")).toBe("worker");
    expect(ownerOfFile("rooms/kit/outbox.ts")).toBeNull();
  });

  it("gives each sample to the outermost owned frame; idle is dropped, the rest unattributed", () => {
    const ms = ownerTimes(profile);
    // Samples 1–2 and 9–10 (relay's send), 3–5 (the root's batch), 6 (a kit timer into the live store).
    expect(ms.relays).toBe(3); // the last sample has no next interval
    expect(ms.root).toBe(4);
    expect(ms.unattributed).toBe(1);
    expect(ms.worker).toBe(0);
  });

  it("counts only the samples inside a window", () => {
    const ms = ownerTimes(profile, 2500, 5500);
    expect(ms.root).toBe(3);
    expect(ms.relays).toBe(0);
  });
});
