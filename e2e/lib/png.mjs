// A landscape "photo" made here as a PNG (no image files in the repo): sky, sun and hills, with
// optional sensor-like noise so it stays big. Shared by the browser tests that upload pictures.
import { deflateSync } from "node:zlib";

const CRC = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buf) {
  let c = 0xffffffff;
  for (const b of buf) c = CRC[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, "ascii");
  data.copy(out, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}

/** A landscape "photo" as an RGB PNG: sky, sun and hills, with sensor-like noise so it stays big. */
export function landscapePng(width, height, noise) {
  const raw = Buffer.alloc(height * (1 + width * 3));
  let seed = 7;
  const rand = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff - 0.5) * noise;
  const sun = { x: width * 0.7, y: height * 0.3, r: height * 0.14 };
  for (let y = 0; y < height; y++) {
    const row = y * (1 + width * 3);
    for (let x = 0; x < width; x++) {
      const hill = height * (0.62 + 0.08 * Math.sin((x / width) * 6.3) + 0.04 * Math.sin((x / width) * 17));
      let rgb;
      if (y > hill) rgb = [40 + (60 * (y - hill)) / height, 150 - (50 * (y - hill)) / height, 50];
      else if ((x - sun.x) ** 2 + (y - sun.y) ** 2 < sun.r ** 2) rgb = [255, 214, 40];
      else rgb = [70 + (110 * y) / height, 140 + (90 * y) / height, 235];
      const at = row + 1 + x * 3;
      for (let i = 0; i < 3; i++) raw[at + i] = Math.max(0, Math.min(255, rgb[i] + rand()));
    }
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 2, 0, 0, 0], 8);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", ihdr),
    chunk("IDAT", deflateSync(raw, { level: 6 })),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}
