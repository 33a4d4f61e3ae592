// Quiz text to safe HTML: text escaped, emphasis as <em>/<strong>/<code> (./emphasis.ts), formulas
// rendered to MathML by temml at save and host time, so phones show them with no math library and
// screen readers read them as math.
import temml from "temml";
import { splitMath } from "./delimiters.ts";
import { emphasisHtml, hasEmphasis, parseEmphasis } from "./emphasis.ts";
import { alwaysRefused, type Overflow, overflowName } from "./boxes.ts";
import { sanitizeMathml } from "./sanitize.ts";
import { speakMathml } from "./speech.ts";

export class FormulaError extends Error {}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

/** temml's message without its position context (a copy of the input with combining underlines). */
function shortMessage(err: unknown): string {
  const raw = err instanceof Error ? err.message : String(err);
  return (
    raw
      .replace(/^\s*ParseError:?\s*/, "")
      .split(/ at (?:position \d+|end of input):/)[0]
      .trim() || "cannot be read"
  );
}

const clip = (tex: string) => (tex.length > 40 ? `${tex.slice(0, 39)}…` : tex);

/**
 * One formula to MathML, with its spoken form as aria-label (browsers leave MathML out of the name
 * of a button or heading that holds it). Throws FormulaError naming the formula.
 */
export function renderFormula(tex: string, display: boolean, language = "en"): string {
  const outside = (name: string) =>
    new FormulaError(
      `formula "${clip(tex)}": ${name} draws outside the formula's own box, where it could cover another answer; it is not allowed in quizzes`,
    );
  const refused = alwaysRefused(tex);
  if (refused) throw outside(refused);
  let markup: string;
  try {
    // trust: false keeps \href, \class, \style, \includegraphics out; maxExpand stops macro loops.
    markup = temml.renderToString(tex, {
      displayMode: display,
      throwOnError: true,
      trust: false,
      maxExpand: 500,
      maxSize: [20, 200],
    });
  } catch (err) {
    throw new FormulaError(`formula "${clip(tex)}": ${shortMessage(err)}`);
  }
  const overflows = new Set<Overflow>();
  const safe = sanitizeMathml(markup, overflows);
  if (safe === null) throw new FormulaError(`formula "${clip(tex)}" cannot be shown`);
  // Refused, not just stripped: the author should know the formula will not look as they wrote it.
  if (overflows.size) throw outside(overflowName(overflows, tex));
  return safe.replace(/^<math/, `<math aria-label="${escapeHtml(speakMathml(safe, language) || tex)}"`);
}

/** A private-use character the text does not contain: where each formula sits while emphasis is read. */
function placeholderFor(source: string): string {
  let code = 0xe000;
  while (source.includes(String.fromCharCode(code))) code++;
  return String.fromCharCode(code);
}

/**
 * The HTML a text shows as: null when it has no formula, no emphasis and no escape (show it as
 * plain text). Emphasis (./emphasis.ts) may hold formulas: each formula stands in as a placeholder
 * while the emphasis is read, so `*the value $x$*` is one emphasis around a formula.
 * Throws FormulaError for a formula temml cannot read or an unclosed \( or \[.
 */
export function renderMathText(source: string, language = "en"): string | null {
  const { segments, error } = splitMath(source);
  if (error) throw new FormulaError(error);
  if (segments.length === 0) return null;
  const mark = placeholderFor(source);
  const formulas: string[] = [];
  const joined = segments
    .map((s) => {
      if ("text" in s) return s.text;
      formulas.push(renderFormula(s.tex, s.display, language));
      return `${mark}${formulas.length - 1}${mark}`;
    })
    .join("");
  if (!formulas.length && joined === source && !hasEmphasis(source)) return null;
  const html = emphasisHtml(parseEmphasis(joined), escapeHtml);
  return formulas.length
    ? html.replace(new RegExp(`${mark}(\\d+)${mark}`, "g"), (_m, i: string) => formulas[Number(i)])
    : html;
}
