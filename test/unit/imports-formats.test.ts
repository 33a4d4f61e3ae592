// The importers as pure functions on real sample files: Moodle GIFT (gift-pegjs), Aiken, a
// Quizlet paste, Kahoot's spreadsheet template and the CSV layout in .xlsx (read-excel-file in
// workerd), each problem named by its line or row; and GIFT/Aiken export read back.
import { describe, expect, it } from "vitest";
import writeXlsxFile from "write-excel-file/universal";
import gift from "../fixtures/moodle.gift?raw";
import aiken from "../fixtures/aiken.txt?raw";
import quizlet from "../fixtures/quizlet.txt?raw";
import kahootUrl from "../fixtures/kahoot-template.xlsx?inline";
import kahootBadUrl from "../fixtures/kahoot-bad-row.xlsx?inline";
import type { ImportFormat } from "../../schema/imports.ts";
import { quiz as quizSchema, type Question } from "../../schema/quiz.ts";
import { exportAiken, parseAiken } from "../../worker/quizzes/formats/aiken.ts";
import { exportGift, giftEscape, parseGift } from "../../worker/quizzes/formats/gift.ts";
import { parseQuizlet } from "../../worker/quizzes/formats/quizlet.ts";
import { readImport } from "../../worker/quizzes/formats/read.ts";
import { MAX_UNPACKED, verifiedXlsx, zipRefusal } from "../../worker/quizzes/formats/zip-guard.ts";
import { bigXml, lyingZip } from "../fixtures/lying-zip.ts";

const bytes = (dataUrl: string) => Uint8Array.from(atob(dataUrl.split(",")[1]), (c) => c.charCodeAt(0)).buffer;
const utf8 = (text: string) => new TextEncoder().encode(text).buffer as ArrayBuffer;
const read = (format: ImportFormat, body: ArrayBuffer | string, title = "Imported") =>
  readImport(format, typeof body === "string" ? utf8(body) : body, { title, description: "", tags: [] });
const strip = (qs: Question[]) => qs.map(({ id: _id, ...q }) => q);

