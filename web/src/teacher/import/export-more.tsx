// The editor's other export formats. GIFT and Aiken hold less than a QuickQuiz quiz: each link
// says which questions it would leave out (the server lists them in X-Skipped-Questions too).
import type { QuestionType } from "../../../../schema/quiz.ts";
import "./import.css";
import { tt } from "../strings.ts";

/** Question types each format carries (a slider goes to GIFT as a numerical question). */
const KEEPS: Record<"gift" | "aiken", QuestionType[]> = {
  gift: ["single", "multi", "truefalse", "text", "slider"],
  aiken: ["single", "truefalse"],
};

export function ExportMore({ id, types }: { id: string; types: QuestionType[] }) {
  const link = (format: "gift" | "aiken") => {
    const left = types.flatMap((t, i) => (KEEPS[format].includes(t) ? [] : [i + 1]));
    return (
      <li>
        <a class="button" href={`/api/quizzes/${id}/export?format=${format}`} download>
          {tt(format === "gift" ? "ed.exportGift" : "ed.exportAiken")}
        </a>
        {left.length > 0 && (
          <small class="muted block">{tt("ed.exportLeavesOut", { n: left.length, list: left.join(", ") })}</small>
        )}
      </li>
    );
  };
  return (
    <details class="export-more">
      <summary class="button">{tt("ed.exportMore")}</summary>
      <div>
        <ul class="stack">
          {link("gift")}
          {link("aiken")}
        </ul>
      </div>
    </details>
  );
}
