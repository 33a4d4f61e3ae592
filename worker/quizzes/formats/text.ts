// Small helpers the text formats share.

/** Lines without their end-of-line characters (CRLF, LF or CR), a leading BOM dropped. */
export function linesOf(text: string): string[] {
  return text.replace(/^\uFEFF/, "").split(/\r\n|\n|\r/);
}

/** Consecutive non-blank lines, each block with the 1-based line it starts on. */
export function blocksOf(text: string): { line: number; lines: string[] }[] {
  const blocks: { line: number; lines: string[] }[] = [];
  let current: { line: number; lines: string[] } | null = null;
  for (const [i, l] of linesOf(text).entries()) {
    if (l.trim() === "") current = null;
    else if (current) current.lines.push(l);
    else {
      current = { line: i + 1, lines: [l] };
      blocks.push(current);
    }
  }
  return blocks;
}

const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: " " };

/** HTML (from a GIFT [html] question) as plain text: tags dropped, breaks as spaces, entities decoded. */
export function htmlToText(html: string): string {
  return html
    .replace(/<br\s*\/?>|<\/p>|<\/div>|<\/li>/gi, " ")
    .replace(/<[^>]*>/g, "")
    .replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (m, e: string) => {
      if (e[0] === "#") {
        const code = e[1] === "x" || e[1] === "X" ? parseInt(e.slice(2), 16) : Number(e.slice(1));
        return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : m;
      }
      return ENTITIES[e.toLowerCase()] ?? m;
    })
    .replace(/[ \t]+/g, " ")
    .trim();
}

/** One line of text (Aiken has no other kind): line breaks become spaces. */
export const oneLine = (text: string) => text.replace(/\s*[\r\n]+\s*/g, " ").trim();

/**
 * Markdown (a GIFT [markdown] question) as quiz text, whose emphasis is Markdown's own
 * (schema/math/emphasis.ts): `*em*`, `_em_`, `**strong**` and `code` stay as written and show as
 * emphasis, `__strong__` becomes `**strong**`; a link keeps its words and address, a heading its words, a hard line break
 * (two trailing spaces or a backslash) is a line break as any other (quiz texts show line breaks as
 * spaces); `\*`, `\_` and `` \` `` stay escaped (the quiz's own escapes), other backslash escapes
 * become their character. Never HTML: a tag stays text, escaped wherever it is shown.
 */
export function markdownToText(md: string): string {
  const ESC = "\u0000";
  return (
    md
      .replace(/(?: {2,}|\\)(\r?\n)/g, "$1")
      // Backslash escapes first, kept aside so the marks below leave them alone.
      .replace(/\\([\\`*_{}[\]()#+\-.!])/g, (_m, ch: string) => `${ESC}${ch.charCodeAt(0)}${ESC}`)
      .replace(/!?\[([^\]]*)\]\(([^)\s]+)\)/g, (_m, words: string, url: string) => (words ? `${words} (${url})` : url))
      .replace(/^#{1,6}\s+/gm, "")
      // Quiz text reads __x__ as written (a Python name): Markdown's strong emphasis becomes **x**.
      .replace(/(^|[^\p{L}\p{N}_])__(?=[^\s_])(.*?[^\s_])__(?![\p{L}\p{N}_])/gu, "$1**$2**")
      .replace(new RegExp(`${ESC}(\\d+)${ESC}`, "g"), (_m, code: string) => {
        const ch = String.fromCharCode(Number(code));
        return "*_`".includes(ch) ? `\\${ch}` : ch;
      })
      .replace(/[ \t]+/g, " ")
      .trim()
  );
}
