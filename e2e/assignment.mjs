// The assignment in the browser: a teacher assigns a quiz with a deadline and a timer; three
// students play it at different moments: Ann reloads midway and resumes on the same question with
// the time she had used, Ben finishes and sees his summary, Cleo arrives after the deadline (the
// object's alarm closed it) and is refused with a clear message. The teacher's progress page shows each
// state as it happens, pushed over its socket (no reload, no polling request); the report and the
// CSV match what was played.
export async function assignmentFlow({ test, newPage, waitText, assert, shots, axe, PHONE, WIDE }) {
  const teacherPage = await newPage(WIDE, "assign-teacher");
  const stamp = Date.now().toString(36);
  let code = "";
  let gameId = "";
  let quizId = "";

  await test("assignment: a teacher assigns a quiz with a deadline from the catalog", async () => {
    const reg = await teacherPage.request.post("/api/auth/register", {
      data: { name: "Tess", email: `tess-${stamp}@example.test`, password: "correct-horse-9", role: "teacher" },
    });
    assert(reg.ok(), `register: ${reg.status()}`);
    const quiz = await teacherPage.request.post("/api/quizzes", {
      data: {
        title: "E2E Homework",
        description: "",
        tags: [],
        language: "en",
        visibility: "private",
        questions: [
          { type: "single", text: "2 + 2?", options: ["3", "4"], correct: 1, timeLimit: 60 },
          { type: "single", text: "3 + 3?", options: ["6", "7"], correct: 0, timeLimit: 60 },
        ],
      },
    });
    assert(quiz.ok(), `quiz: ${quiz.status()} ${await quiz.text()}`);
    quizId = (await quiz.json()).quiz.id;
    await teacherPage.goto("/quizzes");
    await teacherPage
      .locator(".quiz-item", { hasText: "E2E Homework" })
      .getByRole("button", { name: "Assign" })
      .click();
    const dialog = teacherPage.getByRole("dialog");
    await dialog.getByLabel(/Time limit per question/).check();
    await dialog.getByLabel("Students see the right answers").selectOption("end");
    await dialog.getByRole("button", { name: "Assign" }).click();
    await teacherPage.waitForURL((u) => /^\/assignments\/[A-Z0-9]{6}$/.test(u.pathname));
    code = teacherPage.url().slice(-6);
    await waitText(teacherPage, "[data-testid=asg-status]", /Open/);
    assert((await teacherPage.locator("svg.qr").count()) === 1, "no QR code");
    const info = await (await teacherPage.request.get(`/api/rooms/${code}`)).json();
    assert(info.kind === "assignment", `lookup says ${info.kind}`);
  });

  await test("assignment: Ann answers one question, reloads, resumes on question 2 with the time she had used", async () => {
    // The progress page is not reloaded and asks nothing over HTTP while its socket is up: what
    // changes on it below was pushed.
    await teacherPage.evaluate(() => {
      window.__sameLoad = true;
    });
    let polls = 0;
    const countPolls = (r) => r.url().includes(`/api/assignments/${code}/progress`) && polls++;
    teacherPage.on("request", countPolls);
    const ann = await newPage(PHONE, "assign-ann");
    await ann.goto(`/${code}`);
    await ann.fill("#nick", "Ann");
    await ann.getByRole("button", { name: "Start" }).click();
    await waitText(ann, "span", /Question 1 of 2/);
    await waitText(teacherPage, "[data-testid=asg-row]", /Ann.*In progress.*0\/2/);
    await ann.getByRole("button", { name: /4/ }).click();
    // One step: the acknowledgement says the answer is saved and brings the next question.
    await waitText(ann, "[role=status]", /Answer saved/);
    await waitText(ann, "span", /Question 2 of 2/);
    await shots(ann, "assign-ack");
    await axe(ann, "assign-ack");
    await waitText(teacherPage, "[data-testid=asg-row]", /Ann.*In progress.*1\/2/);
    assert(await teacherPage.evaluate(() => window.__sameLoad === true), "the progress page was reloaded");
    assert(polls === 0, `the progress page polled ${polls} times while its socket was up`);
    await shots(teacherPage, "assign-progress");
    teacherPage.off("request", countPolls);
    await ann.waitForTimeout(3000);
    await ann.reload();
    await waitText(ann, "span", /Question 2 of 2/);
    const token = await ann.evaluate((c) => localStorage.getItem(`qq_assign_${c}`), code);
    const state = await (
      await ann.request.get(`/api/assignments/${code}/play`, { headers: { authorization: `Player ${token}` } })
    ).json();
    assert(state.question.index === 1, `resumed on ${state.question.index}`);
    assert(state.question.closesInMs <= 57_000, `time used not counted: ${state.question.closesInMs} ms left`);
    await ann.context().close();
  });

  await test("assignment: Ben finishes and sees his summary; the progress page shows him finished", async () => {
    const ben = await newPage(PHONE, "assign-ben");
    await ben.goto(`/${code}`);
    await ben.fill("#nick", "Ben");
    await ben.getByRole("button", { name: "Start" }).click();
    await waitText(ben, "span", /Question 1 of 2/);
    await ben.getByRole("button", { name: /4/ }).click();
    await waitText(ben, "span", /Question 2 of 2/);
    await ben.getByRole("button", { name: /7/ }).click();
    await waitText(ben, "h1", /You have finished/);
    await waitText(ben, "li", /Right answer: 6/);
    await waitText(teacherPage, "[data-testid=asg-row]", /Ben.*Finished.*2\/2/);
    await ben.context().close();
  });

  await test("assignment: the deadline passes, a late visitor is refused; report and CSV match what was played", async () => {
    // The deadline moved to 3 s from now (the route the page's "Set deadline" uses; the page's field
    // has minute precision): the object's alarm closes it, and the open progress page shows it.
    const moved = await teacherPage.request.post(`/api/assignments/${code}/deadline`, {
      data: { deadline: Date.now() + 3000 },
    });
    assert(moved.ok(), `deadline: ${moved.status()} ${await moved.text()}`);
    await waitText(teacherPage, "[data-testid=asg-status]", /Closed/, 30_000);
    const cleo = await newPage(PHONE, "assign-cleo");
    await cleo.goto(`/${code}`);
    await waitText(cleo, "[role=alert]", /closed: its deadline has passed/);
    assert((await cleo.locator("#nick").count()) === 0, "a late visitor was offered the form");
    await cleo.context().close();
    const progress = await (await teacherPage.request.get(`/api/assignments/${code}/progress`)).json();
    gameId = progress.gameId;
    let report;
    for (let i = 0; i < 50; i++) {
      report = await (await teacherPage.request.get(`/api/games/${gameId}/report`)).json();
      if (report.game.status === "ended") break;
      await teacherPage.waitForTimeout(200);
    }
    assert(report.game.kind === "assignment" && report.game.status === "ended", JSON.stringify(report.game));
    const scores = Object.fromEntries(report.players.map((p) => [p.nickname, [p.score, p.answeredCount]]));
    assert(scores.Ann?.[1] === 1 && scores.Ben?.[1] === 2, JSON.stringify(scores));
    assert(scores.Ann[0] === 1000 && scores.Ben[0] === 1000, JSON.stringify(scores));
    const csv = await (await teacherPage.request.get(`/api/games/${gameId}/report.csv?table=answers`)).text();
    const rows = csv.trim().split(/\r?\n/);
    assert(rows.length === 1 + 3, `CSV has ${rows.length - 1} answers`);
    await teacherPage.goto("/reports");
    await waitText(teacherPage, "td", /assignment/);
  });

  await test("assignment: asked for a name or student ID, the start form requires it and the report has it", async () => {
    const made = await teacherPage.request.post("/api/assignments", {
      data: { quizId, settings: { deadline: Date.now() + 3600_000, askStudentId: true } },
    });
    assert(made.ok(), `assign: ${made.status()} ${await made.text()}`);
    const { code: code2, gameId: game2 } = await made.json();
    const dora = await newPage(PHONE, "assign-dora");
    await dora.goto(`/${code2}`);
    await dora.fill("#nick", "Dora");
    await dora.getByRole("button", { name: "Start" }).click();
    // Nothing sent without it: the form stays, the field is marked and its message is under it.
    await waitText(dora, "#sid-err", /student ID/);
    assert((await dora.getAttribute("#sid", "aria-invalid")) === "true", "the ID field is not marked");
    assert((await dora.inputValue("#nick")) === "Dora", "the nickname was lost");
    await shots(dora, "assign-start-student-id");
    await axe(dora, "assign start with student ID");
    await dora.fill("#sid", "S-77");
    await dora.getByRole("button", { name: "Start" }).click();
    await dora.getByRole("button", { name: /4/ }).waitFor();
    const txt = await dora.textContent("body");
    assert(!txt.includes("S-77"), "the student's own screen shows the ID");
    await teacherPage.request.post(`/api/assignments/${code2}/close`);
    let report;
    for (let i = 0; i < 50; i++) {
      report = await (await teacherPage.request.get(`/api/games/${game2}/report`)).json();
      if (report.game.status === "ended") break;
      await teacherPage.waitForTimeout(200);
    }
    assert(report.players.length === 1 && report.players[0].nickname === "Dora", JSON.stringify(report.players));
    const seen = report.insights.players.map((p) => p.studentId);
    assert(seen.length === 1 && seen[0] === "S-77", `report: ${JSON.stringify(seen)}`);
    const csv = await (await teacherPage.request.get(`/api/games/${game2}/report.csv`)).text();
    assert(csv.includes("S-77"), "the CSV has no student ID");
    await dora.context().close();
  });
  await teacherPage.context().close();
}
