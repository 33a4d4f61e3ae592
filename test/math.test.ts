// Formulas in quiz text: the delimiter rule, MathML from temml, the escaping and the allow-list
// around it, the save-time check, and the rendered HTML a hosted game sends to phones.
import { describe, expect, it } from "vitest";
import { splitMath } from "../schema/math/delimiters.ts";
import { FormulaError, renderMathText } from "../schema/math/render.ts";
import { sanitizeMathml } from "../schema/math/sanitize.ts";
import type { Overflow } from "../schema/math/boxes.ts";
import { mathTable } from "../schema/math/table.ts";
import { api as apiRaw, createQuiz, jsonInit, registerTeacher, sampleQuiz, type ErrorBody } from "./helpers/api.ts";
import { type Client, hostedGames, hostedRoom, idOf } from "./helpers/room-client.ts";

const formulas = (s: string) => splitMath(s).segments.filter((x) => "tex" in x);

describe("delimiters", () => {
  it("reads \\( \\), \\[ \\], $ $ and $$ $$", () => {
    expect(splitMath("Solve \\(x^2 = 4\\).").segments).toEqual([
      { text: "Solve " },
      { tex: "x^2 = 4", display: false },
      { text: "." },
    ]);
    expect(splitMath("$a+b$ and $$\\sum_i i$$ and \\[y\\]").segments).toEqual([
      { tex: "a+b", display: false },
      { text: " and " },
      { tex: "\\sum_i i", display: true },
      { text: " and " },
      { tex: "y", display: true },
    ]);
  });

  it("leaves prices alone: $ before a space or after a digit, or a closing $ after a space or before a digit", () => {
    for (const s of ["It costs $5 and $10.", "between 5$ and 10$", "$ 3 or $ 4", "pay $5, get $x$ back"].slice(0, 3))
      expect(formulas(s)).toEqual([]);
    // A price before a formula does not swallow it.
    expect(formulas("pay $5, get $x$ back")).toEqual([{ tex: "x", display: false }]);
    expect(formulas("from 5$-10$ up")).toEqual([]);
  });

  it("\\$ is a dollar sign outside formulas and TeX's inside", () => {
    expect(splitMath("\\$5 and \\$x\\$").segments).toEqual([{ text: "$5 and $x$" }]);
    expect(formulas("$\\$5 + x$")).toEqual([{ tex: "\\$5 + x", display: false }]);
    // \\) inside is a TeX line break and a parenthesis, not the end.
    expect(formulas("\\(a \\\\) b\\)")).toEqual([{ tex: "a \\\\) b", display: false }]);
  });

  it("an unclosed \\( or \\[ is an error; an unmatched $ is text", () => {
    expect(splitMath("Solve \\(x^2").error).toMatch(/never closed/);
    expect(splitMath("\\[x").error).toMatch(/never closed with \\\]/);
    expect(splitMath("50$ off $$").error).toBeUndefined();
  });
});

