// Browser test of the quiz form against the real app (workerd, local D1) in Debian's Chromium: a
// refused save marks every invalid field (aria-invalid, its message tied by aria-describedby, the
// first one focused) with friendly messages in English and Russian; the language is a select that
// keeps a value saved before the list; a picture that does not load is explained; a question is
// previewed on a phone frame with the player's screens, answered, and its result and right answer
// shown. Screenshots at 360x640 and 1920x1080.
// Usage: node e2e/editor-form.mjs [--no-build] [--port 5195]
import path from "node:path";
import { apiJson, assert, axe, ensureNode24, PHONE, run, SHOTS, shots, waitText, WIDE } from "./lib/harness.mjs";

ensureNode24();
const argv = process.argv.slice(2);
const PORT = Number(argv[argv.indexOf("--port") + 1]) || 5195;
const stamp = Date.now().toString(36);
const BROKEN = "https://127.0.0.1:9/missing.png";

/** A modal dialog as the screen shows it (a full-page shot would stretch the page behind it). */
async function screenShots(page, name) {
  for (const [tag, size] of [
    ["360x640", PHONE],
    ["1920x1080", WIDE],
  ]) {
    await page.setViewportSize(size);
    await page.waitForTimeout(150);
    await page.screenshot({ path: path.join(SHOTS, `${name}-${tag}.png`) });
  }
  await page.setViewportSize(WIDE);
}

