// A second line of defence behind temml's own escaping: the MathML it wrote is re-read token by
// token and rebuilt from an allow-list of MathML elements and presentational attributes. Anything
// that does not tokenise as plain markup makes the formula unusable rather than passing through.
// Attributes and styles that let a formula paint or reach outside its own box are dropped too
// (boxes.ts), and reported to the caller, which refuses such a formula at save.
import { attributeOverflow, type Overflow, styleOverflows } from "./boxes.ts";

const ELEMENTS = new Set([
  "math",
  "semantics",
  "annotation",
  "mrow",
  "mi",
  "mn",
  "mo",
  "ms",
  "mtext",
  "mspace",
  "mfrac",
  "msqrt",
  "mroot",
  "msub",
  "msup",
  "msubsup",
  "munder",
  "mover",
  "munderover",
  "mmultiscripts",
  "mprescripts",
  "none",
  "mtable",
  "mtr",
  "mtd",
  "mlabeledtr",
  "mpadded",
  "mphantom",
  "menclose",
  "mstyle",
  "merror",
  // \tag puts a span inside an mtext.
  "span",
]);

const ATTRIBUTES = new Set([
  "class",
  "style",
  "display",
  "mathvariant",
  "mathsize",
  "mathcolor",
  "mathbackground",
  "stretchy",
  "fence",
  "separator",
  "lspace",
  "rspace",
  "movablelimits",
  "accent",
  "accentunder",
  "width",
  "height",
  "depth",
  "voffset",
  "columnalign",
  "rowalign",
  "columnspacing",
  "rowspacing",
  "columnlines",
  "rowlines",
  "frame",
  "framespacing",
  "displaystyle",
  "scriptlevel",
  "linethickness",
  "notation",
  "minsize",
  "maxsize",
  "symmetric",
  "largeop",
  "form",
  "linebreak",
  "encoding",
  "xmlns",
]);

/** Declarations like `color:#ff0000;` or `display:block math;`: no url(), no escapes, no quotes. */
const SAFE_STYLE = /^(\s*[a-z-]+\s*:[^;:"'<>\\()]*;?)*\s*$/i;
const SAFE_VALUE = /^[^"<>`]*$/;
const TOKEN = /<(\/?)([a-z]+)((?:\s+[a-zA-Z-]+="[^"]*")*)\s*(\/?)>|([^<]+)/y;
const ATTRIBUTE = /\s+([a-zA-Z-]+)="([^"]*)"/g;
const ENTITY_OK = /^(?:[^&]|&(?:[a-z]+|#\d+|#x[0-9a-f]+);)*$/i;

const TAG = /<(\/?)([a-z]+)[^>]*?(\/?)>/g;

/** Whether the element opening at `at` is an <mphantom> that is the only thing before `</mpadded>`. */
function phantomOnly(markup: string, at: number): boolean {
  if (!markup.startsWith("<mphantom", at)) return false;
  TAG.lastIndex = at;
  let depth = 0;
  for (let m = TAG.exec(markup); m; m = TAG.exec(markup)) {
    if (m[3]) continue;
    depth += m[1] ? -1 : 1;
    if (depth === 0) return markup.startsWith("</mpadded>", TAG.lastIndex);
  }
  return false;
}

/**
 * The MathML rebuilt from the allow-lists, or null when it is not plain markup. `found` collects
 * the kinds of construct that would have drawn outside the formula's box (they are left out).
 */
export function sanitizeMathml(markup: string, found?: Set<Overflow>): string | null {
  let out = "";
  const open: string[] = [];
  /** Per open element: is nothing inside it painted (an mphantom, or an mpadded holding only one)? */
  const invisible: boolean[] = [];
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < markup.length) {
    const at = TOKEN.lastIndex;
    const m = TOKEN.exec(markup);
    if (!m || m.index !== at) return null;
    const [, closing, name, attrs, selfClosing, text] = m;
    if (text !== undefined) {
      if (!ENTITY_OK.test(text) || text.includes(">")) return null;
      out += text;
      continue;
    }
    if (!ELEMENTS.has(name)) return null;
    if (closing) {
      if (open.pop() !== name) return null;
      invisible.pop();
      out += `</${name}>`;
      continue;
    }
    const hidden =
      (invisible.at(-1) ?? false) ||
      name === "mphantom" ||
      (name === "mpadded" && !selfClosing && phantomOnly(markup, TOKEN.lastIndex));
    let kept = "";
    for (const [, key, value] of attrs.matchAll(ATTRIBUTE)) {
      const k = key.toLowerCase();
      if (!ATTRIBUTES.has(k) || !SAFE_VALUE.test(value) || !ENTITY_OK.test(value)) continue;
      if (k === "xmlns" && value !== "http://www.w3.org/1998/Math/MathML") continue;
      let v = value;
      if (k === "style") {
        if (!SAFE_STYLE.test(value)) continue;
        const styled = styleOverflows(value);
        for (const f of styled.found) found?.add(f);
        if (!styled.kept) continue;
        v = styled.kept;
      }
      const overflow = attributeOverflow(name, k, value, { invisible: hidden });
      if (overflow) {
        found?.add(overflow);
        continue;
      }
      kept += ` ${k}="${v}"`;
    }
    if (selfClosing) out += `<${name}${kept}/>`;
    else {
      open.push(name);
      invisible.push(hidden);
      out += `<${name}${kept}>`;
    }
  }
  if (open.length) return null;
  return out.startsWith("<math") ? out : null;
}
