// The player's own result after a question, filling the phone: a colour and an icon (right,
// wrong, no answer, poll), the points, the streak, the standing, and the teacher's explanation.
import type { MathTable } from "../../../schema/messages.ts";
import { t } from "../strings.ts";
import { Rich } from "../rich.tsx";
import type { Result } from "./play-state.ts";

/** Partly right: not the full answer, yet worth some of the points (partial credit, or a part of a multi-select). */
export const isPartly = (r: Result) => r.answered && r.correct === false && (r.fraction ?? 0) > 0;

export const resultHeadline = (r: Result) =>
  !r.answered
    ? t("res.none")
    : r.correct === null
      ? t("res.poll")
      : r.correct
        ? t("res.correct")
        : isPartly(r)
          ? t("res.partly")
          : t("res.wrong");

/** The result's colour and icon: never the colour alone (the icon and the headline say it too). */
function look(r: Result): { cls: string; icon: string } {
  if (!r.answered) return { cls: "none", icon: "⏱" };
  if (r.correct === null) return { cls: "vote", icon: "★" };
  if (isPartly(r)) return { cls: "partly", icon: "◐" };
  return r.correct ? { cls: "good", icon: "✔" } : { cls: "bad", icon: "✘" };
}

/** The teacher's feedback for the answer given: the live result's and the homework's (after each answer, in the summary). */
export function FeedbackLine({ text, math }: { text: string; math?: MathTable }) {
  return (
    <p class="explain feedback">
      <strong>{t("res.feedback")}: </strong>
      <Rich text={text} math={math} />
    </p>
  );
}

export function ResultScreen({
  r,
  explanation,
  math,
  standing = true,
  teamDevice = false,
}: {
  r: Result;
  explanation?: string;
  math?: MathTable;
  /** false after the last question: the final rank is the podium's to reveal. */
  standing?: boolean;
  /** Shared devices: this phone is a team's, its rank the team's. */
  teamDevice?: boolean;
}) {
  const { cls, icon } = look(r);
  return (
    <section class={`result-full ${cls}`}>
      <span class="result-icon" aria-hidden="true">
        {icon}
      </span>
      <h1>{resultHeadline(r)}</h1>
      {(r.points > 0 || r.correct !== null) && (
        <p class="big-number">{r.points > 0 ? t("res.points", { n: r.points }) : "+0"}</p>
      )}
      {r.streak >= 2 && (
        <p class="streak">
          <span aria-hidden="true">🔥 </span>
          {t("res.streak", { n: r.streak })}
        </p>
      )}
      <p>{t("res.score", { n: r.score })}</p>
      {standing && (
        <p class="rank-line">{t(teamDevice ? "team.rank" : "res.rank", { rank: r.rank, n: r.playerCount })}</p>
      )}
      {r.team && (
        <p class="team-line">
          {t("team.your", { name: r.team.name })}
          <br />
          {/* The team's rank waits for the podium as the player's own does (no spoiler). */}
          {standing && r.team.rank !== null && t("team.rank", { rank: r.team.rank, n: r.team.teamCount })}
          <br />
          {t("team.part", { score: r.team.score, n: r.team.contribution })}
        </p>
      )}
      {r.feedback && <FeedbackLine text={r.feedback} math={r.math ?? math} />}
      {explanation && (
        <p class="explain">
          <strong>{t("res.explain")}: </strong>
          <Rich text={explanation} math={math} />
        </p>
      )}
    </section>
  );
}
