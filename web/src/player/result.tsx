// The player's own result after a question: right or wrong, points, streak, standing, and the
// teacher's explanation when there is one.
import type { MathTable } from "../../../schema/messages";
import { t } from "../i18n";
import { Rich } from "../rich";
import type { Result } from "./play-state";

export const resultHeadline = (r: Result) =>
  !r.answered ? t("res.none") : r.correct === null ? t("res.poll") : r.correct ? t("res.correct") : t("res.wrong");

export function ResultScreen({ r, explanation, math }: { r: Result; explanation?: string; math?: MathTable }) {
  const cls = r.correct === true ? "good" : r.correct === false || !r.answered ? "bad" : "";
  return (
    <section class={`card stack center-text result ${cls}`}>
      <h1>
        <span aria-hidden="true">{r.correct === true ? "✔ " : r.correct === false || !r.answered ? "✘ " : ""}</span>
        {resultHeadline(r)}
      </h1>
      {r.points > 0 && <p class="big-number">{t("res.points", { n: r.points })}</p>}
      {r.streak >= 2 && <p>🔥 {t("res.streak", { n: r.streak })}</p>}
      <p>{t("res.score", { n: r.score })}</p>
      <p>{t("res.rank", { rank: r.rank, n: r.playerCount })}</p>
      {explanation && (
        <p class="explain">
          <strong>{t("res.explain")}: </strong>
          <Rich text={explanation} math={math} />
        </p>
      )}
    </section>
  );
}
