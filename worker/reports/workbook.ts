// Reports as spreadsheets (xlsx): one workbook per game (players, questions, answers) and one for
// several games at once. Text from players goes in as text cells, never as formulas, so a
// nickname such as "=cmd|…" is shown, not run. write-excel-file's Node build zips without
// Web Workers (which workerd lacks), so it runs in the Worker as it is.
import writeXlsxFile, { type Cell, type SheetData } from "write-excel-file/node";
import type { CombinedReport } from "../../schema/students.ts";
import type { GameReport } from "../../schema/report.ts";
import { kindFor } from "../../schema/kinds/index.ts";
import type { AnswerRow, GameRow, PlayerRow } from "./build.ts";
import { describeAnswer, verdictOf } from "./tables.ts";
import { memberNames, teamReport, teamScoring } from "./teams.ts";

export const XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

export interface SheetSpec {
  name: string;
  rows: Cell[][];
  widths?: number[];
}

const bold = (header: string[]): Cell[] => header.map((value) => ({ value, fontWeight: "bold" }));
const text = (s: string | null | undefined): Cell =>
  s === null || s === undefined || s === "" ? null : { value: s, type: String };
const pct = (x: number | null): Cell => (x === null ? null : { value: x, type: Number, format: "0%" });
const secs = (ms: number | null): Cell => (ms === null ? null : { value: ms / 1000, type: Number, format: "0.0" });
const yesNo = (v: boolean | null): Cell => (v === null ? null : v ? "yes" : "no");
const when = (ms: number): Cell => ({ value: new Date(ms), type: Date, format: "yyyy-mm-dd hh:mm:ss" });

/** Pure: the sheets of one game's workbook. */
export function reportSheets(
  report: GameReport,
  game: Pick<GameRow, "snapshot"> & Partial<Pick<GameRow, "settings">>,
  players: readonly PlayerRow[],
  answers: readonly AnswerRow[],
): SheetSpec[] {
  const outcome = new Map(report.insights.players.map((p) => [p.playerId, p]));
  const scoring = teamScoring(game.settings);
  const teams = scoring ? teamReport(players, scoring) : null;
  const teamCols = (playerId: string): Cell[] => {
    if (!teams) return [];
    const m = teams.members.get(playerId);
    return [text(m?.team), m ? m.contribution : null];
  };
  const names = memberNames(players);
  const withIds = report.insights.players.some((p) => p.studentId);
  const idCols = (playerId: string): Cell[] => (withIds ? [text(outcome.get(playerId)?.studentId)] : []);
  const playerSheet: SheetSpec = {
    name: "Players",
    rows: [
      bold([
        "Rank",
        "Nickname",
        ...(withIds ? ["Name or student ID"] : []),
        "Account",
        "Score",
        "Correct",
        "Answered",
        "Right share",
        "Mean time (s)",
        "Needs help",
        "Removed",
        ...(teams ? ["Team", "Part of team score"] : []),
        ...(names.size ? ["Members"] : []),
      ]),
      ...report.players.map((p): Cell[] => {
        const o = outcome.get(p.playerId);
        return [
          p.rank || null,
          text(p.nickname),
          ...idCols(p.playerId),
          text(o?.accountName),
          p.score,
          p.correctCount,
          p.answeredCount,
          pct(o?.share ?? null),
          secs(p.meanMs),
          yesNo(o?.needsHelp ?? false),
          yesNo(p.kicked),
          ...teamCols(p.playerId),
          ...(names.size ? [text(names.get(p.playerId))] : []),
        ];
      }),
    ],
    widths: [
      6,
      22,
      ...(withIds ? [20] : []),
      20,
      8,
      8,
      9,
      11,
      12,
      10,
      9,
      ...(teams ? [20, 12] : []),
      ...(names.size ? [30] : []),
    ],
  };
  const teamSheet: SheetSpec | null = teams && {
    name: "Teams",
    rows: [
      bold(["Rank", "Team", "Score", "Members"]),
      ...teams.teams.map((t): Cell[] => [t.rank, text(t.team), t.score, t.members]),
    ],
    widths: [6, 24, 10, 10],
  };
  const questionSheet: SheetSpec = {
    name: "Questions",
    rows: [
      bold([
        "#",
        "Type",
        "Question",
        "Right",
        "Wrong",
        "No answer",
        "In game",
        "Right share",
        "Most missed",
        "Mean time (s)",
      ]),
      ...report.questions.map((q): Cell[] => {
        const o = report.insights.questions[q.index];
        const poll = !kindFor(q.type).scored;
        return [
          q.index + 1,
          q.type,
          text(q.text),
          poll ? null : o.right,
          poll ? null : o.wrong,
          o.noAnswer,
          o.inGame,
          pct(o.share),
          yesNo(poll ? null : o.flagged),
          secs(q.meanMs),
        ];
      }),
    ],
    widths: [5, 10, 50, 7, 7, 10, 8, 11, 11, 12],
  };
  const nick = new Map(players.map((p) => [p.playerId, p.nickname]));
  const sorted = [...answers].sort(
    (a, b) => a.questionIndex - b.questionIndex || a.answeredAt - b.answeredAt || (a.playerId < b.playerId ? -1 : 1),
  );
  const answerSheet: SheetSpec = {
    name: "Answers",
    rows: [
      bold([
        "#",
        "Question",
        "Nickname",
        ...(withIds ? ["Name or student ID"] : []),
        "Answer",
        "Correct",
        "Points",
        "Time (s)",
        "Answered at (UTC)",
      ]),
      ...sorted.map((a): Cell[] => {
        const q = game.snapshot[a.questionIndex];
        return [
          a.questionIndex + 1,
          text(q?.text),
          text(nick.get(a.playerId)),
          ...idCols(a.playerId),
          text(describeAnswer(q, a.answer)),
          verdictOf(q, a),
          a.points,
          secs(a.responseMs),
          when(a.answeredAt),
        ];
      }),
    ],
    widths: [5, 40, 22, ...(withIds ? [20] : []), 30, 8, 8, 9, 20],
  };
  return teamSheet ? [playerSheet, teamSheet, questionSheet, answerSheet] : [playerSheet, questionSheet, answerSheet];
}

