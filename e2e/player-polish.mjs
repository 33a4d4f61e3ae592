// The projector and the phones as a class sees them: a quiz whose options and ordering items are
// fractions, hosted for three phones (360×640) and a projector (1920×1080, also photographed at
// 25 %, what the back row sees). It checks that formulas are the size and colour of the words
// around them (phone tiles, ordering items, projector tiles, the reveal's labels), that words on
// phone tiles wrap whole, that an offline tap says it will be sent (and "Answer sent!" only once
// the room has it), that read-aloud speaks the question through the browser's speechSynthesis
// (stubbed here to record what the app asks it to say) and is remembered, that ordering buttons
// name formulas in words, and that no phone shows a final rank before the projector's podium has
// raised first place. Screenshots: e2e/screenshots/polish-*.png.
// Usage: node e2e/player-polish.mjs [--no-build] [--port 5461]
import path from "node:path";
import { assert, ensureNode24, log, projectorShooter, joinAs, run, waitText } from "./lib/harness.mjs";
import { PHONE, SHOTS, T, WIDE } from "./lib/harness.mjs";

ensureNode24();

const argv = process.argv.slice(2);
const PORT = Number(argv[argv.indexOf("--port") + 1]) || 5461;

const QUIZ = {
  title: "Fractions",
  description: "",
  tags: [],
  language: "en",
  visibility: "private",
  questions: [
    {
      type: "single",
      text: "What is \\(\\frac{1}{2}+\\frac{1}{4}\\)?",
      options: ["\\(\\frac{3}{4}\\)", "\\(\\frac{1}{3}\\)", "photosynthesis", "Неверно"],
      correct: 0,
      timeLimit: 120,
    },
    {
      type: "order",
      text: "From the smallest to the largest",
      items: ["\\(\\frac{1}{4}\\)", "\\(\\frac{1}{2}\\)", "\\(\\frac{3}{4}\\)"],
      timeLimit: 120,
    },
  ],
};

/** Records what the app asks the browser to say: the real API's shape, nothing spoken. */
function stubSpeech() {
  window.__spoken = [];
  const synth = {
    speaking: false,
    pending: false,
    paused: false,
    speak: (u) => window.__spoken.push({ text: u.text, lang: u.lang }),
    cancel: () => {},
    pause: () => {},
    resume: () => {},
    getVoices: () => [],
    addEventListener: () => {},
    removeEventListener: () => {},
  };
  Object.defineProperty(window, "speechSynthesis", { value: synth, configurable: true });
  if (typeof window.SpeechSynthesisUtterance === "undefined")
    window.SpeechSynthesisUtterance = class {
      constructor(text) {
        this.text = text;
        this.lang = "";
      }
    };
}

/** Font sizes and colours of each formula against the words it sits in (`box`: the element holding both). */
const formulaLooks = (page, box) =>
  page.evaluate((sel) => {
    const px = (el) => Number.parseFloat(getComputedStyle(el).fontSize);
    return [...document.querySelectorAll(sel)].flatMap((el) =>
      [...el.querySelectorAll("math")].map((m) => {
        const digits = [...m.querySelectorAll("mn, mi")].map(px);
        return {
          text: px(el),
          math: px(m),
          smallest: digits.length ? Math.min(...digits) : px(m),
          colour: getComputedStyle(el).color,
          mathColour: getComputedStyle(m).color,
          label: m.getAttribute("aria-label"),
        };
      }),
    );
  }, box);

function assertReadable(where, looks, min = 1) {
  assert(looks.length >= min, `${where}: ${looks.length} formulas found`);
  for (const l of looks) {
    assert(l.smallest >= l.text * 0.95, `${where}: ${l.label} has ${l.smallest}px digits in ${l.text}px text`);
    assert(l.mathColour === l.colour, `${where}: ${l.label} is ${l.mathColour} in text of ${l.colour}`);
  }
  log(`    ${where}: ${looks.map((l) => `${l.label} ${l.smallest}/${l.text}px`).join(", ")}`);
}

