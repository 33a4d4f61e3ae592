// Partial credit: each weighted kind's check, and the points the room gives for it (the speed
// points times the share). Absent weights keep today's all-or-nothing behaviour.
import { describe, expect, it } from "vitest";
import { kindOf } from "../../schema/kinds/index.ts";
import { type QuestionInput, question as questionSchema } from "../../schema/quiz.ts";
import { answerPoints } from "../../rooms/kit/scoring.ts";
import { answerSheet } from "../../worker/reports/answer-sheet.ts";
import type { AnswerRow } from "../../worker/reports/rows.ts";

const q = (input: QuestionInput) => questionSchema.parse(input);
const check = (input: QuestionInput, a: Parameters<ReturnType<typeof kindOf>["check"]>[1]) => {
  const parsed = q(input);
  return kindOf(parsed).check(parsed, a);
};

describe("slider with partly right ranges", () => {
  const year = {
    type: "slider",
    text: "Year?",
    min: 1900,
    max: 2000,
    step: 1,
    correct: 1969,
    tolerance: 0,
    ranges: [
      { value: 1969, tolerance: 2, weight: 50 },
      { value: 1970, tolerance: 10, weight: 10 },
    ],
  } satisfies QuestionInput;
  it("the right range is right; outside it the best range holding the value counts", () => {
    expect(check(year, { value: 1969 })).toEqual({ correct: true, fraction: 1 });
    expect(check(year, { value: 1971 })).toEqual({ correct: false, fraction: 0.5 });
    expect(check(year, { value: 1975 })).toEqual({ correct: false, fraction: 0.1 });
    expect(check(year, { value: 1990 })).toEqual({ correct: false, fraction: 0 });
    const { ranges: _r, ...plain } = year;
    expect(check(plain, { value: 1971 })).toEqual({ correct: false, fraction: 0 });
  });
  it("feedback: the right range's, the best range's holding the value, or the one for any other answer", () => {
    const withFeedback = {
      ...year,
      ranges: [
        { value: 1969, tolerance: 2, weight: 50, feedback: "close" },
        { value: 1970, tolerance: 10, weight: 10 },
      ],
      feedback: ["exactly", "far off"] as [string, string],
    } satisfies QuestionInput;
    const parsed = q(withFeedback);
    const said = (value: number) => kindOf(parsed).feedback(parsed, { value });
    expect([said(1969), said(1971), said(1975), said(1990)]).toEqual(["exactly", "close", null, "far off"]);
  });
  it("a range is worth more than 0 and less than 100 %", () => {
    for (const weight of [0, 100, -5])
      expect(questionSchema.safeParse({ ...year, ranges: [{ value: 1, tolerance: 1, weight }] }).success).toBe(false);
  });
});

describe("single choice with weights", () => {
  const half = {
    type: "single",
    text: "Q",
    options: ["a", "b", "c"],
    correct: 2,
    weights: [0, 50, 100],
  } satisfies QuestionInput;
  it("scores each option by its weight; only 100 % is right", () => {
    expect(check(half, { choice: 2 })).toEqual({ correct: true, fraction: 1 });
    expect(check(half, { choice: 1 })).toEqual({ correct: false, fraction: 0.5 });
    expect(check(half, { choice: 0 })).toEqual({ correct: false, fraction: 0 });
  });
  it("several options at 100 % all count (Kahoot's any-of-them)", () => {
    const any = {
      type: "single",
      text: "Q",
      options: ["a", "b", "c"],
      correct: 0,
      weights: [100, 100, 0],
    } satisfies QuestionInput;
    expect(check(any, { choice: 1 })).toEqual({ correct: true, fraction: 1 });
    const parsed = q(any);
    expect(
      kindOf(parsed)
        .distribution(parsed, [], "everyone")
        .map((t) => t.correct),
    ).toEqual([true, true, false]);
  });
  it("without weights it is all or nothing, as before", () => {
    expect(check({ type: "single", text: "Q", options: ["a", "b"], correct: 1 }, { choice: 0 })).toEqual({
      correct: false,
      fraction: 0,
    });
  });
  it("refuses weights that do not fit: the marked option must be 100 %, one weight per option", () => {
    expect(questionSchema.safeParse({ ...half, correct: 1 }).success).toBe(false);
    expect(questionSchema.safeParse({ ...half, weights: [0, 100] }).success).toBe(false);
    expect(questionSchema.safeParse({ ...half, weights: [-10, 50, 100] }).success).toBe(false);
  });
});

