// Words for a formula, put on its <math> as aria-label. Browsers leave MathML out of the name of
// what holds it — an option button whose answer is a formula would be announced as just
// "triangle," — so each formula carries a spoken form built from the MathML temml wrote: the
// structures in words, the symbols as they are (screen readers speak "=", "≤", "π", "α" …).

type Node = { name: string; children: Node[] } | { text: string };

const WORDS = {
  en: {
    over: "over",
    fraction: "fraction",
    endFraction: "end fraction",
    sqrt: "square root of",
    endRoot: "end root",
    root: "root of degree {n} of",
    power: "to the power",
    squared: "squared",
    cubed: "cubed",
    sub: "sub",
    from: "from",
    to: "to",
    above: "with {x} above",
    below: "with {x} below",
    row: "row",
    minus: "minus",
  },
  ru: {
    over: "делить на",
    fraction: "дробь",
    endFraction: "конец дроби",
    sqrt: "квадратный корень из",
    endRoot: "конец корня",
    root: "корень степени {n} из",
    power: "в степени",
    squared: "в квадрате",
    cubed: "в кубе",
    sub: "с индексом",
    from: "от",
    to: "до",
    above: "с {x} сверху",
    below: "с {x} снизу",
    row: "строка",
    minus: "минус",
  },
};
type Words = typeof WORDS.en;

const ENTITY: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: " " };
const decode = (s: string) =>
  s.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (m, e: string) =>
    e[0] === "#"
      ? String.fromCodePoint(e[1] === "x" || e[1] === "X" ? parseInt(e.slice(2), 16) : Number(e.slice(1)))
      : (ENTITY[e] ?? m),
  );

/** The tree of markup that sanitizeMathml has already accepted (so it is well formed). */
function tree(markup: string): Node {
  const root: { name: string; children: Node[] } = { name: "#root", children: [] };
  const stack = [root];
  for (const m of markup.matchAll(/<(\/?)([a-z]+)[^>]*?(\/?)>|([^<]+)/g)) {
    const [, closing, name, selfClosing, text] = m;
    const top = stack[stack.length - 1];
    if (text !== undefined) top.children.push({ text: decode(text) });
    else if (closing) stack.pop();
    else {
      const node = { name, children: [] as Node[] };
      top.children.push(node);
      if (!selfClosing) stack.push(node);
    }
  }
  return root;
}

/** Big operators said as words before their limits. */
const BIG: Record<string, Record<"en" | "ru", string>> = {
  "∑": { en: "sum", ru: "сумма" },
  "∏": { en: "product", ru: "произведение" },
  "∫": { en: "integral", ru: "интеграл" },
  lim: { en: "limit", ru: "предел" },
};
const ACCENTS: Record<string, Record<"en" | "ru", string>> = {
  "→": { en: "vector", ru: "вектор" },
  "¯": { en: "bar", ru: "с чертой" },
  "‾": { en: "bar", ru: "с чертой" },
  "^": { en: "hat", ru: "с крышкой" },
  "˙": { en: "dot", ru: "с точкой" },
  "~": { en: "tilde", ru: "с тильдой" },
};

function flat(n: Node): string {
  return "text" in n ? n.text : n.children.map(flat).join("");
}

/** One token: a single mi/mn/mo/mtext, possibly wrapped in mrows. */
function isSimple(n: Node): boolean {
  if ("text" in n) return true;
  if (n.name === "mrow" || n.name === "mstyle" || n.name === "mpadded")
    return n.children.length === 1 && isSimple(n.children[0]);
  return ["mi", "mn", "mo", "mtext", "ms"].includes(n.name);
}

