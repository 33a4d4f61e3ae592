// The importers against Moodle's own results: the GIFT and Aiken examples of Moodle's documentation
// (docs.moodle.org/en/GIFT_format, /en/Aiken_format) and one case per construct an outside run of
// Moodle's test inputs found. Each outcome is what Moodle imports, or the case is listed by line.
import { describe, expect, it } from "vitest";
import { question as questionSchema } from "../../schema/quiz.ts";
import { parseAiken } from "../../worker/quizzes/formats/aiken.ts";
import { escapeStem, exportGift, parseGift } from "../../worker/quizzes/formats/gift.ts";
import { markdownToText } from "../../worker/quizzes/formats/text.ts";
import { renderMathText } from "../../schema/math/render.ts";

const one = (text: string) => {
  const r = parseGift(text);
  expect(r.problems).toEqual([]);
  expect(r.questions).toHaveLength(1);
  // Whatever the reader makes must be a valid question too.
  expect(questionSchema.safeParse(r.questions[0].question).success).toBe(true);
  return r.questions[0].question;
};

const MOODLE_DOC_EXAMPLE = `// true/false
::Q1:: 1+1=2 {T}

// multiple choice with specified feedback for right and wrong answers
::Q2:: What's between orange and green in the spectrum?
{ =yellow # right; good! ~red # wrong, it's yellow ~blue # wrong, it's yellow }

// fill-in-the-blank
::Q3:: Two plus {=two =2} equals four.

// matching
::Q4:: Which animal eats which food? { =cat -> cat food =dog -> dog food }

// math range question
::Q5:: What is a number from 1 to 5? {#3:2}

// math range specified with interval end points
::Q6:: What is a number from 1 to 5? {#1..5}
// translated on import to the same as Q5, but unavailable from Moodle question interface

// multiple numeric answers with partial credit and feedback
::Q7:: What is the value of pi (to 3 decimal places)? {#
		=%100%3.141..3.142#Correct!
		=%50%3.14..3.143#Close, but not quite.
		~#Completely wrong.
}

// essay
::Q8:: How are you? {}
`;

describe("GIFT: Moodle's documentation example", () => {
  it("imports what Moodle imports and lists the rest by line", () => {
    const r = parseGift(MOODLE_DOC_EXAMPLE);
    expect(r.problems).toEqual([]);
    expect(r.questions.map((l) => [l.at.n, l.question])).toEqual([
      // "1+1=2": Moodle reads the text up to "{", so the "=" needs no escape there.
      [2, { type: "truefalse", text: "1+1=2", correct: true }],
      [
        5,
        {
          type: "single",
          text: "What's between orange and green in the spectrum?",
          options: ["yellow", "red", "blue"],
          correct: 0,
          feedback: ["right; good!", "wrong, it's yellow", "wrong, it's yellow"],
        },
      ],
      [9, { type: "text", text: "Two plus _____ equals four.", accepted: ["two", "2"] }],
      // {#3:2} and {#1..5} are the same question: 3 ± 2 on a slider.
      [
        15,
        { type: "slider", text: "What is a number from 1 to 5?", min: 0, max: 13, step: 1, correct: 3, tolerance: 2 },
      ],
      [
        18,
        { type: "slider", text: "What is a number from 1 to 5?", min: 0, max: 13, step: 1, correct: 3, tolerance: 2 },
      ],
      // Q7: 3.141..3.142 right, 3.14..3.143 worth 50 %: a slider with that partial credit.
      [
        22,
        {
          type: "slider",
          text: "What is the value of pi (to 3 decimal places)?",
          min: 2.6415,
          max: 3.6415,
          step: 0.0001,
          // biome-ignore lint/suspicious/noApproximativeNumericConstant: the midpoint of Moodle's 3.141..3.142
          correct: 3.1415,
          tolerance: 0.0005,
          // biome-ignore lint/suspicious/noApproximativeNumericConstant: the midpoint of 3.14..3.143
          ranges: [{ value: 3.1415, tolerance: 0.0015, weight: 50, feedback: "Close, but not quite." }],
          feedback: ["Correct!", "Completely wrong."],
        },
      ],
    ]);
    expect(r.skipped.map((s) => s.message)).toEqual([
      expect.stringMatching(/^line 12: skipped a matching question/),
      expect.stringMatching(/^line 29: skipped an essay question/),
    ]);
  });
});