describe("rendering", () => {
  it("plain text needs no rendering; a formula becomes MathML with the text around it escaped", () => {
    expect(renderMathText("Capital of France?")).toBeNull();
    const html = renderMathText("If <b>x</b> & \\(x^2 = 4\\), then?")!;
    expect(html).toMatch(
      /^If &#60;b&#62;x&#60;\/b&#62; &#38; <math aria-label="x squared = 4">.*<msup><mi>x<\/mi><mn[^>]*>2<\/mn><\/msup>.*<\/math>, then\?$/,
    );
    expect(renderMathText("Only \\$5")).toBe("Only $5");
  });

  it("nothing executable survives: untrusted commands are errors, text inside formulas is escaped", () => {
    for (const tex of [
      "\\href{javascript:alert(1)}{x}",
      "\\url{javascript:alert(1)}",
      "\\htmlClass{x}{y}",
      "\\style{background:url(x)}{y}",
      "\\includegraphics{x.png}",
      "\\foo",
    ]) {
      expect(() => renderMathText(`\\(${tex}\\)`), tex).toThrow(FormulaError);
    }
    const html = renderMathText("$\\text{<img src=x onerror=alert(1)>}$")!;
    expect(html).not.toMatch(/<img|onerror="/);
    expect(html).toContain("&lt;img");
    // A \def loop stops at the expansion limit instead of hanging the request.
    expect(() => renderMathText("$\\def\\a{\\a\\a}\\a$")).toThrow(FormulaError);
  });

  it("names the formula and temml's reason, without its underlined copy of the input", () => {
    try {
      renderMathText("Compute \\(\\frac{1}{\\)");
      expect.unreachable();
    } catch (e) {
      expect((e as Error).message).toMatch(/^formula "\\frac\{1\}\{": /);
      expect((e as Error).message).not.toMatch(/\u0332/);
    }
  });

  it("the allow-list keeps what temml writes for ordinary school maths", () => {
    const samples = [
      "x = \\frac{-b \\pm \\sqrt{b^2-4ac}}{2a}",
      "\\int_0^1 x^2\\,dx",
      "\\sum_{k=1}^{n} k",
      "\\lim_{x\\to 0} \\frac{\\sin x}{x} = 1",
      "\\begin{pmatrix} 1 & 2 \\\\ 3 & 4 \\end{pmatrix}",
      "f(x) = \\begin{cases} 1 & x > 0 \\\\ 0 & \\text{otherwise} \\end{cases}",
      "\\vec{v} \\cdot \\hat{n}",
      "\\color{red}{x} + \\mathbb{R} + \\mathcal{O}(n^2)",
      "\\overline{AB} \\parallel \\underbrace{CD}_{x}",
      "{}^{14}_{6}\\mathrm{C}",
      "\\sqrt[3]{27} = 3 \\quad \\text{and} \\; 2^{10} = 1024",
      "\\begin{aligned} a &= b \\\\ c &= d \\end{aligned}",
      "\\left( \\frac{a}{b} \\right)^2 \\ne \\alpha \\le \\beta \\infty",
      "\\cancel{x} \\boxed{y} \\xrightarrow{f}",
      // Spaces and phantoms that stay inside the formula's box.
      "a \\hspace{1em} b \\qquad c \\, d \\kern2em e",
      "\\hphantom{x} \\vphantom{\\frac{1}{2}} \\mathstrut y \\phantom{z}",
      "\\colorbox{yellow}{x} \\fbox{y} \\xrightleftharpoons{k} \\Huge z",
    ];
    for (const tex of samples) {
      const html = renderMathText(`$${tex}$`);
      expect(html, tex).toMatch(/^<math[ >].*<\/math>$/s);
    }
    // \label's id would let quiz text name elements of the page: dropped.
    const labelled = renderMathText("$$\\begin{equation} E = mc^2 \\label{main} \\end{equation}$$");
    expect(labelled).toMatch(/^<math aria-label="[^"]+" display="block"[^>]*>.*<\/math>$/s);
    expect(labelled).not.toMatch(/\sid=/);
  });

  it("the allow-list refuses markup that is not MathML and drops attributes that are not presentational", () => {
    expect(sanitizeMathml("<math><mi>x</mi></math>")).toBe("<math><mi>x</mi></math>");
    expect(sanitizeMathml("<math><script>alert(1)</script></math>")).toBeNull();
    expect(sanitizeMathml('<math><a href="javascript:x">x</a></math>')).toBeNull();
    expect(sanitizeMathml('<math><mi onclick="alert(1)" mathvariant="bold">x</mi></math>')).toBe(
      '<math><mi mathvariant="bold">x</mi></math>',
    );
    expect(sanitizeMathml('<math><mi style="background:url(https://e.test/x)">x</mi></math>')).toBe(
      "<math><mi>x</mi></math>",
    );
    expect(sanitizeMathml('<math><mi href="x" id="y">x</mi></math>')).toBe("<math><mi>x</mi></math>");
    expect(sanitizeMathml("<math><mi>x</mi>")).toBeNull();
    expect(sanitizeMathml("<math><mi>x</mo></math>")).toBeNull();
    expect(sanitizeMathml("<math><mi>a > b</mi></math>")).toBeNull();
    expect(sanitizeMathml("<math><!-- x --></math>")).toBeNull();
    expect(sanitizeMathml("<mi>x</mi>")).toBeNull();
  });

  it("each formula carries its spoken form (browsers leave MathML out of a button's name), in the quiz's language", () => {
    const label = (tex: string, lang = "en") =>
      /^<math aria-label="([^"]*)"/.exec(renderMathText(`$${tex}$`, lang)!)![1];
    expect(label("\\sqrt{81}")).toBe("square root of 81");
    expect(label("x = \\frac{-b \\pm \\sqrt{b^2-4ac}}{2a}")).toBe(
      "x = fraction minus b ± square root of b squared minus 4 a c, end root, over 2 a, end fraction",
    );
    expect(label("\\sum_{k=1}^{n} k^3")).toBe("sum from k = 1 to n k cubed");
    expect(label("\\vec{v} + a_i^{10}")).toBe("v vector + a sub i to the power 10");
    expect(label("\\sqrt[3]{27}", "ru")).toBe("корень степени 3 из 27, конец корня");
    expect(label("\\frac{1}{2}", "ru-RU")).toBe("1 делить на 2");
    // Quotes and angle brackets in the words are escaped inside the attribute.
    expect(renderMathText('$\\text{"<b>"}$')).toMatch(/^<math aria-label="&#34;&#60;b&#62;&#34;">/);
  });

  it("the game's table lists only texts that need rendering, and survives texts named like Object's properties", () => {
    const table = mathTable([
      { text: "constructor", options: ["__proto__", "$x$", "plain"], explanation: "Because \\(y\\)." },
      { text: "$x$", options: ["\\(x+1\\", "b"] },
    ]);
    expect(Object.keys(table).sort()).toEqual(["$x$", "Because \\(y\\)."]);
    expect(table["$x$"]).toMatch(/^<math aria-label="x">/);
  });
});