/** "sum from k = 1 to n": a big operator with its limits, under/over (display) or at the side (inline). */
function limits(n: { name: string; children: Node[] }, w: Words, lang: "en" | "ru"): string | null {
  const c = n.children;
  const big = BIG[flat(c[0] ?? { text: "" }).trim()]?.[lang];
  if (!big) return null;
  const part = (i: number) => (c[i] ? say(c[i], w, lang) : "");
  const upperOnly = n.name === "mover" || n.name === "msup";
  const lower = upperOnly ? "" : ` ${w.from} ${part(1)}`;
  const upper = n.name === "munder" || n.name === "msub" ? "" : ` ${w.to} ${part(upperOnly ? 1 : 2)}`;
  return ` ${big}${lower}${upper} `;
}

function say(n: Node, w: Words, lang: "en" | "ru"): string {
  if ("text" in n) return n.text;
  const c = n.children;
  const part = (i: number) => (c[i] ? say(c[i], w, lang) : "");
  switch (n.name) {
    case "annotation":
    case "mphantom":
    case "mprescripts":
    case "none":
      return "";
    case "mspace":
      return " ";
    case "mo": {
      const t = flat(n);
      // The minus sign, and the invisible operators TeX puts between "2" and "x" or "sin" and "x".
      return t === "−" ? ` ${w.minus} ` : t === "\u2061" || t === "\u2062" || t === "\u2063" ? " " : ` ${t} `;
    }
    case "mi":
    case "mn":
    case "mtext":
    case "ms":
      return flat(n);
    case "mfrac":
      return isSimple(c[0]) && isSimple(c[1])
        ? `${part(0)} ${w.over} ${part(1)}`
        : `${w.fraction} ${part(0)}, ${w.over} ${part(1)}, ${w.endFraction}`;
    case "msqrt": {
      const inner = c.map((x) => say(x, w, lang)).join(" ");
      return c.length === 1 && isSimple(c[0]) ? `${w.sqrt} ${inner}` : `${w.sqrt} ${inner}, ${w.endRoot}`;
    }
    case "mroot":
      return `${w.root.replace("{n}", part(1))} ${part(0)}, ${w.endRoot}`;
    case "msup": {
      const big = limits(n, w, lang);
      if (big) return big;
      const e = flat(c[1] ?? { text: "" }).trim();
      if (e === "2") return `${part(0)} ${w.squared}`;
      if (e === "3") return `${part(0)} ${w.cubed}`;
      if (e === "′" || e === "″") return `${part(0)}${e}`;
      return `${part(0)} ${w.power} ${part(1)}`;
    }
    case "msub":
      return limits(n, w, lang) ?? `${part(0)} ${w.sub} ${part(1)}`;
    case "msubsup":
      return limits(n, w, lang) ?? `${part(0)} ${w.sub} ${part(1)} ${w.power} ${part(2)}`;
    case "munder":
    case "mover":
    case "munderover": {
      const big = limits(n, w, lang);
      if (big) return big;
      const mark = flat(c[1] ?? { text: "" }).trim();
      const accent = ACCENTS[mark]?.[lang];
      if (n.name === "mover" && accent) return `${part(0)} ${accent}`;
      const extra = n.name === "munder" ? w.below.replace("{x}", part(1)) : w.above.replace("{x}", part(1));
      return n.name === "munderover"
        ? `${part(0)} ${w.below.replace("{x}", part(1))} ${w.above.replace("{x}", part(2))}`
        : `${part(0)} ${extra}`;
    }
    case "mtable":
      return c
        .map(
          (row, i) =>
            `${w.row} ${i + 1}: ${"text" in row ? "" : row.children.map((cell) => say(cell, w, lang)).join(", ")}`,
        )
        .join("; ");
    default:
      // Neighbours apart: temml writes 4ac as three tokens with nothing between them.
      return c.map((x) => say(x, w, lang)).join(" ");
  }
}

/** The spoken form of sanitized MathML, in the quiz's language (English unless it is Russian). */
export function speakMathml(markup: string, language: string): string {
  const lang = language.toLowerCase().startsWith("ru") ? "ru" : "en";
  return say(tree(markup), WORDS[lang], lang)
    .replace(/\s+/g, " ")
    .replace(/\s+([,;?.!])/g, "$1")
    .trim();
}
