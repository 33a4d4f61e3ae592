// Partial credit in a live game: a phone whose answer earns part of the points says "Partly right"
// with those points (never a red "Not quite" beside "+N points"), and shows the feedback the teacher
// wrote for that answer; a wrong answer still says "Not quite" with +0. Homework that shows answers
// after each one shows the same feedback under its acknowledgement. Phone screenshots of each.
// Usage: node e2e/partial-credit.mjs [--no-build] [--port 5451]
import { assert, ensureNode24, PHONE, run, SHOTS, shots, text, waitText, WIDE, joinAs } from "./lib/harness.mjs";

ensureNode24();
const argv = process.argv.slice(2);
const PORT = Number(argv[argv.indexOf("--port") + 1]) || 5451;

const QUIZ = {
  title: "Partial credit",
  description: "",
  tags: [],
  language: "en",
  visibility: "private",
  questions: [
    {
      type: "single",
      text: "Which is closest to the Sun?",
      options: ["Mercury", "Venus", "Mars"],
      correct: 0,
      weights: [100, 50, 0],
      feedback: ["", "Close: Venus is second.", "Mars is fourth."],
      timeLimit: 60,
    },
    // Weights as Moodle gives them: a wrong pick costs half.
    {
      type: "multi",
      text: "Pick the primes",
      options: ["2", "3", "4"],
      correct: [0, 1],
      weights: [50, 50, -50],
      timeLimit: 60,
    },
  ],
};

/** An option's tile on the phone, by its exact text. */
const tile = (p, words) => p.locator(".tile").filter({ has: p.locator(".txt", { hasText: new RegExp(`^${words}$`) }) });

