// Each question kind (schema/kinds) on its own: its choices and layout, what the view shows, the
// distribution everyone sees at the reveal, and the editor's draft. Checking, valid answers and
// right answers per type are in rooms-rules.test.ts; the teacher's distributions in reports-pure.test.ts.
import { describe, expect, it } from "vitest";
import { KINDS, kindFor, kindOf } from "../../schema/kinds/index.ts";
import { topWithOther } from "../../schema/kinds/buckets.ts";
import {
  blankKindFields,
  defaultPoints,
  draftFieldsOf,
  draftToInput,
  type QuestionDraft,
} from "../../schema/kinds/draft.ts";
import { gameSettings } from "../../schema/game.ts";
import type { AnswerValue } from "../../schema/messages.ts";
import { QUESTION_TYPES, question, type Question, type QuestionInput, type QuestionType } from "../../schema/quiz.ts";
import { questionView, revealMessage } from "../../rooms/live/views.ts";
import type { AnswerRow, GameConfig } from "../../rooms/live/types.ts";

const q = (input: QuestionInput): Question => question.parse(input);
const marked = (answer: AnswerValue, correct: boolean | null) => ({ answer, correct });

const SAMPLES: Record<QuestionType, Question> = {
  single: q({ type: "single", text: "Capital of France?", options: ["Lyon", "Paris", "Nice"], correct: 1 }),
  multi: q({ type: "multi", text: "Primes?", options: ["2", "4", "5"], correct: [0, 2], points: "double" }),
  truefalse: q({ type: "truefalse", text: "The sky is green", correct: false, explanation: "It is blue." }),
  text: q({ type: "text", text: "Capital of Iceland?", accepted: ["Reykjavík", "Reykjavik"] }),
  order: q({ type: "order", text: "Oldest first", items: ["Rome", "Paris", "Berlin"], timeLimit: 30 }),
  slider: q({ type: "slider", text: "Legs of a spider?", min: 0, max: 10, step: 1, correct: 8, tolerance: 1 }),
  poll: q({ type: "poll", text: "Fun?", options: ["Yes", "Very"], points: "none" }),
};

describe("the registry", () => {
  it("has exactly one kind per question type, under its own name", () => {
    expect(Object.keys(KINDS)).toEqual([...QUESTION_TYPES]);
    for (const t of QUESTION_TYPES) expect(kindFor(t).type).toBe(t);
    for (const sample of Object.values(SAMPLES)) expect(kindOf(sample)).toBe(KINDS[sample.type]);
  });

  it("only the poll is never right or wrong", () => {
    expect(QUESTION_TYPES.filter((t) => !kindFor(t).scored)).toEqual(["poll"]);
    expect(defaultPoints("poll")).toBe("none");
    expect(defaultPoints("single")).toBe("standard");
  });
});

describe("choices and layout", () => {
  it("options and items are the teacher's text; true/false are keys; typed and slider answers have none", () => {
    const choices = (t: QuestionType) => kindFor(t).choices(SAMPLES[t]);
    expect(choices("single")).toEqual([{ text: "Lyon" }, { text: "Paris" }, { text: "Nice" }]);
    expect(choices("order")).toEqual([{ text: "Rome" }, { text: "Paris" }, { text: "Berlin" }]);
    expect(choices("truefalse")).toEqual([{ labelKey: "true" }, { labelKey: "false" }]);
    expect(choices("text")).toEqual([]);
    expect(choices("slider")).toEqual([]);
  });

  it("ordering is always shuffled (scramble), true/false never shuffled, options when the host asks", () => {
    expect(Object.fromEntries(QUESTION_TYPES.map((t) => [t, kindFor(t).arrangement]))).toEqual({
      single: "shuffle",
      multi: "shuffle",
      truefalse: "fixed",
      text: "fixed",
      order: "scramble",
      slider: "fixed",
      poll: "shuffle",
    });
  });

  it("only the slider adds to the view, and never its answer", () => {
    expect(kindFor("slider").viewExtras(SAMPLES.slider)).toEqual({ slider: { min: 0, max: 10, step: 1 } });
    for (const t of QUESTION_TYPES.filter((t) => t !== "slider")) expect(kindFor(t).viewExtras(SAMPLES[t])).toEqual({});
  });
});