describe("multiple select with weights (Moodle-style)", () => {
  const m = {
    type: "multi",
    text: "Q",
    options: ["a", "b", "c", "d"],
    correct: [0, 1],
    weights: [50, 50, -50, 0],
  } satisfies QuestionInput;
  it("sums the picks' weights, a wrong pick costing, clamped to 0..100 %", () => {
    expect(check(m, { choices: [0, 1] })).toEqual({ correct: true, fraction: 1 });
    expect(check(m, { choices: [0] })).toEqual({ correct: false, fraction: 0.5 });
    expect(check(m, { choices: [0, 1, 2] })).toEqual({ correct: false, fraction: 0.5 });
    expect(check(m, { choices: [0, 2] })).toEqual({ correct: false, fraction: 0 });
    expect(check(m, { choices: [2] })).toEqual({ correct: false, fraction: 0 });
    // A 0 % option costs nothing, as in Moodle.
    expect(check(m, { choices: [0, 1, 3] })).toEqual({ correct: true, fraction: 1 });
  });
  it("accepts Moodle's thirds and refuses positive weights off 100 % or on an option not marked right", () => {
    const thirds = { ...m, options: ["a", "b", "c"], correct: [0, 1, 2], weights: [33.33333, 33.33333, 33.33333] };
    expect(check(thirds, { choices: [0, 1, 2] }).correct).toBe(true);
    expect(questionSchema.safeParse({ ...m, weights: [50, 40, -50, 0] }).success).toBe(false);
    expect(questionSchema.safeParse({ ...m, correct: [0] }).success).toBe(false);
  });
  it("without weights keeps the share of right picks and nothing for a wrong pick", () => {
    const plain = { type: "multi", text: "Q", options: ["a", "b", "c"], correct: [0, 1] } satisfies QuestionInput;
    expect(check(plain, { choices: [0] })).toEqual({ correct: false, fraction: 0.5 });
    expect(check(plain, { choices: [0, 2] })).toEqual({ correct: false, fraction: 0 });
  });
});

describe("typed answers with weights", () => {
  const t = {
    type: "text",
    text: "Q",
    accepted: ["Frog", "Cat", "Dog"],
    weights: [100, 50, 0],
  } satisfies QuestionInput;
  it("scores the matched answer's weight; the reveal shows only the full ones", () => {
    expect(check(t, { text: " frog " })).toEqual({ correct: true, fraction: 1 });
    expect(check(t, { text: "CAT" })).toEqual({ correct: false, fraction: 0.5 });
    expect(check(t, { text: "dog" })).toEqual({ correct: false, fraction: 0 });
    expect(check(t, { text: "horse" })).toEqual({ correct: false, fraction: 0 });
    const parsed = q(t);
    expect(kindOf(parsed).correctAnswer(parsed)).toEqual({ accepted: ["Frog"] });
  });
  it("needs one answer worth 100 %", () => {
    expect(questionSchema.safeParse({ ...t, weights: [50, 50, 0] }).success).toBe(false);
  });
});

