// Formulas stay inside their own option (outside security probe, finding 3): on a 390 px phone an
// option `\(\color{orange}\llap{\rule{20em}{20em}}\)Berlin` painted an orange box over "Paris",
// and a tap at Paris's centre counted as Berlin. Through the real app: the API refuses that
// formula (400 naming \llap); a quiz whose options hold formulas that ARE allowed but are far
// wider or taller than an option (many allowed spaces in a row, a huge coloured box, a tall matrix) is
// hosted, a phone joins, and on the phone and on the projector no option's box overlaps
// another's, the page does not scroll sideways, and a tap at each option's centre selects that
// option and no other.
// Usage: node e2e/formula-boxes.mjs [--no-build] [--port 5431]
import { assert, ensureNode24, log, run, shot, T, waitText, WIDE, joinAs } from "./lib/harness.mjs";

ensureNode24();

const argv = process.argv.slice(2);
const PORT = Number(argv[argv.indexOf("--port") + 1]) || 5431;
const PHONE_390 = { width: 390, height: 844 };

const PROBE = "\\(\\color{orange}\\llap{\\rule{20em}{20em}}\\)Berlin";
const OPTIONS = [
  "Paris",
  // Each space is within the 4em allowed (\qquad is 2em); together they are far wider than a phone.
  `\\(${"\\qquad".repeat(12)}\\colorbox{orange}{\\Huge B}\\)erlin`,
  "\\(\\colorbox{orange}{\\Huge\\text{Madrid Madrid Madrid Madrid}}\\)",
  "\\(\\begin{pmatrix}1\\\\2\\\\3\\\\4\\\\5\\\\6\\\\7\\\\8\\\\9\\\\10\\end{pmatrix}\\raisebox{0.5em}{Rome}\\)",
];

await run({ port: PORT, build: !argv.includes("--no-build") }, flows);

/** The boxes of `selector` on the page, and where a point at each one's centre lands. */
async function boxes(page, selector) {
  return page.evaluate((sel) => {
    const els = [...document.querySelectorAll(sel)];
    return {
      scrollWidth: document.documentElement.scrollWidth,
      viewport: innerWidth,
      items: els.map((el, i) => {
        const r = el.getBoundingClientRect();
        const x = r.left + r.width / 2;
        const y = r.top + r.height / 2;
        const hit = document.elementFromPoint(x, y)?.closest(sel);
        return { i, left: r.left, top: r.top, right: r.right, bottom: r.bottom, x, y, hitsItself: hit === el };
      }),
    };
  }, selector);
}

/** `width`: the screen's own width (on a phone the layout viewport may grow to fit a page too wide). */
function assertSeparate(where, width, { items, scrollWidth, viewport }) {
  assert(items.length === OPTIONS.length, `${where}: ${items.length} options shown`);
  for (const a of items)
    for (const b of items) {
      if (a.i >= b.i) continue;
      const w = Math.min(a.right, b.right) - Math.max(a.left, b.left);
      const h = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
      assert(!(w > 0.5 && h > 0.5), `${where}: option ${a.i + 1} and option ${b.i + 1} overlap by ${w}×${h} px`);
    }
  for (const a of items) {
    assert(a.hitsItself, `${where}: the centre of option ${a.i + 1} is covered by something else`);
    assert(a.left >= -0.5 && a.right <= width + 0.5, `${where}: option ${a.i + 1} reaches outside the screen`);
  }
  assert(
    scrollWidth <= width && viewport <= width,
    `${where}: the page is wider than the screen (${scrollWidth} px, layout viewport ${viewport} px, on ${width})`,
  );
}

async function flows({ base, browser, test, newPage, pageErrors }) {
  const host = await newPage(WIDE, "formula-host");
  const stamp = Date.now().toString(36);
  let code = "";
  let phone;

  await test("formula boxes: the probe's overlapping formula is refused at save, naming \\llap", async () => {
    await host.goto("/");
    const reg = await host.request.post("/api/auth/register", {
      data: { name: "Fay", email: `fay-${stamp}@example.test`, password: "correct-horse-9", role: "teacher" },
    });
    assert(reg.ok(), `register: ${reg.status()}`);
    const quiz = (options) => ({
      title: "Capitals in formulas",
      description: "",
      tags: [],
      language: "en",
      visibility: "private",
      questions: [{ type: "multi", text: "Which of these is a capital?", options, correct: [0], timeLimit: 120 }],
    });
    const probe = await host.request.post("/api/quizzes", { data: quiz(["Paris", PROBE]) });
    assert(probe.status() === 400, `the probe's formula was answered ${probe.status()}`);
    const refusal = await probe.json();
    assert(
      refusal.error.issues.some((i) => i.path === "questions.0.options.1" && i.message.includes("\\llap")),
      `the refusal does not name \\llap on option 2: ${JSON.stringify(refusal)}`,
    );
    const saved = await host.request.post("/api/quizzes", { data: quiz(OPTIONS) });
    assert(saved.ok(), `the wide formulas were refused: ${saved.status()} ${await saved.text()}`);
    const game = await host.request.post("/api/games", {
      data: { quizId: (await saved.json()).quiz.id, settings: { readingTime: 0 } },
    });
    assert(game.ok(), `host: ${game.status()}`);
    code = (await game.json()).code;
    await host.goto(`/host/${code}`);
    await host.waitForSelector(".huge-code");
  });

  await test("formula boxes: on a 390 px phone no option overlaps another and each centre selects its own option", async () => {
    assert(code, "no game (the first step failed)");
    const ctx = await browser.newContext({
      viewport: PHONE_390,
      baseURL: base,
      hasTouch: true,
      isMobile: true,
      deviceScaleFactor: 2,
      reducedMotion: "reduce",
    });
    phone = await ctx.newPage();
    phone.setDefaultTimeout(T);
    phone.on("pageerror", (e) => pageErrors.push(`formula-phone: ${e.message}`));
    await joinAs(phone, code, "Pia");
    await waitText(host, ".player-list", /Pia/);
    await host.getByRole("button", { name: "Start" }).click();
    await phone.waitForSelector(".tiles .tile math");
    await phone.waitForTimeout(300);
    const measured = await boxes(phone, ".tiles .tile");
    log(
      `    phone options: ${measured.items.map((b) => `${Math.round(b.right - b.left)}×${Math.round(b.bottom - b.top)}`).join(", ")}`,
    );
    assertSeparate("phone", PHONE_390.width, measured);
    await shot(phone, "formula-boxes-phone");
    // Tap each option at its centre: exactly the options tapped so far are selected.
    const tiles = phone.locator(".tiles .tile");
    for (const b of measured.items) {
      await phone.touchscreen.tap(b.x, b.y);
      await phone.waitForTimeout(100);
      const pressed = await tiles.evaluateAll((els) => els.map((e) => e.getAttribute("aria-pressed") === "true"));
      const expected = OPTIONS.map((_, i) => i <= b.i);
      assert(
        JSON.stringify(pressed) === JSON.stringify(expected),
        `after a tap at option ${b.i + 1}'s centre the selection is ${JSON.stringify(pressed)}`,
      );
    }
  });

  await test("formula boxes: on the projector no option tile overlaps another", async () => {
    assert(phone, "no phone (an earlier step failed)");
    await host.waitForSelector(".host-tiles .tile math");
    const measured = await boxes(host, ".host-tiles .tile");
    assertSeparate("projector", WIDE.width, measured);
    await shot(host, "formula-boxes-projector");
  });

  await test("formula boxes: no uncaught errors or CSP violations in any page", async () => {
    assert(pageErrors.length === 0, pageErrors.join("\n"));
  });
}