/** Pure: one row per student, a column pair per game. */
export function combinedSheets(report: CombinedReport): SheetSpec[] {
  const games = report.games.map((g, i) => `${i + 1}. ${g.title}`);
  return [
    {
      name: "Students",
      rows: [
        bold([
          "Name",
          "Name or student ID",
          "Matched by",
          ...games.flatMap((g) => [`${g}: score`, `${g}: correct`]),
          "Correct",
          "Of",
          "Right share",
          "Needs help",
        ]),
        ...report.players.map((p): Cell[] => [
          text(p.name),
          text(p.studentId),
          p.matchedBy,
          ...p.perGame.flatMap((g): Cell[] => (g ? [g.score, g.correctCount] : [null, null])),
          p.correct,
          p.questions,
          pct(p.share),
          yesNo(p.needsHelp),
        ]),
      ],
    },
    {
      name: "Games",
      rows: [
        bold(["#", "Quiz", "Code", "Played (UTC)", "Players", "Questions", "Gradable"]),
        ...report.games.map((g, i): Cell[] => [
          i + 1,
          text(g.title),
          g.code,
          when(g.playedAt),
          g.playerCount,
          g.questionCount,
          g.gradable,
        ]),
      ],
    },
  ];
}

/** Excel refuses sheet names over 31 characters or with []:*?/\ in them. */
const sheetName = (name: string) => name.replace(/[[\]:*?/\\]/g, " ").slice(0, 31);

export async function toXlsx(sheets: readonly SheetSpec[]): Promise<Uint8Array> {
  const buffer = await writeXlsxFile(
    sheets.map((s) => ({
      data: s.rows as SheetData,
      sheet: sheetName(s.name),
      columns: s.widths?.map((width) => ({ width })),
      stickyRowsCount: 1,
    })),
  ).toBuffer();
  return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
}
