// Quiz text as the room sent it: as written, or — for a text with a formula — the HTML the server
// rendered when the game was hosted (escaped text around temml's MathML, through an allow-list;
// schema/math, which the teacher's previews run too). Phones need no math library, and screen
// readers read the MathML as maths.
import type { LabelKey, MathTable } from "../../schema/messages.ts";
import { labelOf } from "./labels.ts";

export function Rich({ text, math }: { text: string; math?: MathTable }) {
  // Own properties only: a text such as "constructor" must not find Object's own.
  const html = math && Object.hasOwn(math, text) ? math[text] : undefined;
  return typeof html === "string" ? <span class="rich" dangerouslySetInnerHTML={{ __html: html }} /> : text;
}

/** An option, item or bar: the teacher's words (with their formulas), or a fixed label in the reader's language. */
export function RichLabel({
  of,
  math,
}: {
  of: { text: string } | { label: string } | { labelKey: LabelKey };
  math?: MathTable;
}) {
  return "labelKey" in of ? labelOf(of) : <Rich text={labelOf(of)} math={math} />;
}

/**
 * A text as it is spoken: each formula by its spoken form (the room's MathML carries it as
 * aria-label, worker/math/speech.ts), never its TeX. For the names of controls (aria-label) and for
 * read-aloud, which cannot take MathML. The HTML is parsed in an inert <template>: nothing in it runs.
 */
export function spokenText(text: string, math?: MathTable): string {
  const html = math && Object.hasOwn(math, text) ? math[text] : undefined;
  if (typeof html !== "string") return text;
  const tpl = document.createElement("template");
  tpl.innerHTML = html;
  for (const m of tpl.content.querySelectorAll("math"))
    m.replaceWith(m.getAttribute("aria-label") ?? m.textContent ?? "");
  return (tpl.content.textContent ?? "").replace(/\s+/g, " ").trim();
}

/** An option or item as it is spoken (see `spokenText`). */
export const spokenLabel = (of: Parameters<typeof labelOf>[0], math?: MathTable): string =>
  "labelKey" in of ? labelOf(of) : spokenText(labelOf(of), math);