describe("distributions", () => {
  it("everyone sees typed and slider answers only as right / wrong, by the verdict stored", () => {
    const typed = [
      marked({ text: "Oslo" }, false),
      marked({ text: "reykjavik" }, true),
      marked({ text: "Reykjavík" }, true),
    ];
    expect(kindFor("text").distribution(SAMPLES.text, typed, "everyone")).toEqual([
      { labelKey: "correct", count: 2, correct: true },
      { labelKey: "wrong", count: 1, correct: false },
    ]);
    const values = [marked({ value: 8 }, true), marked({ value: 2 }, false), marked({ value: 3 }, false)];
    expect(kindFor("slider").distribution(SAMPLES.slider, values, "everyone")).toEqual([
      { labelKey: "correct", count: 1, correct: true },
      { labelKey: "wrong", count: 2, correct: false },
    ]);
    // The teacher sees the answers themselves.
    expect(kindFor("text").distribution(SAMPLES.text, typed, "teacher")[0]).toEqual({
      label: "reykjavik",
      count: 2,
      correct: true,
    });
  });

  it("options and items count the same for everyone and for the teacher, each with its index", () => {
    const answers = [marked({ choices: [0, 2] }, true), marked({ choices: [0] }, false)];
    for (const audience of ["everyone", "teacher"] as const)
      expect(kindFor("multi").distribution(SAMPLES.multi, answers, audience)).toEqual([
        { label: "2", index: 0, count: 2, correct: true },
        { label: "4", index: 1, count: 0, correct: false },
        { label: "5", index: 2, count: 1, correct: true },
      ]);
    expect(
      kindFor("order")
        .distribution(SAMPLES.order, [marked({ order: [0, 2, 1] }, false)], "everyone")
        .map((t) => t.count),
    ).toEqual([1, 0, 0]);
  });

  it("a stored answer counts once per option, and never for an option the question lacks", () => {
    const odd = [marked({ choices: [1, 1, 5] }, false), marked({ choice: 9 }, false), marked({ text: "Paris" }, false)];
    expect(
      kindFor("single")
        .distribution(SAMPLES.single, odd, "teacher")
        .map((t) => t.count),
    ).toEqual([0, 1, 0]);
  });

  it("a poll's options are never right or wrong", () => {
    expect(kindFor("poll").distribution(SAMPLES.poll, [marked({ choice: 1 }, null)], "everyone")).toEqual([
      { label: "Yes", index: 0, count: 0, correct: null },
      { label: "Very", index: 1, count: 1, correct: null },
    ]);
  });

  it("buckets of equal size keep a stable order, and the tail is summed as other only past the top", () => {
    const buckets = ["b", "a", "c"].map((label) => ({ label, count: 1, correct: false, sortKey: label }));
    expect(topWithOther(buckets).map((b) => ("label" in b ? b.label : b.labelKey))).toEqual(["a", "b", "c"]);
    expect(topWithOther(buckets, 2)).toEqual([
      { label: "a", count: 1, correct: false },
      { label: "b", count: 1, correct: false },
      { labelKey: "other", count: 1, correct: null },
    ]);
  });
});

describe("the editor's draft", () => {
  const draftOf = (sample: Question): QuestionDraft => ({
    id: sample.id ?? "q1",
    type: sample.type,
    text: sample.text,
    image: "",
    imageAlt: "",
    imageDecorative: false,
    timeLimit: sample.timeLimit,
    points: sample.points,
    explanation: "",
    ...blankKindFields(),
    ...draftFieldsOf(sample),
  });
  const common = (d: QuestionDraft) => ({ id: d.id, text: d.text, timeLimit: d.timeLimit, points: d.points });

  it("every type reads back from its draft as it was saved", () => {
    for (const sample of Object.values(SAMPLES)) {
      const d = draftOf(sample);
      const { explanation, ...saved } = sample;
      expect(question.parse(draftToInput(d, common(d))), sample.type).toEqual({ ...saved, id: "q1" });
    }
  });

  it("a blank question of any type is every kind's fields, and switching type keeps what was typed", () => {
    const blank = blankKindFields();
    expect(blank).toMatchObject({
      options: ["", "", "", ""],
      correctIndex: 0,
      correctSet: [0],
      correctBool: true,
      accepted: [""],
      items: ["", "", ""],
    });
    expect(blank).toMatchObject({ min: 0, max: 100, step: 1, tolerance: 0 });
    // A slider asks for its correct value: none by default, so a new slider question does not save as is.
    expect(blank.value).toBeNaN();
    const common0 = { id: "s", text: "How many?", timeLimit: 20, points: "standard" as const };
    const input = draftToInput({ ...blank, type: "slider" } as never, common0);
    const parsed = question.safeParse(input);
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.map((i) => i.path.join("."))).toEqual(["correct"]);
    expect(question.safeParse({ ...input, correct: 50 }).success).toBe(true);
    // An import without it is refused the same way.
    const { correct: _c, ...imported } = { ...(input as object), correct: 1 } as Record<string, unknown>;
    expect(question.safeParse(imported).success).toBe(false);
    const single = draftOf(SAMPLES.single);
    expect(draftToInput({ ...single, type: "multi" }, common(single))).toMatchObject({
      type: "multi",
      options: ["Lyon", "Paris", "Nice"],
      correct: [1],
    });
    expect(draftToInput({ ...single, type: "poll" }, common(single))).toMatchObject({
      type: "poll",
      options: ["Lyon", "Paris", "Nice"],
    });
    const multi = draftOf(SAMPLES.multi);
    // Several right answers become one (the first), the others kept should the teacher switch back.
    expect(draftToInput({ ...multi, type: "single" }, common(multi))).toMatchObject({ type: "single", correct: 0 });
    expect(draftToInput({ ...multi, type: "multi" }, common(multi))).toMatchObject({ correct: [0, 2] });
  });
});

