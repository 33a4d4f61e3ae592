// How a quiz refers to an image (a question's picture, the quiz's cover) and the alt-text rule.
import { z } from "zod";
import { isMediaPath, MEDIA_LIMITS, MEDIA_PREFIX, MEDIA_TYPES } from "./media.ts";

const MAX_URL = 2048;
const httpsUrl = z.url({ protocol: /^https$/ });

/**
 * An image uploaded here (`/media/<key>`), or an https URL: the app is served over https, where
 * browsers block plain-http images (and the CSP allows https: only).
 */
export const imageUrl = z
  .string()
  .max(MAX_URL)
  .superRefine((v, ctx) => {
    if (v.length > MAX_URL) return;
    const own = v.startsWith(MEDIA_PREFIX);
    if (own ? isMediaPath(v) : httpsUrl.safeParse(v).success) return;
    ctx.addIssue({
      code: "custom",
      message: own ? "image is not the address of an uploaded image" : "image must be an https URL",
    });
  });

const altText = z.string().trim().max(MEDIA_LIMITS.alt, `alt text must be at most ${MEDIA_LIMITS.alt} characters`);

/**
 * A question's image fields. Alt text is optional here, so quizzes stored or exported before it
 * existed still load, import and play; saving from the editor or the API applies `requireAltText`.
 */
export const imageFields = {
  image: imageUrl.optional(),
  /** What the image shows, read to those who cannot see it. */
  imageAlt: altText.optional(),
  /** Decoration only: shown with empty alt text, so screen readers pass over it. */
  imageDecorative: z.boolean().optional(),
};

export interface ImageRef {
  image?: string;
  imageAlt?: string;
  imageDecorative?: boolean;
}

export const ALT_REQUIRED = "an image needs alt text, or mark it as decorative";

/** No image, or an image with alt text, or one marked decorative. */
export const hasAlt = (r: ImageRef): boolean => !r.image || r.imageDecorative === true || !!r.imageAlt?.trim();

/** The quiz's cover picture. New with alt text, so the rule holds wherever a cover is read. */
export const coverImage = z
  .object({ image: imageUrl, imageAlt: altText.optional(), imageDecorative: z.boolean().optional() })
  .refine(hasAlt, { message: ALT_REQUIRED, path: ["imageAlt"] });
export type CoverImage = z.infer<typeof coverImage>;

/** The alt-text rule for a quiz being saved: every question's image has alt text or is decorative. */
export function requireAltText(value: { questions?: unknown }, ctx: z.RefinementCtx): void {
  // Runs even when other fields failed, so the value may be partly invalid.
  if (!Array.isArray(value.questions)) return;
  value.questions.forEach((q: unknown, i) => {
    if (q && typeof q === "object" && !hasAlt(q as ImageRef))
      ctx.addIssue({ code: "custom", message: ALT_REQUIRED, path: ["questions", i, "imageAlt"] });
  });
}

/** What clients get as an image's alt: "" for decoration, the text, or nothing (a quiz older than alt text). */
export function altOf(r: ImageRef): { imageAlt?: string } {
  if (r.imageDecorative) return { imageAlt: "" };
  return r.imageAlt ? { imageAlt: r.imageAlt } : {};
}

/** The answer to an upload (POST /api/media). */
export const uploadedImage = z.object({
  /** What a quiz stores as the image: /media/<key>. */
  url: z.string(),
  type: z.enum(MEDIA_TYPES),
  bytes: z.number().int(),
  width: z.number().int(),
  height: z.number().int(),
});
export type UploadedImage = z.infer<typeof uploadedImage>;
