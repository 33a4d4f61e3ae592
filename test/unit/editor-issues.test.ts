// The editor's validation messages: every issue the quiz schema raises for a broken quiz (one fault
// per question, so refinements run too) reads as a sentence in English and Russian saying what to
// do — never the schema's raw text, never empty, never the catch-all — and the server's form of the
// same issue (dotted path, English message only) reads the same.
import { describe, expect, it } from "vitest";
import { z } from "zod";
import ru from "zod/v4/locales/ru.js";
import en from "zod/v4/locales/en.js";
import { LIMITS, quizToSave } from "../../schema/quiz.ts";
import { describeIssue, type IssueLike } from "../../web/src/teacher/editor/issue-messages.ts";

const long = (n: number) => "x".repeat(n + 1);
const ok = { text: "Fine?", timeLimit: 20 };
const single = { ...ok, type: "single", options: ["A", "B"], correct: 0 };
const slider = { ...ok, type: "slider", min: 0, max: 10, step: 1, correct: 5, tolerance: 0 };

/** Each entry breaks one thing. */
const broken = {
  title: "  ",
  description: long(LIMITS.description),
  tags: [long(LIMITS.tag), ...Array.from({ length: LIMITS.tags }, (_, i) => `t${i}`)],
  language: "Klingon!",
  visibility: "private",
  cover: { image: "http://example.com/a.png" },
  questions: [
    { ...single, text: "" },
    { ...single, text: long(LIMITS.questionText) },
    { ...single, options: ["A"] },
    { ...single, options: ["A", "B", "C", "D", "E", "F", "G"] },
    { ...single, options: ["A", " "] },
    { ...single, options: ["A", long(LIMITS.optionText)] },
    { ...single, correct: 3 },
    { ...single, type: "multi", correct: [] },
    { ...single, type: "multi", correct: [0, 0] },
    { ...single, type: "multi", correct: [5] },
    { ...ok, type: "truefalse" },
    { ...ok, type: "text", accepted: [] },
    { ...ok, type: "text", accepted: ["", long(LIMITS.typedAnswer)] },
    { ...ok, type: "text", accepted: Array.from({ length: LIMITS.acceptedAnswers + 1 }, (_, i) => `a${i}`) },
    { ...ok, type: "order", items: ["1", "2"] },
    { ...ok, type: "order", items: ["1", "2", "3", "4", "5", "6", "7"] },
    { ...ok, type: "order", items: ["1", "", "3"] },
    { ...slider, min: Number.NaN, step: Number.NaN, tolerance: Number.NaN, correct: Number.NaN },
    { ...slider, max: -1 },
    { ...slider, correct: 11 },
    { ...slider, step: 0, tolerance: -1 },
    { ...slider, max: 1_000_000, step: 1 },
    { ...single, timeLimit: Number.NaN },
    { ...single, timeLimit: 3 },
    { ...single, timeLimit: 2.5 },
    { ...single, timeLimit: LIMITS.maxTime + 1 },
    { ...single, explanation: long(LIMITS.explanation) },
    { ...single, image: "http://example.com/a.png", imageAlt: "A cat" },
    { ...single, image: "/media/nope", imageAlt: "A cat" },
    { ...single, image: "https://example.com/a.png" },
    { ...single, image: "https://example.com/a.png", imageAlt: long(250) },
    { ...ok, type: "poll", options: [] },
  ],
};

function issuesOf(value: unknown, locale: () => z.core.$ZodConfig) {
  z.config(locale());
  const r = quizToSave.safeParse(value);
  z.config(en());
  expect(r.success).toBe(false);
  return r.success ? [] : r.error.issues;
}

