// Media test helpers: uploads through the real Worker into the local R2, and what D1 and R2 then hold.
// The test images themselves are in images.ts (pure), re-exported here.
import { env } from "cloudflare:workers";
import type { UploadedImage } from "../../schema/image.ts";
import { api } from "./api.ts";

export { bytesOf, FIXTURES, makePng } from "./images.ts";

export async function upload(
  token: string | null,
  bytes: Uint8Array<ArrayBuffer>,
  type = "image/png",
  headers: Record<string, string> = {},
): Promise<Response> {
  return api("/api/media", {
    method: "POST",
    headers: { "content-type": type, ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
    body: bytes,
  });
}

export async function uploaded(
  token: string,
  bytes: Uint8Array<ArrayBuffer>,
  type = "image/png",
): Promise<UploadedImage & { key: string }> {
  const res = await upload(token, bytes, type);
  if (res.status !== 201) throw new Error(`upload failed: ${res.status} ${await res.text()}`);
  const body = (await res.json()) as UploadedImage;
  return { ...body, key: body.url.slice("/media/".length) };
}

export async function mediaRows(): Promise<number> {
  return (await env.DB.prepare("SELECT COUNT(*) AS n FROM media").first<{ n: number }>())!.n;
}

export async function objects(): Promise<number> {
  return (await env.MEDIA.list()).objects.length;
}
