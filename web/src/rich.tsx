// Quiz text as the room sent it: as written, or — for a text with a formula — the HTML the server
// rendered when the game was hosted (escaped text around temml's MathML, through an allow-list;
// worker/math). Phones need no math library, and screen readers read the MathML as maths.
import type { MathTable } from "../../schema/messages";

export function Rich({ text, math }: { text: string; math?: MathTable }) {
  // Own properties only: a text such as "constructor" must not find Object's own.
  const html = math && Object.hasOwn(math, text) ? math[text] : undefined;
  return typeof html === "string" ? <span class="rich" dangerouslySetInnerHTML={{ __html: html }} /> : text;
}
