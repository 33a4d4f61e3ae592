// Adding a question type means adding its kind (schema/kinds/) and its per-type components, nothing
// else (docs/question-kinds.md). This scans the source for code that names a question type anyway:
// a comparison with a type, a switch over one, a question built with one, a registry keyed by them.
// The files are read through Vite's import.meta.glob, which needs no file system access of its own.
import { describe, expect, it } from "vitest";

const TYPES = ["single", "multi", "truefalse", "text", "order", "slider", "poll"];
/** Names that, quoted, mean nothing but a type here ("text" and "order" also name answer fields). */
const UNAMBIGUOUS = ["single", "multi", "truefalse", "poll", "slider"];
const any = TYPES.join("|");
const un = UNAMBIGUOUS.join("|");
const Q = "[\"'`]";

const RULES: [string, RegExp][] = [
  // A quoted unambiguous name, except as a JSX attribute's value (id="slider").
  ["literal", new RegExp(`(?<![\\w-]=)${Q}(${un})${Q}`)],
  [
    "comparison",
    new RegExp(`\\btype\\s*[!=]==?\\s*${Q}(${any})${Q}|${Q}(${any})${Q}\\s*[!=]==?\\s*[\\w.?]*\\btype\\b`),
  ],
  ["question built", new RegExp(`\\btype\\s*:\\s*${Q}(${any})${Q}`)],
  [
    "typed default",
    new RegExp(`QuestionType\\s*>?\\s*(?:=|\\()\\s*${Q}(${any})${Q}|${Q}(${any})${Q}\\s*as\\s+QuestionType`),
  ],
  // A registry keyed by type (not `slider:`, also the question view's field).
  ["registry key", /(?:^|[{,])\s*(single|multi|truefalse|poll)\s*:(?!:)/],
];

/** Comments may speak of types; code may not. Blanks them out, keeping line numbers. */
function stripComments(src: string): string {
  return src.replace(/\/\*[\s\S]*?\*\//g, (m) => m.replace(/[^\n]/g, " ")).replace(/(^|[^:"'`\\])\/\/.*$/gm, "$1");
}

/** Lines that name a question type in code, as "line: text". */
function typeNamings(src: string): string[] {
  const found: string[] = [];
  let switchOnType = false;
  stripComments(src)
    .split("\n")
    .forEach((line, i) => {
      const sw = /\bswitch\s*\(([^)]*)\)/.exec(line);
      if (sw) switchOnType = /\btype\b/.test(sw[1]);
      const named =
        RULES.some(([, re]) => re.test(line)) || (switchOnType && new RegExp(`\\bcase\\s+${Q}(${any})${Q}`).test(line));
      if (named) found.push(`${i + 1}: ${line.trim()}`);
    });
  return found;
}

/** Where types are named by design: their schemas, their kinds, and the per-type components of each screen. */
const PER_TYPE = [
  "../../schema/quiz.ts",
  "../../schema/kinds/",
  "../../web/src/player/answer.tsx",
  "../../web/src/teacher/editor/question-fields.tsx",
  "../../web/src/teacher/host/question-tiles.tsx",
  "../../web/src/teacher/editor/question-icons.ts",
];

/** Files allowed a few namings for a reason of their own: at most this many lines each. */
const KNOWN: Record<string, { lines: number; why: string }> = {
  "../../worker/quizzes/csv.ts": {
    lines: 3,
    why: "the spreadsheet importer writes the three types a row can be (single, multi, true/false)",
  },
  "../../worker/quizzes/formats/gift.ts": {
    lines: 12,
    why: "Moodle GIFT's own question kinds map onto ours both ways (import and export), and export names what GIFT cannot hold",
  },
  "../../worker/quizzes/formats/gift-answers.ts": {
    lines: 5,
    why: "GIFT's answer blocks as Moodle scores them become our single, multi, typed, true/false and slider questions",
  },
  "../../worker/quizzes/formats/kahoot.ts": {
    lines: 2,
    why: "Kahoot's several correct answers mean any of them counts: a multi read from the sheet becomes a weighted single choice",
  },
  "../../worker/quizzes/formats/aiken.ts": {
    lines: 4,
    why: "an Aiken question is a single choice or true/false, read and written",
  },
  "../../worker/quizzes/formats/quizlet.ts": {
    lines: 1,
    why: "a Quizlet card becomes a single-choice question",
  },
  "../../web/src/teacher/import/import-preview.tsx": {
    lines: 8,
    why: "the import preview lists each parsed question's answer the way its type holds it, before it is a saved quiz",
  },
  "../../web/src/teacher/import/export-more.tsx": {
    lines: 2,
    why: "the export menu says which types GIFT and Aiken can hold (the server's export-text lists the same)",
  },
};

const sources = import.meta.glob(
  ["../../schema/**/*.ts", "../../rooms/**/*.ts", "../../worker/**/*.ts", "../../web/src/**/*.{ts,tsx}"],
  {
    query: "?raw",
    import: "default",
    eager: true,
  },
) as Record<string, string>;

describe("the scan", () => {
  it("finds the ways code names a type", () => {
    const named = [
      'if (q.type === "order") return;',
      'const poll = "poll" === q.type;',
      'switch (q.type) {\n  case "text":',
      'return { ...base, type: "text", accepted };',
      'const [t, setT] = useState<QuestionType>("single");',
      'const t = "order" as QuestionType;',
      "const C = {\n  truefalse: Choice,",
      'const x = ["truefalse"];',
    ];
    for (const src of named) expect(typeNamings(src), src).not.toEqual([]);
  });

  it("leaves alone the same words as fields, attributes and prose", () => {
    const not = [
      'if ("text" in a) return a.text;',
      'if ("order" in answer) return answer.order;',
      '<input id="slider" type="range" />',
      '<input inputMode="text" />',
      'switch (field) {\n  case "text":\n    return 1;\n}',
      '<label for={uid("text")}>{tt("ed.text")}</label>',
      "// a poll is never right or wrong, unlike a single choice",
      '/* true/false: "truefalse" */',
      'const url = "https://example.test/poll";',
      '"host.poll": "A poll: every answer counts.",',
      "...(q.slider ? { slider: q.slider } : {}),",
    ];
    for (const src of not) expect(typeNamings(src), src).toEqual([]);
  });

  it("sees the whole source tree", () => {
    const files = Object.keys(sources);
    for (const f of [
      "../../rooms/live/views.ts",
      "../../worker/reports/distribution.ts",
      "../../web/src/teacher/editor/draft.ts",
      "../../schema/kinds/poll.ts",
    ])
      expect(files).toContain(f);
    expect(files.length).toBeGreaterThan(60);
  });
});

describe("question types are named only where each type is described", () => {
  it("no other file names a type", () => {
    const offenders: string[] = [];
    for (const [file, src] of Object.entries(sources)) {
      if (PER_TYPE.some((p) => (p.endsWith("/") ? file.startsWith(p) : file === p))) continue;
      const found = typeNamings(src);
      const known = KNOWN[file];
      if (found.length > (known?.lines ?? 0)) offenders.push(`${file.slice("../../".length)}\n  ${found.join("\n  ")}`);
    }
    expect(offenders, "ask the question's kind (schema/kinds) instead; see docs/question-kinds.md").toEqual([]);
  });

  it("the per-type files still name types (else the scan would prove nothing)", () => {
    for (const f of [
      "../../schema/kinds/truefalse.ts",
      "../../web/src/player/answer.tsx",
      "../../web/src/teacher/editor/question-fields.tsx",
      "../../web/src/teacher/host/question-tiles.tsx",
      "../../web/src/teacher/editor/question-icons.ts",
    ])
      expect(typeNamings(sources[f]).length, f).toBeGreaterThan(0);
  });
});
