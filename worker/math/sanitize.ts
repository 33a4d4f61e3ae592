// A second line of defence behind temml's own escaping: the MathML it wrote is re-read token by
// token and rebuilt from an allow-list of MathML elements and presentational attributes. Anything
// that does not tokenise as plain markup makes the formula unusable rather than passing through.

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

export function sanitizeMathml(markup: string): string | null {
  let out = "";
  const open: string[] = [];
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
      out += `</${name}>`;
      continue;
    }
    let kept = "";
    for (const [, key, value] of attrs.matchAll(ATTRIBUTE)) {
      const k = key.toLowerCase();
      if (!ATTRIBUTES.has(k) || !SAFE_VALUE.test(value) || !ENTITY_OK.test(value)) continue;
      if (k === "style" && !SAFE_STYLE.test(value)) continue;
      if (k === "xmlns" && value !== "http://www.w3.org/1998/Math/MathML") continue;
      kept += ` ${k}="${value}"`;
    }
    if (selfClosing) out += `<${name}${kept}/>`;
    else {
      open.push(name);
      out += `<${name}${kept}>`;
    }
  }
  if (open.length) return null;
  return out.startsWith("<math") ? out : null;
}
