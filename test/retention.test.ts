// Retention: old events and expired revocations go, in bounded chunks, directly and from the cron handler.
import { createExecutionContext, createScheduledController, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { count, eq, lt, type SQL } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { events, revokedSessions } from "../schema/db.ts";
import { writeEvents, type EventInput } from "../rooms/kit/events.ts";
import { retentionDays, runRetention } from "../worker/logs/retention.ts";
import worker from "../worker/index.ts";
import { db } from "./helpers/fixtures.ts";

const DAY = 24 * 3600 * 1000;

async function n(where?: SQL): Promise<number> {
  const [row] = await db().select({ n: count() }).from(events).where(where);
  return row.n;
}

function old(k: number, now: number, ageMs: number): EventInput[] {
  return Array.from({ length: k }, (_, i) => ({
    ts: now - ageMs - i,
    type: "player.join",
    actorType: "player" as const,
    actorId: `p${i}`,
  }));
}

beforeEach(async () => {
  await db().delete(events);
  await db().delete(revokedSessions);
});

describe("retentionDays", () => {
  it("reads the setting and falls back to 90 for nonsense", () => {
    expect(retentionDays("30")).toBe(30);
    expect(retentionDays("90")).toBe(90);
    for (const bad of [undefined, "", "0", "-5", "abc", "1.5"]) expect(retentionDays(bad)).toBe(90);
  });
});

describe("runRetention", () => {
  it("deletes events older than EVENT_RETENTION_DAYS, keeps the rest, and drops expired revocations", async () => {
    const now = Date.now();
    const cutoff = now - 90 * DAY;
    await writeEvents(env.DB, [
      ...old(2500, now, 91 * DAY),
      { ts: cutoff - 1, type: "auth.login", actorType: "user" },
      { ts: cutoff, type: "auth.login", actorType: "user" },
      ...old(7, now, 89 * DAY),
      ...old(3, now, 1000),
    ]);
    await db()
      .insert(revokedSessions)
      .values([
        { jti: "gone-1", expiresAt: now - 1 },
        { jti: "gone-2", expiresAt: now - DAY },
        { jti: "kept-1", expiresAt: now + 1 },
        { jti: "kept-2", expiresAt: now + DAY },
      ]);

    const result = await runRetention(env, now);
    expect(result).toEqual({ cutoff, events: 2501, revokedSessions: 2, complete: true });
    expect(await n(lt(events.ts, cutoff))).toBe(0);
    // The 11 recent ones, the event exactly at the cutoff, and the run's own record.
    expect(await n()).toBe(12);
    const [record] = await db().select().from(events).where(eq(events.type, "system.retention"));
    expect(record).toMatchObject({
      actorType: "system",
      ts: now,
      payload: { cutoff, events: 2501, revokedSessions: 2, complete: true },
    });
    expect((await db().select().from(revokedSessions)).map((r) => r.jti).sort()).toEqual(["kept-1", "kept-2"]);
  });

  it("honours a shorter retention setting", async () => {
    const now = Date.now();
    await writeEvents(env.DB, [...old(4, now, 8 * DAY), ...old(5, now, 6 * DAY)]);
    const result = await runRetention({ ...env, EVENT_RETENTION_DAYS: "7" }, now);
    expect(result.events).toBe(4);
    expect(await n(eq(events.type, "player.join"))).toBe(5);
  });

  it("stops after its chunk budget and the next run finishes the job", async () => {
    const now = Date.now();
    await writeEvents(env.DB, old(250, now, 100 * DAY));
    const first = await runRetention(env, now, { chunk: 50, maxChunks: 3 });
    expect(first).toMatchObject({ events: 150, complete: false });
    expect(await n(eq(events.type, "player.join"))).toBe(100);
    const second = await runRetention(env, now, { chunk: 50, maxChunks: 3 });
    expect(second).toMatchObject({ events: 100, complete: true });
    expect(await n(eq(events.type, "player.join"))).toBe(0);
  });

  it("does nothing harmful on an empty log", async () => {
    const result = await runRetention(env, Date.now());
    expect(result).toMatchObject({ events: 0, revokedSessions: 0, complete: true });
    expect(await n()).toBe(1);
  });
});

describe("the cron trigger", () => {
  it("runs retention through the Worker's scheduled handler", async () => {
    const now = Date.now();
    await writeEvents(env.DB, [...old(30, now, 120 * DAY), ...old(6, now, 60 * 1000)]);
    await db()
      .insert(revokedSessions)
      .values({ jti: "old", expiresAt: now - 10 * DAY });
    const ctx = createExecutionContext();
    await worker.scheduled(createScheduledController({ scheduledTime: now, cron: "17 3 * * *" }), env, ctx);
    await waitOnExecutionContext(ctx);
    expect(await n(eq(events.type, "player.join"))).toBe(6);
    expect(await n(eq(events.type, "system.retention"))).toBe(1);
    expect(await db().select().from(revokedSessions)).toEqual([]);
  });
});
