// A quiz as a Moodle GIFT or Aiken file. Both carry less than a QuickQuiz quiz: what is left out
// is listed (in the GIFT file's comments, and for both in the X-Skipped-Questions header).
import type { Quiz } from "../../schema/quiz.ts";
import { exportAiken } from "./formats/aiken.ts";
import { exportGift } from "./formats/gift.ts";
import type { Problem } from "./formats/problem.ts";

export function exportText(
  quiz: Quiz,
  format: "gift" | "aiken",
): { text: string; extension: string; skipped: Problem[] } {
  const { text, skipped } = format === "gift" ? exportGift(quiz) : exportAiken(quiz);
  return { text, skipped, extension: format === "gift" ? "gift.txt" : "aiken.txt" };
}