describe("GIFT: the constructs Moodle's test inputs use", () => {
  it("{=Frog =%50%Cat}: a typed answer where Cat earns 50 %", () => {
    expect(one("Name an animal {=Frog =%50%Cat}")).toEqual({
      type: "text",
      text: "Name an animal",
      accepted: ["Frog", "Cat"],
      weights: [100, 50],
    });
  });

  it("{~wrong ~%50%half =full}: single choice (it has an '='), half worth 50 %", () => {
    expect(one("Pick {~wrong ~%50%half =full}")).toEqual({
      type: "single",
      text: "Pick",
      options: ["wrong", "half", "full"],
      correct: 2,
      weights: [0, 50, 100],
    });
  });

  it("{~%100%a ~%-50%b ~%-50%c}: no '=', so multiple select with those weights", () => {
    expect(one("Pick {~%100%a ~%-50%b ~%-50%c}")).toEqual({
      type: "multi",
      text: "Pick",
      options: ["a", "b", "c"],
      correct: [0],
      weights: [100, -50, -50],
    });
  });

  it("positive weights that do not add up to 100 % are refused by line, as Moodle refuses them", () => {
    const r = parseGift("Pick {~%50%a ~%30%b ~c}");
    expect(r.problems.map((p) => p.message)).toEqual([
      expect.stringMatching(/^line 1: the positive weights add up to 80%/),
    ]);
  });

  it("a comment line between the question and its answers, or among the answers, is ignored", () => {
    expect(one("Which?\n// a note to self\n{\n=a\n// why b is wrong\n~b\n}")).toEqual({
      type: "single",
      text: "Which?",
      options: ["a", "b"],
      correct: 0,
    });
  });

  it("numerical {#3:2}, {#1..5}, {#=3:0 =%50%3:1 ~#…}: sliders when they fit, listed by line when not", () => {
    expect(one("N? {#3:2}")).toMatchObject({ type: "slider", correct: 3, tolerance: 2 });
    expect(one("N? {#1..5}")).toMatchObject({ type: "slider", correct: 3, tolerance: 2 });
    // One right value and a catch-all: the slider, the catch-all's feedback to any other answer.
    const single = parseGift("N? {#=3:0 #Yes ~#Completely wrong}");
    expect(single.questions[0].question).toMatchObject({
      type: "slider",
      correct: 3,
      tolerance: 0,
      feedback: ["Yes", "Completely wrong"],
    });
    expect(single.skipped).toEqual([]);
    // A 0 % range's feedback has nowhere to go on a slider: said by line.
    const zero = parseGift("N? {#=3:0 ~%0%5:1#Five is not it}");
    expect(zero.skipped.map((s) => s.message)).toEqual([
      expect.stringMatching(/^line 1: .*range worth 0% is not kept/),
    ]);
    // 50 % for 3 ± 1: the slider's partial credit (Moodle's weighted ranges), never a syntax error.
    const partial = parseGift("Intro {=a ~b}\n\nN? {#=3:0 =%50%3:1 ~#Completely wrong}");
    expect(partial.problems).toEqual([]);
    expect(partial.questions[1].question).toMatchObject({
      type: "slider",
      correct: 3,
      tolerance: 0,
      ranges: [{ value: 3, tolerance: 1, weight: 50 }],
    });
    expect(questionSchema.safeParse(partial.questions[1].question).success).toBe(true);
    // Moodle's own order (the partial range first) and a range with its own feedback.
    expect(one("N? {#=%50%3:2 =%100%3:0.5}")).toMatchObject({
      type: "slider",
      correct: 3,
      tolerance: 0.5,
      ranges: [{ value: 3, tolerance: 2, weight: 50 }],
    });
    const wide = one("Year? {#=1969:0 =%25%1969:5 =%10%1950..2000}");
    expect(wide).toMatchObject({ correct: 1969, ranges: [{ weight: 25 }, { value: 1975, tolerance: 25, weight: 10 }] });
    if (wide.type === "slider") expect(wide.min <= 1950 && wide.max >= 2000).toBe(true);
    // What a slider still cannot be is listed by line, never changed silently.
    const two = parseGift("A {T}\n\nN? {#=3:0 =5:0}\n\nM? {#=%50%3:1}");
    expect(two.problems).toEqual([]);
    expect(two.skipped.map((s) => s.message)).toEqual([
      expect.stringMatching(/^line 3: skipped a numerical question with several ranges worth 100%/),
      expect.stringMatching(/^line 5: skipped a numerical question with no range worth 100%/),
    ]);
    // Every slider it makes reaches its value by whole steps and is valid.
    for (const src of ["{#3.14:0.005}", "{#-40:5}", "{#1000:10}", "{#0.5..0.75}"]) {
      const q = one(`N? ${src}`);
      expect(q.type).toBe("slider");
      if (q.type !== "slider") continue;
      expect(Math.abs(Math.round((q.correct - q.min) / q.step) * q.step - (q.correct - q.min))).toBeLessThan(1e-9);
    }
  });

  it("per-answer feedback and true/false feedback are kept ({T#wrong#right}: the first to a wrong answer)", () => {
    expect(one("Colour? {=yellow # right; good! ~red}")).toMatchObject({ feedback: ["right; good!", ""] });
    // [to whoever answers true, to whoever answers false]
    expect(one("Sky is blue {T#wrong#right}")).toEqual({
      type: "truefalse",
      text: "Sky is blue",
      correct: true,
      feedback: ["right", "wrong"],
    });
    expect(one("Sky is green {F#wrong#right}")).toMatchObject({ correct: false, feedback: ["wrong", "right"] });
  });

  it("[markdown]: Moodle's documentation example keeps its emphasis, shown as <em>, never as asterisks", () => {
    // docs.moodle.org/en/GIFT_format, "Specify text-formatting for the question".
    const q = one(
      "[markdown]The *American holiday of Thanksgiving* is celebrated on the {\n~second\n~third\n=fourth\n} Thursday of November.",
    );
    expect(q).toMatchObject({
      type: "single",
      text: "The *American holiday of Thanksgiving* is celebrated on the _____ Thursday of November.",
    });
    expect(renderMathText(q.text)).toBe(
      "The <em>American holiday of Thanksgiving</em> is celebrated on the _____ Thursday of November.",
    );
  });

  it("[markdown]: strong, _em_, code and escapes show as emphasis; links and headings as words; never HTML", () => {
    const q = one("[markdown]A *very* **bold** claim {T}");
    expect(renderMathText(q.text)).toBe("A <em>very</em> <strong>bold</strong> claim");
    const md = markdownToText("__x__ _y_ snake_case_name \\*star\\* `code` [site](https://a.b)");
    expect(md).toBe("**x** _y_ snake_case_name \\*star\\* `code` site (https://a.b)");
    expect(renderMathText(md)).toBe(
      "<strong>x</strong> <em>y</em> snake_case_name *star* <code>code</code> site (https://a.b)",
    );
    // A tag is text: escaped wherever it is shown, the emphasis beside it still emphasis.
    expect(renderMathText(markdownToText("<b>tag</b> *stays* text"))).toBe(
      "&#60;b&#62;tag&#60;/b&#62; <em>stays</em> text",
    );
    // A formula inside emphasis stays a formula.
    expect(renderMathText(markdownToText("*half of $x$*"))).toMatch(/^<em>half of <math [\s\S]*<\/math><\/em>$/);
  });

  it("text without [markdown] keeps its asterisks and underscores as written", () => {
    for (const src of ["A *very* big claim {T}", "[moodle]A *very* big claim {T}", "[plain]A *very* big claim {T}"]) {
      const q = one(src);
      expect(q.text).toBe("A \\*very\\* big claim");
      expect(renderMathText(q.text)).toBe("A *very* big claim");
    }
    // [html]: the tags dropped as before, the asterisks kept.
    expect(renderMathText(one("[html]<p>A *very* <b>big</b> claim</p> {T}").text)).toBe("A *very* big claim");
    // Nothing to escape: the text is left exactly as written.
    expect(one("2*3*4 = 24, snake_case {T}").text).toBe("2*3*4 = 24, snake_case");
    // Options and feedback too; a formula keeps its TeX (a_1 stays a subscript).
    const pick = one("Pick {=_a_ #*why* ~$a_1$ and *b*}");
    expect(pick).toMatchObject({
      options: ["\\_a\\_", "\\(a_1\\) and \\*b\\*"],
      feedback: ["\\*why\\*", ""],
    });
    if (pick.type === "single") expect(renderMathText(pick.options[1])).toMatch(/^<math [\s\S]*<\/math> and \*b\*$/);
  });

  it("an unescaped special character gets a hint to escape it with a backslash", () => {
    const r = parseGift("Time? {=12:30 ~1\\:00}");
    expect(r.problems[0].message).toMatch(/Expected "}" but ":" found.*escaped with a backslash: \\:/);
    expect(escapeStem("::T:: Note: x = y {T}\n")).toBe("::T:: Note\\: x \\= y {T}\n");
    expect(escapeStem("Plain {T}\n")).toBeNull();
  });

  it("export writes weights and feedback back out: a round trip keeps them", () => {
    const questions = [
      {
        type: "single" as const,
        text: "Pick",
        options: ["a", "b", "c"],
        correct: 1,
        weights: [50, 100, 0],
        feedback: ["half: why", "yes", ""],
      },
      { type: "multi" as const, text: "Tick", options: ["x", "y", "z"], correct: [0, 1], weights: [50, 50, -100] },
      { type: "text" as const, text: "Animal", accepted: ["Frog", "Cat"], weights: [100, 50], feedback: ["", "close"] },
      {
        type: "truefalse" as const,
        text: "True?",
        correct: false,
        feedback: ["no, it is false", "right"] as [string, string],
      },
    ].map((q) => questionSchema.parse(q));
    const { text } = exportGift({ title: "Credit", questions });
    expect(text).toContain("~%50%a #half\\: why");
    expect(text).toContain("FALSE#no, it is false#right");
    const back = parseGift(text);
    expect(back.problems).toEqual([]);
    expect(back.questions.map((l) => l.question)).toEqual(questions.map(({ timeLimit: _t, points: _p, ...q }) => q));
  });

  it("a question with emphasis exports as [markdown] and reads back the same; one without stays plain", () => {
    const questions = [
      {
        type: "single" as const,
        text: "A *very* **bold** pick",
        options: ["*x*", "2\\*3"],
        correct: 0,
        feedback: ["`yes`", ""],
      },
      { type: "truefalse" as const, text: "2*3*4 = 24", correct: true },
    ].map((q) => questionSchema.parse(q));
    const { text } = exportGift({ title: "Emphasis", questions });
    expect(text).toContain(":: [markdown]A *very* **bold** pick {");
    expect(text).toContain(":: 2*3*4 \\= 24 {");
    const back = parseGift(text);
    expect(back.problems).toEqual([]);
    expect(back.questions.map((l) => l.question)).toEqual(questions.map(({ timeLimit: _t, points: _p, ...q }) => q));
  });

  it("a slider's partly right ranges export as Moodle's weighted numerical answers and read back", () => {
    const slider = questionSchema.parse({
      type: "slider",
      text: "Year?",
      min: 1900,
      max: 2000,
      step: 1,
      correct: 1969,
      tolerance: 0,
      ranges: [
        { value: 1969, tolerance: 2, weight: 50, feedback: "Close: a *year* off" },
        { value: 1970, tolerance: 10, weight: 10 },
      ],
      feedback: ["Yes: 1969", "Apollo 11 landed in 1969"],
    });
    const { text } = exportGift({ title: "Years", questions: [slider] });
    expect(text).toContain("=%50%1969:2 #Close\\: a *year* off\n=%10%1970:10\n~#Apollo 11 landed in 1969");
    const back = parseGift(text);
    expect(back.problems).toEqual([]);
    expect(back.skipped).toEqual([]);
    if (slider.type !== "slider") return;
    expect(back.questions[0].question).toMatchObject({
      correct: 1969,
      tolerance: 0,
      ranges: slider.ranges,
      feedback: slider.feedback,
    });
  });
});

