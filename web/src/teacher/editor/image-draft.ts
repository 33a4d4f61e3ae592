// An image as the editor holds it (a question's picture or the quiz's cover), and to and from
// the quiz format: the alt text goes only with an image, and not with a decorative one.
import type { ImageRef } from "../../../../schema/image.ts";

export interface ImageDraft {
  image: string;
  imageAlt: string;
  imageDecorative: boolean;
}

export const blankImage = (): ImageDraft => ({ image: "", imageAlt: "", imageDecorative: false });

export function imageFromQuiz(r: ImageRef | undefined): ImageDraft {
  return { image: r?.image ?? "", imageAlt: r?.imageAlt ?? "", imageDecorative: r?.imageDecorative ?? false };
}

/** The image fields for the quiz format, or none when there is no image. */
export function imageToQuiz(d: ImageDraft): ImageRef {
  const image = d.image.trim();
  if (!image) return {};
  return d.imageDecorative ? { image, imageDecorative: true } : { image, imageAlt: d.imageAlt.trim() };
}