describe("Moodle GIFT", () => {
  it("reads single, multi (weights), true/false, short answer, [html] and escapes; skips numerical and essay, naming their lines", async () => {
    const r = await read("gift", gift);
    expect(r.problems).toEqual([]);
    expect(strip(r.quiz.questions)).toEqual([
      {
        type: "single",
        text: "Which planet is known as the Red Planet?",
        options: ["Mars", "Venus", "Jupiter"],
        correct: 0,
        // Per-answer feedback is kept (Moodle shows it to whoever picked that answer).
        feedback: ["", "", "Jupiter is a gas giant."],
        explanation: "Iron oxide makes its surface red.",
        timeLimit: 20,
        points: "standard",
      },
      {
        type: "multi",
        text: "Which of these are prime numbers?",
        options: ["2", "4", "5", "9"],
        correct: [0, 2],
        // Moodle scores a multiple-answer question by its weights: kept as they are.
        weights: [50, -100, 50, -100],
        timeLimit: 20,
        points: "standard",
      },
      { type: "truefalse", text: "Light travels faster than sound.", correct: true, timeLimit: 20, points: "standard" },
      {
        type: "text",
        text: "What is the capital of France?",
        accepted: ["Paris", "paris"],
        timeLimit: 20,
        points: "standard",
      },
      {
        type: "single",
        text: "What is \\(\\sqrt{81}\\) & why?",
        options: ["9", "7", "\\(3^2 + 1\\)"],
        correct: 0,
        timeLimit: 20,
        points: "standard",
      },
      { type: "single", text: "1 + 1 = ?", options: ["2", "3"], correct: 0, timeLimit: 20, points: "standard" },
      // {#3.14:0.005}: a slider by thousandths, right within 0.005 of 3.14.
      {
        type: "slider",
        text: "What is pi to two decimal places?",
        min: 0,
        max: 8.14,
        step: 0.001,
        correct: 3.14,
        tolerance: 0.005,
        timeLimit: 20,
        points: "standard",
      },
    ]);
    expect(r.skipped.map((s) => s.message)).toEqual([expect.stringMatching(/^line 34: skipped an essay question/)]);
    expect(r.valid?.questions).toHaveLength(7);
    // The formulas come rendered for the preview, as a game would show them.
    expect(r.math["What is \\(\\sqrt{81}\\) & why?"]).toMatch(
      /^What is <math aria-label="square root of 81"><msqrt><mn>81<\/mn><\/msqrt><\/math> &#38; why\?$/,
    );
  });

  it("names the line of a syntax error, a question without a right answer and a bad formula; the rest still shows", async () => {
    const text = [
      "Fine? {=yes ~no}",
      "",
      "// a comment",
      "Broken {=a ~b",
      "",
      "Nobody is right {~a ~b}",
      "",
      "Bad maths \\(\\frac\\{1\\}\\{\\) {=a ~b}",
      "",
      "Also fine {T}",
    ].join("\n");
    const r = await read("gift", text);
    expect(r.problems.map((p) => [p.line, p.message])).toEqual([
      [4, expect.stringMatching(/^line 4: GIFT syntax: /)],
      [6, expect.stringMatching(/^line 6: no right answer/)],
      [8, expect.stringMatching(/^line 8: question text: formula "\\frac\{1\}\{"/)],
    ]);
    expect(r.quiz.questions.map((q) => q.text)).toEqual(["Fine?", "Bad maths \\(\\frac{1}{\\)", "Also fine"]);
    expect(r.valid).toBeNull();
  });

  it("export then import gives the same questions; what GIFT cannot hold is listed and said in the file", () => {
    const questions = quizSchema.parse({
      title: "Round trip",
      questions: [
        {
          type: "single",
          text: "Is {x} = y: #1 ~ \\(\\neq 2\\)?",
          options: ["a=b", "c~d", "\\(\\frac{1}{2}\\)"],
          correct: 2,
          explanation: "Because\nof lines.",
        },
        { type: "multi", text: "Pick", options: ["1", "2", "3"], correct: [0, 2] },
        { type: "truefalse", text: "True?", correct: false },
        { type: "text", text: "Name it", accepted: ["One", "Two"] },
        { type: "order", text: "Order", items: ["a", "b", "c"] },
        { type: "slider", text: "How many?", min: 0, max: 10, step: 1, correct: 8, tolerance: 1 },
        { type: "poll", text: "Like it?", options: ["Yes", "No"] },
      ],
    }).questions;
    const { text, skipped } = exportGift({ title: "Round trip", questions });
    expect(skipped.map((s) => s.question)).toEqual([5, 7]);
    expect(text).toMatch(/^\/\/ Question 5 is not in this file: GIFT has no ordering questions\.$/m);
    expect(text).toMatch(/^\/\/ Question 6 \(slider\) is a numerical question here/m);
    const back = parseGift(text);
    expect(back.problems).toEqual([]);
    // Line breaks travel as GIFT's \n escape, so they come back too.
    const expected = [0, 1, 2, 3].map((i) => {
      const { id: _id, timeLimit: _t, points: _p, ...q } = questions[i];
      return q;
    });
    // The multi comes back weighted as GIFT writes it (50 % a right pick, −100 % a wrong one): the same scores.
    expected[1] = { ...expected[1], weights: [50, -100, 50] } as (typeof expected)[1];
    expect(back.questions.slice(0, 4).map((q) => q.question)).toEqual(expected);
    // The slider comes back as a numerical question's slider: the same value and tolerance.
    expect(back.questions[4].question).toMatchObject({ type: "slider", correct: 8, tolerance: 1 });
    expect(back.skipped).toEqual([]);
    expect(giftEscape("a\\b")).toBe("a\\\\b");
  });
});