describe("per-answer feedback", () => {
  it("gives the picked option's, the matched answer's, and true/false's own text", () => {
    const s = q({ type: "single", text: "Q", options: ["a", "b"], correct: 0, feedback: ["yes", "no: a"] });
    expect(kindOf(s).feedback(s, { choice: 1 })).toBe("no: a");
    const t = q({ type: "text", text: "Q", accepted: ["x", "y"], feedback: ["", "close"] });
    expect(kindOf(t).feedback(t, { text: "Y" })).toBe("close");
    expect(kindOf(t).feedback(t, { text: "x" })).toBeNull();
    const tf = q({ type: "truefalse", text: "Q", correct: true, feedback: ["right", "wrong"] });
    expect(kindOf(tf).feedback(tf, { choice: 1 })).toBe("wrong");
  });
});

describe("points for a partly right answer", () => {
  it("are the speed points times the share", () => {
    const full = answerPoints("standard", 1, 5000, 20000, false);
    expect(full).toBe(875);
    expect(answerPoints("standard", 0.5, 5000, 20000, false)).toBe(438);
    expect(answerPoints("double", 0.5, 0, 20000, true)).toBe(1000);
    expect(answerPoints("standard", 0, 0, 20000, false)).toBe(0);
  });
});

describe("the report's answer sheet", () => {
  it("counts a partly right answer as partly right and shows the answer's feedback once the game is over", () => {
    const snapshot = [
      q({ type: "single", text: "Q", options: ["a", "b"], correct: 0, weights: [100, 50], feedback: ["", "half"] }),
      q({ type: "multi", text: "M", options: ["a", "b", "c"], correct: [0, 1] }),
    ];
    const row = (questionIndex: number, answer: unknown, correct: boolean, points: number) =>
      ({ questionIndex, answer, correct, points, responseMs: 1000 }) as unknown as AnswerRow;
    const rows = [row(0, { choice: 1 }, false, 400), row(1, { choices: [0, 2] }, false, 0)];
    const [single, multi] = answerSheet(snapshot, rows, true);
    expect(single).toMatchObject({ correct: false, partly: true, feedback: "half", earned: 400 });
    // A wrong pick in an unweighted multiple select earns nothing: wrong, not partly right.
    expect(multi.partly).toBeUndefined();
    // While the game runs, the feedback (which may tell the answer) waits.
    expect(answerSheet(snapshot, rows, false)[0].feedback).toBeUndefined();
  });
});

describe("the editor's working copy", () => {
  it("keeps weights, a slider's ranges and feedback through fromQuestion and toInput; partial credit off drops the weights only", () => {
    const common = { text: "Q", timeLimit: 20, points: "standard" as const };
    for (const input of [
      { type: "single", text: "Q", options: ["a", "b"], correct: 1, weights: [50, 100], feedback: ["half", ""] },
      { type: "multi", text: "Q", options: ["a", "b", "c"], correct: [0, 2], weights: [50, -50, 50] },
      { type: "text", text: "Q", accepted: ["x", "y"], weights: [100, 25], feedback: ["", "close"] },
      { type: "truefalse", text: "Q", correct: false, feedback: ["no", "yes"] },
      {
        type: "slider",
        text: "Q",
        min: 0,
        max: 10,
        step: 1,
        correct: 3,
        tolerance: 0,
        ranges: [{ value: 3, tolerance: 2, weight: 50, feedback: "near" }],
        feedback: ["", "no"],
      },
    ] satisfies QuestionInput[]) {
      const parsed = q(input);
      const { draft } = kindOf(parsed) as unknown as {
        draft: { fromQuestion(q: unknown): Record<string, unknown>; toInput(d: unknown, c: unknown): unknown };
      };
      const fields = draft.fromQuestion(parsed);
      expect(q(draft.toInput(fields, common) as QuestionInput)).toEqual(q(input));
      if ("partial" in fields) {
        const off = q(draft.toInput({ ...fields, partial: false }, common) as QuestionInput);
        expect("weights" in off).toBe(false);
        expect(off).toMatchObject("feedback" in input ? { feedback: input.feedback } : {});
      }
    }
  });
});
