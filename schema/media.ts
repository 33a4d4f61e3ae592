// Uploaded images: the limits and the shape of their URLs. Zod-free, so the web app may import it.

export const MEDIA_LIMITS = {
  /** Largest upload the server stores. The editor resizes and compresses well below it first. */
  maxBytes: 2 * 1024 * 1024,
  /** Largest width or height the server accepts (the editor sends at most `resizeTo`). */
  maxDimension: 4096,
  /** The longer side the editor scales a picture down to before uploading it. */
  resizeTo: 1600,
  /** Bytes of images one teacher may keep stored. */
  quotaBytes: 50 * 1024 * 1024,
  /** Alt text, in characters. */
  alt: 250,
} as const;

/** The types the server recognises by their magic bytes; anything else is refused. */
export const MEDIA_TYPES = ["image/png", "image/jpeg", "image/webp", "image/gif"] as const;
export type MediaType = (typeof MEDIA_TYPES)[number];

/** 128 random bits in unpadded base64url: unguessable, and safe in a URL path as it is. */
export const MEDIA_KEY = /^[A-Za-z0-9_-]{22}$/;
export const MEDIA_PREFIX = "/media/";

export const mediaPath = (key: string) => `${MEDIA_PREFIX}${key}`;

const PATH = /^\/media\/([A-Za-z0-9_-]{22})$/;

/** The key of one of our own images, from its path (`/media/<key>`), or null for anything else. */
export function mediaKeyOfPath(value: string): string | null {
  return PATH.exec(value)?.[1] ?? null;
}

/** Whether an image reference is one of our own uploads (the path form the quiz stores). */
export const isMediaPath = (value: string) => PATH.test(value);