describe("formulas stay inside their own box", () => {
  // The probe's option: a zero-width box holding a 20em orange square covered the next answer's button.
  const HOSTILE = "\\(\\color{orange}\\llap{\\rule{20em}{20em}}\\)Berlin";
  const refusal = (tex: string) => {
    try {
      renderMathText(`\\(${tex}\\)`);
    } catch (err) {
      expect(err).toBeInstanceOf(FormulaError);
      return (err as Error).message;
    }
    return null;
  };

  it.each([
    ["\\llap{x}", "\\llap"],
    ["\\rlap{x}", "\\rlap"],
    ["\\clap{x}", "\\clap"],
    ["\\mathllap{x}", "\\mathllap"],
    ["\\mathrlap{x}", "\\mathrlap"],
    ["\\mathclap{xyz}", "\\mathclap"],
    ["\\mathrel{\\rlap{=}{/}}", "\\rlap"],
    ["\\rule{20em}{20em}", "\\rule"],
    ["\\rule{1pt}{1pt}", "\\rule"],
    ["\\rule{0pt}{0pt}", "\\rule"],
    ["\\rule[-5em]{1em}{1em}", "\\rule"],
    ["a\\!b", "\\!"],
    ["a\\negthinspace b", "\\negthinspace"],
    ["a\\negmedspace b", "\\negmedspace"],
    ["a\\negthickspace b", "\\negthickspace"],
    ["a\\kern-5em b", "\\kern"],
    ["a\\mkern-18mu b", "\\mkern"],
    ["a\\hskip-2em b", "\\hskip"],
    ["a\\mskip-9mu b", "\\mskip"],
    ["a\\hspace{-3em}b", "\\hspace"],
    ["a\\hspace*{-1em}b", "\\hspace*"],
    ["a\\hspace{50em}b", "\\hspace"],
    ["a\\kern30em b", "\\kern"],
    ["a\\hspace{5cm}b", "\\hspace"],
    ["\\raisebox{5em}{x}", "\\raisebox"],
    ["\\raisebox{-3em}{x}", "\\raisebox"],
    ["\\lower{2em}{x}", "\\lower"],
    ["\\smash{\\begin{matrix}a\\\\b\\\\c\\end{matrix}}", "\\smash"],
    ["\\cancelto{0}{x+y}", "\\cancelto"],
    // Hidden behind a macro: the MathML decides, the message still names what the source says.
    ["\\def\\x{\\llap}\\x{\\rule{9em}{9em}}", "\\llap"],
  ])("%s is refused, naming %s", (tex, name) => {
    const message = refusal(tex);
    expect(message).not.toBeNull();
    expect(message).toContain(`${name} draws outside the formula's own box`);
  });

  it("the probe's option is refused; the same words without the overlap are fine", () => {
    expect(() => renderMathText(HOSTILE)).toThrow(/\\llap draws outside/);
    expect(renderMathText("\\(\\color{orange}\\text{Berlin}\\)")).toMatch(/^<math/);
  });

  it("the sanitiser strips what reaches outside the box from MathML it is handed, and says what it met", () => {
    const found = new Set<Overflow>();
    const out = sanitizeMathml(
      '<math><mpadded lspace="-1width" width="0.1px" style="position:relative;color:#FF8000;"><mspace mathbackground="#FF8000" width="20em" height="20em" style="position:absolute;right:0;bottom:0;"></mspace></mpadded>' +
        '<mrow style="margin-left:-5em;"></mrow><mspace width="30em"></mspace><mpadded voffset="9em" height="0px"><mi>x</mi></mpadded>' +
        '<mrow style="transform:translate(0,0);z-index:9;top:0;"></mrow></math>',
      found,
    );
    expect(out).toBe(
      '<math><mpadded style="color:#FF8000;"><mspace height="20em"></mspace></mpadded><mrow></mrow><mspace></mspace><mpadded><mi>x</mi></mpadded><mrow></mrow></math>',
    );
    expect([...found].sort()).toEqual(["lap", "negative", "offset", "position", "rule", "wide"]);
    // Inside a phantom nothing is painted: a zero-width phantom (\\vphantom) keeps its size.
    const phantom = new Set<Overflow>();
    expect(
      sanitizeMathml('<math><mpadded width="0.1px"><mphantom><mi>x</mi></mphantom></mpadded></math>', phantom),
    ).toBe('<math><mpadded width="0.1px"><mphantom><mi>x</mi></mphantom></mpadded></math>');
    expect(phantom.size).toBe(0);
    // ... but not when something visible follows the phantom in the same zero-width box.
    const mixed = new Set<Overflow>();
    expect(
      sanitizeMathml('<math><mpadded width="0.1px"><mphantom><mi>x</mi></mphantom><mi>y</mi></mpadded></math>', mixed),
    ).toBe("<math><mpadded><mphantom><mi>x</mi></mphantom><mi>y</mi></mpadded></math>");
    expect([...mixed]).toEqual(["lap"]);
  });

  it("saving or importing such a formula is a 400 naming the construct and the field; nothing is stored", async () => {
    const teacher = await registerTeacher();
    const saved = await apiRaw(
      "/api/quizzes",
      jsonInit(
        "POST",
        sampleQuiz({
          questions: [{ type: "single", text: "Capital of France?", options: ["Paris", HOSTILE], correct: 0 }],
        }),
        teacher.token,
      ),
    );
    expect(saved.status).toBe(400);
    const body = (await saved.json()) as ErrorBody;
    expect(body.error.code).toBe("validation_failed");
    expect(body.error.issues).toEqual([
      expect.objectContaining({
        path: "questions.0.options.1",
        message: expect.stringContaining("\\llap draws outside"),
      }),
    ]);
    const imported = await apiRaw("/api/quizzes/import/gift?title=Capitals", {
      method: "POST",
      headers: { "content-type": "text/plain", authorization: `Bearer ${teacher.token}` },
      body: "::Q1:: Capital of France? {=Paris ~\\\\(a\\\\!b\\\\)}\n",
    });
    expect(imported.status, await imported.clone().text()).toBe(400);
    expect(((await imported.json()) as ErrorBody).error.message).toContain("\\! draws outside");
    const mine = await apiRaw("/api/quizzes?scope=mine", { headers: { authorization: `Bearer ${teacher.token}` } });
    expect(((await mine.json()) as { items: unknown[] }).items).toEqual([]);
  });
});