describe("Aiken", () => {
  it("reads questions with or without blank lines between them, A. and A) options, and true/false", async () => {
    const r = await read("aiken", aiken);
    expect(r.problems).toEqual([]);
    expect(strip(r.quiz.questions)).toEqual([
      {
        type: "single",
        text: "What is the capital of Italy?",
        options: ["Milan", "Rome", "Naples"],
        correct: 1,
        timeLimit: 20,
        points: "standard",
      },
      {
        type: "single",
        text: "Which gas do plants take in for photosynthesis?",
        options: ["Oxygen", "Carbon dioxide"],
        correct: 1,
        timeLimit: 20,
        points: "standard",
      },
      {
        type: "truefalse",
        text: "Water boils at 100 °C at sea level.",
        correct: true,
        timeLimit: 20,
        points: "standard",
      },
    ]);
  });

  it("names the line of an answer that is not an option, a missing ANSWER, letters out of order and a lonely ANSWER", () => {
    const text = [
      "Q1?",
      "A. a",
      "B. b",
      "ANSWER: D",
      "",
      "Q2?",
      "A. a",
      "C. c",
      "ANSWER: A",
      "Q3?",
      "A. x",
      "B. y",
      "",
      "Q4?",
      "A. x",
      "B. y",
      "ANSWER: B",
      "ANSWER: A",
    ].join("\n");
    expect(parseAiken(text).problems.map((p) => p.message)).toEqual([
      'line 4: ANSWER must be one of the option letters A–B, not "D"',
      "line 8: expected option B, found C",
      'line 10: the question has no "ANSWER: <letter>" line after its options',
      "line 18: ANSWER without a question before it",
    ]);
  });

  it("exports single choice and true/false, lists the rest, and reads back the same", () => {
    const questions = quizSchema.parse({
      title: "A",
      questions: [
        { type: "single", text: "Two\nlines?", options: ["x", "y", "z"], correct: 2 },
        { type: "multi", text: "Many", options: ["1", "2"], correct: [0, 1] },
        { type: "truefalse", text: "Yes?", correct: false },
      ],
    }).questions;
    const { text, skipped } = exportAiken({ questions });
    expect(text).toBe("Two lines?\nA. x\nB. y\nC. z\nANSWER: C\n\nYes?\nA. True\nB. False\nANSWER: B\n");
    expect(skipped).toEqual([
      expect.objectContaining({
        question: 2,
        message: expect.stringMatching(/single-choice questions only \(this one is multi\)/),
      }),
    ]);
    expect(parseAiken(text).questions.map((q) => q.question)).toEqual([
      { type: "single", text: "Two lines?", options: ["x", "y", "z"], correct: 2 },
      { type: "truefalse", text: "Yes?", correct: false },
    ]);
  });
});

describe("Quizlet paste", () => {
  it("asks each definition with its term right and other cards' terms wrong (or the term, if asked), the same way every time", async () => {
    const r = await read("quizlet", quizlet);
    expect(r.problems).toEqual([]);
    const cards = quizlet
      .trim()
      .split("\n")
      .filter(Boolean)
      .map((l) => l.split("\t"));
    const terms = cards.map((c) => c[0]);
    expect(r.quiz.questions).toHaveLength(4);
    r.quiz.questions.forEach((q, i) => {
      if (q.type !== "single") throw new Error(q.type);
      expect(q.text).toBe(cards[i][1]);
      expect(q.options[q.correct]).toBe(cards[i][0]);
      expect([...q.options].sort()).toEqual([...terms].sort());
    });
    expect((await read("quizlet", quizlet)).quiz).toEqual(r.quiz);
    // The teacher may ask the term instead: its definition is right.
    const byTerm = parseQuizlet(quizlet, "term").questions.map((l) => l.question);
    byTerm.forEach((q, i) => {
      if (q.type !== "single") throw new Error(q.type);
      expect(q.text).toBe(cards[i][0]);
      expect(q.options[q.correct]).toBe(cards[i][1]);
    });
    // With more cards, three wrong options are drawn from the rest.
    const many = Array.from({ length: 9 }, (_, i) => `term ${i}\tdefinition ${i}`).join("\n");
    const big = parseQuizlet(many).questions.map((q) => q.question as { options: string[] });
    expect(big.every((q) => q.options.length === 4 && new Set(q.options).size === 4)).toBe(true);
  });

  it("names the line without a tab or with an empty side, and refuses a single card", () => {
    expect(parseQuizlet("a\tb\nno tab here\n\t x\ny\t\n").problems.map((p) => p.message)).toEqual([
      expect.stringMatching(/^line 2: no tab between the term and its definition/),
      "line 3: the term is empty",
      "line 4: the definition is empty",
    ]);
    expect(parseQuizlet("a\tb\nc\tb", "term").problems).toEqual([
      expect.objectContaining({ path: "(root)", message: expect.stringMatching(/at least 2 cards/) }),
    ]);
  });
});