describe("the room's view and reveal, as the kinds describe them", () => {
  const questions = [SAMPLES.single, SAMPLES.truefalse, SAMPLES.text, SAMPLES.slider, SAMPLES.order];
  const cfg: GameConfig = {
    gameId: "g",
    code: "ABCDEF",
    hostId: "t",
    quizId: null,
    title: "t",
    settings: gameSettings.parse({}),
    questions,
    order: [0, 1, 2, 3, 4],
    display: [[2, 0, 1], [0, 1], [], [], [1, 2, 0]],
    ids: [[5, 1, 3], [0, 1], [], [], [2, 0, 1]],
    retentionMs: 1,
    createdAt: 0,
  };
  let players = 0;
  const row = (index: number, answer: AnswerValue, correct: boolean | null): AnswerRow => ({
    q: index,
    playerId: `p${++players}`,
    answer,
    correct,
    fraction: correct ? 1 : 0,
    basePoints: 0,
    points: 0,
    responseMs: 1000,
    answeredAt: 0,
  });

  it("options come in display order under their ids; true/false as keys; the slider with its range", () => {
    expect(questionView(cfg, 0, 0, 1, 0).options).toEqual([
      { id: 3, text: "Nice" },
      { id: 5, text: "Lyon" },
      { id: 1, text: "Paris" },
    ]);
    expect(questionView(cfg, 1, 0, 1, 0).options).toEqual([
      { id: 0, labelKey: "true" },
      { id: 1, labelKey: "false" },
    ]);
    const typed = questionView(cfg, 2, 0, 1, 0);
    expect("options" in typed || "slider" in typed).toBe(false);
    expect(questionView(cfg, 3, 0, 1, 0).slider).toEqual({ min: 0, max: 10, step: 1 });
  });

  it("the reveal counts by option id in display order, and shows typed answers only as right / wrong", () => {
    const single = revealMessage(cfg, 0, [
      row(0, { choice: 1 }, true),
      row(0, { choice: 1 }, true),
      row(0, { choice: 2 }, false),
    ]);
    expect(single.correct).toEqual({ choice: 1 });
    expect(single.distribution).toEqual([
      { id: 3, label: "Nice", count: 1, correct: false },
      { id: 5, label: "Lyon", count: 0, correct: false },
      { id: 1, label: "Paris", count: 2, correct: true },
    ]);
    const tf = revealMessage(cfg, 1, [row(1, { choice: 1 }, true)]);
    expect(tf.distribution).toEqual([
      { id: 0, labelKey: "true", count: 0, correct: false },
      { id: 1, labelKey: "false", count: 1, correct: true },
    ]);
    expect(tf.explanation).toBe("It is blue.");
    const text = revealMessage(cfg, 2, [
      row(2, { text: "Oslo (my secret)" }, false),
      row(2, { text: "Reykjavik" }, true),
    ]);
    expect(JSON.stringify(text.distribution)).not.toContain("Oslo");
    expect(text.distribution).toEqual([
      { labelKey: "correct", count: 1, correct: true },
      { labelKey: "wrong", count: 1, correct: false },
    ]);
    const order = revealMessage(cfg, 4, [row(4, { order: [0, 1, 2] }, true)]);
    expect(order.correct).toEqual({ order: [2, 0, 1] });
    expect(order.distribution.map((d) => d.id)).toEqual([0, 1, 2]);
  });
});
