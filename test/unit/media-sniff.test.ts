// The upload checker's parser: the type by magic bytes and the size from the header, on real
// files of each type and on everything that merely looks like one.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { sniffImage } from "../../worker/media/sniff.ts";
import { bytesOf, FIXTURES, makePng } from "../helpers/images.ts";

const text = (s: string) => new TextEncoder().encode(s);

describe("sniffImage", () => {
  it("reads the type and size of real PNG, JPEG, WebP and GIF files", async () => {
    expect(sniffImage(await makePng(300, 200))).toEqual({ type: "image/png", width: 300, height: 200 });
    expect(sniffImage(bytesOf(FIXTURES.jpeg37x21))).toEqual({ type: "image/jpeg", width: 37, height: 21 });
    expect(sniffImage(bytesOf(FIXTURES.jpeg40x30))).toEqual({ type: "image/jpeg", width: 40, height: 30 });
    expect(sniffImage(bytesOf(FIXTURES.webpLossy33x17))).toEqual({ type: "image/webp", width: 33, height: 17 });
    expect(sniffImage(bytesOf(FIXTURES.webpLossless19x23))).toEqual({ type: "image/webp", width: 19, height: 23 });
    expect(sniffImage(bytesOf(FIXTURES.webpAlpha25x9))).toEqual({ type: "image/webp", width: 25, height: 9 });
    expect(sniffImage(bytesOf(FIXTURES.gif11x7))).toEqual({ type: "image/gif", width: 11, height: 7 });
  });

  it("refuses what is not one of those images, whatever it claims to be", () => {
    for (const s of [
      "",
      "<!doctype html><script>alert(1)</script>",
      '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>',
      "%PDF-1.7",
      "GIF8",
      "RIFF\0\0\0\0WAVEfmt ",
      "\x89PNG",
    ]) {
      expect(sniffImage(text(s)), JSON.stringify(s)).toBeNull();
    }
  });

  it("refuses a PNG whose first chunk is not a proper header, and images of zero size", async () => {
    const png = await makePng(4, 4);
    const renamed = png.slice();
    renamed.set(text("IHDx"), 12);
    expect(sniffImage(renamed)).toBeNull();
    const flat = png.slice();
    flat.set([0, 0, 0, 0], 20);
    expect(sniffImage(flat)).toBeNull();
    const gif = bytesOf(FIXTURES.gif11x7);
    gif.set([0, 0], 6);
    expect(sniffImage(gif)).toBeNull();
  });

  it("finds no size in a JPEG whose scan comes before any frame header", () => {
    const jpeg = [
      0xff, 0xd8, 0xff, 0xe0, 0x00, 0x04, 0x00, 0x00, 0xff, 0xda, 0x00, 0x08, 0, 0, 0, 0, 0, 0, 0xff, 0xc0, 0x00, 0x11,
      8, 0, 10, 0, 10,
    ];
    expect(sniffImage(new Uint8Array(jpeg))).toBeNull();
  });

  it("never throws on a cut file: no answer, or the right one", async () => {
    const files = [await makePng(30, 20), ...Object.values(FIXTURES).map(bytesOf)];
    for (const file of files) {
      const whole = sniffImage(file);
      for (let n = 0; n < file.length; n++) {
        const got = sniffImage(file.subarray(0, n));
        if (got) expect(got).toEqual(whole);
      }
    }
  });

  it("never throws on random bytes, with or without a known signature in front", () => {
    const signatures = [
      [],
      [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a],
      [0xff, 0xd8, 0xff],
      [...text("GIF89a")],
      [...text("RIFF\0\0\0\0WEBP")],
    ];
    fc.assert(
      fc.property(fc.constantFrom(...signatures), fc.uint8Array({ maxLength: 200 }), (sig, rest) => {
        const got = sniffImage(new Uint8Array([...sig, ...rest]));
        if (got) expect(got.width > 0 && got.height > 0).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });
});