describe("spreadsheets", () => {
  it("reads Kahoot's template (title and instruction rows, numbered column A, empty rows) by its header", async () => {
    for (const format of ["kahoot", "xlsx"] as const) {
      const r = await read(format, bytes(kahootUrl));
      expect(r.problems, format).toEqual([]);
      expect(strip(r.quiz.questions)).toEqual([
        {
          type: "single",
          text: "Which planet is known as the Red Planet?",
          options: ["Venus", "Mars", "Jupiter", "Saturn"],
          correct: 1,
          timeLimit: 20,
          points: "standard",
        },
        // Kahoot's "1,3": one pick, and either of them counts (full credit each).
        {
          type: "single",
          text: "Which of these are prime numbers?",
          options: ["2", "4", "5", "9"],
          correct: 0,
          weights: [100, 0, 100, 0],
          timeLimit: 30,
          points: "standard",
        },
        {
          type: "truefalse",
          text: "Light travels faster than sound.",
          correct: true,
          timeLimit: 10,
          points: "standard",
        },
        {
          type: "single",
          text: "What is \\(\\sqrt{81}\\)?",
          options: ["7", "9"],
          correct: 1,
          timeLimit: 20,
          points: "standard",
        },
      ]);
    }
  });

  it("names the sheet row of a bad Kahoot row and keeps nothing to save", async () => {
    const r = await read("kahoot", bytes(kahootBadUrl));
    expect(r.problems).toEqual([
      { path: "row 10", row: 10, message: "row 10: correct answer 5 is not one of answers 1–4" },
    ]);
    expect(r.valid).toBeNull();
    expect(r.quiz.questions).toHaveLength(2);
  });

  it("reads the CSV layout from an .xlsx written by write-excel-file, numbers as numbers, naming sheet rows", async () => {
    const blob = await writeXlsxFile([
      ["Question", "Answer 1", "Answer 2", "Answer 3", "Answer 4", "Time limit", "Correct"],
      ["Capital of Spain?", "Madrid", "Lisbon", null, null, 30, 1],
      ["Even numbers?", 1, 2, 3, 4, 20, "2,4"],
      [null, null, null, null, null, null, null],
      ["Out of range", "a", "b", null, null, 999, 1],
      ["No answer marked", "a", "b", null, null, 20, null],
    ]).toBlob();
    const r = await read("xlsx", await blob.arrayBuffer());
    expect(r.problems.map((p) => p.message)).toEqual([
      expect.stringMatching(/^row 5: time limit: /),
      expect.stringMatching(/^row 6: correct answer\(s\) missing/),
    ]);
    expect(strip(r.quiz.questions)).toEqual([
      {
        type: "single",
        text: "Capital of Spain?",
        options: ["Madrid", "Lisbon"],
        correct: 0,
        timeLimit: 30,
        points: "standard",
      },
      {
        type: "multi",
        text: "Even numbers?",
        options: ["1", "2", "3", "4"],
        correct: [1, 3],
        timeLimit: 20,
        points: "standard",
      },
    ]);
    // Asked for Kahoot's template, the same sheet is refused for want of its header.
    expect((await read("kahoot", await blob.arrayBuffer())).problems[0].message).toMatch(/no Kahoot header row/);
  });

  it("refuses a file that is not a spreadsheet, and a zip that would unpack too large, before unpacking it", async () => {
    expect((await read("xlsx", utf8("just,some,text"))).problems[0].message).toMatch(/not an \.xlsx spreadsheet/);
    const bomb = new Uint8Array(bytes(kahootUrl).slice(0));
    const view = new DataView(bomb.buffer);
    // Claim 100 MB for the first entry in the central directory.
    for (let i = 0; i < bomb.length - 4; i++) {
      if (view.getUint32(i, true) === 0x02014b50) {
        view.setUint32(i + 24, 100 * 1024 * 1024, true);
        break;
      }
    }
    expect(zipRefusal(bomb)).toMatch(/too large/);
    expect((await read("xlsx", bomb.buffer)).problems[0].message).toMatch(/too large/);
  });
});