await run({ port: PORT, build: !argv.includes("--no-build") }, async ({ test, newPage, pageErrors }) => {
  const stamp = Date.now().toString(36);
  const host = await newPage(WIDE, "host");
  let ann;
  let ben;
  let quizId = "";
  await test("setup: a teacher hosts a quiz with partial credit; two phones join", async () => {
    const reg = await host.request.post("/api/auth/register", {
      data: { name: "Pat", email: `pat-${stamp}@example.test`, password: "correct-horse-9", role: "teacher" },
    });
    assert(reg.ok(), `register ${reg.status()}`);
    const quiz = await host.request.post("/api/quizzes", { data: QUIZ });
    assert(quiz.ok(), `quiz ${quiz.status()} ${await quiz.text()}`);
    quizId = (await quiz.json()).quiz.id;
    const game = await host.request.post("/api/games", {
      data: { quizId, settings: { readingTime: 0 } },
    });
    assert(game.ok(), `game ${game.status()} ${await game.text()}`);
    const { code } = await game.json();
    await host.goto(`/host/${code}`);
    await host.waitForSelector(".huge-code");
    const join = async (name) => {
      const p = await newPage(PHONE, name);
      await joinAs(p, code, name);
      return p;
    };
    ann = await join("Ann");
    ben = await join("Ben");
    await waitText(host, ".player-list", /Ben/);
  });

  await test("a 50 % option: the phone says Partly right with its points and the option's feedback", async () => {
    await host.getByRole("button", { name: "Start" }).click();
    for (const p of [ann, ben]) await waitText(p, ".qtext", /closest to the Sun/);
    await ann.getByRole("button", { name: /Venus/ }).click();
    await ben.getByRole("button", { name: /Mars/ }).click();
    await waitText(ann, ".result-full h1", /Partly right/);
    const points = Number((await text(ann.locator(".result-full .big-number"))).replace(/\D/g, ""));
    // Half of 1000 at most (a 50 % answer, less for the time taken), and more than nothing.
    assert(points > 0 && points <= 500, `a 50 % answer earned ${points}`);
    await waitText(ann, ".result-full .feedback", /Venus is second/);
    assert(await ann.locator(".result-full.partly").count(), "the partly right result has its own look");
    await shots(ann, "partial-credit-01-phone-partly-right");
    // A 0 % option is wrong, with +0, and its own feedback.
    await waitText(ben, ".result-full h1", /Not quite/);
    await waitText(ben, ".result-full .big-number", /^\+0$/);
    await waitText(ben, ".result-full .feedback", /Mars is fourth/);
    await shots(ben, "partial-credit-02-phone-wrong");
  });

  await test("multiple select: one right pick of two is Partly right; a right and a wrong pick is 0 and Not quite", async () => {
    await host.getByRole("button", { name: "Next" }).click();
    // Through the leaderboard if the game shows one.
    for (
      let i = 0;
      i < 3 &&
      !(await ann
        .locator(".qtext")
        .filter({ hasText: /primes/ })
        .count());
      i++
    ) {
      await ann.waitForTimeout(400);
      if (
        await host
          .getByRole("button", { name: "Next" })
          .isEnabled()
          .catch(() => false)
      )
        await host
          .getByRole("button", { name: "Next" })
          .click()
          .catch(() => {});
    }
    for (const p of [ann, ben]) await waitText(p, ".qtext", /primes/);
    await tile(ann, "2").click();
    await ann.getByRole("button", { name: "Submit" }).click();
    await tile(ben, "2").click();
    await tile(ben, "4").click();
    await ben.getByRole("button", { name: "Submit" }).click();
    await waitText(ann, ".result-full h1", /Partly right/);
    await waitText(ann, ".result-full .big-number", /\+\d+ points/);
    await shots(ann, "partial-credit-03-phone-multi-partly-right");
    await waitText(ben, ".result-full h1", /Not quite/);
    await waitText(ben, ".result-full .big-number", /^\+0$/);
  });

  await test("the editor shows the partial credit toggle on, with a % field per option and the feedback", async () => {
    const page = await newPage(WIDE, "editor");
    await page.context().addCookies(await host.context().cookies());
    await page.goto(`/quizzes/${quizId}`);
    const q1 = page.locator(".qedit").nth(0);
    await q1.getByLabel("Partial credit").waitFor();
    assert(await q1.getByLabel("Partial credit").isChecked(), "partial credit is off for a weighted question");
    assert((await q1.getByLabel("Credit for Option 2, in %").inputValue()) === "50", "option 2's weight");
    assert(await q1.getByLabel("Credit for Option 1, in %").isDisabled(), "the marked option is fixed at 100 %");
    assert((await q1.getByLabel("Feedback for Option 2").inputValue()) === "Close: Venus is second.", "feedback");
    await q1.screenshot({ path: `${SHOTS}/partial-credit-04-editor.png` });
    await page.close();
  });

  await test("Moodle's weighted numerical answers import as a slider whose partly right range the editor lists", async () => {
    const res = await host.request.post("/api/quizzes/import/gift?title=Numbers", {
      data: "How many? {#=%50%3:2#Close =%100%3:0.5#Yes ~#Far off}",
      headers: { "content-type": "text/plain; charset=utf-8" },
    });
    assert(res.status() === 201, `import ${res.status()} ${await res.text()}`);
    const { quiz } = await res.json();
    const page = await newPage(WIDE, "slider-editor");
    await page.context().addCookies(await host.context().cookies());
    await page.goto(`/quizzes/${quiz.id}`);
    const q1 = page.locator(".qedit").nth(0);
    await q1.getByRole("group", { name: "Partly right ranges" }).waitFor();
    const range = q1.getByRole("group", { name: "Partly right ranges" });
    assert((await range.getByLabel("Worth (%)").inputValue()) === "50", "the range's weight");
    assert((await range.getByLabel("Tolerance (±)").inputValue()) === "2", "the range's tolerance");
    // Moodle's feedback per range, to a right answer and to any other answer.
    assert(await range.getByLabel("Feedback per answer").isChecked(), "the feedback toggle is off");
    assert((await range.getByLabel(/in range 1/).inputValue()) === "Close", "the range's feedback");
    assert((await range.getByLabel(/to a right answer/).inputValue()) === "Yes", "a right answer's feedback");
    assert((await range.getByLabel(/any other answer/).inputValue()) === "Far off", "any other answer's feedback");
    await q1.screenshot({ path: `${SHOTS}/partial-credit-06-editor-slider-ranges.png` });
    await page.close();
  });

  await test("homework that shows answers after each one: the acknowledgement says Partly right with the option's feedback", async () => {
    const made = await host.request.post("/api/assignments", {
      data: { quizId, settings: { deadline: Date.now() + 3600_000, showAnswers: "each", shuffleOptions: false } },
    });
    assert(made.ok(), `assign: ${made.status()} ${await made.text()}`);
    const { code } = await made.json();
    const cleo = await newPage(PHONE, "homework-cleo");
    await cleo.goto(`/${code}`);
    await cleo.fill("#nick", "Cleo");
    await cleo.getByRole("button", { name: "Start" }).click();
    await waitText(cleo, ".qtext", /closest to the Sun/);
    await cleo.getByRole("button", { name: /Venus/ }).click();
    await waitText(cleo, ".ack strong", /Partly right/);
    await waitText(cleo, ".ack .feedback", /Venus is second/);
    await shots(cleo, "partial-credit-05-homework-ack-feedback");
    await cleo.context().close();
  });

  await test("no page errors", async () => {
    assert(pageErrors.length === 0, pageErrors.join("\n"));
  });
});
