// The quizzes most tests start from. Pure (no Workers API), so the node project's tests use them as well
// as the workerd ones; api.ts re-exports them.
import type { QuizInput } from "../../schema/quiz.ts";

/** A small valid quiz; override any field. */
export function sampleQuiz(overrides: Partial<QuizInput> = {}): QuizInput {
  return {
    title: "Capitals",
    description: "A few capital cities",
    tags: ["geography"],
    language: "en",
    visibility: "private",
    questions: [
      { type: "single", text: "Capital of France?", options: ["Paris", "Lyon", "Nice"], correct: 0, timeLimit: 20 },
      { type: "truefalse", text: "Canberra is the capital of Australia.", correct: true },
    ],
    ...overrides,
  };
}

/** One question of every type, with fixed ids: handy for games that must handle them all. */
export function everyTypeQuiz(overrides: Partial<QuizInput> = {}): QuizInput {
  return sampleQuiz({
    title: "Every type",
    questions: [
      {
        id: "q-single",
        type: "single",
        text: "Capital of France?",
        options: ["Paris", "Lyon", "Nice", "Lille"],
        correct: 0,
        timeLimit: 20,
      },
      {
        id: "q-multi",
        type: "multi",
        text: "Which are primes?",
        options: ["2", "4", "5", "9"],
        correct: [0, 2],
        timeLimit: 20,
      },
      {
        id: "q-truefalse",
        type: "truefalse",
        text: "Water boils at 100 °C at sea level.",
        correct: true,
        timeLimit: 10,
      },
      { id: "q-text", type: "text", text: "Largest planet?", accepted: ["Jupiter"], timeLimit: 20 },
      { id: "q-order", type: "order", text: "Smallest first", items: ["1", "10", "100"], timeLimit: 30 },
      {
        id: "q-slider",
        type: "slider",
        text: "Bits in a byte?",
        min: 0,
        max: 16,
        step: 1,
        correct: 8,
        tolerance: 0,
        timeLimit: 15,
      },
      {
        id: "q-poll",
        type: "poll",
        text: "Favourite colour?",
        options: ["Red", "Blue"],
        points: "none",
        timeLimit: 10,
      },
    ],
    ...overrides,
  });
}
