// The editor's copy of unsaved edits in this browser (localStorage, per quiz): written a moment
// after each edit and when the page goes away, read back after a crash or a reload, removed when
// the quiz is saved or the teacher leaves without saving.
import { useEffect, useRef } from "preact/hooks";
import { readJson, removeItem, writeJson } from "../../storage.ts";
import { blankQuestion, toQuiz, type Draft } from "./draft.ts";

interface Kept {
  draft: Draft;
  /** When it was written (ms since the epoch). */
  at: number;
}

const key = (id: string | null) => `qq_draft_${id ?? "new"}`;
const WAIT_MS = 400;

/** The kept draft, completed with today's fields (a newer editor may know more), or null. */
export function readLocalDraft(id: string | null): Kept | null {
  const kept = readJson<Partial<Kept> | null>(key(id), null);
  const d = kept?.draft;
  if (!d || typeof d !== "object" || !Array.isArray(d.questions) || typeof d.title !== "string") return null;
  return {
    at: typeof kept.at === "number" ? kept.at : Date.now(),
    draft: { ...d, questions: d.questions.map((q) => ({ ...blankQuestion(q.type), ...q })) },
  };
}

export const dropLocalDraft = (id: string | null) => removeItem(key(id));

/** Whether two drafts would save the same quiz (question ids aside: an old quiz gets new ones each load). */
export function sameQuiz(a: Draft, b: Draft): boolean {
  const plain = (d: Draft) => JSON.stringify(toQuiz(d), (k, v) => (k === "id" ? undefined : v));
  return plain(a) === plain(b);
}

/** A draft this browser kept, shown instead of `original` until it is saved or discarded. */
export type Restored = { at: number; original: Draft };

/** The kept draft's time when it differs from what the server (or a blank form) holds. */
export function restore(id: string | null, original: Draft): Restored | null {
  const kept = readLocalDraft(id);
  return kept && !sameQuiz(kept.draft, original) ? { at: kept.at, original } : null;
}

/** When a draft was kept, as the banner says it: the time alone when it was today. */
export function keptAt(at: number, lang: string): string {
  const d = new Date(at);
  const today = d.toDateString() === new Date().toDateString();
  return today
    ? d.toLocaleTimeString(lang, { hour: "2-digit", minute: "2-digit" })
    : d.toLocaleString(lang, { dateStyle: "medium", timeStyle: "short" });
}

/**
 * Keeps `draft` while `dirty`. Returns `forget`, for when the edits are thrown away on purpose
 * (nothing is written after it until the next edit).
 */
export function useLocalDraft(id: string | null, draft: Draft | null, dirty: boolean): () => void {
  const latest = useRef<Draft | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const flush = () => {
    clearTimeout(timer.current);
    if (latest.current) writeJson(key(id), { draft: latest.current, at: Date.now() } satisfies Kept);
    latest.current = null;
  };

  useEffect(() => {
    if (!dirty || !draft) return;
    latest.current = draft;
    clearTimeout(timer.current);
    timer.current = setTimeout(flush, WAIT_MS);
  }, [draft, dirty]);

  // Leaving the page (a reload, a crash to come, the Back button) writes what is still waiting.
  useEffect(() => {
    addEventListener("pagehide", flush);
    return () => {
      removeEventListener("pagehide", flush);
      flush();
    };
  }, [id]);

  return () => {
    clearTimeout(timer.current);
    latest.current = null;
    dropLocalDraft(id);
  };
}
