// Formulas stay inside their own box. MathML can paint or reach outside the box it takes in the
// layout: `\llap{\rule{20em}{20em}}` is a zero-width box holding a 20em painted square, and with a
// colour it covered the next answer's button on a phone, where a tap at that answer's centre then
// counted for the formula's option (outside security probe, finding 3). These rules say which
// attributes and style declarations temml writes for such constructs; the sanitiser strips them
// (defence in depth) and reports which kind it met, so saving names the construct in a 400.

/** A kind of construct that draws outside its box; the value is how a teacher would name it. */
export const OVERFLOWS = {
  rule: "\\rule (a painted box)",
  lap: "\\llap, \\rlap or \\clap (a box that overlaps its neighbours)",
  offset: "\\raisebox, \\smash or a shifted box",
  negative: "a negative space (\\!, \\negthinspace, \\kern or \\hspace below zero)",
  wide: "a space wider than 4em",
  position: "a box positioned outside its place",
} as const;
export type Overflow = keyof typeof OVERFLOWS;

/** The TeX commands behind each kind, to name the one the formula used. */
const COMMANDS: Record<Overflow, RegExp> = {
  rule: /\\rule(?![a-zA-Z])/,
  lap: /\\(?:(?:math)?[lrc]lap|cancelto)(?![a-zA-Z])/,
  offset: /\\(?:raisebox|raise|lower|smash|cancelto)(?![a-zA-Z])/,
  negative: /\\!|\\(?:negthinspace|negmedspace|negthickspace|kern|mkern|hskip|mskip|hspace\*?)(?![a-zA-Z])/,
  wide: /\\(?:hspace\*?|kern|mkern|hskip|mskip|hphantom)(?![a-zA-Z])/,
  position: /\\(?:(?:math)?[lrc]lap|cancelto)(?![a-zA-Z])/,
};

/** How the formula's author would recognise what it met: the first such command in its source, when there is one. */
export function overflowName(kinds: Iterable<Overflow>, tex: string): string {
  let best: { at: number; name: string } | null = null;
  let first: Overflow | null = null;
  for (const kind of kinds) {
    first ??= kind;
    const m = COMMANDS[kind].exec(tex);
    if (m && (!best || m.index < best.at)) best = { at: m.index, name: m[0] };
  }
  return best?.name ?? (first ? OVERFLOWS[first] : "");
}

/**
 * Commands refused whatever their arguments, by the source: a rule paints a box (temml writes a
 * zero-sized one as a mere space, but "a rule" is never quiz content), and a lap exists to overlap.
 */
export function alwaysRefused(tex: string): string | null {
  return /\\(?:rule|(?:math)?[lrc]lap)(?![a-zA-Z])/.exec(tex)?.[0] ?? null;
}

/** The widest space a formula may hold, in em: \qquad is 2em, an extensible arrow's minimum 3.5em. */
export const MAX_SPACE_EM = 4;
/** How far a box may be raised, lowered or grown in height (temml's own arrows use 0.3em). */
const MAX_SHIFT_EM = 0.5;

const EM_PER: Record<string, number> = {
  em: 1,
  ex: 0.431,
  pt: 0.1,
  px: 0.075,
  mu: 1 / 18,
  pc: 1.2,
  in: 7.227,
  cm: 2.845,
  mm: 0.2845,
  bp: 0.1004,
  dd: 0.107,
  cc: 1.284,
  sp: 0.1 / 65536,
};

/** A length in em (`+0.3em` → 0.3, `-5em` → -5), or NaN for anything else (`-1width`, `50%`). */
function em(value: string): number {
  const m = /^\s*([+-]?)\s*(\d*\.?\d+)\s*([a-z]*)\s*$/.exec(value);
  if (!m) return Number.NaN;
  const unit = m[3] === "" ? (Number(m[2]) === 0 ? "em" : "") : m[3];
  const per = EM_PER[unit];
  if (per === undefined) return Number.NaN;
  return (m[1] === "-" ? -1 : 1) * Number(m[2]) * per;
}

export interface BoxContext {
  /** Inside an <mphantom>, or an <mpadded> whose content is one: nothing there is painted. */
  invisible: boolean;
}

/** Whether the attribute `key="value"` on `element` lets the formula draw outside its box, and as what. */
export function attributeOverflow(element: string, key: string, value: string, ctx: BoxContext): Overflow | null {
  if (element === "mspace") {
    if (key === "mathbackground") return "rule";
    if (key === "width") {
      const w = em(value);
      return Number.isNaN(w) || w < 0 ? "negative" : w > MAX_SPACE_EM ? "wide" : null;
    }
    return null;
  }
  if (element !== "mpadded" || ctx.invisible) return null;
  switch (key) {
    case "width":
      return "lap";
    case "lspace":
      return em(value) === 0 ? null : "lap";
    case "voffset":
    case "height":
    case "depth": {
      // Relative changes (`+0.3em`) of temml's own arrows are small; an absolute height (\smash's 0px) is not.
      const d = em(value);
      const relative = /^\s*[+-]/.test(value) || key === "voffset";
      return relative && Math.abs(d) <= MAX_SHIFT_EM ? null : "offset";
    }
    default:
      return null;
  }
}

/** Properties that move a box away from its place in the layout. */
const MOVING =
  /^(?:position|left|right|top|bottom|inset(?:-[a-z]+)?|transform|translate|float|z-index|margin-(?:top|bottom))$/;

/**
 * A style attribute's declarations, without those that let the box draw outside itself (and what
 * they were). Negative lengths anywhere (temml writes `\!` as `margin-left:-0.1667em`) are out.
 */
export function styleOverflows(style: string): { kept: string; found: Overflow[] } {
  const found: Overflow[] = [];
  const kept: string[] = [];
  for (const declaration of style.split(";")) {
    const colon = declaration.indexOf(":");
    if (colon < 0) continue;
    const property = declaration.slice(0, colon).trim().toLowerCase();
    const value = declaration.slice(colon + 1).trim();
    if (MOVING.test(property)) found.push("position");
    else if (/(^|[\s(,])-\s*\.?\d/.test(value)) found.push("negative");
    else if (/^(?:width|min-width)$/.test(property) && !/^\d+(?:\.\d+)?%$/.test(value)) found.push("wide");
    else kept.push(`${property}:${value};`);
  }
  return { kept: kept.join(""), found };
}
