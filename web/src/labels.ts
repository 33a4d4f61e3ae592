// Fixed labels travel as keys (schema/messages.ts LABEL_KEYS), never as English words: here they
// become words in the reader's language. Zod-free, for the player's route as much as the teacher's.
import type { LabelKey } from "../../schema/messages.ts";
import { t, type PlayerKey } from "./strings.ts";

const WORDS: Record<LabelKey, PlayerKey> = {
  true: "q.true",
  false: "q.false",
  correct: "label.correct",
  wrong: "label.wrong",
  other: "label.other",
};

/** An option, item or bar as the reader sees it: the teacher's words as written, a fixed label translated. */
export function labelOf(x: { text: string } | { label: string } | { labelKey: LabelKey }): string {
  return "labelKey" in x ? t(WORDS[x.labelKey]) : "text" in x ? x.text : x.label;
}
