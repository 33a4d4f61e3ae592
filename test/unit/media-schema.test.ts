// The pure rules around pictures: which addresses a quiz may name, the alt-text rule (on save,
// not on load), what players get as alt text, the editor's mapping, and URLs across export/import.
import { describe, expect, it } from "vitest";
import { altOf, imageUrl } from "../../schema/image.ts";
import { quiz, quizToSave } from "../../schema/quiz.ts";
import { imageFromQuiz, imageToQuiz } from "../../web/src/teacher/editor/image-draft.ts";
import { mediaKeysOf } from "../../worker/media/refs.ts";
import { ownMediaPath, withAbsoluteMedia, withOwnMediaPaths } from "../../worker/media/urls.ts";
import { sampleQuiz } from "../helpers/quizzes.ts";

const KEY = "AbCdEfGhIjKlMnOpQrSt_-";
const PATH = `/media/${KEY}`;

describe("image addresses", () => {
  it("are our own upload paths or https URLs, nothing else", () => {
    for (const ok of [PATH, "https://example.com/cat.png", "https://example.com/a?b=c#d"])
      expect(imageUrl.safeParse(ok).success, ok).toBe(true);
    for (const bad of [
      "http://example.com/cat.png",
      "javascript:alert(1)",
      "data:image/png;base64,AAAA",
      "/media/short",
      `/media/${KEY}/x`,
      `/media/${KEY}?x`,
      "/media/../api/auth/me",
      `//evil.example/media/${KEY}`,
      "/api/quizzes",
      "https://" + "a".repeat(2050) + ".example",
    ]) {
      expect(imageUrl.safeParse(bad).success, bad).toBe(false);
    }
  });
});

describe("the alt-text rule", () => {
  const q = (extra: Record<string, unknown>) =>
    sampleQuiz({ questions: [{ type: "truefalse", text: "Cat?", correct: true, ...extra }] });

  it("holds on save: alt text or decorative for every picture; none needed without one", () => {
    expect(quizToSave.safeParse(q({})).success).toBe(true);
    expect(quizToSave.safeParse(q({ image: PATH, imageAlt: "A cat" })).success).toBe(true);
    expect(quizToSave.safeParse(q({ image: PATH, imageDecorative: true })).success).toBe(true);
    for (const missing of [
      { image: PATH },
      { image: PATH, imageAlt: "   " },
      { image: PATH, imageDecorative: false },
    ]) {
      const r = quizToSave.safeParse(q(missing));
      expect(r.success, JSON.stringify(missing)).toBe(false);
      expect(r.error!.issues.map((i) => i.path.join("."))).toEqual(["questions.0.imageAlt"]);
    }
    expect(quizToSave.safeParse(q({ image: PATH, imageAlt: "x".repeat(251) })).success).toBe(false);
  });

  it("does not stop an older quiz from loading, while a cover always needs it", () => {
    expect(quiz.safeParse(q({ image: "https://example.com/old.png" })).success).toBe(true);
    expect(quiz.safeParse({ ...q({}), cover: { image: PATH } }).success).toBe(false);
    expect(quiz.safeParse({ ...q({}), cover: { image: PATH, imageAlt: "Cover" } }).success).toBe(true);
  });

  it("gives players the text, empty alt for decoration, and nothing for an older quiz", () => {
    expect(altOf({ image: PATH, imageAlt: "A cat" })).toEqual({ imageAlt: "A cat" });
    expect(altOf({ image: PATH, imageAlt: "ignored", imageDecorative: true })).toEqual({ imageAlt: "" });
    expect(altOf({ image: PATH })).toEqual({});
  });
});

describe("the editor's picture draft", () => {
  it("sends alt text only with a picture, and none with a decorative one", () => {
    expect(imageToQuiz({ image: " ", imageAlt: "left over", imageDecorative: true })).toEqual({});
    expect(imageToQuiz({ image: ` ${PATH} `, imageAlt: " A cat ", imageDecorative: false })).toEqual({
      image: PATH,
      imageAlt: "A cat",
    });
    expect(imageToQuiz({ image: PATH, imageAlt: "A cat", imageDecorative: true })).toEqual({
      image: PATH,
      imageDecorative: true,
    });
    expect(imageFromQuiz({ image: PATH, imageDecorative: true })).toEqual({
      image: PATH,
      imageAlt: "",
      imageDecorative: true,
    });
    expect(imageFromQuiz(undefined)).toEqual({ image: "", imageAlt: "", imageDecorative: false });
  });
});

describe("image URLs across export and import", () => {
  const origin = "https://quiz.example";

  it("export our paths as absolute URLs, and an import here turns them back", () => {
    const parsed = quiz.parse({
      ...sampleQuiz({
        questions: [
          { type: "truefalse", text: "Cat?", correct: true, image: PATH, imageAlt: "A cat" },
          {
            type: "truefalse",
            text: "Dog?",
            correct: true,
            image: "https://elsewhere.example/dog.png",
            imageAlt: "A dog",
          },
        ],
      }),
      cover: { image: PATH, imageDecorative: true },
    });
    const out = withAbsoluteMedia(parsed, origin);
    expect(out.questions.map((q) => q.image)).toEqual([`${origin}${PATH}`, "https://elsewhere.example/dog.png"]);
    expect(out.cover).toEqual({ image: `${origin}${PATH}`, imageDecorative: true });
    const envelope = withOwnMediaPaths({ format: "quickquiz", version: 1, quiz: out }, origin) as { quiz: unknown };
    const back = quiz.parse(envelope.quiz);
    expect(back.questions.map((q) => q.image)).toEqual([PATH, "https://elsewhere.example/dog.png"]);
    expect(back.cover?.image).toBe(PATH);
    expect(mediaKeysOf(back)).toEqual([KEY]);
  });

  it("leave every other value as it is, whatever its shape", () => {
    expect(ownMediaPath(`${origin}/media/nope`, origin)).toBe(`${origin}/media/nope`);
    expect(ownMediaPath(`${origin}.evil.example${PATH}`, origin)).toBe(`${origin}.evil.example${PATH}`);
    expect(ownMediaPath(42, origin)).toBe(42);
    for (const junk of [
      null,
      "text",
      [1, 2],
      { format: "x", quiz: "y" },
      { questions: "no" },
      { questions: [null, 3, "x"] },
    ]) {
      expect(() => withOwnMediaPaths(junk, origin)).not.toThrow();
    }
  });
});