async function flows({ base, browser, test, newPage }) {
  // The projector with motion, as a classroom has it: the podium rises place by place.
  const hostCtx = await browser.newContext({ viewport: WIDE, baseURL: base, reducedMotion: "no-preference" });
  const host = await hostCtx.newPage();
  host.setDefaultTimeout(T);
  const projector = await projectorShooter(newPage, host, (name) => path.join(SHOTS, `polish-${name}`), 200);
  const phoneShot = async (p, name) => {
    await p.waitForTimeout(150);
    await p.screenshot({ path: path.join(SHOTS, `polish-${name}-360x640.png`) });
  };

  const ann = await newPage(PHONE, "ann");
  await ann.addInitScript(stubSpeech);
  const ben = await newPage(PHONE, "ben");
  const cat = await newPage(PHONE, "cat");
  const phones = [ann, ben, cat];
  let code = "";
  let quizId = "";

  await test("polish setup: a fractions quiz hosted for three phones", async () => {
    await host.goto("/");
    const stamp = Date.now().toString(36);
    const reg = await host.request.post("/api/auth/register", {
      data: { name: "Pol", email: `pol-${stamp}@example.test`, password: "correct-horse-9", role: "teacher" },
    });
    assert(reg.ok(), `register: ${reg.status()}`);
    const saved = await host.request.post("/api/quizzes", { data: QUIZ });
    assert(saved.ok(), `quiz: ${saved.status()} ${await saved.text()}`);
    quizId = (await saved.json()).quiz.id;
    const game = await host.request.post("/api/games", { data: { quizId, settings: { readingTime: 0 } } });
    assert(game.ok(), `host: ${game.status()}`);
    code = (await game.json()).code;
    await host.goto(`/host/${code}`);
    await host.waitForSelector(".huge-code");
    for (const [p, name] of [
      [ann, "Ann"],
      [ben, "Ben"],
      [cat, "Cat"],
    ])
      await joinAs(p, code, name);
    await waitText(host, ".player-list", /Cat/);
    await host.getByRole("button", { name: "Start" }).click();
    for (const p of phones) await p.waitForSelector(".tiles .tile math");
    await host.waitForSelector(".host-tiles .tile math");
  });

  await test("polish: formulas are the size and colour of their words on phone tiles, in the question and on the projector", async () => {
    assertReadable("phone tiles", await formulaLooks(ann, ".tiles .tile .txt"), 2);
    assertReadable("phone question", await formulaLooks(ann, ".qtext"), 1);
    assertReadable("projector tiles", await formulaLooks(host, ".host-tiles .tile .txt"), 2);
    await phoneShot(ann, "question");
    await projector("question");
  });

  await test("polish: words on phone tiles wrap whole ('photosynthesis', 'Неверно' each on one line)", async () => {
    const lines = await ann.evaluate(() =>
      [...document.querySelectorAll(".tiles .tile .txt")]
        .filter((el) => !el.querySelector("math"))
        .map((el) => {
          const r = document.createRange();
          r.selectNodeContents(el);
          const tile = el.closest(".tile").getBoundingClientRect();
          const rects = [...r.getClientRects()];
          return {
            word: el.textContent,
            lines: new Set(rects.map((x) => Math.round(x.top))).size,
            inside: rects.every((x) => x.right <= tile.right + 0.5),
          };
        }),
    );
    assert(lines.length === 2, `plain options: ${JSON.stringify(lines)}`);
    for (const l of lines) {
      assert(l.lines === 1, `"${l.word}" is broken over ${l.lines} lines`);
      assert(l.inside, `"${l.word}" runs out of its tile`);
    }
  });

  await test("polish: read-aloud speaks the question and its options, formulas in words, and is remembered", async () => {
    const button = ann.getByRole("button", { name: "Read aloud" });
    assert((await button.getAttribute("aria-pressed")) === "false", "read-aloud is on before the player chose it");
    await button.click();
    await ann.waitForFunction(() => window.__spoken.length > 0);
    const [said] = await ann.evaluate(() => window.__spoken);
    log(`    spoken: ${JSON.stringify(said)}`);
    assert(/What is 1 over 2 \+ 1 over 4/.test(said.text), `the question is not read in words: ${said.text}`);
    assert(/3 over 4/.test(said.text) && /photosynthesis/.test(said.text), `the options are not read: ${said.text}`);
    assert(!/\\|frac/.test(said.text), `TeX read aloud: ${said.text}`);
    assert(said.lang === "en", `read in "${said.lang}", not the quiz's language`);
    assert((await button.getAttribute("aria-pressed")) === "true", "the button does not say read-aloud is on");
  });

  await test("polish: an offline tap says 'Will send when back online', and 'Answer sent!' once the room has it", async () => {
    await ben.context().setOffline(true);
    await waitText(ben, ".banner", /Reconnecting/);
    await ben.locator(".tiles .tile", { hasText: "photosynthesis" }).click();
    await waitText(ben, "h1", /Will send when back online/);
    assert(!/Answer sent/.test(await ben.locator("main").textContent()), "'Answer sent!' before anything was sent");
    await phoneShot(ben, "offline-tap");
    await ben.context().setOffline(false);
    await waitText(ben, "h1", /Answer sent!/, 30_000);
  });

  await test("polish: the reveal's answer count is as large as the timer, its labels' formulas full size", async () => {
    await ann.locator(".tiles .tile:has(math[aria-label='3 over 4'])").click();
    await cat.locator(".tiles .tile", { hasText: "Неверно" }).click();
    await host.waitForSelector(".host-reveal .chart math");
    await host.waitForTimeout(900); // the bars grow
    const count = await host.evaluate(() => {
      const big = document.querySelector(".host-reveal .answer-count .big");
      return { px: Number.parseFloat(getComputedStyle(big).fontSize), text: big.textContent };
    });
    assert(count.text === "3" && count.px >= 90, `the reveal's count: ${JSON.stringify(count)}`);
    assertReadable("reveal labels", await formulaLooks(host, ".host-reveal .chart .label"), 2);
    await projector("reveal");
    await phoneShot(ann, "result");
  });

  await test("polish: ordering items show formulas full size; their buttons name them in words, never TeX", async () => {
    await host.getByRole("button", { name: "Next" }).click(); // leaderboard
    await host.getByRole("button", { name: "Next" }).click(); // the ordering question
    for (const p of phones) await p.waitForSelector(".order .txt math");
    await host.waitForSelector(".host-items math");
    assertReadable("phone ordering items", await formulaLooks(ann, ".order .txt"), 3);
    assertReadable("projector ordering items", await formulaLooks(host, ".host-items li"), 3);
    const labels = await ann.locator(".order button").evaluateAll((bs) => bs.map((b) => b.getAttribute("aria-label")));
    log(`    buttons: ${labels.slice(0, 2).join(" | ")}`);
    assert(labels.length === 6, `${labels.length} move buttons`);
    for (const l of labels) assert(/^Move \d over \d (up|down)$/.test(l), `a move button is named "${l}"`);
    // Read-aloud stays on for the next question without being asked again.
    await ann.waitForFunction(() => window.__spoken.some((s) => /smallest/.test(s.text)));
    await phoneShot(ann, "order");
    await projector("order");
  });

  await test("polish: no phone shows a final rank before the projector's podium has raised first place", async () => {
    for (const p of phones) await p.getByRole("button", { name: "Submit" }).click();
    await host.waitForSelector(".host-reveal .chart");
    for (const p of phones) await p.waitForSelector(".result-full");
    for (const p of phones) {
      const shown = await p.locator("main").textContent();
      assert(!/#\d| of 3/.test(shown), `the last result shows a standing: ${shown}`);
    }
    await projector("reveal-order");
    await host.getByRole("button", { name: "Next" }).click();
    await host.waitForSelector(".podium .p1");
    const t0 = Date.now();
    let hostAt = 0;
    let phoneAt = 0;
    let held = false;
    while (Date.now() - t0 < 12_000 && !(hostAt && phoneAt)) {
      const firstUp = await host
        .locator(".podium .p1")
        .evaluate(
          (li) =>
            Number(getComputedStyle(li).opacity) > 0.99 && li.getAnimations().every((a) => a.playState === "finished"),
        );
      if (firstUp && !hostAt) hostAt = Date.now();
      for (const p of phones) {
        const txt = await p.locator("main").textContent();
        if (/Look at the big screen/.test(txt)) held = true;
        if (/You finished #\d of 3|Top players/.test(txt) && !phoneAt) phoneAt = Date.now();
      }
      await host.waitForTimeout(50);
    }
    log(`    first place up after ${hostAt - t0} ms, the first phone's rank after ${phoneAt - t0} ms`);
    assert(hostAt && phoneAt, `host ${hostAt}, phone ${phoneAt}`);
    assert(held, "the phones never held the rank back");
    assert(phoneAt >= hostAt, `a phone showed its rank ${hostAt - phoneAt} ms before the podium's first place`);
    await waitText(ann, ".big-number", /You finished #1 of 3/);
    await phoneShot(ann, "final");
    await projector("podium");
  });

  await test("polish: a join flood from the phone's own network is refused by the room; the phone says to wait, in words", async () => {
    const made = await host.request.post("/api/games", { data: { quizId, settings: { readingTime: 0 } } });
    assert(made.ok(), `host: ${made.status()}`);
    const flooded = (await made.json()).code;
    const dee = await newPage(PHONE, "dee");
    await dee.goto(`/${flooded}`);
    // 300 new seats from the phone's own address (its browser sends them) within seconds: the
    // room's budget for one network.
    const seated = await dee.evaluate(async (code) => {
      let n = 0;
      for (let round = 0; round < 6; round++) {
        const replies = await Promise.all(
          Array.from({ length: 50 }, (_, i) =>
            fetch(`/api/rooms/${code}/join`, {
              method: "POST",
              headers: { "content-type": "application/json" },
              body: JSON.stringify({ nickname: `Bot ${round * 50 + i}` }),
            }),
          ),
        );
        n += replies.filter((r) => r.status === 201).length;
      }
      return n;
    }, flooded);
    assert(seated === 300, `${seated} of 300 bots seated`);
    await dee.fill("#nick", "Dee");
    await dee.getByRole("button", { name: "Join the game" }).click();
    await waitText(dee, "main", /Too many joins from your network right now/);
    // Not the nickname's fault: the field is not marked invalid.
    assert((await dee.getAttribute("#nick", "aria-invalid")) === null, "the nickname is marked invalid");
    await phoneShot(dee, "join-busy");
  });
}

await run({ port: PORT, build: !argv.includes("--no-build") }, flows);
