// The pure parts of reports: statistics, distributions, CSV encoding and the CSV tables.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { question, type Question, type QuestionInput } from "../../schema/quiz.ts";
import { buildReport, type AnswerRow, type GameRow, type PlayerRow } from "../../worker/reports/build.ts";
import { BOM, csvCell, neutralise, toCsv } from "../../worker/reports/csv.ts";
import { topWithOther } from "../../schema/kinds/buckets.ts";
import { distribution } from "../../worker/reports/distribution.ts";
import { mean, median, ratio } from "../../worker/reports/stats.ts";
import { answersTable, csvFilename, describeAnswer, playersTable } from "../../worker/reports/tables.ts";
import { reportSheets } from "../../worker/reports/workbook.ts";

const q = (input: QuestionInput): Question => question.parse(input);
const a = (answer: unknown, correct: boolean | null) => ({ answer, correct });

/** A strict RFC 4180 reader, to check that what we write reads back as the same cells. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let i = 0;
  while (i < text.length) {
    let cell = "";
    if (text[i] === '"') {
      i++;
      for (;;) {
        if (text[i] === '"' && text[i + 1] === '"') (cell += '"'), (i += 2);
        else if (text[i] === '"') {
          i++;
          break;
        } else if (i >= text.length) throw new Error("unterminated quote");
        else cell += text[i++];
      }
    } else {
      while (i < text.length && text[i] !== "," && text[i] !== "\r") {
        if (text[i] === '"' || text[i] === "\n") throw new Error(`bare ${JSON.stringify(text[i])} at ${i}`);
        cell += text[i++];
      }
    }
    row.push(cell);
    if (text[i] === ",") i++;
    else if (text.startsWith("\r\n", i)) {
      rows.push(row);
      row = [];
      i += 2;
    } else throw new Error(`expected , or CRLF at ${i}`);
  }
  return rows;
}

describe("stats", () => {
  it("mean and median, rounded to whole ms", () => {
    expect(mean([])).toBeNull();
    expect(median([])).toBeNull();
    expect(mean([1000, 2000, 4000])).toBe(2333);
    expect(median([4000, 1000, 2000])).toBe(2000);
    expect(median([4000, 1000, 2000, 3001])).toBe(2501);
    expect(median([7])).toBe(7);
    expect(ratio(1, 4)).toBe(0.25);
    expect(ratio(0, 0)).toBeNull();
  });

  it("the median splits the data: as many values at most it as at least it", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 240_000 }), { minLength: 1, maxLength: 60 }), (xs) => {
        const m = median(xs)!;
        expect(xs.filter((x) => x <= m).length).toBeGreaterThanOrEqual(xs.length / 2);
        expect(xs.filter((x) => x >= m).length).toBeGreaterThanOrEqual(xs.length / 2);
        const mu = mean(xs)!;
        expect(mu).toBeGreaterThanOrEqual(Math.min(...xs));
        expect(mu).toBeLessThanOrEqual(Math.max(...xs));
      }),
    );
  });
});

describe("distribution", () => {
  it("counts single-choice options in the quiz's order and marks the right one", () => {
    const single = q({ type: "single", text: "Capital of France?", options: ["Lyon", "Paris", "Nice"], correct: 1 });
    const rows = [a({ choice: 1 }, true), a({ choice: 1 }, true), a({ choice: 2 }, false), a({ bogus: 1 }, false)];
    expect(distribution(single, rows)).toEqual([
      { label: "Lyon", count: 0, correct: false },
      { label: "Paris", count: 2, correct: true },
      { label: "Nice", count: 1, correct: false },
    ]);
  });

  it("counts every pick of a multi-select", () => {
    const multi = q({ type: "multi", text: "Primes?", options: ["2", "4", "5", "9"], correct: [0, 2] });
    expect(
      distribution(multi, [a({ choices: [0, 2] }, true), a({ choices: [0] }, false), a({ choices: [1, 2] }, false)]),
    ).toEqual([
      { label: "2", count: 2, correct: true },
      { label: "4", count: 1, correct: false },
      { label: "5", count: 2, correct: true },
      { label: "9", count: 0, correct: false },
    ]);
  });

  it("labels true/false as the room does (0 = true)", () => {
    const tf = q({ type: "truefalse", text: "The sky is green", correct: false });
    expect(distribution(tf, [a({ choice: 1 }, true), a({ choice: 0 }, false), a({ choice: 1 }, true)])).toEqual([
      { labelKey: "true", count: 1, correct: false },
      { labelKey: "false", count: 2, correct: true },
    ]);
  });

  it("never marks a poll option right or wrong", () => {
    const poll = q({ type: "poll", text: "Favourite?", options: ["Tea", "Coffee"] });
    expect(distribution(poll, [a({ choice: 1 }, null)])).toEqual([
      { label: "Tea", count: 0, correct: null },
      { label: "Coffee", count: 1, correct: null },
    ]);
  });

  it("counts, per ordering item, the players who put it in its right place", () => {
    const order = q({ type: "order", text: "Oldest first", items: ["Rome", "Paris", "Berlin"] });
    expect(
      distribution(order, [
        a({ order: [0, 1, 2] }, true),
        a({ order: [0, 2, 1] }, false),
        a({ order: [2, 1, 0] }, false),
      ]),
    ).toEqual([
      { label: "Rome", count: 2, correct: true },
      { label: "Paris", count: 2, correct: true },
      { label: "Berlin", count: 1, correct: true },
    ]);
  });

  it("buckets typed answers by their normalised form, most frequent first", () => {
    const text = q({ type: "text", text: "Capital of Iceland?", accepted: ["Reykjavík"] });
    const rows = [
      a({ text: "Reykjavík" }, true),
      a({ text: " reykjavik " }, true),
      a({ text: "Oslo" }, false),
      a({ text: "REYKJAVIK" }, true),
      a({ text: "Bergen" }, false),
    ];
    expect(distribution(text, rows)).toEqual([
      { label: "Reykjavík", count: 3, correct: true },
      { label: "Bergen", count: 1, correct: false },
      { label: "Oslo", count: 1, correct: false },
    ]);
  });

  it("keeps the top 10 slider values and sums the rest into other", () => {
    const slider = q({ type: "slider", text: "Year?", min: 1900, max: 2000, step: 1, correct: 1969, tolerance: 0 });
    const rows = [
      ...Array.from({ length: 5 }, () => a({ value: 1969 }, true)),
      ...Array.from({ length: 14 }, (_, i) => a({ value: 1950 + i }, false)),
      a({ value: 1950 }, false),
    ];
    const d = distribution(slider, rows);
    expect(d).toHaveLength(11);
    expect(d[0]).toEqual({ label: "1969", count: 5, correct: true });
    expect(d[1]).toEqual({ label: "1950", count: 2, correct: false });
    expect(d.slice(2, 10).map((b) => ("label" in b ? b.label : b.labelKey))).toEqual([
      "1951",
      "1952",
      "1953",
      "1954",
      "1955",
      "1956",
      "1957",
      "1958",
    ]);
    expect(d[10]).toEqual({ labelKey: "other", count: 5, correct: null });
    expect(d.reduce((n, b) => n + b.count, 0)).toBe(rows.length);
  });

  it("never loses or invents an answer when bucketing", () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ label: fc.string(), count: fc.integer({ min: 1, max: 50 }) }), { maxLength: 30 }),
        (raw) => {
          const buckets = raw.map((b, i) => ({ ...b, correct: null, sortKey: i }));
          const out = topWithOther(buckets);
          expect(out.length).toBeLessThanOrEqual(11);
          expect(out.reduce((n, b) => n + b.count, 0)).toBe(raw.reduce((n, b) => n + b.count, 0));
          const kept = out.filter((b, i) => !(i === 10 && "labelKey" in b && b.labelKey === "other"));
          for (let i = 1; i < kept.length; i++) expect(kept[i - 1].count).toBeGreaterThanOrEqual(kept[i].count);
        },
      ),
    );
  });
});

describe("CSV encoding", () => {
  it("quotes quotes, commas and line breaks (RFC 4180)", () => {
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell("a,b")).toBe('"a,b"');
    expect(csvCell("two\nlines")).toBe('"two\nlines"');
    expect(csvCell("cr\r")).toBe('"cr\r"');
    expect(csvCell("plain")).toBe("plain");
    expect(csvCell(null)).toBe("");
    expect(csvCell(42)).toBe("42");
  });

  it("neutralises text that a spreadsheet would run as a formula", () => {
    expect(csvCell('=HYPERLINK("http://evil")')).toBe('"\'=HYPERLINK(""http://evil"")"');
    expect(csvCell("+1")).toBe("'+1");
    expect(csvCell("-2+3")).toBe("'-2+3");
    expect(csvCell("@SUM(A1)")).toBe("'@SUM(A1)");
    expect(csvCell("\t=1")).toBe("\"'\t'=1\"");
    expect(csvCell("a=1")).toBe("a=1");
    // Numbers the server computed are data, not formulas.
    expect(csvCell(-5)).toBe("-5");
  });

  it("starts with a BOM and ends every line with CRLF", () => {
    expect(toCsv(["a", "b"], [[1, "x"]])).toBe(`${BOM}a,b\r\n1,x\r\n`);
  });

  it("reads back as the same cells for any text", () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.string({ unit: "grapheme" }), { minLength: 2, maxLength: 2 }), { maxLength: 8 }),
        (rows) => {
          const text = toCsv(["h1", "h2"], rows);
          expect(text.startsWith(BOM)).toBe(true);
          const back = parseCsv(text.slice(1));
          expect(back).toEqual([
            ["h1", "h2"],
            // What neutralise() changes is checked in csv-injection.test.ts; here, that quoting round-trips.
            ...rows.map((r) => r.map(neutralise)),
          ]);
        },
      ),
    );
  });
});

const snapshot: Question[] = [
  q({ type: "single", text: "2+2?", options: ["3", "4"], correct: 1 }),
  q({ type: "poll", text: "Fun?", options: ["Yes", "No"] }),
  q({ type: "text", text: "Say hi", accepted: ["hi"] }),
];
const game: GameRow = {
  id: "g",
  code: "ABCDEF",
  quizId: null,
  hostId: "t",
  title: "Maths: «Ünit 1»",
  settings: {} as GameRow["settings"],
  snapshot,
  status: "ended",
  kind: "live",
  deadline: null,
  playerCount: 2,
  questionCount: 3,
  createdAt: Date.UTC(2026, 10, 22, 8),
  startedAt: null,
  endedAt: null,
};
const player = (playerId: string, nickname: string, rank: number, score: number): PlayerRow => ({
  gameId: "g",
  playerId,
  nickname,
  userId: null,
  studentId: null,
  score,
  rank,
  correctCount: 0,
  answeredCount: 0,
  totalTimeMs: 0,
  kicked: false,
  joinedAt: 0,
});
const answer = (
  questionIndex: number,
  playerId: string,
  ans: unknown,
  correct: boolean | null,
  responseMs: number,
): AnswerRow => ({
  gameId: "g",
  questionIndex,
  playerId,
  answer: ans,
  correct,
  points: correct ? 900 : 0,
  responseMs,
  answeredAt: Date.UTC(2026, 10, 22, 8, 1) + questionIndex * 60_000 + responseMs,
});

describe("tables", () => {
  const players = [player("p2", "=cmd|' /C calc'!A0", 2, 0), player("p1", 'Ann, "the" ace', 1, 900)];
  const rows = [
    answer(0, "p1", { choice: 1 }, true, 1200),
    answer(0, "p2", { choice: 0 }, false, 3000),
    answer(2, "p2", { text: "-hi" }, false, 800),
    answer(1, "p1", { choice: 0 }, null, 500),
  ];

  it("describes answers by their option texts", () => {
    expect(describeAnswer(snapshot[0], { choice: 1 })).toBe("4");
    expect(
      describeAnswer(q({ type: "multi", text: "x", options: ["a", "b", "c"], correct: [0] }), { choices: [2, 0] }),
    ).toBe("c; a");
    expect(describeAnswer(q({ type: "order", text: "x", items: ["a", "b", "c"] }), { order: [1, 2, 0] })).toBe(
      "b > c > a",
    );
    expect(describeAnswer(undefined, { value: 3.5 })).toBe("3.5");
  });

  it("writes the players table by rank with neutralised, quoted nicknames", () => {
    expect(parseCsv(playersTable(players, rows).slice(1))).toEqual([
      ["rank", "nickname", "score", "correct", "answered", "mean_ms", "kicked", "player_id"],
      ["1", 'Ann, "the" ace', "900", "0", "0", "850", "no", "p1"],
      ["2", "'=cmd|' /C calc'!A0", "0", "0", "0", "1900", "no", "p2"],
    ]);
  });

  it("writes the answers table in question order with readable answers", () => {
    const parsed = parseCsv(answersTable(game, players, rows).slice(1));
    expect(parsed[0]).toEqual([
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
    ]);
    expect(parsed.slice(1).map((r) => [r[0], r[3], r[4], r[5]])).toEqual([
      ["1", 'Ann, "the" ace', "4", "yes"],
      ["1", "'=cmd|' /C calc'!A0", "3", "no"],
      ["2", 'Ann, "the" ace', "Yes", ""],
      ["3", "'=cmd|' /C calc'!A0", "'-hi", "no"],
    ]);
    expect(parsed[1][8]).toBe("2026-11-22T08:01:01.200Z");
  });

  it("names the file from the title, code, date and table in plain ASCII", () => {
    expect(csvFilename(game, "players")).toBe("quickquiz-maths-unit-1-ABCDEF-2026-11-22-players.csv");
    expect(csvFilename({ ...game, title: "Тест" }, "answers")).toBe("quickquiz-ABCDEF-2026-11-22-answers.csv");
  });

  it("builds a report with per-question numbers", () => {
    const r = buildReport(game, players, rows);
    expect(r.questions.map((x) => [x.answered, x.correctCount, x.accuracy, x.meanMs, x.medianMs])).toEqual([
      [2, 1, 0.5, 2100, 2100],
      [1, 0, null, 500, 500],
      [1, 0, 0, 800, 800],
    ]);
    expect(r.players.map((p) => p.playerId)).toEqual(["p1", "p2"]);
  });

  it("lists kicked players (rank 0, outside the standings) after the ranked ones", () => {
    const kicked = { ...player("p0", "Aaron", 0, 300), kicked: true };
    const r = buildReport(game, [kicked, ...players], rows);
    expect(r.players.map((p) => [p.playerId, p.rank, p.kicked])).toEqual([
      ["p1", 1, false],
      ["p2", 2, false],
      ["p0", 0, true],
    ]);
  });
});

describe("partly right answers in the downloads", () => {
  const weighted: Question[] = [
    q({ type: "single", text: "Pick", options: ["full", "half", "none"], correct: 0, weights: [100, 50, 0] }),
    q({ type: "text", text: "Type", accepted: ["frog", "cat"], weights: [100, 25] }),
  ];
  const wgame: GameRow = { ...game, snapshot: weighted, questionCount: 2 };
  const people = [player("p1", "Ann", 1, 0)];
  const given = [
    { ...answer(0, "p1", { choice: 1 }, false, 900), points: 450 },
    { ...answer(1, "p1", { text: "Cat" }, false, 700), points: 225 },
  ];
  const none = [answer(0, "p1", { choice: 2 }, false, 900), answer(1, "p1", { text: "frog" }, true, 700)];

  it("the CSV says partly, with the share, where an answer earned part of the points", () => {
    const cells = (rows: AnswerRow[]) =>
      parseCsv(answersTable(wgame, people, rows).slice(1))
        .slice(1)
        .map((r) => [r[5], r[6]]);
    expect(cells(given)).toEqual([
      ["partly (50%)", "450"],
      ["partly (25%)", "225"],
    ]);
    expect(cells(none)).toEqual([
      ["no", "0"],
      ["yes", "900"],
    ]);
  });

  it("the workbook's answers sheet says the same", () => {
    const sheet = (rows: AnswerRow[]) =>
      reportSheets(buildReport(wgame, people, rows), wgame, people, rows)
        .find((s) => s.name === "Answers")
        ?.rows.slice(1)
        .map((r) => r[4]);
    expect(sheet(given)).toEqual(["partly (50%)", "partly (25%)"]);
    expect(sheet(none)).toEqual(["no", "yes"]);
  });
});
