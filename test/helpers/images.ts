// Test images: small real ones made with ImageMagick (sizes in the names) and a real PNG built here at
// any size. Pure (no Workers API), so the node project's tests use them as well as the workerd ones.
// jpeg37x21 has a comment segment before its frame header; jpeg40x30 is progressive (SOF2);
// the three WebP files are lossy (VP8), lossless (VP8L) and extended with alpha (VP8X).

export const FIXTURES = {
  jpeg37x21:
    "/9j/4AAQSkZJRgABAQAAAQABAAD//gAkYSBjb21tZW50IHNlZ21lbnQgYmVmb3JlIHRoZSBmcmFtZf/bAEMAAwICAgICAwICAgMDAwMEBgQEBAQECAYGBQYJCAoKCQgJCQoMDwwKCw4LCQkNEQ0ODxAQERAKDBITEhATDxAQEP/bAEMBAwMDBAMECAQECBALCQsQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEP/AABEIABUAJQMBEQACEQEDEQH/xAAWAAEBAQAAAAAAAAAAAAAAAAAABgj/xAAaEAACAgMAAAAAAAAAAAAAAAAAFQMUUWFi/8QAFwEBAQEBAAAAAAAAAAAAAAAAAAgGCf/EABkRAAMBAQEAAAAAAAAAAAAAAAAWYgQVUf/aAAwDAQACEQMRAD8Ay+22ZxMk6HttBtsJkhtoNthMkNtBtsJkhtoNthMkNtEa16K2S5JhbaDXoJchtoNeglyG2g16CXIbaDXoJchtokbs2SpODl8Jv7egXZsjg5fB29AuzZHBy+Dt6BdmyODl8Hb0C7NkcHL4O3oP/9k=",
  jpeg40x30:
    "/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDAAMCAgICAgMCAgIDAwMDBAYEBAQEBAgGBgUGCQgKCgkICQkKDA8MCgsOCwkJDRENDg8QEBEQCgwSExIQEw8QEBD/2wBDAQMDAwQDBAgEBAgQCwkLEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBD/wgARCAAeACgDAREAAhEBAxEB/8QAFQABAQAAAAAAAAAAAAAAAAAAAAb/xAAXAQEBAQEAAAAAAAAAAAAAAAAABQYH/9oADAMBAAIQAxAAAAGR5zgwALfP3AALeBbAAtYNoAD/xAAWEAEBAQAAAAAAAAAAAAAAAAAAFAL/2gAIAQEAAQUCjRo0aNIkSJEiNGjRo02U2U2U2U2X/8QAFhEBAQEAAAAAAAAAAAAAAAAAABMB/9oACAEDAQE/AYIIIIIIIIIIIIIII4jiOI4jj//EABcRAQEBAQAAAAAAAAAAAAAAAAAUARP/2gAIAQIBAT8BpUqVKlSpUqVKlSpUqXfXfXfXfXfX/8QAFhABAQEAAAAAAAAAAAAAAAAAMQAg/9oACAEBAAY/AiIiIiIiIiI1/8QAFhABAQEAAAAAAAAAAAAAAAAAAHEw/9oACAEBAAE/Id1VqpVYIIIIP//aAAwDAQACAAMAAAAQJJMkk221tt//xAAWEQEBAQAAAAAAAAAAAAAAAABxADD/2gAIAQMBAT8QMYxjGMYxz+AH/8QAFhEBAQEAAAAAAAAAAAAAAAAAcQAg/9oACAECAQE/EFKUpSlKUpSlKWgA/8QAFxAAAwEAAAAAAAAAAAAAAAAAABHwAf/aAAgBAQABPxCEQiEQiEUikUikUiEQiEQiEUwphTCmFMP/2Q==",
  webpLossy33x17:
    "UklGRnIAAABXRUJQVlA4IGYAAADQBACdASohABEAPm0wk0akIyGhMBVYAIANiWQAvYaQbwD4Af4AAeSAWHSUqtqdgAD+9D679sJN4Uz7a9/6Eipxczf/3OZ7r/uEYUQmtCN1qpwBdPTAEOI5qVEUX7Tancs2utaAAAA=",
  webpLossless19x23:
    "UklGRlAAAABXRUJQVlA4TEMAAAAvEoAFAJmM6H9sIqL/AcVt2zjcf+0k18uXTNqm9W93uyskSCFdQ2nbBkw6UFHPEBiQPYK3sS6c+ABCgQAJUGB951sAAA==",
  webpAlpha25x9:
    "UklGRpIAAABXRUJQVlA4WAoAAAAQAAAAGAAACAAAQUxQSC8AAAABRyAQSOEmFxERBqiKbZu6b35VUEEFFVRQQQXJd4aI/qfwQJ1oC31jHMyL9bB97ABWUDggPAAAADADAJ0BKhkACQA+bSyRRaQioZgEAEAGxKALsugH4AAIRQAA/vCbQ/+QXLC65Gv/yA/5Af8gP/4+C7MAAA==",
  gif11x7: "R0lGODlhCwAHAPAAAP+lAAAAACH5BAAAAAAALAAAAAALAAcAAAIHhI+py+3/CgA7",
} as const;

export function bytesOf(base64: string): Uint8Array<ArrayBuffer> {
  return Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Uint8Array<ArrayBuffer>): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(12 + data.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, data.length);
  const typed = new Uint8Array([...type].map((c) => c.charCodeAt(0)));
  out.set(typed, 4);
  out.set(data, 8);
  view.setUint32(8 + data.length, crc32(out.subarray(4, 8 + data.length)));
  return out;
}

async function deflate(bytes: Uint8Array<ArrayBuffer>): Promise<Uint8Array<ArrayBuffer>> {
  const stream = new Blob([bytes]).stream().pipeThrough(new CompressionStream("deflate"));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/** A real, valid RGB PNG (gradient), `extra` bytes of an ancillary chunk making it bigger. */
export async function makePng(width: number, height: number, extra = 0): Promise<Uint8Array<ArrayBuffer>> {
  const ihdr = new Uint8Array(13);
  const v = new DataView(ihdr.buffer);
  v.setUint32(0, width);
  v.setUint32(4, height);
  ihdr.set([8, 2, 0, 0, 0], 8);
  const raw = new Uint8Array(height * (1 + width * 3));
  for (let y = 0; y < height; y++) {
    const row = y * (1 + width * 3);
    for (let x = 0; x < width; x++) raw.set([(x * 255) / width, (y * 255) / height, 128], row + 1 + x * 3);
  }
  const parts = [new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk("IHDR", ihdr)];
  if (extra) parts.push(chunk("teXt", new Uint8Array(extra).fill(0x61)));
  parts.push(chunk("IDAT", await deflate(raw)), chunk("IEND", new Uint8Array(0)));
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
