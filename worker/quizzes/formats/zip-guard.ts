// An .xlsx is a zip, and a zip's headers may lie: an archive that claims a few kB can inflate to
// hundreds of MB (a "zip bomb" fits in the 512 KB body), and an earlier guard that trusted the
// central directory's sizes let such a file through to read-excel-file, costing ~1.2 s of CPU per
// upload. So the guard unpacks the parts read-excel-file reads ITSELF, counting the bytes as they
// come out of the inflater and stopping at the limit, then hands read-excel-file a new archive of
// those verified parts stored uncompressed: what it unpacks is exactly what was counted.

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
/**
 * Total unpacked size of the XML parts read-excel-file reads. A 100-question quiz sheet with every
 * text at its limit, with Excel's styles and theme, is well under 1 MB; XML beyond this is only
 * CPU for the parser.
 */
export const MAX_UNPACKED = 8 * 1024 * 1024;
const MAX_ENTRIES = 2000;
/** Input fed to the inflater at a time: deflate expands at most ~1,032:1, so one slice yields at most ~1 MB. */
const SLICE = 1024;

/** The parts read-excel-file reads (it filters on `.xml` and `.xml.rels`); other parts are never unpacked. */
const wanted = (name: string) => name.endsWith(".xml") || name.endsWith(".rels");

interface Entry {
  name: string;
  method: number;
  packed: number;
  claimed: number;
  offset: number;
}

type Listing = { entries: Entry[] } | { error: string };

const damaged = "the spreadsheet is damaged (its zip directory cannot be read)";
const tooLarge = "the spreadsheet is too large once unpacked";

/** The central directory's entries, checked for shape; sizes here are claims, not facts. */
function listEntries(bytes: Uint8Array): Listing {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let eocd = -1;
  // The end record is in the last 22 bytes plus a comment of at most 65,535.
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 65535); i--) {
    if (view.getUint32(i, true) === EOCD) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) return { error: "the file is not an .xlsx spreadsheet (not a zip archive)" };
  const count = view.getUint16(eocd + 10, true);
  if (count > MAX_ENTRIES) return { error: "the spreadsheet has too many parts" };
  let at = view.getUint32(eocd + 16, true);
  const entries: Entry[] = [];
  for (let n = 0; n < count; n++) {
    if (at + 46 > bytes.length || view.getUint32(at, true) !== CENTRAL) return { error: damaged };
    const nameLength = view.getUint16(at + 28, true);
    if (at + 46 + nameLength > bytes.length) return { error: damaged };
    const entry: Entry = {
      method: view.getUint16(at + 10, true),
      packed: view.getUint32(at + 20, true),
      claimed: view.getUint32(at + 24, true),
      offset: view.getUint32(at + 42, true),
      name: new TextDecoder().decode(bytes.subarray(at + 46, at + 46 + nameLength)),
    };
    // 0xFFFFFFFF: the size is in a zip64 record; no quiz sheet needs one.
    if (entry.packed === 0xffffffff || entry.claimed === 0xffffffff || entry.offset === 0xffffffff)
      return { error: "the spreadsheet is too large" };
    entries.push(entry);
    at += 46 + nameLength + view.getUint16(at + 30, true) + view.getUint16(at + 32, true);
  }
  return { entries };
}

/**
 * Why the archive is refused by what its directory claims, or null: a cheap first refusal of an
 * honest archive that says it is too large. A null says nothing about the real size.
 */
export function zipRefusal(bytes: Uint8Array): string | null {
  const listing = listEntries(bytes);
  if ("error" in listing) return listing.error;
  const claimed = listing.entries.filter((e) => wanted(e.name)).reduce((sum, e) => sum + e.claimed, 0);
  return claimed > MAX_UNPACKED ? tooLarge : null;
}

/** The entry's compressed bytes, found through its local header. */
function packedData(bytes: Uint8Array, e: Entry): Uint8Array | null {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (e.offset + 30 > bytes.length || view.getUint32(e.offset, true) !== LOCAL) return null;
  const start = e.offset + 30 + view.getUint16(e.offset + 26, true) + view.getUint16(e.offset + 28, true);
  if (start + e.packed > bytes.length) return null;
  return bytes.subarray(start, start + e.packed);
}