describe("zips that lie about their size", () => {
  const CENTRAL = 0x02014b50;
  const LOCAL = 0x04034b50;

  it("a sheet that really unpacks to 5× the limit but whose headers claim 2 kB is refused, unread by read-excel-file", async () => {
    const bomb = lyingZip([{ name: "xl/worksheets/sheet1.xml", data: bigXml(5 * MAX_UNPACKED), claimed: 2000 }]);
    expect(bomb.length).toBeLessThan(512 * 1024); // it fits in a request body
    expect(zipRefusal(bomb)).toBeNull(); // its headers pass: they lie
    expect(await verifiedXlsx(bomb)).toEqual({ error: "the spreadsheet is too large once unpacked" });
    for (const format of ["xlsx", "kahoot"] as const) {
      const r = await read(format, bomb.buffer);
      expect(r.problems.map((p) => p.message)).toEqual(["the spreadsheet is too large once unpacked"]);
      expect(r.quiz.questions).toEqual([]);
    }
  });

  it("the limit is on the parts together: many parts each under it, each claiming 100 bytes, are refused", async () => {
    const part = Math.ceil(MAX_UNPACKED / 8);
    const parts = Array.from({ length: 9 }, (_, i) => ({ name: `xl/part${i}.xml`, data: bigXml(part), claimed: 100 }));
    const zip = lyingZip(parts);
    expect(zipRefusal(zip)).toBeNull();
    expect(await verifiedXlsx(zip)).toEqual({ error: "the spreadsheet is too large once unpacked" });
    // Eight of them fit, and come back stored with their real sizes.
    const fits = await verifiedXlsx(lyingZip(parts.slice(0, 8)));
    expect("zip" in fits && fits.zip.byteLength).toBeGreaterThan(8 * part);
  });

  it("parts that are not read (pictures, printer settings) are never unpacked, whatever their size", async () => {
    const zip = lyingZip([
      { name: "xl/media/image1.png", data: bigXml(2 * MAX_UNPACKED), claimed: 10 },
      { name: "xl/printerSettings/printerSettings1.bin", data: bigXml(2 * MAX_UNPACKED), claimed: 10 },
    ]);
    const r = await verifiedXlsx(zip);
    expect("zip" in r && r.zip.byteLength).toBe(22); // an empty archive: nothing of it handed on
  });

  it("a real spreadsheet whose headers understate every size reads exactly as the honest one", async () => {
    const honest = await read("kahoot", bytes(kahootUrl));
    expect(honest.problems).toEqual([]);
    const lying = new Uint8Array(bytes(kahootUrl).slice(0));
    const view = new DataView(lying.buffer);
    let patched = 0;
    for (let i = 0; i < lying.length - 30; i++) {
      if (view.getUint32(i, true) === CENTRAL) {
        view.setUint32(i + 24, 1, true);
        patched++;
      } else if (view.getUint32(i, true) === LOCAL) view.setUint32(i + 22, 1, true);
    }
    expect(patched).toBeGreaterThan(3);
    const r = await read("kahoot", lying.buffer);
    expect(r.problems).toEqual([]);
    expect(strip(r.quiz.questions)).toEqual(strip(honest.quiz.questions));
  });

  it("two parts of one name, a part that is not deflate data, or one past the end of the file are refused", async () => {
    const xml = new TextEncoder().encode("<a/>");
    expect(
      await verifiedXlsx(
        lyingZip([
          { name: "xl/workbook.xml", data: xml },
          { name: "xl/workbook.xml", data: xml },
        ]),
      ),
    ).toEqual({ error: "the spreadsheet is damaged (its zip directory cannot be read)" });
    const garbage = lyingZip([{ name: "xl/workbook.xml", data: bigXml(5000) }]);
    // Overwrite the deflate data (after the 30-byte local header and the name) with invalid block types.
    garbage.fill(0xff, 30 + "xl/workbook.xml".length, 40 + "xl/workbook.xml".length);
    expect(await verifiedXlsx(garbage)).toEqual({ error: "the spreadsheet is damaged (a part cannot be unpacked)" });
    const short = lyingZip([{ name: "xl/workbook.xml", data: xml }]);
    const sv = new DataView(short.buffer);
    for (let i = 0; i < short.length - 4; i++)
      if (sv.getUint32(i, true) === CENTRAL) sv.setUint32(i + 20, 100_000, true); // packed size past the end
    expect(await verifiedXlsx(short)).toEqual({
      error: "the spreadsheet is damaged (its zip directory cannot be read)",
    });
  });
});

describe("JSON and CSV through the same preview", () => {
  it("a JSON export's own fields are kept; its problems name the question", async () => {
    const file = {
      format: "quickquiz",
      version: 1,
      quiz: {
        title: "From JSON",
        language: "ru",
        questions: [
          { type: "truefalse", text: "Да?", correct: true },
          { type: "single", text: "", options: ["a"], correct: 3 },
        ],
      },
    };
    const r = await read("json", JSON.stringify(file), "ignored");
    expect(r.quiz).toMatchObject({ title: "From JSON", language: "ru" });
    expect(r.problems.map((p) => p.message)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^question 2: question text: /),
        expect.stringMatching(/^question 2: option/),
      ]),
    );
    expect((await read("json", "{nope")).problems[0].message).toMatch(/not valid JSON/);
    expect(
      (await read("json", JSON.stringify({ questions: [{ type: "truefalse", text: "x", correct: true }] })))
        .problems[0],
    ).toMatchObject({ path: "title" });
  });

  it("CSV lines keep their numbers", async () => {
    const r = await read("csv", "Q1,a,b,,,20,1\nQ2,a,b,,,20,9\n");
    expect(r.problems.map((p) => p.path)).toEqual(["line 2"]);
  });
});

