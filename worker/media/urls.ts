// Image addresses across an export and an import. A quiz stores its own uploads as paths
// (/media/<key>); an export writes them as absolute URLs so a copy imported on another instance
// still loads them from here, and an import here turns such URLs back into paths, so the copy
// counts as using the image (see refs.ts) and keeps working wherever this instance is reached.
import type { Quiz } from "../../schema/quiz.ts";
import { isMediaPath, mediaKeyOfPath, mediaPath } from "../../schema/media.ts";

function absolute(image: string | undefined, origin: string): string | undefined {
  return image && isMediaPath(image) ? origin + image : image;
}

/** The quiz with its uploaded images as absolute URLs on `origin`. */
export function withAbsoluteMedia(quiz: Quiz, origin: string): Quiz {
  return {
    ...quiz,
    ...(quiz.cover ? { cover: { ...quiz.cover, image: absolute(quiz.cover.image, origin)! } } : {}),
    questions: quiz.questions.map((q) => (q.image ? { ...q, image: absolute(q.image, origin) } : q)),
  };
}

/** `origin`/media/<key> back to /media/<key>; any other value is left as it is. */
export function ownMediaPath(value: unknown, origin: string): unknown {
  if (typeof value !== "string" || !value.startsWith(origin + "/")) return value;
  const key = mediaKeyOfPath(value.slice(origin.length));
  return key ? mediaPath(key) : value;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/**
 * An import body (the export envelope or a bare quiz) with this instance's absolute image URLs
 * made paths again. Runs before validation, on whatever was sent: an exported file may hold
 * http://localhost URLs, which the schema (https only) would refuse but which are our own.
 */
export function withOwnMediaPaths(body: unknown, origin: string): unknown {
  if (!isObject(body)) return body;
  // An envelope is told apart as the import route does: by its `format` field.
  if ("format" in body) return isObject(body.quiz) ? { ...body, quiz: withOwnMediaPaths(body.quiz, origin) } : body;
  const out: Record<string, unknown> = { ...body };
  if (isObject(body.cover)) out.cover = { ...body.cover, image: ownMediaPath(body.cover.image, origin) };
  if (Array.isArray(body.questions))
    out.questions = body.questions.map((q) => (isObject(q) ? { ...q, image: ownMediaPath(q.image, origin) } : q));
  return out;
}
