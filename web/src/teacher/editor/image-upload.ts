// A chosen picture, made fit for phones in the teacher's browser, then uploaded: scaled down to
// at most MEDIA_LIMITS.resizeTo pixels a side and re-encoded (WebP, or JPEG where the browser
// cannot write WebP), which also drops a photo's metadata (location and all).
import { MEDIA_LIMITS, MEDIA_TYPES } from "../../../../schema/media.ts";
import type { UploadedImage } from "../../../../schema/image.ts";
import { ApiError } from "../../api.ts";

/** A picture that needs no resizing and is at most this big goes as it is (a crisp diagram stays crisp). */
const KEEP_AS_IS_BYTES = 300 * 1024;
/** What one encode aims under; the server's limit is higher. */
const TARGET_BYTES = Math.min(MEDIA_LIMITS.maxBytes, 1024 * 1024);
/** Encodes tried in turn until one fits: scale factor on top of the fit, and quality. */
const ATTEMPTS: [number, number][] = [
  [1, 0.85],
  [1, 0.7],
  [0.75, 0.7],
  [0.5, 0.6],
];

export class ImageProblem extends Error {
  constructor(readonly reason: "notImage" | "tooBig") {
    super(reason);
  }
}

function toBlob(canvas: HTMLCanvasElement, type: string, quality: number): Promise<Blob | null> {
  return new Promise((resolve) => canvas.toBlob(resolve, type, quality));
}

async function encode(bitmap: ImageBitmap, scale: number, quality: number): Promise<Blob> {
  const canvas = document.createElement("canvas");
  canvas.width = Math.max(1, Math.round(bitmap.width * scale));
  canvas.height = Math.max(1, Math.round(bitmap.height * scale));
  const ctx = canvas.getContext("2d")!;
  ctx.imageSmoothingQuality = "high";
  ctx.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
  const webp = await toBlob(canvas, "image/webp", quality);
  // A browser without a WebP encoder hands back a PNG instead: use JPEG, on white (it has no transparency).
  if (webp?.type === "image/webp") return webp;
  ctx.globalCompositeOperation = "destination-over";
  ctx.fillStyle = "#fff";
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  const jpeg = await toBlob(canvas, "image/jpeg", quality);
  if (!jpeg) throw new ImageProblem("notImage");
  return jpeg;
}

/** The picture ready to upload. */
export async function prepareImage(file: Blob): Promise<Blob> {
  const known = (MEDIA_TYPES as readonly string[]).includes(file.type);
  // A canvas keeps only a GIF's first frame: an animation small enough goes unchanged.
  if (file.type === "image/gif" && file.size <= MEDIA_LIMITS.maxBytes) return file;
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(file);
  } catch {
    throw new ImageProblem("notImage");
  }
  try {
    const fit = Math.min(1, MEDIA_LIMITS.resizeTo / Math.max(bitmap.width, bitmap.height));
    if (fit === 1 && known && file.type !== "image/jpeg" && file.size <= KEEP_AS_IS_BYTES) return file;
    for (const [scale, quality] of ATTEMPTS) {
      const blob = await encode(bitmap, fit * scale, quality);
      if (blob.size <= TARGET_BYTES) return blob;
    }
    throw new ImageProblem("tooBig");
  } finally {
    bitmap.close();
  }
}

/** POST /api/media; failures come back as the API's errors. */
export async function uploadImage(blob: Blob): Promise<UploadedImage> {
  let res: Response;
  try {
    res = await fetch("/api/media", { method: "POST", headers: { "content-type": blob.type }, body: blob });
  } catch {
    throw new ApiError(0, "network", "network");
  }
  const data = (await res.json().catch(() => null)) as
    | (UploadedImage & { error?: { code: string; message: string } })
    | null;
  if (!res.ok || !data)
    throw new ApiError(res.status, data?.error?.code ?? `http_${res.status}`, data?.error?.message ?? res.statusText);
  return data;
}