describe("texts of formats without markup", () => {
  it("Aiken, a Quizlet list and Kahoot's template show a * or _ as written; the CSV layout keeps emphasis; formulas keep their TeX", async () => {
    const aikenQ = (await read("aiken", "Which is *not* a mammal?\nA. *Bat*\nB. Shark\nC. 2*3*4\nANSWER: B\n")).quiz
      .questions[0];
    expect(aikenQ).toMatchObject({ text: "Which is \\*not\\* a mammal?", options: ["\\*Bat\\*", "Shark", "2*3*4"] });
    const cards = "_le chat_\tthe cat\nle chien\t*the* dog\nH_2O\twater \\(x_1\\)\n";
    const quizletQs = (await read("quizlet", cards)).quiz.questions;
    expect(quizletQs.map((q) => q.text)).toEqual(["the cat", "\\*the\\* dog", "water \\(x_1\\)"]);
    expect(quizletQs.flatMap((q) => ("options" in q ? q.options : []))).toContain("\\_le chat\\_");
    expect(quizletQs.flatMap((q) => ("options" in q ? q.options : []))).toContain("H_2O");
    const header = [
      "",
      "Question - max 120 characters",
      "Answer 1 - max 75 characters",
      "Answer 2 - max 75 characters",
      "Answer 3 - max 75 characters",
      "Answer 4 - max 75 characters",
      "Time limit (sec)",
      "Correct answer(s) - choose at least one",
    ];
    const kahoot = await writeXlsxFile([
      header,
      [1, "Which is *not* a fish?", "*Whale*", "Trout", null, null, 20, 1],
    ]).toBlob();
    const kq = (await read("kahoot", await kahoot.arrayBuffer())).quiz.questions[0];
    expect(kq).toMatchObject({ text: "Which is \\*not\\* a fish?", options: ["\\*Whale\\*", "Trout"] });
    // QuickQuiz's own CSV layout, in a sheet or a CSV file: emphasis is written on purpose there.
    const own = await writeXlsxFile([
      ["Question", "Answer 1", "Answer 2", "Answer 3", "Answer 4", "Time limit", "Correct"],
      ["Which is *not* a fish?", "*Whale*", "Trout", null, null, 20, 1],
    ]).toBlob();
    expect((await read("xlsx", await own.arrayBuffer())).quiz.questions[0]).toMatchObject({
      text: "Which is *not* a fish?",
      options: ["*Whale*", "Trout"],
    });
    expect((await read("csv", "Which is *not* a fish?,*Whale*,Trout,,,20,1\n")).quiz.questions[0]).toMatchObject({
      text: "Which is *not* a fish?",
    });
  });
});

describe("any input", () => {
  it("every reader answers with questions or problems, never an exception, whatever the bytes", async () => {
    const { default: fc } = await import("fast-check");
    const { IMPORT_FORMATS } = await import("../../schema/imports.ts");
    const { ApiError } = await import("../../worker/errors.ts");
    // Text built from each format's own punctuation, so the readers get past their first line.
    const piece = fc.constantFrom(
      "{",
      "}",
      "=",
      "~",
      "#",
      "%50%",
      "::",
      "\\",
      "$",
      "\\(",
      "A. ",
      "B) ",
      "ANSWER: A",
      "\t",
      "\n",
      "\n\n",
      ",",
      ";",
      '"',
      "1",
      "x",
      "Я",
      "[html]<b>",
    );
    const text = fc.array(piece, { maxLength: 60 }).map((p) => p.join(""));
    const body = fc.oneof(
      text.map(utf8),
      fc.uint8Array({ maxLength: 400 }).map((b) => b.buffer as ArrayBuffer),
    );
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...IMPORT_FORMATS), body, async (format, bytes) => {
        try {
          const r = await read(format, bytes);
          expect(Array.isArray(r.problems) && Array.isArray(r.quiz.questions)).toBe(true);
          expect(r.valid === null).toBe(r.problems.length > 0);
        } catch (err) {
          // JSON spelling a lone surrogate is refused like any JSON body (400).
          if (!(format === "json" && err instanceof ApiError && err.status === 400)) throw err;
        }
      }),
      { numRuns: 400 },
    );
  });
});