/** Inflates raw deflate data, stopping as soon as the output passes `budget` bytes. */
async function inflateCapped(data: Uint8Array, budget: number): Promise<Uint8Array | "too-large" | "damaged"> {
  const stream = new DecompressionStream("deflate-raw");
  const writer = stream.writable.getWriter();
  const reader = stream.readable.getReader();
  let stop = false;
  // Fed a slice at a time with backpressure, so the inflater never runs far ahead of the count.
  const feeding = (async () => {
    for (let i = 0; i < data.length && !stop; i += SLICE) {
      await writer.ready;
      await writer.write(data.slice(i, i + SLICE));
    }
    if (!stop) await writer.close();
  })().catch(() => {});
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.byteLength;
      if (total > budget) {
        stop = true;
        await reader.cancel().catch(() => {});
        await writer.abort().catch(() => {});
        await feeding;
        return "too-large";
      }
      chunks.push(value);
    }
  } catch {
    stop = true;
    await writer.abort().catch(() => {});
    await feeding;
    return "damaged";
  }
  await feeding;
  return concat(chunks, total);
}

function concat(chunks: Uint8Array[], total: number): Uint8Array {
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out;
}

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

function crc32(data: Uint8Array): number {
  let c = 0xffffffff;
  for (let i = 0; i < data.length; i++) c = CRC_TABLE[(c ^ data[i]) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** A zip of `files` stored uncompressed, with their true sizes: nothing in it can lie. */
export function storedZip(files: [string, Uint8Array][]): ArrayBuffer {
  const enc = new TextEncoder();
  const parts: Uint8Array[] = [];
  const central: Uint8Array[] = [];
  let offset = 0;
  for (const [name, data] of files) {
    const nameBytes = enc.encode(name);
    const crc = crc32(data);
    const local = new Uint8Array(30);
    const lv = new DataView(local.buffer);
    lv.setUint32(0, LOCAL, true);
    lv.setUint16(4, 20, true);
    lv.setUint16(6, 0x0800, true); // names in UTF-8
    lv.setUint32(14, crc, true);
    lv.setUint32(18, data.length, true);
    lv.setUint32(22, data.length, true);
    lv.setUint16(26, nameBytes.length, true);
    const dir = new Uint8Array(46);
    const dv = new DataView(dir.buffer);
    dv.setUint32(0, CENTRAL, true);
    dv.setUint16(4, 20, true);
    dv.setUint16(6, 20, true);
    dv.setUint16(8, 0x0800, true);
    dv.setUint32(16, crc, true);
    dv.setUint32(20, data.length, true);
    dv.setUint32(24, data.length, true);
    dv.setUint16(28, nameBytes.length, true);
    dv.setUint32(42, offset, true);
    parts.push(local, nameBytes, data);
    central.push(dir, nameBytes);
    offset += 30 + nameBytes.length + data.length;
  }
  const dirSize = central.reduce((n, b) => n + b.length, 0);
  const end = new Uint8Array(22);
  const ev = new DataView(end.buffer);
  ev.setUint32(0, EOCD, true);
  ev.setUint16(8, files.length, true);
  ev.setUint16(10, files.length, true);
  ev.setUint32(12, dirSize, true);
  ev.setUint32(16, offset, true);
  const all = [...parts, ...central, end];
  return concat(all, offset + dirSize + 22).buffer as ArrayBuffer;
}

/**
 * The archive's parts that read-excel-file reads, unpacked here with their real sizes counted
 * (at most MAX_UNPACKED in all, stopping the inflater there), as a new stored archive; or why not.
 */
export async function verifiedXlsx(bytes: Uint8Array): Promise<{ zip: ArrayBuffer } | { error: string }> {
  const claim = zipRefusal(bytes);
  if (claim) return { error: claim };
  const listing = listEntries(bytes);
  if ("error" in listing) return listing;
  const files: [string, Uint8Array][] = [];
  const seen = new Set<string>();
  let total = 0;
  for (const e of listing.entries) {
    if (!wanted(e.name)) continue;
    // Two parts of one name: which one a reader takes is up to the reader, so neither is trusted.
    if (seen.has(e.name)) return { error: damaged };
    seen.add(e.name);
    const packed = packedData(bytes, e);
    if (!packed) return { error: damaged };
    let data: Uint8Array;
    if (e.method === 0) data = packed;
    else if (e.method === 8) {
      const out = await inflateCapped(packed, MAX_UNPACKED - total);
      if (out === "too-large") return { error: tooLarge };
      if (out === "damaged") return { error: "the spreadsheet is damaged (a part cannot be unpacked)" };
      data = out;
    } else return { error: "the spreadsheet uses a compression method QuickQuiz cannot read" };
    total += data.length;
    if (total > MAX_UNPACKED) return { error: tooLarge };
    files.push([e.name, data]);
  }
  return { zip: storedZip(files) };
}
