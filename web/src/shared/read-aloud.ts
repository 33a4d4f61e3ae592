// Read-aloud: the question and its options spoken by the browser's own speech synthesis
// (`speechSynthesis`: nothing added to the download), formulas in their spoken form, in the quiz's
// language. The player turns it on from the phone; the choice is kept for the next game.
import { useState } from "preact/hooks";
import type { QuestionView } from "../../../schema/messages.ts";
import { spokenLabel, spokenText } from "../rich.tsx";
import { readItem, writeItem } from "../storage.ts";

const KEY = "qq_read_aloud";

/** Whether this browser can speak at all (some in-app browsers cannot): no button without it. */
export const canReadAloud = (): boolean =>
  typeof speechSynthesis !== "undefined" && typeof SpeechSynthesisUtterance !== "undefined";

/** The player's choice, kept in storage. */
export function useReadAloud(): [boolean, (on: boolean) => void] {
  const [on, setOn] = useState(() => readItem(KEY) === "1");
  return [
    on,
    (next) => {
      writeItem(KEY, next ? "1" : "0");
      if (!next) stopSpeaking();
      setOn(next);
    },
  ];
}

/** What is read for a question: its text, then each option in order. */
export function questionSpeech(q: QuestionView): string {
  const parts = [spokenText(q.text, q.math), ...(q.options ?? []).map((o, i) => `${i + 1}. ${spokenLabel(o, q.math)}`)];
  // One pause between parts: a full stop unless the part already ends a sentence ("…?").
  return parts
    .map((p) => p.trim())
    .filter(Boolean)
    .map((p) => (/[.!?…:]$/.test(p) ? p : `${p}.`))
    .join(" ");
}

/** Speaks `text`, replacing whatever was being read; `lang` is the quiz's language tag. */
export function speak(text: string, lang?: string): void {
  if (!canReadAloud() || !text) return;
  speechSynthesis.cancel();
  const u = new SpeechSynthesisUtterance(text);
  if (lang) u.lang = lang;
  speechSynthesis.speak(u);
}

export function stopSpeaking(): void {
  if (canReadAloud()) speechSynthesis.cancel();
}
