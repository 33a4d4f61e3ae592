// Browser tests of importing and of formulas, called by e2e/run.mjs with its logged-in teacher's
// page and its way of taking screenshots: each import shows a preview first; a Kahoot-template
// spreadsheet, a Moodle GIFT file and a Quizlet paste each import; a sheet with a bad row names the
// row and saves nothing; a quiz with a formula shows MathML on the player's phone and the projector.
import { readFileSync } from "node:fs";
import path from "node:path";
import { assert, axe, hostLive, PHONE, ROOT, T, waitText, joinAs } from "./lib/harness.mjs";

const fixture = (name) => readFileSync(path.join(ROOT, "test/fixtures", name));
const XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

export async function importFlows({ host, newPage, test, shots }) {
  const fileInput = () => host.locator("input[type=file][accept*=xlsx]");
  const myQuizzes = async () =>
    (await (await host.request.get("/api/quizzes?scope=mine&limit=50")).json()).items.length;
  const editorWith = async (n) => {
    await host.waitForURL((u) => /^\/quizzes\/[^/]+$/.test(u.pathname) && !u.pathname.endsWith("/new"));
    await host.waitForFunction((n) => document.querySelectorAll(".qedit").length === n, n, { timeout: T });
  };

  await test("imports: a Kahoot-template spreadsheet with a bad row names the row, cannot be saved, and nothing is saved", async () => {
    await host.goto("/quizzes");
    const before = await myQuizzes();
    await fileInput().setInputFiles({
      name: "Planets (bad).xlsx",
      mimeType: XLSX,
      buffer: fixture("kahoot-bad-row.xlsx"),
    });
    const dialog = host.getByRole("dialog");
    await waitText(host, ".import-err", /row 10: correct answer 5 is not one of answers 1–4/);
    // The rows that are fine still show, so the teacher sees what the file holds.
    await waitText(host, ".import-list", /Red Planet/);
    assert(await dialog.getByRole("button", { name: "Save quiz" }).isDisabled(), "a file with a problem can be saved");
    await shots(host, "40-import-bad-row");
    await axe(host, "import preview with a problem");
    await dialog.getByRole("button", { name: "Cancel" }).click();
    await dialog.waitFor({ state: "detached" });
    assert((await myQuizzes()) === before, "a quiz was saved from a file with a problem");
  });

  await test("imports: Kahoot's spreadsheet template shows a preview, then becomes a quiz titled by its file", async () => {
    await fileInput().setInputFiles({ name: "Planets.xlsx", mimeType: XLSX, buffer: fixture("kahoot-template.xlsx") });
    await waitText(host, ".import-dialog [role=status]", /4 questions read/);
    await waitText(host, ".import-list", /Which of these are prime numbers/);
    // The fourth question's formula is rendered in the preview too.
    await host.waitForSelector(".import-list math msqrt");
    assert((await host.locator(".import-list > li").count()) === 4, "expected 4 questions in the preview");
    await shots(host, "41-import-kahoot-preview");
    await axe(host, "import preview");
    await host.getByRole("button", { name: "Save quiz" }).click();
    await editorWith(4);
    assert((await host.inputValue("#title")) === "Planets", `title ${await host.inputValue("#title")}`);
    // Several correct answers in Kahoot's template mean "any of them counts": single choice, each listed
    // option worth full points (partial-credit weights), not "tick them all".
    assert(
      (await host.locator(".qedit").nth(1).locator("select").first().inputValue()) === "single",
      "row 2 should be single choice where any listed answer counts",
    );
  });

  await test("imports: a Moodle GIFT file previews what it reads and what it leaves out; GIFT export reads back", async () => {
    await host.goto("/quizzes");
    await fileInput().setInputFiles({ name: "Science.gift", mimeType: "text/plain", buffer: fixture("moodle.gift") });
    // The numerical question becomes a slider (value ± tolerance), as Moodle scores it; the essay is skipped.
    await waitText(host, ".import-dialog [role=status]", /7 questions read/);
    await waitText(host, ".import-skipped", /line 34: skipped an essay question/);
    assert((await host.locator(".import-dialog select").inputValue()) === "gift", "format not detected as GIFT");
    await shots(host, "42-import-gift-preview");
    await host.getByRole("button", { name: "Save quiz" }).click();
    await editorWith(7);
    await host.getByText("Other formats").click();
    const href = await host.getByRole("link", { name: "Export Moodle GIFT" }).getAttribute("href");
    const res = await host.request.get(href);
    assert(
      res.ok() && (await res.text()).includes("::Q1:: Which planet is known as the Red Planet?"),
      "GIFT export is not the quiz",
    );
  });

  await test("imports: a pasted Quizlet list becomes single-choice questions with the other definitions as wrong answers", async () => {
    await host.goto("/quizzes");
    await host.getByRole("button", { name: "Paste a list" }).click();
    const dialog = host.getByRole("dialog");
    await dialog.getByLabel(/one card a line/).fill(fixture("quizlet.txt").toString("utf8"));
    await dialog.getByLabel("Title").fill("Cell biology");
    await dialog.getByRole("button", { name: "Show preview" }).click();
    await waitText(host, ".import-dialog [role=status]", /4 questions read/);
    assert((await host.locator(".import-opts > li").count()) === 16, "expected 4 options for each of 4 terms");
    assert((await host.locator(".import-opts .ok").count()) === 4, "expected one right answer a question");
    await shots(host, "43-import-quizlet-preview");
    await dialog.getByRole("button", { name: "Save quiz" }).click();
    await editorWith(4);
    assert((await host.inputValue("#title")) === "Cell biology", "title not taken from the dialog");
  });

  await test("formulas: a quiz with LaTeX shows MathML on the phone and the projector, and the explanation too", async () => {
    const gift = [
      "::Root:: What is \\(\\sqrt\\{81\\}\\)? {",
      "=\\(9\\)",
      "~\\(3^2 + 1\\)",
      // = is one of GIFT's special characters: \= in the file.
      "####Because \\(9^2 \\= 81\\).",
      "}",
      "",
      "::After:: And $x \\= 2$ gives $x^2 \\=$ ? {=$4$ ~$2$}",
    ].join("\n");
    await host.goto("/quizzes");
    await fileInput().setInputFiles({ name: "Roots.gift", mimeType: "text/plain", buffer: Buffer.from(gift) });
    await waitText(host, ".import-dialog [role=status]", /2 questions read/);
    await host.getByRole("button", { name: "Save quiz" }).click();
    await editorWith(2);
    const code = await hostLive(host);

    const phone = await newPage(PHONE, "maths");
    await joinAs(phone, code, "Euler");
    await host.getByRole("button", { name: "Start" }).click();

    // MathML elements in the page, not TeX source: the phone loads no maths library.
    await phone.waitForSelector(".qtext math msqrt");
    assert(!(await phone.locator(".qtext").textContent()).includes("\\sqrt"), "the phone shows TeX source");
    assert((await phone.locator(".tile math").count()) === 2, "both options should be MathML");
    // Screen readers get each formula's spoken form in the name of the heading and of each button.
    await phone.getByRole("heading", { name: /^What is square root of 81\s*\?$/ }).waitFor();
    await phone.getByRole("button", { name: /^\S+, 3 squared \+ 1$/ }).waitFor();
    await host.waitForSelector(".host-q math msqrt");
    await host.waitForSelector(".host-tiles math");
    await shots(phone, "44-player-formula");
    await axe(phone, "player question with a formula");
    await shots(host, "45-host-formula");

    await phone.locator(".tile", { hasText: "9" }).click();
    await waitText(phone, "h1", /Correct/);
    await phone.waitForSelector(".explain math msup");
    await host.waitForSelector(".explain math msup");
    await shots(phone, "46-player-formula-explanation");

    // The second question uses $…$; the room sends it rendered as well.
    await host.getByRole("button", { name: "Next" }).click();
    await waitText(host, "h1", /Leaderboard/);
    await host.keyboard.press("PageDown");
    await waitText(phone, ".qtext", /And/);
    await phone.waitForSelector(".qtext math");
    assert(!(await phone.locator(".qtext").textContent()).includes("$"), "the phone shows $ delimiters");
    host.once("dialog", (d) => d.accept());
    await host.getByRole("button", { name: "End game" }).click();
    await phone.context().close();
  });
}
