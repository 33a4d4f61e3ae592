// Browser test of the quiz editor's safety nets and question list, against the real app (workerd,
// local D1) in Debian's Chromium: leaving with unsaved edits asks first (an in-app link, logging
// out, the Back button, reloading the tab); edits survive a reload as a local draft that can be
// discarded; questions are found, reordered by keyboard and by dragging, duplicated and deleted
// (with undo) from the list, and the saved quiz keeps that order. Screenshots at 360x640,
// 1280x720 and 1920x1080.
// Usage: node e2e/editor.mjs [--no-build] [--port 5194]
import path from "node:path";
import { assert, axe, ensureNode24, log, PHONE, run, SHOTS, shots, waitText, WIDE } from "./lib/harness.mjs";

ensureNode24();
const argv = process.argv.slice(2);
const PORT = Number(argv[argv.indexOf("--port") + 1]) || 5194;
const stamp = Date.now().toString(36);
const teacher = { email: `eve-${stamp}@example.test`, password: "teacher-pass-1", name: "Eve Editor" };

const single = (text, options, correct) => ({ type: "single", text, options, correct, timeLimit: 20 });
const QUIZ = {
  title: "Rivers and seas",
  visibility: "private",
  questions: [
    single("Alpha: which river flows through Cairo?", ["Nile", "Amazon"], 0),
    { type: "truefalse", text: "Beta: the Baltic is a sea.", correct: true, timeLimit: 20 },
    single("Gamma: which sea is the saltiest?", ["Dead Sea", "Red Sea"], 0),
  ],
};

