// Emphasis in quiz text, the part of Markdown a quiz needs (a GIFT [markdown] question imports into
// it; the editor's words follow the same rule):
//   *em*  _em_          emphasis (<em>)
//   **strong**          strong emphasis (<strong>); Markdown's __strong__ is imported as **strong**
//   `code`              code (<code>), its content as written
//   \*  \_  \`          the character itself
// Stricter than CommonMark so that ordinary text keeps its characters: a delimiter opens only
// before a non-space and after a non-letter/digit, and closes only after a non-space and before a
// non-letter/digit — "2*3*4", "5 * 3 * 2" and snake_case_names stay as written. The result is
// built from escaped text and these three tags only: nothing of the quiz text becomes HTML.

import { splitMath } from "./delimiters.ts";

export type EmNode = string | { tag: "em" | "strong" | "code"; children: EmNode[] };

const WORD = /[\p{L}\p{N}]/u;
const isWord = (ch: string | undefined) => ch !== undefined && WORD.test(ch);
const isSpace = (ch: string | undefined) => ch === undefined || /\s/.test(ch);
const ESCAPABLE = "*_`";

/** The length of the run of `ch` starting at `i`. */
function runAt(s: string, i: number, ch: string): number {
  let n = 0;
  while (s[i + n] === ch) n++;
  return n;
}

/** Closers already found, by where the search started and for which mark ("from:*1"). */
type Memo = Map<string, number>;

/**
 * Where the delimiter of `n` × `ch` opened just before `from` closes, or -1. Remembered per start,
 * so text full of openers ("*a *a *a …") is read in quadratic time, not exponential.
 */
function closerOf(s: string, from: number, ch: string, n: number, memo: Memo): number {
  const key = `${from}:${ch}${n}`;
  const known = memo.get(key);
  if (known !== undefined) return known;
  let found = -1;
  let j = from;
  while (j < s.length) {
    if (s[j] === "\\" && ESCAPABLE.includes(s[j + 1] ?? "")) {
      j += 2;
      continue;
    }
    if (s[j] === "`") {
      // A code span is one unit: a delimiter inside it is code.
      const end = s.indexOf("`", j + 1);
      if (end > j + 1) {
        j = end + 1;
        continue;
      }
    }
    if (s[j] !== ch) {
      j++;
      continue;
    }
    const run = runAt(s, j, ch);
    if (run === n && j > from && !isSpace(s[j - 1]) && !isWord(s[j + n])) {
      found = j;
      break;
    }
    // The same mark opening inside ("*a *b* c*"): its own span is stepped over whole.
    if (run === n && !isSpace(s[j + n]) && !isWord(s[j - 1])) {
      const inner = closerOf(s, j + n, ch, n, memo);
      if (inner > 0) {
        j = inner + n;
        continue;
      }
    }
    // A run of another length is a nested delimiter (or text): stepped over whole.
    j += run;
  }
  memo.set(key, found);
  return found;
}

function parse(s: string, from: number, to: number, memo: Memo): EmNode[] {
  const out: EmNode[] = [];
  let text = "";
  const flush = () => {
    if (text) out.push(text);
    text = "";
  };
  let i = from;
  while (i < to) {
    const ch = s[i];
    if (ch === "\\" && i + 1 < to && ESCAPABLE.includes(s[i + 1])) {
      text += s[i + 1];
      i += 2;
      continue;
    }
    if (ch === "`") {
      const end = s.indexOf("`", i + 1);
      if (end > i + 1 && end < to) {
        flush();
        out.push({ tag: "code", children: [s.slice(i + 1, end)] });
        i = end + 1;
        continue;
      }
    }
    if (ch === "*" || ch === "_") {
      const run = runAt(s, i, ch);
      // "__" is not strong here (Python's __init__ stays as written): the importer writes it as "**".
      const n = run === 1 || (run === 2 && ch === "*") ? run : 0;
      if (n && !isSpace(s[i + n]) && !isWord(s[i - 1]) && i + n < to) {
        const end = closerOf(s, i + n, ch, n, memo);
        if (end > 0 && end + n <= to) {
          flush();
          out.push({ tag: n === 2 ? "strong" : "em", children: parse(s, i + n, end, memo) });
          i = end + n;
          continue;
        }
      }
      text += s.slice(i, i + run);
      i += run;
      continue;
    }
    text += ch;
    i++;
  }
  flush();
  return out;
}

/** The text split into plain runs and emphasis. */
export function parseEmphasis(source: string): EmNode[] {
  return parse(source, 0, source.length, new Map());
}

/** The words as shown, without the marks (for a text that must be plain, such as a file name). */
export function emphasisPlain(nodes: EmNode[]): string {
  return nodes.map((n) => (typeof n === "string" ? n : emphasisPlain(n.children))).join("");
}

/** True when the text shows differently from how it is written (emphasis, code or an escape). */
export function hasEmphasis(source: string): boolean {
  const nodes = parseEmphasis(source);
  return nodes.some((n) => typeof n !== "string") || emphasisPlain(nodes) !== source;
}

/** HTML: each plain run through `escapeText`, emphasis as <em>, <strong> and <code>. */
export function emphasisHtml(nodes: EmNode[], escapeText: (text: string) => string): string {
  return nodes
    .map((n) =>
      typeof n === "string" ? escapeText(n) : `<${n.tag}>${emphasisHtml(n.children, escapeText)}</${n.tag}>`,
    )
    .join("");
}

/**
 * Text that must show exactly as written (a file's plain text): every emphasis mark escaped, only
 * where the text would otherwise show emphasis, so ordinary text is left alone.
 */
export function literalEmphasis(text: string): string {
  const { segments, error } = splitMath(text);
  const marks = (t: string) => t.replace(/[*_`]/g, (ch) => `\\${ch}`);
  if (error || !segments.some((s) => "tex" in s)) return hasEmphasis(text) ? marks(text) : text;
  // Formulas keep their TeX (a_1 is a subscript there): the text around them is written out again
  // with its marks escaped, each formula in \( \) or \[ \].
  const joined = segments.map((s) => ("text" in s ? s.text : "\u0000")).join("");
  if (!hasEmphasis(joined)) return text;
  return segments
    .map((s) => ("text" in s ? marks(s.text).replace(/\$/g, "\\$") : s.display ? `\\[${s.tex}\\]` : `\\(${s.tex}\\)`))
    .join("");
}
