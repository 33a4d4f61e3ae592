// The report's downloadable tables (pure): one row per player, or one row per answer given.
import { kindOf } from "../../schema/kinds/index.ts";
import { answerValue, type LabelKey } from "../../schema/messages.ts";
import { pickedIndexes } from "../../rooms/kit/answers.ts";
import type { CsvTable } from "../../schema/report.ts";
import type { Question } from "../../schema/quiz.ts";
import type { AnswerRow, GameRow, PlayerRow } from "./build.ts";
import { playerReports } from "./build.ts";
import { type Cell, toCsv } from "./csv.ts";
import { memberNames, type TeamReport } from "./teams.ts";

/** The tables are data in one language: fixed labels in English. */
export const FIXED_LABELS: Record<LabelKey, string> = {
  true: "True",
  false: "False",
  correct: "correct",
  wrong: "wrong",
  other: "other",
};

/** Option/item `i` of the quiz as a text, by the quiz's index; a fixed label ("True") in the tables' English. */
export function choiceLabel(q: Question | undefined): (i: number) => string {
  const labels = (q ? kindOf(q).choices(q) : []).map((c) => ("text" in c ? c.text : FIXED_LABELS[c.labelKey]));
  return (i) => labels[i] ?? `#${i}`;
}

/** An answer as a teacher reads it: option texts rather than indexes. */
export function describeAnswer(q: Question | undefined, stored: unknown): string {
  const parsed = answerValue.safeParse(stored);
  if (!parsed.success) return JSON.stringify(stored);
  const a = parsed.data;
  const picked = pickedIndexes(a);
  if (picked) return picked.map(choiceLabel(q)).join("order" in a ? " > " : "; ");
  if ("text" in a) return a.text;
  return "value" in a ? String(a.value) : "";
}

const yesNo = (v: boolean | null) => (v === null ? null : v ? "yes" : "no");

/**
 * The share of the points a partly right answer earned (0 < share < 1: not right, yet worth
 * something under partial credit), checked again by its kind; null for any other answer.
 */
export function partShare(q: Question | undefined, a: { answer: unknown; correct: boolean | null }): number | null {
  if (!q || a.correct !== false || !kindOf(q).scored) return null;
  const given = answerValue.safeParse(a.answer);
  if (!given.success) return null;
  const { fraction } = kindOf(q).check(q, given.data);
  return fraction > 0 && fraction < 1 ? fraction : null;
}

/** An answer's verdict in the tables: "yes", "no", "partly (50%)"; nothing for a poll. */
export function verdictOf(q: Question | undefined, a: { answer: unknown; correct: boolean | null }): string | null {
  const share = partShare(q, a);
  return share === null ? yesNo(a.correct) : `partly (${Number((share * 100).toFixed(1))}%)`;
}

/** The "name or student ID" column is there when the game asked for one (or any player gave one). */
const studentIds = (players: readonly PlayerRow[]) => {
  const ids = new Map(players.filter((p) => p.studentId).map((p) => [p.playerId, p.studentId]));
  return ids.size ? (playerId: string): Cell[] => [ids.get(playerId) ?? ""] : () => [];
};

/** Team mode: each team's final standing (`teams.ts`). */
export function teamsTable(report: TeamReport | null): string {
  return toCsv(
    ["rank", "team", "score", "members"],
    (report?.teams ?? []).map((t) => [t.rank, t.team, t.score, t.members]),
  );
}

export function playersTable(
  players: readonly PlayerRow[],
  answers: readonly AnswerRow[],
  teams: TeamReport | null = null,
): string {
  const sid = studentIds(players);
  const names = memberNames(players);
  const team = (id: string): Cell[] => {
    if (!teams) return [];
    const m = teams.members.get(id);
    return [m?.team ?? "", m?.contribution ?? ""];
  };
  const header = [
    "rank",
    "nickname",
    "score",
    "correct",
    "answered",
    "mean_ms",
    "kicked",
    "player_id",
    ...(sid("").length ? ["student_id"] : []),
    ...(teams ? ["team", "team_contribution"] : []),
    ...(names.size ? ["members"] : []),
  ];
  const rows: Cell[][] = playerReports(players, answers).map((p) => [
    p.rank,
    p.nickname,
    p.score,
    p.correctCount,
    p.answeredCount,
    p.meanMs,
    yesNo(p.kicked),
    p.playerId,
    ...sid(p.playerId),
    ...team(p.playerId),
    ...(names.size ? [names.get(p.playerId) ?? ""] : []),
  ]);
  return toCsv(header, rows);
}

export function answersTable(
  game: Pick<GameRow, "snapshot">,
  players: readonly PlayerRow[],
  answers: readonly AnswerRow[],
): string {
  const sid = studentIds(players);
  const header = [
    "question",
    "type",
    "question_text",
    "nickname",
    "answer",
    "correct",
    "points",
    "response_ms",
    "answered_at",
    "player_id",
    ...(sid("").length ? ["student_id"] : []),
  ];
  const nick = new Map(players.map((p) => [p.playerId, p.nickname]));
  const sorted = [...answers].sort(
    (a, b) => a.questionIndex - b.questionIndex || a.answeredAt - b.answeredAt || (a.playerId < b.playerId ? -1 : 1),
  );
  const rows: Cell[][] = sorted.map((a) => {
    const q = game.snapshot[a.questionIndex];
    return [
      a.questionIndex + 1,
      q?.type,
      q?.text,
      nick.get(a.playerId) ?? "",
      describeAnswer(q, a.answer),
      verdictOf(q, a),
      a.points,
      a.responseMs,
      new Date(a.answeredAt).toISOString(),
      a.playerId,
      ...sid(a.playerId),
    ];
  });
  return toCsv(header, rows);
}

/** ASCII only, so every browser and OS saves it under this name: `quickquiz-<title>-<code>-<date>-<table>.csv`. */
export function csvFilename(game: Pick<GameRow, "title" | "code" | "createdAt">, table: CsvTable): string {
  const slug = game.title
    .normalize("NFKD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 40)
    .replace(/-+$/, "");
  const code = game.code.replace(/[^A-Za-z0-9]/g, "");
  const date = new Date(game.createdAt).toISOString().slice(0, 10);
  return ["quickquiz", slug, code, date, table].filter(Boolean).join("-") + ".csv";
}
