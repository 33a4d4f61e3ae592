// Emphasis in quiz text (schema/math/emphasis.ts) through the one renderer every screen uses
// (renderMathText): Markdown's *em*, **strong**, _em_ and `code`; ordinary text keeps
// its characters; and nothing of the text ever becomes HTML but those three tags.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { emphasisHtml, hasEmphasis, literalEmphasis, parseEmphasis } from "../../schema/math/emphasis.ts";
import { escapeHtml, renderMathText } from "../../schema/math/render.ts";

const html = (s: string) => emphasisHtml(parseEmphasis(s), escapeHtml);

describe("emphasis", () => {
  it("reads Markdown's emphasis, strong emphasis and code, nested too", () => {
    expect(html("A *very* **bold** claim")).toBe("A <em>very</em> <strong>bold</strong> claim");
    expect(html("_y_ and **z**")).toBe("<em>y</em> and <strong>z</strong>");
    expect(html("**a *b* c** and *a **b** c*")).toBe(
      "<strong>a <em>b</em> c</strong> and <em>a <strong>b</strong> c</em>",
    );
    expect(html("*a *b* c*")).toBe("<em>a <em>b</em> c</em>");
    expect(html("run `npm *test*` now")).toBe("run <code>npm *test*</code> now");
    expect(html("\\*not\\* \\_em\\_")).toBe("*not* _em_");
  });

  it("leaves ordinary text as written: products, spaced stars, snake_case, blanks, lone marks", () => {
    for (const s of [
      "2*3*4",
      "5 * 3 * 2",
      "snake_case_name",
      "__init__",
      "Two plus _____ equals four.",
      "*",
      "** not **",
    ]) {
      expect(hasEmphasis(s), s).toBe(false);
      expect(renderMathText(s), s).toBeNull();
    }
  });

  it("a formula inside emphasis stays a formula; a mark inside a formula is TeX's", () => {
    expect(renderMathText("*the value $x$ is* big")).toMatch(/^<em>the value <math [\s\S]*<\/math> is<\/em> big$/);
    expect(renderMathText("$a*b*c$")).not.toContain("<em>");
  });

  it("literalEmphasis escapes only where the text would otherwise show emphasis, and then shows as written", () => {
    expect(literalEmphasis("2*3*4")).toBe("2*3*4");
    expect(literalEmphasis("A *very* claim")).toBe("A \\*very\\* claim");
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom("*", "_", "`", "a", " ", "\\", "<", "1") }), (s) => {
        // As written, whatever the text: its HTML is the text escaped, nothing more.
        expect(html(literalEmphasis(s))).toBe(escapeHtml(s));
      }),
    );
  });

  it("never lets the text make HTML: only <em>, <strong> and <code> appear, and the words survive", () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom("*", "_", "`", "\\", "<", ">", "&", '"', "a", " ", "b") }), (s) => {
        const out = html(s);
        expect(out.replace(/<\/?(em|strong|code)>/g, "")).not.toMatch(/[<>"]/);
        // Every letter of the text is still there, in order.
        expect(out.replace(/<[^>]*>/g, "").replace(/[^ab]/g, "")).toBe(s.replace(/[^ab]/g, ""));
      }),
    );
  });
});
