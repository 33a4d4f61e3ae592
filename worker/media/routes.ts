// Image uploads (POST /api/media, teachers) and the images themselves (GET /media/:key, anyone:
// players have no account, and the key is the secret).
import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import type { Context } from "hono";
import { MEDIA_KEY, MEDIA_LIMITS, MEDIA_TYPES, mediaPath, type MediaType } from "../../schema/media.ts";
import type { UploadedImage } from "../../schema/image.ts";
import type { AppEnv } from "../app-env.ts";
import { currentUser, requireUser } from "../middleware/session.ts";
import { badRequest, errorResponse, notFound, tooLarge, unsupportedMediaType } from "../errors.ts";
import { logLater } from "../logs/logger.ts";
import { checkQuota, QUOTAS, quotaError } from "../quotas.ts";
import { sniffImage } from "./sniff.ts";
import { forgetMedia, newMediaKey, recordMedia, storedBytes } from "./store.ts";

const ACCEPTED = "PNG, JPEG, WebP or GIF";
const MB = 1024 * 1024;
const mb = (bytes: number) => `${(bytes / MB).toFixed(1)} MB`;

/** A key names the same bytes forever, so any cache may keep them for good. */
export const IMMUTABLE = "public, max-age=31536000, immutable";
/** Opened on its own, an image may do nothing but be shown. */
export const MEDIA_CSP = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox";

const declaredType = (c: Context<AppEnv>) => (c.req.header("content-type") ?? "").split(";")[0].trim().toLowerCase();

export const mediaUploadRoutes = new Hono<AppEnv>().post(
  "/",
  requireUser("teacher"),
  bodyLimit({
    maxSize: MEDIA_LIMITS.maxBytes,
    onError: () => {
      throw tooLarge(
        `an image may be at most ${mb(MEDIA_LIMITS.maxBytes)}; the editor shrinks photos before it uploads them`,
      );
    },
  }),
  async (c) => {
    const user = currentUser(c);
    await checkQuota(c.var.db, "uploads", user.id);
    const declared = declaredType(c);
    if (!(MEDIA_TYPES as readonly string[]).includes(declared)) {
      throw unsupportedMediaType(`send the image's bytes as the body, with Content-Type ${MEDIA_TYPES.join(", ")}`);
    }
    const bytes = new Uint8Array(await c.req.arrayBuffer());
    if (bytes.length === 0) throw badRequest("the request body must be the image's bytes");
    // What the file is, by its content; the declared type only had to be plausible.
    const image = sniffImage(bytes);
    if (!image) throw unsupportedMediaType(`this file is not a ${ACCEPTED} image`);
    const max = MEDIA_LIMITS.maxDimension;
    if (image.width > max || image.height > max) {
      throw badRequest(`the image is ${image.width}×${image.height} pixels; at most ${max} on each side`);
    }
    await checkQuota(c.var.db, "mediaBytes", user.id, { adding: bytes.length });
    const key = newMediaKey();
    const row = {
      key,
      ownerId: user.id,
      bytes: bytes.length,
      contentType: image.type,
      width: image.width,
      height: image.height,
      createdAt: Date.now(),
    };
    // Checked again in the insert itself: two uploads at the same moment cannot both slip under.
    if (!(await recordMedia(c.env.DB, row, QUOTAS.mediaBytes.limit))) {
      const used = await storedBytes(c.env.DB, user.id);
      throw quotaError("mediaBytes", QUOTAS.mediaBytes.message(QUOTAS.mediaBytes.limit, used, bytes.length));
    }
    // The row first: if the bytes never arrive, the clean-up drops the row; bytes without a row would be lost to it.
    try {
      await c.env.MEDIA.put(key, bytes, { httpMetadata: { contentType: image.type, cacheControl: IMMUTABLE } });
    } catch (err) {
      await forgetMedia(c.env.DB, key);
      throw err;
    }
    logLater(c.executionCtx, c.env.DB, {
      type: "media.upload",
      actorType: "user",
      actorId: user.id,
      role: user.role,
      ownerId: user.id,
      payload: { key, bytes: bytes.length, type: image.type, width: image.width, height: image.height },
    });
    const body: UploadedImage = {
      url: mediaPath(key),
      type: image.type,
      bytes: bytes.length,
      width: image.width,
      height: image.height,
    };
    return c.json(body, 201);
  },
);

function missing(c: Context<AppEnv>) {
  const res = errorResponse(c, notFound("no such image"));
  res.headers.set("x-content-type-options", "nosniff");
  res.headers.set("cache-control", "no-store");
  return res;
}

export const mediaFileRoutes = new Hono<AppEnv>()
  .get("/:key", async (c) => {
    const key = c.req.param("key");
    if (!MEDIA_KEY.test(key)) return missing(c);
    // A revalidation whose ETag still matches gets the metadata only, and so a 304.
    const etag = c.req.header("if-none-match");
    const object = await c.env.MEDIA.get(key, etag ? { onlyIf: new Headers({ "if-none-match": etag }) } : undefined);
    if (!object) return missing(c);
    const stored = object.httpMetadata?.contentType ?? "";
    const headers = new Headers({
      "content-type": (MEDIA_TYPES as readonly string[]).includes(stored)
        ? (stored as MediaType)
        : "application/octet-stream",
      "cache-control": IMMUTABLE,
      etag: object.httpEtag,
      "x-content-type-options": "nosniff",
      "content-security-policy": MEDIA_CSP,
      // Exported quizzes show our images from other instances' pages.
      "cross-origin-resource-policy": "cross-origin",
      "referrer-policy": "no-referrer",
    });
    if (!("body" in object)) return new Response(null, { status: 304, headers });
    headers.set("content-length", String(object.size));
    return new Response(object.body, { headers });
  })
  .all("*", missing);
