// The editor's question list: moves, undoable removals and where a drag lands; and when a draft
// kept in the browser differs from the saved quiz.
import { describe, expect, it } from "vitest";
import { QUESTION_TYPES, type Quiz } from "../../schema/quiz.ts";
import { fromQuiz } from "../../web/src/teacher/editor/draft.ts";
import { sameQuiz } from "../../web/src/teacher/editor/local-draft.ts";
import { dropIndex, excerpt, insertAt, moveItem, removeAt } from "../../web/src/teacher/editor/reorder.ts";

describe("moveItem", () => {
  it("moves an item down and up, leaving the input alone", () => {
    const list = ["a", "b", "c", "d"];
    expect(moveItem(list, 0, 2)).toEqual(["b", "c", "a", "d"]);
    expect(moveItem(list, 3, 1)).toEqual(["a", "d", "b", "c"]);
    expect(list).toEqual(["a", "b", "c", "d"]);
  });
  it("clamps the target and ignores a missing source", () => {
    expect(moveItem(["a", "b", "c"], 1, 9)).toEqual(["a", "c", "b"]);
    expect(moveItem(["a", "b", "c"], 1, -4)).toEqual(["b", "a", "c"]);
    expect(moveItem(["a", "b"], 5, 0)).toEqual(["a", "b"]);
  });
});

describe("removeAt / insertAt", () => {
  it("undoing a removal puts the item back where it was", () => {
    const list = ["a", "b", "c"];
    for (let i = 0; i < list.length; i++) expect(insertAt(removeAt(list, i), i, list[i])).toEqual(list);
  });
  it("clamps an insertion past either end", () => {
    expect(insertAt(["a"], 7, "z")).toEqual(["a", "z"]);
    expect(insertAt(["a"], -1, "z")).toEqual(["z", "a"]);
  });
});

describe("dropIndex", () => {
  // Four entries 40 px tall: middles at 20, 60, 100, 140.
  const middles = [20, 60, 100, 140];
  it("stays in place while the pointer is over the entry's own slot", () => {
    expect(dropIndex(middles, 30, 1)).toBe(1);
    expect(dropIndex(middles, 70, 1)).toBe(1);
  });
  it("lands after the entries whose middle it passed", () => {
    expect(dropIndex(middles, 105, 0)).toBe(2);
    expect(dropIndex(middles, 500, 0)).toBe(3);
    expect(dropIndex(middles, 5, 3)).toBe(0);
    expect(dropIndex(middles, 50, 3)).toBe(1);
  });
  it("agrees with moveItem: dragging past the last middle puts the item last", () => {
    const list = ["a", "b", "c", "d"];
    expect(moveItem(list, 1, dropIndex(middles, 150, 1))).toEqual(["a", "c", "d", "b"]);
  });
});

describe("excerpt", () => {
  it("keeps short text whole, on one line", () => {
    expect(excerpt("  What is\n2 + 2? ")).toBe("What is 2 + 2?");
  });
  it("cuts long text at a word and marks the cut", () => {
    const out = excerpt("Which of these rivers flows through more capital cities than any other river", 30);
    expect(out).toBe("Which of these rivers flows…");
    expect(out.length).toBeLessThanOrEqual(31);
  });
});

describe("sameQuiz (is a kept draft worth restoring?)", () => {
  const quiz: Quiz = {
    title: "Rivers",
    description: "",
    tags: ["geo"],
    language: "en",
    visibility: "private",
    questions: [
      {
        type: QUESTION_TYPES[0],
        text: "Which river flows through Cairo?",
        options: ["Nile", "Amazon"],
        correct: 0,
        timeLimit: 20,
        points: "standard",
      } as Quiz["questions"][number],
    ],
  };
  it("ignores question ids: a quiz saved without them gets new ones at each load", () => {
    expect(sameQuiz(fromQuiz(quiz), fromQuiz(quiz))).toBe(true);
  });
  it("sees an edit anywhere", () => {
    const d = fromQuiz(quiz);
    expect(sameQuiz(d, { ...d, title: "Seas" })).toBe(false);
    expect(sameQuiz(d, { ...d, questions: [{ ...d.questions[0], text: "Which river?" }] })).toBe(false);
    expect(sameQuiz(d, { ...d, questions: [...d.questions, { ...d.questions[0], id: "x" }] })).toBe(false);
  });
});