describe("the editor's validation messages", () => {
  const raw = issuesOf(broken, en);
  const rawRu = issuesOf(broken, ru);
  const none = issuesOf({ ...broken, tags: [long(LIMITS.tag)], questions: [] }, en);
  const many = issuesOf(
    { title: "Many", questions: Array.from({ length: LIMITS.maxQuestions + 1 }, () => single) },
    en,
  );
  // The alt-text rule runs on a quiz otherwise valid, as the editor's last step before saving.
  const noAlt = issuesOf({ title: "Alt", questions: [single, { ...single, image: "https://example.com/a.png" }] }, en);
  const all = [...raw, ...none, ...many, ...noAlt];

  it("the broken quiz reaches every field the editor shows", () => {
    const paths = new Set(all.map((i) => i.path.map((p) => (typeof p === "number" ? "#" : String(p))).join(".")));
    for (const p of [
      "title",
      "description",
      "tags.#",
      "tags",
      "language",
      "cover.image",
      "questions",
      "questions.#.text",
      "questions.#.options",
      "questions.#.options.#",
      "questions.#.correct",
      "questions.#.accepted",
      "questions.#.accepted.#",
      "questions.#.items",
      "questions.#.items.#",
      "questions.#.min",
      "questions.#.max",
      "questions.#.step",
      "questions.#.tolerance",
      "questions.#.timeLimit",
      "questions.#.explanation",
      "questions.#.image",
      "questions.#.imageAlt",
    ])
      expect(paths, p).toContain(p);
    expect(raw.length).toBeGreaterThan(35);
  });

  it("every issue reads as a sentence in English and Russian, never the raw text or the catch-all", () => {
    const rawTexts = new Set([...all, ...rawRu].map((i) => i.message));
    for (const issue of all) {
      const where = `${issue.path.join(".")} (${issue.message})`;
      for (const lang of ["en", "ru"] as const) {
        const m = describeIssue(issue as IssueLike, lang);
        expect(m.trim(), where).not.toBe("");
        expect(rawTexts.has(m), where).toBe(false);
        expect(m, where).toMatch(/[.!]$/);
        expect(m, where).not.toMatch(/check this field|проверьте это поле|must not|must be at most|expected/i);
        expect(m, where).not.toMatch(/Too small|Too big|Invalid/);
        if (lang === "ru") expect(m, where).toMatch(/[а-яё]/i);
      }
    }
  });

  it("names the question and what to do, as teachers asked", () => {
    const at = (path: string) => {
      const i = all.find((x) => x.path.join(".") === path);
      expect(i, path).toBeDefined();
      return (lang: "en" | "ru") => describeIssue(i as IssueLike, lang);
    };
    expect(at("title")("en")).toBe("Give the quiz a title.");
    expect(at("title")("ru")).toBe("Дайте викторине название.");
    expect(at("questions.2.options")("en")).toBe("Question 3 needs at least two options.");
    expect(at("questions.2.options")("ru")).toBe("В вопросе 3 нужно хотя бы два варианта.");
    expect(at("questions.14.items")("en")).toBe("Question 15 needs at least three items to put in order.");
    expect(at("questions.0.text")("en")).toBe("Write the text of question 1.");
    expect(at("questions.4.options.1")("en")).toBe("Question 5: fill in option 2, or remove it.");
    expect(at("questions.1.imageAlt")("en")).toBe("Question 2: describe the picture, or mark it as decorative.");
    expect(at("questions")("en")).toBe("Add at least one question.");
  });

  it("reads the server's form of each issue (dotted path, English message) the same", () => {
    for (const issue of raw) {
      const server = { path: issue.path.map(String).join("."), message: issue.message };
      for (const lang of ["en", "ru"] as const)
        expect(describeIssue(server, lang), server.path).toBe(describeIssue(issue as IssueLike, lang));
    }
  });

  it("explains a formula the server could not render, naming the question", () => {
    const server = { path: "questions.1.text", message: 'formula "\\frac{1": Expected group after \\frac' };
    expect(describeIssue(server, "en")).toMatch(/^Question 2: a formula cannot be shown \(.*\\frac.*\)\. Check/);
    expect(describeIssue(server, "ru")).toMatch(/^Вопрос 2: формулу не получается показать/);
  });
});
