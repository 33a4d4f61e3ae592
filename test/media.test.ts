// Image uploads through the real Worker into the local R2: what is accepted, what is refused (by
// content, size, dimensions, quota, role), how images are served, and how quizzes refer to them.
import { env } from "cloudflare:workers";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { MEDIA_LIMITS } from "../schema/media.ts";
import type { StoredQuiz } from "../schema/catalog.ts";
import { ALT_REQUIRED } from "../schema/image.ts";
import { api, jsonInit, sampleQuiz, type ErrorBody } from "./helpers/api.ts";
import { makeQuiz, makeUser, type TestUser } from "./helpers/fixtures.ts";
import { sniffImage } from "../worker/media/sniff.ts";
import { bytesOf, FIXTURES, makePng, mediaRows, objects, upload, uploaded } from "./helpers/media.ts";
import { Client, host, hostedGames, join } from "./helpers/room-client.ts";

let teacher: TestUser;
let student: TestUser;
let admin: TestUser;

beforeAll(async () => {
  teacher = await makeUser("teacher");
  student = await makeUser("student");
  admin = await makeUser("admin");
});

const errorOf = async (res: Response) => ((await res.json()) as ErrorBody).error;

/** Refused, in the one error shape, with nothing stored in D1 or R2. */
async function refused(res: Response, status: number, code: string, message?: RegExp) {
  const before = { rows: await mediaRows(), objects: await objects() };
  expect(res.status).toBe(status);
  const err = await errorOf(res);
  expect(err.code).toBe(code);
  if (message) expect(err.message).toMatch(message);
  expect({ rows: await mediaRows(), objects: await objects() }).toEqual(before);
}

