// What is going on, on every teacher page: a live game links back to its host screen, open homework
// says how many finished and links to its progress page (not to a host screen that would only
// reconnect for a week); and the homework start form starts from a logged-in student's name.
// Screenshots of both at phone and desktop size, and the banner in Russian.
// Usage: node e2e/banner.mjs [--no-build] [--port 5411]
import { assert, ensureNode24, PHONE, run, shots, waitText, WIDE } from "./lib/harness.mjs";

ensureNode24();
const argv = process.argv.slice(2);
const PORT = Number(argv[argv.indexOf("--port") + 1]) || 5411;

await run({ port: PORT, build: !argv.includes("--no-build") }, async ({ base, test, newPage, pageErrors }) => {
  const stamp = Date.now().toString(36);
  const teacher = await newPage(WIDE, "teacher");
  let code = "";
  let live = "";
  await test("setup: a teacher with a live game and a homework", async () => {
    const reg = await teacher.request.post("/api/auth/register", {
      data: { name: "Tess", email: `tess-${stamp}@example.test`, password: "correct-horse-9", role: "teacher" },
    });
    assert(reg.ok(), `register ${reg.status()}`);
    const quiz = await teacher.request.post("/api/quizzes", {
      data: {
        title: "Fractions, week 3",
        description: "",
        tags: [],
        language: "en",
        visibility: "private",
        questions: [{ type: "single", text: "1/2 + 1/2?", options: ["1", "2"], correct: 0, timeLimit: 60 }],
      },
    });
    assert(quiz.ok(), `quiz ${quiz.status()}`);
    const quizId = (await quiz.json()).quiz.id;
    const a = await teacher.request.post("/api/assignments", {
      data: { quizId, settings: { deadline: Date.now() + 7 * 24 * 3600_000 } },
    });
    assert(a.ok(), `assign ${a.status()} ${await a.text()}`);
    code = (await a.json()).code;
    const g = await teacher.request.post("/api/games", { data: { quizId, settings: {} } });
    assert(g.ok(), `host ${g.status()}`);
    live = (await g.json()).code;
    // One student finishes over HTTP.
    const s = await (
      await fetch(`${base}/api/assignments/${code}/start`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ nickname: "Ann" }),
      })
    ).json();
    const seat = { authorization: `Player ${s.token}`, "content-type": "application/json" };
    const ans = await fetch(`${base}/api/assignments/${code}/answer`, {
      method: "POST",
      headers: seat,
      body: JSON.stringify({ q: 0, answer: { choice: 0 } }),
    });
    assert(ans.ok, `answer ${ans.status} ${await ans.text()}`);
  });

  await test("the homework start form starts from a logged-in student's name", async () => {
    const student = await newPage(PHONE, "student");
    const reg = await student.request.post("/api/auth/register", {
      data: { name: "Sam Student", email: `sam-${stamp}@example.test`, password: "correct-horse-9", role: "student" },
    });
    assert(reg.ok(), `register ${reg.status()}`);
    await student.goto("/me");
    await student.waitForLoadState("networkidle");
    await student.goto(`/${code}`);
    await student.waitForSelector("#nick");
    assert((await student.inputValue("#nick")) === "Sam Student", `nick: ${await student.inputValue("#nick")}`);
    await shots(student, "homework-start-student", { fullPage: false });
    await student.getByRole("button", { name: "Start" }).click();
    await waitText(student, "span", /Question 1 of 1/);
  });

  await test("the banner: a live game links to its host screen, homework to its progress page", async () => {
    await teacher.goto("/quizzes");
    const hw = teacher.locator(".live-banner a[data-kind=assignment]");
    await waitText(teacher, ".live-banner a[data-kind=assignment]", /Homework .* is open: 1 of 2 finished · Fractions/);
    assert((await hw.getAttribute("href")) === `/assignments/${code}`, `href ${await hw.getAttribute("href")}`);
    const lv = teacher.locator(".live-banner a[data-kind=live]");
    assert((await lv.getAttribute("href")) === `/host/${live}`, `live href ${await lv.getAttribute("href")}`);
    assert(/is live: back to the host screen/.test(await lv.textContent()), "live text");
    await shots(teacher, "banner-teacher", { fullPage: false });
    await hw.click();
    await teacher.waitForURL((u) => u.pathname === `/assignments/${code}`);
    await waitText(teacher, "[data-testid=asg-status]", /Open/);
    await shots(teacher, "banner-assignment-page", { fullPage: false });
    const ru = await newPage(PHONE, "teacher-ru", "ru-RU");
    await ru.context().addCookies(await teacher.context().cookies());
    await ru.goto("/quizzes");
    await waitText(ru, ".live-banner a[data-kind=assignment]", /Домашнее задание/);
    await shots(ru, "banner-teacher-ru", { fullPage: false });
  });
  await test("no page errors", async () => assert(pageErrors.length === 0, pageErrors.join("\n")));
});