describe("saving", () => {
  it("a quiz with formulas saves its source; a formula that does not render is refused, naming the field", async () => {
    const teacher = await registerTeacher();
    const good = await createQuiz(
      teacher.token,
      sampleQuiz({
        questions: [
          {
            type: "single",
            text: "What is \\(\\sqrt{16}\\)?",
            options: ["$2$", "$4$"],
            correct: 1,
            explanation: "$4^2 = 16$",
          },
        ],
      }),
    );
    expect(good.questions[0]).toMatchObject({
      text: "What is \\(\\sqrt{16}\\)?",
      options: ["$2$", "$4$"],
      explanation: "$4^2 = 16$",
    });

    const before = await apiRaw(`/api/quizzes?scope=mine`, {
      headers: { authorization: `Bearer ${teacher.token}` },
    }).then((r) => r.json() as Promise<{ items: unknown[] }>);
    const bad = await apiRaw(
      "/api/quizzes",
      jsonInit(
        "POST",
        sampleQuiz({
          questions: [{ type: "multi", text: "Pick", options: ["$x$", "\\(\\frac{1}{\\)"], correct: [0] }],
        }),
        teacher.token,
      ),
    );
    expect(bad.status).toBe(400);
    const body = (await bad.json()) as ErrorBody;
    expect(body.error.issues).toEqual([
      expect.objectContaining({
        path: "questions.0.options.1",
        message: expect.stringMatching(/^formula "\\frac\{1\}\{"/),
      }),
    ]);
    const unclosed = await apiRaw(
      `/api/quizzes/${good.id}`,
      jsonInit(
        "PUT",
        sampleQuiz({ questions: [{ type: "truefalse", text: "Is \\(x", correct: true }] }),
        teacher.token,
      ),
    );
    expect(unclosed.status).toBe(400);
    expect(((await unclosed.json()) as ErrorBody).error.issues?.[0]).toMatchObject({
      path: "questions.0.text",
      message: expect.stringMatching(/never closed/),
    });
    const after = await apiRaw(`/api/quizzes?scope=mine`, {
      headers: { authorization: `Bearer ${teacher.token}` },
    }).then((r) => r.json() as Promise<{ items: unknown[] }>);
    expect(after.items).toHaveLength(before.items.length);
  });
});