describe("POST /api/media", () => {
  it("stores a PNG under an unguessable key, with its size and owner, in D1 and R2", async () => {
    const png = await makePng(320, 240);
    const res = await upload(teacher.token, png);
    expect(res.status).toBe(201);
    const body = (await res.json()) as { url: string; type: string; width: number; height: number; bytes: number };
    expect(body).toMatchObject({ type: "image/png", width: 320, height: 240, bytes: png.length });
    const key = /^\/media\/([A-Za-z0-9_-]{22})$/.exec(body.url)?.[1];
    expect(key).toBeTruthy();
    const row = await env.DB.prepare("SELECT * FROM media WHERE key = ?").bind(key).first();
    expect(row).toMatchObject({
      owner_id: teacher.id,
      bytes: png.length,
      content_type: "image/png",
      width: 320,
      height: 240,
    });
    const object = await env.MEDIA.get(key!);
    expect(new Uint8Array(await object!.arrayBuffer())).toEqual(png);
    // Another upload of the same bytes gets another key.
    expect((await uploaded(teacher.token, png)).key).not.toBe(key);
  });

  it("accepts JPEG, WebP and GIF, and keeps the type the bytes show, not the one declared", async () => {
    const jpeg = await uploaded(teacher.token, bytesOf(FIXTURES.jpeg37x21), "image/jpeg");
    expect(jpeg).toMatchObject({ type: "image/jpeg", width: 37, height: 21 });
    const webp = await uploaded(teacher.token, bytesOf(FIXTURES.webpLossy33x17), "image/png");
    expect(webp).toMatchObject({ type: "image/webp", width: 33, height: 17 });
    expect((await env.MEDIA.head(webp.key))!.httpMetadata?.contentType).toBe("image/webp");
    expect(await uploaded(admin.token, bytesOf(FIXTURES.gif11x7), "image/gif")).toMatchObject({
      type: "image/gif",
      width: 11,
      height: 7,
    });
  });

  it("refuses a file that is not an image by its content, whatever its Content-Type says", async () => {
    const html = new TextEncoder().encode("<!doctype html><script>alert(document.cookie)</script>");
    await refused(
      await upload(teacher.token, html, "image/png"),
      415,
      "unsupported_media_type",
      /not a PNG, JPEG, WebP or GIF/,
    );
    const svg = new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>');
    await refused(await upload(teacher.token, svg, "image/png"), 415, "unsupported_media_type");
    // A real image sent as something else is refused too: the client must say it sends an image.
    await refused(
      await upload(teacher.token, await makePng(2, 2), "text/html"),
      415,
      "unsupported_media_type",
      /Content-Type image\/png/,
    );
    await refused(await upload(teacher.token, new Uint8Array(0)), 400, "bad_request");
  });

  it("refuses a file over the size limit, and takes one exactly at it", async () => {
    const base = (await makePng(8, 8)).length;
    // A teXt chunk adds 12 bytes of framing around its data.
    const atLimit = await makePng(8, 8, MEDIA_LIMITS.maxBytes - base - 12);
    expect(atLimit.length).toBe(MEDIA_LIMITS.maxBytes);
    expect((await upload(teacher.token, atLimit)).status).toBe(201);
    const over = await makePng(8, 8, MEDIA_LIMITS.maxBytes - base - 11);
    await refused(await upload(teacher.token, over), 413, "payload_too_large", /at most 2\.0 MB/);
  });

  it("refuses an image larger than the largest dimension", async () => {
    await refused(
      await upload(teacher.token, await makePng(MEDIA_LIMITS.maxDimension + 1, 1)),
      400,
      "bad_request",
      /4097×1 pixels/,
    );
    expect((await upload(teacher.token, await makePng(MEDIA_LIMITS.maxDimension, 1))).status).toBe(201);
  });

  it("counts each teacher's images against a quota: 429 past it, and what fits still goes in", async () => {
    const t = await makeUser("teacher");
    const gif = bytesOf(FIXTURES.gif11x7);
    // Stored images worth the quota less one GIF, recorded as the upload route would.
    await env.DB.prepare(
      "INSERT INTO media (key, owner_id, bytes, content_type, width, height, created_at) VALUES (?, ?, ?, 'image/png', 1, 1, ?)",
    )
      .bind("q".repeat(22), t.id, MEDIA_LIMITS.quotaBytes - gif.length, Date.now())
      .run();
    const res = await upload(t.token, await makePng(4, 4));
    expect(res.status).toBe(429);
    const err = await errorOf(res);
    expect(err.code).toBe("quota_exceeded");
    expect(err.message).toMatch(/your image storage is full: 50\.0 MB of 50\.0 MB used/);
    expect(await env.DB.prepare("SELECT COUNT(*) AS n FROM media WHERE owner_id = ?").bind(t.id).first("n")).toBe(1);
    // Exactly the room left: accepted. Another teacher's quota is their own.
    expect((await upload(t.token, gif, "image/gif")).status).toBe(201);
    expect((await upload(t.token, gif, "image/gif")).status).toBe(429);
    expect((await upload(teacher.token, gif, "image/gif")).status).toBe(201);
  });

  it("answers random bodies under any declared type without a 5xx, storing only what parses as an image", async () => {
    const signatures = [
      [],
      [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52],
      [0xff, 0xd8, 0xff],
      [...new TextEncoder().encode("GIF89a")],
    ];
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...signatures),
        fc.uint8Array({ maxLength: 300 }),
        fc.constantFrom(
          "image/png",
          "image/jpeg",
          "image/webp",
          "image/gif",
          "image/svg+xml",
          "text/html",
          "application/octet-stream",
          "IMAGE/PNG; charset=x",
        ),
        async (sig, rest, type) => {
          const bytes = new Uint8Array([...sig, ...rest]);
          const res = await upload(teacher.token, bytes, type);
          const found = sniffImage(bytes);
          if (res.status === 201) {
            const body = (await res.json()) as { type: string; width: number; height: number };
            expect(found).toMatchObject({ type: body.type, width: body.width, height: body.height });
          } else {
            expect([400, 415], `${res.status} ${await res.text()}`).toContain(res.status);
            // A real image within the limits is refused only for the type it was declared as.
            if (found && found.width <= MEDIA_LIMITS.maxDimension && found.height <= MEDIA_LIMITS.maxDimension)
              expect(["image/svg+xml", "text/html", "application/octet-stream"]).toContain(type);
          }
        },
      ),
      { numRuns: 80 },
    );
  });

  it("is for teachers and admins only, from our own origin", async () => {
    const png = await makePng(2, 2);
    await refused(await upload(null, png), 401, "unauthorized");
    await refused(await upload(student.token, png), 403, "forbidden");
    await refused(await upload(teacher.token, png, "image/png", { origin: "https://evil.example" }), 403, "forbidden");
  });
});