await run({ port: PORT, build: !argv.includes("--no-build") }, async ({ test, newPage, pageErrors }) => {
  const page = await newPage(WIDE, "teacher");
  const json = async (method, url, body) => {
    const res = await page.request.fetch(url, {
      method,
      data: body,
      headers: body ? { "content-type": "application/json" } : {},
    });
    return { status: res.status(), body: await res.json().catch(() => null) };
  };
  await page.goto("/");
  const reg = await json("POST", "/api/auth/register", { ...teacher, role: "teacher" });
  assert(reg.status === 201, `register: ${reg.status} ${JSON.stringify(reg.body)}`);
  const quiz = (await json("POST", "/api/quizzes", QUIZ)).body.quiz;
  const url = `/quizzes/${quiz.id}`;
  const savedTexts = async () => (await json("GET", `/api/quizzes/${quiz.id}`)).body.quiz.questions.map((q) => q.text);
  /** The list's entries, as their visible first words. */
  const entries = () => page.locator(".qlist .q-text").allTextContents();
  /** The form's question texts, top to bottom. */
  const cards = () => page.locator(".qedit textarea[id$='-text']").evaluateAll((ts) => ts.map((t) => t.value));
  const firstWords = async () => (await entries()).map((t) => t.split(":")[0]);
  const leaveDialog = page.getByRole("dialog", { name: "Leave without saving?" });
  let unloadAsked = 0;
  page.on("dialog", async (d) => {
    if (d.type() === "beforeunload") unloadAsked++;
    await d.accept();
  });
  /** What the screen shows (not the whole page) at a phone's, a laptop's and a projector's size. */
  const views = async (name) => {
    for (const [tag, size] of [
      ["360x640", PHONE],
      ["1280x720", { width: 1280, height: 720 }],
      ["1920x1080", WIDE],
    ]) {
      await page.setViewportSize(size);
      await page.waitForTimeout(150);
      await page.screenshot({ path: path.join(SHOTS, `${name}-${tag}.png`) });
    }
    await page.setViewportSize(WIDE);
  };
  const open = async () => {
    await page.goto(url);
    await page.waitForSelector(".qlist .qitem");
  };

  await test("the list shows every question: number, type and first words", async () => {
    await open();
    const got = await firstWords();
    assert(got.join() === "Alpha,Beta,Gamma", `entries: ${got}`);
    const names = await page.locator(".qlist .q-jump").evaluateAll((bs) => bs.map((b) => b.textContent));
    assert(
      /Question 2, True \/ false|Question 2, True/.test(names[1]),
      `entry 2 says its number and type: ${names[1]}`,
    );
    await axe(page, "editor with list");
  });

  await test("clicking an entry jumps to its question and puts the cursor in its text", async () => {
    await page.locator(".qlist .q-jump").nth(2).click();
    const focused = await page.evaluate(() => document.activeElement?.id ?? "");
    const third = await page.locator(".qedit textarea[id$='-text']").nth(2).getAttribute("id");
    assert(focused === third, `focus on ${focused}, expected ${third}`);
  });

  await test("an in-app link with unsaved edits asks first; keeping on editing keeps the edits", async () => {
    await page.fill("#title", "Rivers, seas and lakes");
    await waitText(page, ".sticky-bar [role=status]", /Unsaved changes/);
    await page.locator(".nav nav").getByRole("link", { name: "Reports" }).click();
    await leaveDialog.waitFor();
    await axe(page, "leave dialog");
    await views("60-editor-leave-dialog");
    await leaveDialog.getByRole("button", { name: "Keep editing" }).click();
    await leaveDialog.waitFor({ state: "detached" });
    assert(new URL(page.url()).pathname === url, `left to ${page.url()}`);
    assert((await page.inputValue("#title")) === "Rivers, seas and lakes", "the edit is still there");
  });

  await test("logging out with unsaved edits asks too", async () => {
    await page.getByRole("button", { name: "Log out" }).click();
    await leaveDialog.waitFor();
    await page.keyboard.press("Escape");
    await leaveDialog.waitFor({ state: "detached" });
    assert(new URL(page.url()).pathname === url, `left to ${page.url()}`);
  });

  await test("reloading asks the browser's question, then restores the edits from this browser", async () => {
    await page.locator(".qedit textarea[id$='-text']").nth(1).fill("Beta: the Baltic Sea is brackish.");
    await page.waitForTimeout(600);
    await page.reload();
    await page.waitForSelector(".qlist .qitem");
    assert(unloadAsked >= 1, "the browser was not asked before the reload");
    await waitText(page, ".banner", /Restored your unsaved changes/);
    assert((await page.inputValue("#title")) === "Rivers, seas and lakes", "title restored");
    assert((await cards())[1] === "Beta: the Baltic Sea is brackish.", `question restored: ${await cards()}`);
    await waitText(page, ".sticky-bar [role=status]", /Unsaved changes/);
    await views("61-editor-restored");
  });

  await test("discarding the restored draft brings back the saved quiz", async () => {
    await page.getByRole("button", { name: "Discard the restored draft" }).click();
    assert((await page.inputValue("#title")) === QUIZ.title, `title: ${await page.inputValue("#title")}`);
    assert((await page.locator(".banner").count()) === 0, "the banner is gone");
    await page.reload();
    await page.waitForSelector(".qlist .qitem");
    assert((await page.locator(".banner").count()) === 0, "nothing is restored after discarding");
    assert((await page.inputValue("#title")) === QUIZ.title, "still the saved title");
  });

  await test("leaving without saving goes, and drops the local copy", async () => {
    await page.fill("#title", "Thrown away");
    await page.locator(".nav nav").getByRole("link", { name: "Reports" }).click();
    await leaveDialog.getByRole("button", { name: "Leave without saving" }).click();
    await page.waitForURL(/\/reports$/);
    await open();
    assert((await page.inputValue("#title")) === QUIZ.title, "the saved title, not the thrown-away one");
    assert((await page.locator(".banner").count()) === 0, "no restored draft");
  });

  await test("the browser's Back button with unsaved edits asks too; leaving goes back", async () => {
    await page.locator(".nav nav").getByRole("link", { name: "Quizzes" }).click();
    await page.waitForURL(/\/quizzes$/);
    await page.locator(`a[href="${url}"]`).first().click();
    await page.waitForSelector(".qlist .qitem");
    await page.fill("#title", "Edited, then Back");
    await page.evaluate(() => history.back());
    await leaveDialog.waitFor();
    await leaveDialog.getByRole("button", { name: "Keep editing" }).click();
    assert(new URL(page.url()).pathname === url, `the address is still the editor's: ${page.url()}`);
    assert((await page.inputValue("#title")) === "Edited, then Back", "the edit is still there");
    await page.evaluate(() => history.back());
    await leaveDialog.getByRole("button", { name: "Leave without saving" }).click();
    await page.waitForURL(/\/quizzes$/);
    await waitText(page, "main h1", /Quizzes|My quizzes/);
    await open();
    assert((await page.inputValue("#title")) === QUIZ.title, "nothing was saved");
  });

  await test("Alt+arrows move a question in the list, announced, and saving keeps the order", async () => {
    const gamma = page.locator(".qlist .q-jump").nth(2);
    await gamma.focus();
    await page.keyboard.press("Alt+ArrowUp");
    await page.keyboard.press("Alt+ArrowUp");
    assert((await firstWords()).join() === "Gamma,Alpha,Beta", `list: ${await firstWords()}`);
    assert(/^Gamma/.test((await cards())[0]), `form: ${await cards()}`);
    await waitText(page, ".qlist [aria-live]", /moved to place 1 of 3/);
    const focused = await page.evaluate(() => document.activeElement?.textContent ?? "");
    assert(/Gamma/.test(focused), `focus stays on the moved entry: ${focused}`);
    await page.getByRole("button", { name: "Save", exact: true }).click();
    await waitText(page, ".sticky-bar [role=status]", /Saved/);
    const saved = (await savedTexts()).map((t) => t.split(":")[0]);
    assert(saved.join() === "Gamma,Alpha,Beta", `saved order: ${saved}`);
  });

  await test("dragging an entry by its grip moves the question", async () => {
    const grip = page.locator(".qlist .grip").nth(2);
    const first = await page.locator(".qlist .qitem").nth(0).boundingBox();
    const box = await grip.boundingBox();
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width / 2, first.y + 10, { steps: 6 });
    await page.mouse.move(box.x + box.width / 2, first.y + 4, { steps: 2 });
    await page.mouse.up();
    assert((await firstWords()).join() === "Beta,Gamma,Alpha", `after the drag: ${await firstWords()}`);
  });

  await test("duplicating and deleting from the list; a deletion can be undone", async () => {
    await page.locator(".qlist .q-jump").nth(1).click();
    await page.getByRole("button", { name: "Duplicate question 2" }).click();
    assert((await firstWords()).join() === "Beta,Gamma,Gamma,Alpha", `after duplicating: ${await firstWords()}`);
    await page.locator(".qlist .q-jump").nth(0).click();
    await page.getByRole("button", { name: "Delete question 1" }).click();
    assert((await firstWords()).join() === "Gamma,Gamma,Alpha", `after deleting: ${await firstWords()}`);
    await waitText(page, ".toast", /Question 1 deleted/);
    await views("62-editor-undo");
    await page.locator(".toast").getByRole("button", { name: "Undo" }).click();
    assert((await firstWords()).join() === "Beta,Gamma,Gamma,Alpha", `after undoing: ${await firstWords()}`);
    await page.locator(".qlist .q-jump").nth(2).click();
    await page.getByRole("button", { name: "Delete question 3" }).click();
    await page.getByRole("button", { name: "Save", exact: true }).click();
    await waitText(page, ".sticky-bar [role=status]", /Saved/);
    const saved = (await savedTexts()).map((t) => t.split(":")[0]);
    assert(saved.join() === "Beta,Gamma,Alpha", `saved: ${saved}`);
  });

  await test("a question with a problem is marked in the list", async () => {
    await page.locator(".qedit textarea[id$='-text']").nth(1).fill("");
    await page.locator(".qlist .qitem.bad").first().waitFor();
    const bad = await page.locator(".qlist .qitem").evaluateAll((ls) => ls.map((l) => l.classList.contains("bad")));
    assert(bad.join() === "false,true,false", `marks: ${bad}`);
    const name = await page.locator(".qlist .q-jump").nth(1).textContent();
    assert(/needs attention/.test(name), `the mark is said too: ${name}`);
    await page.locator(".qedit textarea[id$='-text']").nth(1).fill("Gamma: which sea is the saltiest?");
    await page.getByRole("button", { name: "Save", exact: true }).click();
    await waitText(page, ".sticky-bar [role=status]", /Saved/);
  });

  await test("a new quiz's edits are kept too, and saving it drops the local copy", async () => {
    await page.goto("/quizzes/new");
    await page.fill("#title", "Draft of a new quiz");
    await page.locator(".qedit textarea[id$='-text']").first().fill("Will this survive?");
    await page.waitForTimeout(600);
    await page.reload();
    await waitText(page, ".banner", /Restored your unsaved changes/);
    assert((await page.inputValue("#title")) === "Draft of a new quiz", "new quiz title restored");
    const kept = await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith("qq_draft_")));
    assert(kept.join() === "qq_draft_new", `kept: ${kept}`);
    // A true/false question needs nothing more to be saved.
    await page.locator(".qedit select[id$='-type']").first().selectOption({ label: "True / false" });
    await page.getByRole("button", { name: "Save", exact: true }).click();
    await page.waitForURL(/\/quizzes\/(?!new)[^/]+$/, { waitUntil: "commit" });
    await waitText(page, ".sticky-bar [role=status]", /Saved/);
    await page.waitForTimeout(600);
    const left = await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith("qq_draft_")));
    assert(left.length === 0, `still kept after saving: ${left}`);
  });

  await test("screenshots: the list beside the form, and folded above it on a phone", async () => {
    await open();
    await page.locator(".qlist .q-jump").nth(1).click();
    await page.evaluate(() => scrollTo(0, 0));
    await shots(page, "63-editor-list");
    await page.setViewportSize({ width: 1280, height: 720 });
    await page.waitForTimeout(150);
    await page.screenshot({ path: path.join(SHOTS, "63-editor-list-1280x720.png") });
    await page.setViewportSize(PHONE);
    await page.evaluate(() => scrollTo(0, 0));
    const toggle = page.getByRole("button", { name: "Show (3)" });
    await toggle.waitFor();
    assert(!(await page.locator(".qlist .q-jump").first().isVisible()), "folded on a phone");
    await page.screenshot({ path: path.join(SHOTS, "64-editor-phone-folded-360x640.png") });
    await toggle.click();
    assert(await page.locator(".qlist .q-jump").first().isVisible(), "unfolds");
    await page.screenshot({ path: path.join(SHOTS, "64-editor-phone-open-360x640.png") });
    await axe(page, "editor on a phone, list open");
    await page.setViewportSize(WIDE);
  });

  await test("on a touch screen a finger drags an entry by its grip", async () => {
    await page.setViewportSize(PHONE);
    const cdp = await page.context().newCDPSession(page);
    await cdp.send("Emulation.setTouchEmulationEnabled", { enabled: true, maxTouchPoints: 1 });
    const before = await firstWords();
    const grip = await page.locator(".qlist .grip").nth(0).boundingBox();
    const last = await page.locator(".qlist .qitem").nth(2).boundingBox();
    const x = grip.x + grip.width / 2;
    const touch = (type, y) =>
      cdp.send("Input.dispatchTouchEvent", { type, touchPoints: type === "touchEnd" ? [] : [{ x, y }] });
    await touch("touchStart", grip.y + grip.height / 2);
    for (let y = grip.y + grip.height / 2; y < last.y + last.height - 4; y += 12) await touch("touchMove", y);
    await touch("touchMove", last.y + last.height - 4);
    await touch("touchEnd");
    const after = await firstWords();
    assert(after.join() === [...before.slice(1), before[0]].join(), `after the finger drag: ${after} (was ${before})`);
    await cdp.send("Emulation.setTouchEmulationEnabled", { enabled: false });
    await page.setViewportSize(WIDE);
  });

  await test("in Russian: the list, the banner and the leave dialog", async () => {
    await page.getByRole("button", { name: /Русский/ }).click();
    await page.setViewportSize(PHONE);
    await page.getByRole("button", { name: "Скрыть" }).waitFor();
    await page.fill("#title", "Реки и моря");
    await page.locator(".nav nav").getByRole("link", { name: "Отчёты" }).click();
    const dialog = page.getByRole("dialog", { name: "Уйти без сохранения?" });
    await dialog.waitFor();
    await page.screenshot({ path: path.join(SHOTS, "65-editor-leave-ru-360x640.png") });
    await dialog.getByRole("button", { name: "Остаться" }).click();
    await page.waitForTimeout(600);
    await page.reload();
    await waitText(page, ".banner", /Восстановлены несохранённые изменения/);
    await page.evaluate(() => scrollTo(0, 0));
    await page.screenshot({ path: path.join(SHOTS, "65-editor-restored-ru-360x640.png") });
    await page.setViewportSize(WIDE);
  });

  await test("no page errors", async () => {
    assert(pageErrors.length === 0, pageErrors.join("\n"));
  });
  log(`  screenshots in ${SHOTS}`);
});