await run({ port: PORT, build: !argv.includes("--no-build") }, async ({ test, newPage, pageErrors }) => {
  const page = await newPage(WIDE, "teacher");
  const json = (method, path, body) => apiJson(page, method, path, body);
  const invalid = async (loc) => (await loc.getAttribute("aria-invalid")) === "true";
  /** The message a field's aria-describedby points at. */
  const describedBy = async (loc) => {
    const ids = (await loc.getAttribute("aria-describedby")) ?? "";
    const texts = [];
    for (const id of ids.split(/\s+/).filter(Boolean))
      texts.push(((await page.locator(`[id="${id}"]`).textContent()) ?? "").trim());
    return texts.join(" ");
  };

  await test("a refused save marks every invalid field with a friendly message and focuses the first", async () => {
    await page.goto("/");
    const r = await json("POST", "/api/auth/register", {
      name: "Fran Form",
      email: `fran-${stamp}@example.test`,
      password: "form-pass-123",
      role: "teacher",
    });
    assert(r.status === 201, `register: ${r.status} ${JSON.stringify(r.body)}`);
    await page.goto("/quizzes/new");
    const q1 = page.locator(".qedit").nth(0);
    await q1.getByLabel("Option 1", { exact: true }).fill("Paris");
    await q1.getByLabel("Time limit", { exact: false }).fill("3");
    await page.getByRole("button", { name: "Save" }).click();
    await waitText(page, "[role=alert]", /need attention|needs attention/);

    const title = page.locator("#title");
    assert(await invalid(title), "the title is marked invalid");
    assert((await describedBy(title)) === "Give the quiz a title.", `title message: ${await describedBy(title)}`);
    assert(
      await title.evaluate((el) => el === document.activeElement),
      "the first invalid field (title) has the focus",
    );

    const text = q1.locator("textarea").first();
    assert(await invalid(text), "the question text is marked invalid");
    assert((await describedBy(text)) === "Write the text of question 1.", `text: ${await describedBy(text)}`);
    const opt2 = q1.getByLabel("Option 2", { exact: true });
    assert(await invalid(opt2), "the empty option is marked invalid");
    assert(
      (await describedBy(opt2)) === "Question 1: fill in option 2, or remove it.",
      `option: ${await describedBy(opt2)}`,
    );
    const time = q1.locator("input[type=number]").first();
    assert(await invalid(time), "the time limit is marked invalid");
    assert(/whole number of seconds from 5 to 240/.test(await describedBy(time)), `time: ${await describedBy(time)}`);
    // Every message under a field belongs to a field marked invalid.
    const orphans = await page.evaluate(() =>
      [...document.querySelectorAll(".editor p.err[id]")]
        .filter((p) => !document.querySelector(`[aria-describedby~="${p.id}"]`))
        .map((p) => p.id),
    );
    assert(orphans.length === 0, `messages no field points at: ${orphans.join(", ")}`);
    await axe(page, "editor refused");
    await shots(page, "ef01-refused-en");
  });

  await test("the same messages in Russian", async () => {
    await page.getByRole("button", { name: /Русский/ }).click();
    await waitText(page, ".err", /Дайте викторине название\./);
    await waitText(page, ".err", /Напишите текст вопроса 1\./);
    await shots(page, "ef02-refused-ru");
    await page.getByRole("button", { name: /English/ }).click();
    await waitText(page, ".err", /Give the quiz a title\./);
  });

  await test("a picture that does not load is explained in place of the broken icon", async () => {
    const q1 = page.locator(".qedit").nth(0);
    await q1.getByLabel(/address of a picture/).fill(BROKEN);
    await waitText(
      page,
      ".qedit .preview.broken",
      /could not be loaded: check the address, or upload the file instead/,
    );
    assert((await q1.locator("img.preview").count()) === 0, "no broken <img> is left in the field");
    const url = q1.getByLabel(/address of a picture/);
    assert(await invalid(url), "the address is marked invalid");
    await q1.locator(".image-field").scrollIntoViewIfNeeded();
    await shots(page, "ef03-broken-image");
  });

  await test("the preview shows the question on a phone with its options; an answer gets the result", async () => {
    await page.fill("#title", "Capitals");
    const q1 = page.locator(".qedit").nth(0);
    await q1.locator("textarea").first().fill("What is the capital of France?");
    await q1.getByLabel("Option 2", { exact: true }).fill("Lyon");
    await q1.getByRole("button", { name: "Remove 4", exact: true }).click();
    await q1.getByRole("button", { name: "Remove 3", exact: true }).click();
    await q1.getByLabel("Time limit", { exact: false }).fill("60");
    await q1.getByLabel(/^Alt text/).fill("A map of France");
    await q1.getByRole("button", { name: "Preview as a player" }).click();
    const dialog = page.locator("dialog.preview-dialog");
    await dialog.waitFor();
    await waitText(page, ".phone h1", /What is the capital of France\?/);
    const tiles = dialog.locator(".phone .tile");
    assert((await tiles.count()) === 2, `two option tiles, saw ${await tiles.count()}`);
    assert(/Paris/.test(await tiles.nth(0).textContent()) && /Lyon/.test(await tiles.nth(1).textContent()), "options");
    // The picture that does not load leaves its alt text on the phone, not a broken icon.
    await waitText(page, ".phone .img-missing", /A map of France/);
    const box = await dialog.locator(".phone").boundingBox();
    assert(Math.round(box.width) === 380 && Math.round(box.height) === 660, `phone frame ${box.width}×${box.height}`);
    await axe(page, "preview");
    await screenShots(page, "ef04-preview-question");
    await tiles.nth(0).click();
    await waitText(page, ".phone h1", /Correct!/);
    await waitText(page, "dialog.preview-dialog [role=status]", /Right answer .*: Paris/);
    await screenShots(page, "ef05-preview-result");
    await dialog.getByRole("button", { name: "Answer again" }).click();
    await dialog.locator(".phone .tile").nth(1).click();
    await waitText(page, ".phone h1", /Not quite/);
    await dialog.getByRole("button", { name: "Close the preview" }).click();
    await dialog.waitFor({ state: "detached" });
  });

  await test("the language is a select; a language saved before the list stays as an option", async () => {
    const lang = page.locator("select#lang");
    assert((await lang.inputValue()) === "en", `new quiz language: ${await lang.inputValue()}`);
    const codes = await lang.locator("option").evaluateAll((os) => os.map((o) => o.value));
    for (const c of ["en", "ru", "de", "fr", "es", "uk"]) assert(codes.includes(c), `offers ${c}: ${codes}`);
    await lang.selectOption("ru");
    await page
      .locator(".qedit")
      .nth(0)
      .getByLabel(/address of a picture/)
      .fill("");
    await page.getByRole("button", { name: "Save" }).click();
    await page.waitForURL((u) => /^\/quizzes\/[^/]+$/.test(u.pathname) && !u.pathname.endsWith("/new"));
    const id = new URL(page.url()).pathname.split("/").pop();
    const saved = await json("GET", `/api/quizzes/${id}`);
    assert(saved.body.quiz.language === "ru", `saved language ${saved.body.quiz.language}`);

    const old = await json("POST", "/api/quizzes", {
      title: "Old one",
      language: "eo",
      questions: [{ type: "truefalse", text: "Esperanto is a language.", correct: true }],
    });
    assert(old.status === 201, `old quiz: ${old.status}`);
    await page.goto(`/quizzes/${old.body.quiz.id}`);
    await page.locator("select#lang").waitFor();
    assert((await page.locator("select#lang").inputValue()) === "eo", "the stored value is selected");
    const label = await page.locator("select#lang option:checked").textContent();
    assert(/\(as saved\)/.test(label) && /eo/.test(label), `the stored value's option: ${label}`);
    await page.locator("#lang").scrollIntoViewIfNeeded();
    await shots(page, "ef06-language-select");
    assert(pageErrors.length === 0, `page errors: ${pageErrors.join("; ")}`);
  });
});
