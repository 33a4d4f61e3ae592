// The daily clean-up of uploads against the local R2 and D1: an image no quiz uses goes (row and
// bytes); one a quiz uses, one uploaded within the grace period, and one a live game shows stay.
import { createExecutionContext, createScheduledController, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import type { StoredQuiz } from "../schema/catalog.ts";
import { cleanUpMedia, MEDIA_GRACE_MS } from "../worker/media/cleanup.ts";
import worker from "../worker/index.ts";
import { api, jsonInit, sampleQuiz } from "./helpers/api.ts";
import { makeUser, type TestUser } from "./helpers/fixtures.ts";
import { makePng, uploaded } from "./helpers/media.ts";
import { Client, host, hostedGames } from "./helpers/room-client.ts";

const HOUR = 3600 * 1000;
let teacher: TestUser;

beforeEach(async () => {
  teacher = await makeUser("teacher");
});

/** An upload made `ageMs` ago. */
async function image(ageMs: number, size = 12) {
  const up = await uploaded(teacher.token, await makePng(size, size));
  await env.DB.prepare("UPDATE media SET created_at = ? WHERE key = ?")
    .bind(Date.now() - ageMs, up.key)
    .run();
  return up;
}

async function stored(key: string): Promise<{ row: boolean; object: boolean; served: number }> {
  const row = await env.DB.prepare("SELECT 1 AS one FROM media WHERE key = ?").bind(key).first();
  const object = await env.MEDIA.head(key);
  return { row: !!row, object: !!object, served: (await api(`/media/${key}`)).status };
}

const KEPT = { row: true, object: true, served: 200 };
const GONE = { row: false, object: false, served: 404 };

async function quizWith(urls: string[]): Promise<StoredQuiz> {
  const questions = urls.map((image, i) => ({
    type: "truefalse" as const,
    text: `Picture ${i}`,
    correct: true,
    image,
    imageAlt: `Picture ${i}`,
  }));
  const res = await api("/api/quizzes", jsonInit("POST", sampleQuiz({ questions }), teacher.token));
  if (res.status !== 201) throw new Error(await res.text());
  return ((await res.json()) as { quiz: StoredQuiz }).quiz;
}

describe("cleanUpMedia", () => {
  const used = hostedGames();

  it("removes an old image no quiz uses, and keeps used, fresh and live-game images", async () => {
    const unused = await image(2 * MEDIA_GRACE_MS);
    const inQuiz = await image(2 * MEDIA_GRACE_MS);
    const asCover = await image(2 * MEDIA_GRACE_MS);
    const fresh = await image(MEDIA_GRACE_MS - HOUR);
    const inGame = await image(2 * MEDIA_GRACE_MS);
    await quizWith([inQuiz.url]);
    await api(
      "/api/quizzes",
      jsonInit("POST", sampleQuiz({ cover: { image: asCover.url, imageAlt: "Cover" } }), teacher.token),
    );
    // A game is hosted with the image, then the quiz drops it: the running game still shows it.
    const gameQuiz = await quizWith([inGame.url]);
    const game = await host(teacher.token, gameQuiz.id, { readingTime: 0 });
    used.push(game);
    await api(`/api/quizzes/${gameQuiz.id}`, jsonInit("PUT", sampleQuiz(), teacher.token));

    const result = await cleanUpMedia(env, Date.now());
    expect(result).toMatchObject({ deleted: 1, complete: true });
    expect(await stored(unused.key)).toEqual(GONE);
    for (const kept of [inQuiz, asCover, fresh, inGame]) expect(await stored(kept.key)).toEqual(KEPT);

    // Once the game is over, nothing holds that image any more.
    const h = await Client.host(game, teacher.token);
    await h.next("welcome");
    h.send({ type: "end" });
    await h.next("ended");
    h.close();
    await expect
      .poll(
        async () =>
          (await env.DB.prepare("SELECT status FROM games WHERE id = ?").bind(game.gameId).first("status")) as string,
      )
      .toBe("ended");
    expect(await cleanUpMedia(env, Date.now())).toMatchObject({ deleted: 1 });
    expect(await stored(inGame.key)).toEqual(GONE);
    expect(await stored(inQuiz.key)).toEqual(KEPT);
  });

  it("frees an image when the last quiz using it is deleted, not before", async () => {
    const shared = await image(2 * MEDIA_GRACE_MS);
    const first = await quizWith([shared.url]);
    const copy = await api(`/api/quizzes/${first.id}/duplicate`, { method: "POST", headers: teacher.headers });
    const second = ((await copy.json()) as { quiz: StoredQuiz }).quiz;
    await api(`/api/quizzes/${first.id}`, { method: "DELETE", headers: teacher.headers });
    await cleanUpMedia(env, Date.now());
    expect(await stored(shared.key)).toEqual(KEPT);
    await api(`/api/quizzes/${second.id}`, { method: "DELETE", headers: teacher.headers });
    await cleanUpMedia(env, Date.now());
    expect(await stored(shared.key)).toEqual(GONE);
  });

  it("gives the freed bytes back to the teacher's quota", async () => {
    const before = (await env.DB.prepare("SELECT COALESCE(SUM(bytes), 0) AS b FROM media WHERE owner_id = ?")
      .bind(teacher.id)
      .first("b")) as number;
    const up = await image(2 * MEDIA_GRACE_MS, 40);
    const result = await cleanUpMedia(env, Date.now());
    expect(result.bytes).toBeGreaterThanOrEqual(up.bytes);
    expect(
      await env.DB.prepare("SELECT COALESCE(SUM(bytes), 0) AS b FROM media WHERE owner_id = ?")
        .bind(teacher.id)
        .first("b"),
    ).toBe(before);
  });

  it("stops after its budget, and the next run finishes", async () => {
    const olds = [];
    for (let i = 0; i < 5; i++) olds.push(await image(2 * MEDIA_GRACE_MS));
    expect(await cleanUpMedia(env, Date.now(), { chunk: 2, maxChunks: 2 })).toMatchObject({
      deleted: 4,
      complete: false,
    });
    expect(await cleanUpMedia(env, Date.now(), { chunk: 2, maxChunks: 2 })).toMatchObject({
      deleted: 1,
      complete: true,
    });
    for (const o of olds) expect(await stored(o.key)).toEqual(GONE);
  });
});

describe("the cron trigger", () => {
  it("runs the media clean-up through the Worker's scheduled handler", async () => {
    const unused = await image(2 * MEDIA_GRACE_MS);
    const inQuiz = await image(2 * MEDIA_GRACE_MS);
    await quizWith([inQuiz.url]);
    const now = Date.now();
    const ctx = createExecutionContext();
    await worker.scheduled(createScheduledController({ scheduledTime: now, cron: "17 3 * * *" }), env, ctx);
    await waitOnExecutionContext(ctx);
    expect(await stored(unused.key)).toEqual(GONE);
    expect(await stored(inQuiz.key)).toEqual(KEPT);
    const record = await env.DB.prepare(
      "SELECT payload FROM events WHERE type = 'system.media_cleanup' ORDER BY id DESC LIMIT 1",
    ).first<{ payload: string }>();
    expect(JSON.parse(record!.payload)).toMatchObject({ deleted: 1, complete: true });
  });
});
