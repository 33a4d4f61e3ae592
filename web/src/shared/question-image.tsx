// A question's picture, on the phones and the projector, with its alt text: the author's words,
// "" when they marked it decorative, or a plain label for a quiz older than alt text (never "",
// which would hide a picture that may matter from screen readers).
import type { QuestionView } from "../../../schema/messages";
import { addStrings, translate } from "../i18n";

addStrings({ en: { "img.untitled": "Picture for this question" }, ru: { "img.untitled": "Картинка к вопросу" } });

export function QuestionImage({ q, class: cls }: { q: Pick<QuestionView, "image" | "imageAlt">; class: string }) {
  if (!q.image) return null;
  return <img class={cls} src={q.image} alt={q.imageAlt ?? translate("img.untitled")} decoding="async" />;
}
