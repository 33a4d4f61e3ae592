// Where the formulas are in a piece of quiz text. The rule (README, "Formulas"):
//   \( … \)  inline formula          \[ … \]  display formula
//   $ … $    inline formula when the opening $ is followed by a non-space character and not preceded
//            by a digit, and the next unescaped $ is preceded by a non-space character and not
//            followed by a digit — so "costs $5 and $10" stays text
//   $$ … $$  display formula
//   \$       a dollar sign (outside formulas); inside a formula \$ is TeX's own dollar sign
// A \( or \[ that is never closed is an error; an unmatched $ or $$ is just a dollar sign.

export type Segment = { text: string } | { tex: string; display: boolean };

export interface Split {
  segments: Segment[];
  /** Set when the text cannot be read (an unclosed \( or \[). */
  error?: string;
}

const isSpace = (ch: string | undefined) => ch !== undefined && /\s/.test(ch);
const isDigit = (ch: string | undefined) => ch !== undefined && ch >= "0" && ch <= "9";

/**
 * The index of `close` at or after `from`, reading a backslash and the character after it as one
 * unit (so `\\)` is a TeX line break and a parenthesis, not the end of the formula). -1 if absent.
 */
function findClose(s: string, from: number, close: string): number {
  for (let i = from; i < s.length; i++) {
    if (s.startsWith(close, i)) return i;
    if (s[i] === "\\") i += 1;
  }
  return -1;
}

export function splitMath(source: string): Split {
  const segments: Segment[] = [];
  let text = "";
  const flush = () => {
    if (text) segments.push({ text });
    text = "";
  };
  const formula = (tex: string, display: boolean) => {
    flush();
    segments.push({ tex, display });
  };
  let i = 0;
  while (i < source.length) {
    const ch = source[i];
    const next = source[i + 1];
    if (ch === "\\" && next === "$") {
      text += "$";
      i += 2;
    } else if (ch === "\\" && (next === "(" || next === "[")) {
      const close = next === "(" ? "\\)" : "\\]";
      const end = findClose(source, i + 2, close);
      if (end < 0) return { segments, error: `a formula opened with \\${next} is never closed with ${close}` };
      formula(source.slice(i + 2, end), next === "[");
      i = end + 2;
    } else if (ch === "$" && next === "$") {
      const end = findClose(source, i + 2, "$$");
      if (end < 0 || end === i + 2) {
        text += "$$";
        i += 2;
      } else {
        formula(source.slice(i + 2, end), true);
        i = end + 2;
      }
    } else if (ch === "$") {
      const end = next === undefined || isSpace(next) || isDigit(source[i - 1]) ? -1 : findClose(source, i + 1, "$");
      if (end > i + 1 && !isSpace(source[end - 1]) && !isDigit(source[end + 1])) {
        formula(source.slice(i + 1, end), false);
        i = end + 1;
      } else {
        text += "$";
        i += 1;
      }
    } else {
      text += ch;
      i += 1;
    }
  }
  flush();
  return { segments };
}

/** True when the text shows differently from how it is written (a formula, or an escaped dollar). */
export function hasMarkup(source: string): boolean {
  return source.includes("$") || source.includes("\\(") || source.includes("\\[");
}
