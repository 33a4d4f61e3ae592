// The journey that crosses features, as a new school would walk it: a teacher uploads a picture
// with its alt text and writes formulas in a question and in an option; the quiz is played live on
// three phones, then assigned as homework that a logged-in student plays. Every screen that shows
// the quiz (projector, phones, homework, the student's history, the teacher's report) shows the
// formula typeset as MathML and the teacher's alt text; the CSV keeps the TeX as the teacher typed
// it. Logging the teacher out closes both the live host socket and the homework progress socket.
// Usage: node e2e/journey.mjs [--no-build] [--port 5197]
import { execFileSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import path from "node:path";
import { assert, ensureNode24, PHONE, run, SHOTS, waitText, WIDE, joinAs } from "./lib/harness.mjs";
import { landscapePng } from "./lib/png.mjs";

ensureNode24();
// Loaded once under Node 24, whose type stripping reads TypeScript (the system Node may be older).
const { CLOSE_CODES } = await import("../schema/constants.ts");

const argv = process.argv.slice(2);
const PORT = Number(argv[argv.indexOf("--port") + 1]) || 5197;
const ALT = "A sun over two green hills";
const Q_TEX = String.raw`\(\frac{1}{2}\)`;
const OPT_TEX = String.raw`\(\frac{4}{2}\)`;
const DIR = path.join(SHOTS, "journey");

/** Records every WebSocket close the page sees (code and URL), before any app code runs. */
const RECORD_CLOSES = () => {
  window.__closes = [];
  const Native = window.WebSocket;
  window.WebSocket = class extends Native {
    constructor(...args) {
      super(...args);
      this.addEventListener("close", (e) => window.__closes.push({ code: e.code, url: this.url }));
    }
  };
};

await run({ port: PORT, build: !argv.includes("--no-build") }, flows);

async function flows({ test, newPage, pageErrors }) {
  mkdirSync(DIR, { recursive: true });
  const stamp = Date.now().toString(36);
  const teacher = await newPage(WIDE, "teacher");
  await teacher.context().addInitScript(RECORD_CLOSES);
  const post = (page, url, data) => page.request.post(url, { data });
  const json = async (res, what) => {
    assert(res.ok(), `${what}: ${res.status()} ${await res.text()}`);
    return res.json();
  };
  /** No TeX source left in what the page shows, and at least `min` typeset formulas. */
  const typeset = async (page, where, min = 1) => {
    // The screen may still be settling (a homework's first question arrives with the start's answer
    // and again over its socket, and a count can land between renders): poll for up to 10 s.
    const count = () =>
      page
        .locator(`${where} math`)
        .count()
        .catch(() => 0);
    let n = await count();
    for (const until = Date.now() + 10_000; n < min && Date.now() < until; n = await count())
      await page.waitForTimeout(100);
    const shown = await page.locator(where).first().innerText();
    assert(!shown.includes("\\frac"), `${where} shows TeX source: ${shown.slice(0, 200)}`);
    assert(
      n >= min,
      `${where}: ${n} typeset formula(s), wanted ${min}: ${await page.locator(where).first().innerHTML()}`,
    );
  };
  const altShown = async (page, where = "body") => {
    const alts = await page.locator(`${where} img`).evaluateAll((imgs) => imgs.map((i) => i.alt));
    assert(alts.includes(ALT), `${where}: images' alt texts are ${JSON.stringify(alts)}`);
  };
  const snap = async (page, name, { quarter = false } = {}) => {
    const { width, height } = page.viewportSize();
    const file = path.join(DIR, `${name}-${width}x${height}.png`);
    await page.waitForTimeout(150);
    await page.screenshot({ path: file });
    if (quarter)
      try {
        execFileSync("convert", [file, "-resize", "25%", file.replace(/\.png$/, "-25pct.png")]);
      } catch {
        /* no imagemagick: the full-size shot is there */
      }
  };

  let quizId = "";
  await test("journey: a teacher uploads a picture with alt text and writes formulas in a question and an option", async () => {
    await json(
      await post(teacher, "/api/auth/register", {
        name: "Jo Teacher",
        email: `jo-${stamp}@example.test`,
        password: "correct-horse-9",
        role: "teacher",
      }),
      "register",
    );
    const upload = await json(
      await teacher.request.post("/api/media", {
        headers: { "content-type": "image/png" },
        data: landscapePng(320, 200, 0),
      }),
      "upload",
    );
    const quiz = await json(
      await post(teacher, "/api/quizzes", {
        title: `Journey ${stamp}`,
        description: "",
        tags: [],
        language: "en",
        visibility: "private",
        questions: [
          {
            type: "single",
            text: `What is ${Q_TEX} of 4?`,
            image: upload.url,
            imageAlt: ALT,
            options: [OPT_TEX, "3", "1"],
            correct: 0,
            timeLimit: 60,
          },
          { type: "truefalse", text: "The sun is a star.", correct: true, timeLimit: 60 },
        ],
      }),
      "quiz",
    );
    quizId = quiz.quiz.id;
    // The editor shows the picture with the teacher's words.
    await teacher.goto(`/quizzes/${quizId}`);
    await teacher.locator("fieldset.image-field img.preview").first().waitFor();
    const alt = teacher.locator('fieldset.image-field input[id$="-alt"]').first();
    assert((await alt.inputValue()) === ALT, `the editor's alt text: ${await alt.inputValue()}`);
  });

  let liveGameId = "";
  await test("journey: played live on three phones, projector and phones show the formula typeset and the alt text", async () => {
    const game = await json(await post(teacher, "/api/games", { quizId, settings: { readingTime: 0 } }), "host");
    liveGameId = game.gameId;
    await teacher.goto(`/host/${game.code}`);
    await teacher.waitForSelector(".huge-code");
    const phones = [];
    for (const name of ["Ann", "Ben", "Cy"]) {
      const p = await newPage(PHONE, `phone-${name}`);
      await joinAs(p, game.code, name);
      phones.push(p);
    }
    await waitText(teacher, ".player-list", /Cy/);
    await teacher.getByRole("button", { name: "Start" }).click();
    await teacher.locator("main math").first().waitFor();
    await typeset(teacher, "main", 2);
    await altShown(teacher, "main");
    await snap(teacher, "live-question", { quarter: true });
    for (const p of phones) {
      await p.locator("button math").first().waitFor();
      await typeset(p, "main", 2);
      await altShown(p);
    }
    await snap(phones[0], "live-phone-question");
    // Ann and Ben pick the formula, Cy picks 3.
    for (const [i, p] of phones.entries()) {
      const option = i < 2 ? p.locator("button", { has: p.locator("math") }) : p.getByRole("button", { name: /3/ });
      await option.first().click();
    }
    await teacher.waitForSelector(".host-reveal", { timeout: 20_000 });
    await typeset(teacher, ".host-reveal", 1);
    await snap(teacher, "live-reveal", { quarter: true });
    await phones[0]
      .getByText(/Correct|Right/i)
      .first()
      .waitFor();
    // On to the end: the second question, then whatever boards remain, then the podium.
    for (let i = 0; i < 8 && !(await teacher.locator(".podium").count()); i++) {
      if (await teacher.getByRole("button", { name: "Close question" }).count())
        await teacher.getByRole("button", { name: "Close question" }).click();
      else if (await teacher.getByRole("button", { name: "Next" }).count())
        await teacher.getByRole("button", { name: "Next" }).click();
      await teacher.waitForTimeout(400);
    }
    await teacher.waitForSelector(".podium", { timeout: 15_000 });
    for (const p of phones) await p.context().close();
  });

  await test("journey: the live game's report shows the formula typeset; its CSV keeps the TeX as typed", async () => {
    let report;
    for (let i = 0; i < 50; i++) {
      const res = await teacher.request.get(`/api/games/${liveGameId}/report`);
      if (res.ok()) report = await res.json();
      if (report?.game?.status === "ended") break;
      await teacher.waitForTimeout(200);
    }
    assert(report?.game?.status === "ended", `live game not ended: ${JSON.stringify(report?.game)}`);
    const page = await teacher.context().newPage();
    await page.goto(`/reports/${liveGameId}`);
    await page.locator("main math").first().waitFor();
    await typeset(page, "main", 1);
    await snap(page, "live-report");
    const csv = await (await teacher.request.get(`/api/games/${liveGameId}/report.csv?table=answers`)).text();
    assert(csv.includes(String.raw`\frac{4}{2}`), `the CSV lost the teacher's TeX: ${csv.slice(0, 300)}`);
    await page.close();
  });

  const student = await newPage(PHONE, "student");
  let hw = { code: "", gameId: "" };
  await test("journey: assigned as homework, a logged-in student plays it with formulas typeset and the alt text", async () => {
    hw = await json(
      await post(teacher, "/api/assignments", {
        quizId,
        settings: { deadline: Date.now() + 3600_000, showAnswers: "end" },
      }),
      "assign",
    );
    await json(
      await post(student, "/api/auth/register", {
        name: "Sam Student",
        email: `sam-${stamp}@example.test`,
        password: "correct-horse-9",
        role: "student",
      }),
      "student register",
    );
    // Signed in (their page remembers who this browser's student is), then the homework link.
    await student.goto("/me");
    await student.locator("main h1").first().waitFor();
    await student.goto(`/${hw.code}`);
    // A logged-in student's name is filled in: nothing to type.
    const nick = await student.inputValue("#nick");
    assert(nick === "Sam Student", `start form's name: ${JSON.stringify(nick)}`);
    await student.getByRole("button", { name: "Start" }).click();
    await student.locator("button math").first().waitFor();
    await typeset(student, "main", 2);
    await altShown(student);
    await snap(student, "homework-question");
    await student
      .locator("button", { has: student.locator("math") })
      .first()
      .click();
    await waitText(student, "span", /Question 2 of 2/);
    await student.getByRole("button", { name: /True/ }).click();
    await waitText(student, "h1", /You have finished/);
    await typeset(student, "main", 1);
    await snap(student, "homework-summary");
  });

  await test("journey: the student's history lists the homework as soon as it is finished, marked as homework", async () => {
    await student.goto("/me");
    const row = student.locator("li, tr", { hasText: `Journey ${stamp}` }).filter({ hasText: /Homework/i });
    await row.first().waitFor();
    await snap(student, "me-history");
    await row.first().getByRole("link").first().click();
    await student.locator("main math").first().waitFor();
    await typeset(student, "main", 1);
    await snap(student, "me-game");
  });

  await test("journey: the teacher's banner says the homework is open and links to its progress", async () => {
    await teacher.goto("/quizzes");
    await waitText(teacher, ".live-banner", new RegExp(`Homework ${hw.code} is open: 1 of 1 finished`));
    const href = await teacher.locator(".live-banner a", { hasText: /./ }).first().getAttribute("href");
    assert(href === `/assignments/${hw.code}`, `banner links to ${href}`);
  });

  await test("journey: logging the teacher out closes the live host socket and the homework progress socket", async () => {
    const game = await json(await post(teacher, "/api/games", { quizId, settings: { readingTime: 0 } }), "host 2");
    const projector = teacher;
    await projector.goto(`/host/${game.code}`);
    await projector.waitForSelector(".huge-code");
    const progress = await teacher.context().newPage();
    await progress.goto(`/assignments/${hw.code}`);
    await waitText(progress, "[data-testid=asg-status]", /Open/);
    await waitText(progress, "[data-testid=asg-row]", /Sam Student/);
    // The same session logs out from another browser profile (its cookie copied there), so these
    // pages hear nothing of it from their own tabs: only the server can close their sockets.
    const other = await newPage(WIDE, "teacher-elsewhere");
    await other.context().addCookies(await teacher.context().cookies());
    await other.goto("/quizzes");
    // Nothing closed before the logout counts.
    for (const page of [projector, progress])
      await page.evaluate(() => {
        window.__closes = [];
      });
    await other.getByRole("button", { name: "Log out" }).click();
    // The room closes with 4005 (session ended). The local dev proxy in front of workerd sometimes
    // delivers an object's close frame without its code (1005, "no status"): still a close these
    // pages did not ask for, made by the server, which is what this step proves.
    const SERVER_CLOSES = [CLOSE_CODES.sessionEnded, 1005];
    const closed = (page, re) =>
      page
        .waitForFunction(
          ([src, codes]) => window.__closes.some((c) => codes.includes(c.code) && new RegExp(src).test(c.url)),
          [re.source, SERVER_CLOSES],
          // Under wrangler dev a close made by a hibernatable object reaches the client up to ~10 s late.
          { timeout: 30_000 },
        )
        .catch(async (e) => {
          const seen = await page.evaluate(() => JSON.stringify(window.__closes));
          throw new Error(`no server close of ${re.source}; closes seen: ${seen}`, { cause: e });
        });
    await closed(projector, new RegExp(`/ws/${game.code}/host`));
    await closed(progress, new RegExp(`/ws/assignment/${hw.code}/host`));
    await progress.close();
    await other.context().close();
  });

  await test("journey: the homework's report shows the formula typeset; its CSV keeps the TeX", async () => {
    await json(
      await post(teacher, "/api/auth/login", { email: `jo-${stamp}@example.test`, password: "correct-horse-9" }),
      "login again",
    );
    await json(await post(teacher, `/api/assignments/${hw.code}/close`, {}), "close");
    let report;
    for (let i = 0; i < 50; i++) {
      const res = await teacher.request.get(`/api/games/${hw.gameId}/report`);
      if (res.ok()) report = await res.json();
      if (report?.game?.status === "ended") break;
      await teacher.waitForTimeout(200);
    }
    assert(report?.game?.status === "ended", `homework not ended: ${JSON.stringify(report?.game)}`);
    await teacher.goto(`/reports/${hw.gameId}`);
    await teacher.locator("main math").first().waitFor();
    await typeset(teacher, "main", 1);
    const csv = await (await teacher.request.get(`/api/games/${hw.gameId}/report.csv?table=answers`)).text();
    assert(csv.includes(String.raw`\frac{4}{2}`), `the homework CSV lost the TeX: ${csv.slice(0, 300)}`);
  });

  await test("journey: no page error on any screen", async () => {
    assert(pageErrors.length === 0, pageErrors.join("\n"));
  });
}
