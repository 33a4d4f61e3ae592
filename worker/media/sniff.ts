// What an uploaded file really is, read from its bytes: the type by its magic bytes and the size
// from its header. The Content-Type a client declares is never trusted, and nothing is decoded.
import type { MediaType } from "../../schema/media.ts";

export interface Sniffed {
  type: MediaType;
  width: number;
  height: number;
}

const u16be = (b: Uint8Array, i: number) => (b[i] << 8) | b[i + 1];
const u16le = (b: Uint8Array, i: number) => b[i] | (b[i + 1] << 8);
const u24le = (b: Uint8Array, i: number) => b[i] | (b[i + 1] << 8) | (b[i + 2] << 16);
const u32be = (b: Uint8Array, i: number) => ((b[i] << 24) | (b[i + 1] << 16) | (b[i + 2] << 8) | b[i + 3]) >>> 0;

function startsWith(b: Uint8Array, sig: readonly number[], at = 0): boolean {
  if (b.length < at + sig.length) return false;
  return sig.every((v, i) => b[at + i] === v);
}

const ascii = (s: string) => [...s].map((c) => c.charCodeAt(0));
const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const IHDR = ascii("IHDR");
const GIF87 = ascii("GIF87a");
const GIF89 = ascii("GIF89a");
const RIFF = ascii("RIFF");
const WEBP = ascii("WEBP");

function png(b: Uint8Array): Sniffed | null {
  // The first chunk must be IHDR (13 bytes): width and height, big-endian.
  if (b.length < 24 || !startsWith(b, IHDR, 12) || u32be(b, 8) !== 13) return null;
  return { type: "image/png", width: u32be(b, 16), height: u32be(b, 20) };
}

function gif(b: Uint8Array): Sniffed | null {
  if (b.length < 10) return null;
  return { type: "image/gif", width: u16le(b, 6), height: u16le(b, 8) };
}

function webp(b: Uint8Array): Sniffed | null {
  if (b.length < 30) return null;
  const chunk = String.fromCharCode(b[12], b[13], b[14], b[15]);
  if (chunk === "VP8 ") {
    // Lossy: a 3-byte frame tag, the start code 9d 01 2a, then 14-bit width and height.
    if (!startsWith(b, [0x9d, 0x01, 0x2a], 23)) return null;
    return { type: "image/webp", width: u16le(b, 26) & 0x3fff, height: u16le(b, 28) & 0x3fff };
  }
  if (chunk === "VP8L") {
    // Lossless: the signature 0x2f, then width-1 and height-1 in 14 bits each.
    if (b[20] !== 0x2f) return null;
    const bits = b[21] | (b[22] << 8) | (b[23] << 16) | (b[24] << 24);
    return { type: "image/webp", width: (bits & 0x3fff) + 1, height: ((bits >>> 14) & 0x3fff) + 1 };
  }
  if (chunk === "VP8X") {
    // Extended (alpha, animation): the canvas size, width-1 and height-1 in 24 bits each.
    return { type: "image/webp", width: u24le(b, 24) + 1, height: u24le(b, 27) + 1 };
  }
  return null;
}

/** Start-of-frame markers (baseline, progressive, lossless, arithmetic): not C4 (DHT), C8 (JPG) or CC (DAC). */
const isSof = (m: number) => m >= 0xc0 && m <= 0xcf && m !== 0xc4 && m !== 0xc8 && m !== 0xcc;

function jpeg(b: Uint8Array): Sniffed | null {
  let i = 2;
  // Walk the segments up to the frame header; every segment but a few standalone markers has a length.
  while (i + 4 <= b.length) {
    if (b[i] !== 0xff) return null;
    const marker = b[i + 1];
    if (marker === 0xff) {
      i += 1; // fill byte
      continue;
    }
    if (marker === 0xd8 || marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      i += 2;
      continue;
    }
    // Scan data or the end before any frame header: no size to be had.
    if (marker === 0xda || marker === 0xd9) return null;
    const length = u16be(b, i + 2);
    if (length < 2) return null;
    if (isSof(marker)) {
      if (i + 9 > b.length || length < 7) return null;
      return { type: "image/jpeg", height: u16be(b, i + 5), width: u16be(b, i + 7) };
    }
    i += 2 + length;
  }
  return null;
}

/** The image's type and size, or null when the bytes are not a PNG, JPEG, WebP or GIF we can read. */
export function sniffImage(b: Uint8Array): Sniffed | null {
  let found: Sniffed | null = null;
  if (startsWith(b, PNG)) found = png(b);
  else if (startsWith(b, [0xff, 0xd8, 0xff])) found = jpeg(b);
  else if (startsWith(b, GIF87) || startsWith(b, GIF89)) found = gif(b);
  else if (startsWith(b, RIFF) && startsWith(b, WEBP, 8)) found = webp(b);
  return found && found.width > 0 && found.height > 0 ? found : null;
}