describe("in a game", () => {
  const used = hostedGames();

  it("phones get the question, its options and the explanation as MathML; plain texts carry nothing extra", async () => {
    const { h, clients } = await hostedRoom(
      used,
      [
        {
          type: "single",
          text: "What is \\(\\frac{1}{2} + \\frac{1}{4}\\)?",
          options: ["$\\frac{3}{4}$", "$\\frac{2}{6}$", "one"],
          correct: 0,
          explanation: "Add quarters: $\\frac{2}{4} + \\frac{1}{4}$.",
        },
        { type: "truefalse", text: "Plain text", correct: true },
      ],
      ["Ann"],
    );
    const [ann] = clients;
    h.send({ type: "start" });
    const q = await ann.next("question");
    const math = q.question.math!;
    expect(math[q.question.text]).toMatch(/^What is <math aria-label="1 over 2 \+ 1 over 4">.*<mfrac>.*<\/math>\?$/);
    const options = q.question.options!;
    expect(options.some((o) => "text" in o && o.text === "$\\frac{3}{4}$")).toBe(true);
    expect(math["$\\frac{3}{4}$"]).toMatch(
      /^<math aria-label="3 over 4"><mfrac><mn>3<\/mn><mn>4<\/mn><\/mfrac><\/math>$/,
    );
    expect(Object.keys(math)).not.toContain("one");
    // The quiz's language goes with the question: phones hyphenate and read aloud in it.
    expect(q.question.language).toBe("en");
    // The explanation waits for the reveal.
    expect(JSON.stringify(q)).not.toContain("quarters");
    ann.send({ type: "answer", q: 0, answer: { choice: idOf(q, "one") } });
    const reveal = await ann.next("reveal");
    expect(reveal.math?.[reveal.explanation!]).toMatch(/^Add quarters: <math aria-label="[^"]+">.*<\/math>\.$/);
    h.send({ type: "next" });
    h.send({ type: "next" });
    const q2 = await ann.next("question");
    expect(q2.question.text).toBe("Plain text");
    expect(q2.question.math).toBeUndefined();
    for (const c of [h, ann] as Client[]) c.close();
  });
});