describe("GET /media/:key", () => {
  it("serves the bytes with their type, a year of immutable caching, nosniff and a locked-down CSP", async () => {
    const png = await makePng(16, 9);
    const { url } = await uploaded(teacher.token, png);
    // Players have no account: images are public to whoever has the key.
    const res = await api(url);
    expect(res.status).toBe(200);
    expect(new Uint8Array(await res.arrayBuffer())).toEqual(png);
    expect(res.headers.get("content-type")).toBe("image/png");
    expect(res.headers.get("content-length")).toBe(String(png.length));
    expect(res.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(res.headers.get("content-security-policy")).toMatch(/default-src 'none'.*sandbox/);
    const etag = res.headers.get("etag");
    expect(etag).toBeTruthy();
    const again = await api(url, { headers: { "if-none-match": etag! } });
    expect(again.status).toBe(304);
    expect(again.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    const head = await api(url, { method: "HEAD" });
    expect(head.status).toBe(200);
    expect(head.headers.get("content-type")).toBe("image/png");
  });

  it("answers 404 for a key that is not there or not a key", async () => {
    for (const path of ["/media/" + "A".repeat(22), "/media/short", "/media/..%2F..%2Fetc", "/media/"]) {
      const res = await api(path);
      expect(res.status, path).toBe(404);
      expect(res.headers.get("content-type")).toMatch(/application\/json/);
      expect(res.headers.get("cache-control")).toBe("no-store");
      expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    }
  });
});

describe("quizzes and their images", () => {
  const withImage = (image: string, extra: Record<string, unknown> = {}) =>
    sampleQuiz({ questions: [{ type: "truefalse", text: "Is this a cat?", correct: true, image, ...extra }] });

  it("take our own image paths, and need alt text or the decorative mark to be saved", async () => {
    const { url, key } = await uploaded(teacher.token, await makePng(10, 10));
    const bare = await api("/api/quizzes", jsonInit("POST", withImage(url), teacher.token));
    expect(bare.status).toBe(400);
    expect((await errorOf(bare)).issues).toEqual([{ path: "questions.0.imageAlt", message: ALT_REQUIRED }]);
    const bareCover = await api(
      "/api/quizzes",
      jsonInit("POST", { ...withImage(url, { imageAlt: "A cat" }), cover: { image: url } }, teacher.token),
    );
    expect((await errorOf(bareCover)).issues).toEqual([{ path: "cover.imageAlt", message: ALT_REQUIRED }]);
    const badPath = await api(
      "/api/quizzes",
      jsonInit("POST", withImage("/media/nope", { imageAlt: "x" }), teacher.token),
    );
    expect((await errorOf(badPath)).issues?.[0]).toMatchObject({
      path: "questions.0.image",
      message: "image is not the address of an uploaded image",
    });

    const res = await api(
      "/api/quizzes",
      jsonInit(
        "POST",
        { ...withImage(url, { imageAlt: "A grey cat asleep" }), cover: { image: url, imageDecorative: true } },
        teacher.token,
      ),
    );
    expect(res.status).toBe(201);
    const quiz = ((await res.json()) as { quiz: StoredQuiz }).quiz;
    expect(quiz.questions[0]).toMatchObject({ image: url, imageAlt: "A grey cat asleep" });
    expect(quiz.cover).toEqual({ image: url, imageDecorative: true });
    const refs = await env.DB.prepare("SELECT key FROM quiz_media WHERE quiz_id = ?").bind(quiz.id).all();
    expect(refs.results).toEqual([{ key }]);
    // The catalog shows the cover.
    const list = (await (await api("/api/quizzes", { headers: teacher.headers })).json()) as {
      items: { id: string; cover?: unknown }[];
    };
    expect(list.items.find((i) => i.id === quiz.id)?.cover).toEqual({ image: url, imageDecorative: true });

    // Saved without the image: the quiz no longer counts as using it.
    const put = await api(`/api/quizzes/${quiz.id}`, jsonInit("PUT", sampleQuiz(), teacher.token));
    expect(put.status).toBe(200);
    expect(((await put.json()) as { quiz: StoredQuiz }).quiz.cover).toBeUndefined();
    expect((await env.DB.prepare("SELECT key FROM quiz_media WHERE quiz_id = ?").bind(quiz.id).all()).results).toEqual(
      [],
    );
  });

  it("export with absolute image URLs; importing here makes them paths again, counted for the copy", async () => {
    const { url, key } = await uploaded(teacher.token, await makePng(10, 10));
    const created = await api(
      "/api/quizzes",
      jsonInit(
        "POST",
        { ...withImage(url, { imageAlt: "A cat" }), cover: { image: url, imageAlt: "Cover cat" } },
        teacher.token,
      ),
    );
    const source = ((await created.json()) as { quiz: StoredQuiz }).quiz;
    const exported = (await (await api(`/api/quizzes/${source.id}/export`, { headers: teacher.headers })).json()) as {
      quiz: StoredQuiz;
    };
    expect(exported.quiz.questions[0].image).toBe(`http://qq.test${url}`);
    expect(exported.quiz.cover?.image).toBe(`http://qq.test${url}`);

    const other = await makeUser("teacher");
    const imported = await api("/api/quizzes/import", jsonInit("POST", exported, other.token));
    expect(imported.status).toBe(201);
    const copy = ((await imported.json()) as { quiz: StoredQuiz }).quiz;
    expect(copy.questions[0]).toMatchObject({ image: url, imageAlt: "A cat" });
    expect(copy.cover).toEqual({ image: url, imageAlt: "Cover cat" });
    expect((await env.DB.prepare("SELECT key FROM quiz_media WHERE quiz_id = ?").bind(copy.id).all()).results).toEqual([
      { key },
    ]);
    // Another instance's URLs stay as they are (they are https, and not ours).
    const foreign = {
      ...exported,
      quiz: {
        ...exported.quiz,
        cover: undefined,
        questions: [{ ...exported.quiz.questions[0], image: `https://elsewhere.example${url}` }],
      },
    };
    const elsewhere = (
      (await (await api("/api/quizzes/import", jsonInit("POST", foreign, other.token))).json()) as { quiz: StoredQuiz }
    ).quiz;
    expect(elsewhere.questions[0].image).toBe(`https://elsewhere.example${url}`);
  });

  it("still import, load and play a quiz whose image predates alt text", async () => {
    const old = { format: "quickquiz", version: 1, quiz: withImage("https://example.com/cat.png") };
    const res = await api("/api/quizzes/import", jsonInit("POST", old, teacher.token));
    expect(res.status).toBe(201);
    const quiz = ((await res.json()) as { quiz: StoredQuiz }).quiz;
    expect(quiz.questions[0].image).toBe("https://example.com/cat.png");
    expect((await api(`/api/quizzes/${quiz.id}`, { headers: teacher.headers })).status).toBe(200);
    // Saving it again is where the alt text is asked for.
    const { id: _i, ownerId: _o, ownerName: _n, createdAt: _c, updatedAt: _u, ...content } = quiz;
    const put = await api(`/api/quizzes/${quiz.id}`, jsonInit("PUT", content, teacher.token));
    expect((await errorOf(put)).issues).toEqual([{ path: "questions.0.imageAlt", message: ALT_REQUIRED }]);
  });
});

describe("a live question's image", () => {
  const used = hostedGames();

  it("reaches the players with its alt text, empty when decorative, none for an old quiz", async () => {
    const t = await makeUser("teacher");
    const quizId = await makeQuiz(t.id, [
      {
        type: "truefalse",
        text: "Described",
        correct: true,
        image: "/media/" + "d".repeat(22),
        imageAlt: "A red square",
      },
      {
        type: "truefalse",
        text: "Decorative",
        correct: true,
        image: "https://example.com/border.png",
        imageDecorative: true,
      },
      { type: "truefalse", text: "Older", correct: true, image: "https://example.com/old.png" },
    ]);
    const game = await host(t.token, quizId, { readingTime: 0, leaderboard: "end" });
    used.push(game);
    const h = await Client.host(game, t.token);
    await h.next("welcome");
    const p = await Client.player(await join(game.code, "Pat"));
    await p.next("welcome");
    const seen = [];
    h.send({ type: "start" });
    for (let i = 0; i < 3; i++) {
      const q = (await p.next("question")).question;
      seen.push({ image: q.image, imageAlt: q.imageAlt, has: "imageAlt" in q });
      h.send({ type: "skip" });
      await h.next("reveal");
      if (i < 2) h.send({ type: "next" });
    }
    expect(seen).toEqual([
      { image: "/media/" + "d".repeat(22), imageAlt: "A red square", has: true },
      { image: "https://example.com/border.png", imageAlt: "", has: true },
      { image: "https://example.com/old.png", imageAlt: undefined, has: false },
    ]);
    p.close();
    h.close();
  });
});