describe("Aiken: Moodle's documentation example", () => {
  it("reads A. and A) options, with or without a space after the letter", () => {
    const r = parseAiken(
      [
        "What is the correct answer to this question?",
        "A. Is it this one?",
        "B. Maybe this answer?",
        "C. Possibly this one?",
        "D. Must be this one!",
        "ANSWER: D",
        "",
        "Which LMS has the most quiz import formats?",
        "A) Moodle",
        "B) ATutor",
        "C) Claroline",
        "D) Blackboard",
        "E) WebCT",
        "F) Ilias",
        "ANSWER: A",
        "",
        "No space?",
        "A)Yes",
        "B)No",
        "ANSWER: A",
      ].join("\n"),
    );
    expect(r.problems).toEqual([]);
    expect(r.questions.map((l) => l.question)).toEqual([
      {
        type: "single",
        text: "What is the correct answer to this question?",
        options: ["Is it this one?", "Maybe this answer?", "Possibly this one?", "Must be this one!"],
        correct: 3,
      },
      {
        type: "single",
        text: "Which LMS has the most quiz import formats?",
        options: ["Moodle", "ATutor", "Claroline", "Blackboard", "WebCT", "Ilias"],
        correct: 0,
      },
      { type: "single", text: "No space?", options: ["Yes", "No"], correct: 0 },
    ]);
  });
});
