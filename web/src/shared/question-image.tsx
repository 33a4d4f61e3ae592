// A question's picture, on the phones and the projector, with its alt text: the author's words,
// "" when they marked it decorative, or a plain label for a quiz older than alt text (never "",
// which would hide a picture that may matter from screen readers). A picture that fails to load
// gives way to its alt text, never a broken-image icon.
import { useState } from "preact/hooks";
import type { QuestionView } from "../../../schema/messages.ts";
import { t } from "../strings.ts";

export function QuestionImage({ q, class: cls }: { q: Pick<QuestionView, "image" | "imageAlt">; class: string }) {
  const [failed, setFailed] = useState("");
  if (!q.image) return null;
  const alt = q.imageAlt ?? t("img.untitled");
  if (failed === q.image) return alt ? <p class={`${cls} img-missing`}>{alt}</p> : null;
  const src = q.image;
  return <img class={cls} src={src} alt={alt} decoding="async" onError={() => setFailed(src)} />;
}
