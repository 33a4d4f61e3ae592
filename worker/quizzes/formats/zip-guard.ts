// An .xlsx is a zip: before unpacking one, read its central directory and refuse archives that
// would inflate past what a Worker's 128 MB should hold (a "zip bomb" fits in the 512 KB body).

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
/** Total unpacked size of the XML parts read-excel-file reads; real quiz sheets are far below. */
export const MAX_UNPACKED = 24 * 1024 * 1024;
const MAX_ENTRIES = 2000;

/** Why the archive is refused, or null when it may be unpacked. */
export function zipRefusal(bytes: Uint8Array): string | null {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let eocd = -1;
  // The end record is in the last 22 bytes plus a comment of at most 65,535.
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 65535); i--) {
    if (view.getUint32(i, true) === EOCD) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) return "the file is not an .xlsx spreadsheet (not a zip archive)";
  const entries = view.getUint16(eocd + 10, true);
  let at = view.getUint32(eocd + 16, true);
  if (entries > MAX_ENTRIES) return "the spreadsheet has too many parts";
  let total = 0;
  for (let n = 0; n < entries; n++) {
    if (at + 46 > bytes.length || view.getUint32(at, true) !== CENTRAL)
      return "the spreadsheet is damaged (its zip directory cannot be read)";
    const size = view.getUint32(at + 24, true);
    const nameLength = view.getUint16(at + 28, true);
    const skip = nameLength + view.getUint16(at + 30, true) + view.getUint16(at + 32, true);
    const name = new TextDecoder().decode(bytes.subarray(at + 46, at + 46 + nameLength));
    // 0xFFFFFFFF: the size is in a zip64 record; no quiz sheet needs one.
    if (size === 0xffffffff) return "the spreadsheet is too large";
    if (name.endsWith(".xml") || name.endsWith(".rels")) total += size;
    at += 46 + skip;
  }
  return total > MAX_UNPACKED ? "the spreadsheet is too large once unpacked" : null;
}
