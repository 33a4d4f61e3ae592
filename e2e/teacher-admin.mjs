// Browser tests of the teacher's editor and the admin console as their users expect them: a formula
// typeset (MathML, no TeX source) under the question and in "Preview as a player"; a disabled
// account told so at login; an unpublished quiz showing the admin's reason on its catalog row and
// in its editor, and republishing allowed again from the console; a homework's live student count
// in the games list; the event log with names. Screenshots of the editor with a formula (1920×1080
// and 360×640), of the games list with a homework row and of the admin log.
// Usage: node e2e/teacher-admin.mjs [--no-build] [--port 5471]
import { apiJson, assert, axe, ensureNode24, PHONE, run, seedUser, shots, waitText, WIDE } from "./lib/harness.mjs";

ensureNode24();
const argv = process.argv.slice(2);
const PORT = Number(argv[argv.indexOf("--port") + 1]) || 5471;
const stamp = Date.now().toString(36);
const admin = { email: `ta-root-${stamp}@example.test`, password: "admin-password-1", name: "Ada Admin" };
const teacher = { email: `ta-tia-${stamp}@example.test`, password: "teacher-pass-1", name: "Tia Teacher" };
const gone = { email: `ta-gone-${stamp}@example.test`, password: "teacher-pass-2", name: "Gus Gone" };

const QUIZ = {
  title: `Formulas ${stamp}`,
  visibility: "public",
  language: "en",
  questions: [
    {
      type: "single",
      text: "Which is \\(\\frac{1}{2} + \\frac{1}{4}\\)?",
      options: ["$\\frac{3}{4}$", "$\\frac{2}{6}$", "1"],
      correct: 0,
      timeLimit: 60,
    },
  ],
};

await run(
  {
    port: PORT,
    build: !argv.includes("--no-build"),
    beforeStart: async (persist) => {
      await seedUser(persist, admin);
    },
  },
  async ({ test, newPage, pageErrors }) => {
    const json = apiJson;
    const register = async (page, who) => {
      const r = await json(page, "POST", "/api/auth/register", { ...who, role: "teacher" });
      assert(r.status === 201, `register ${who.email}: ${r.status} ${JSON.stringify(r.body)}`);
      return r.body.user;
    };
    const login = async (page, who) => {
      await page.goto("/login");
      await page.fill("#email", who.email);
      await page.fill("#password", who.password);
      await page.getByRole("button", { name: "Log in" }).click();
    };

    const wide = await newPage(WIDE, "teacher");
    await wide.goto("/");
    await register(wide, teacher);
    const quiz = (await json(wide, "POST", "/api/quizzes", QUIZ)).body.quiz;

    /** MathML under the question, with no TeX source left in the typeset lines. */
    const formulasTypeset = async (page) => {
      const lines = page.locator(".formula-lines").first();
      await lines.locator("math").first().waitFor();
      const tex = await lines.textContent();
      assert(!/\\frac|\\\(|\$/.test(tex ?? ""), `TeX source under the question: ${tex}`);
      assert((await lines.locator("math").count()) >= 2, "the question's and an option's formula typeset");
      const label = await lines.locator("math").first().getAttribute("aria-label");
      assert(label && /1|one/i.test(label) && !label.includes("\\"), `spoken form: ${label}`);
    };

    await test("the editor shows a formula typeset as players see it, with its spoken form", async () => {
      await wide.goto(`/quizzes/${quiz.id}`);
      await formulasTypeset(wide);
      await shots(wide, "ta-01-editor-formula");
      await axe(wide, "editor with formulas");
    });

    await test("'Preview as a player' shows the formulas as MathML, not TeX, and no 'typeset later' note", async () => {
      await wide.getByRole("button", { name: "Preview as a player" }).first().click();
      const dialog = wide.locator("dialog.preview-dialog");
      await dialog.locator(".phone math").first().waitFor();
      const shown = await dialog.locator(".phone").textContent();
      assert(!/\\frac|\\\(|\$/.test(shown ?? ""), `TeX source in the preview: ${shown}`);
      assert((await dialog.locator(".phone math").count()) >= 3, "the question and two options typeset");
      assert(!/players see them typeset/.test((await dialog.textContent()) ?? ""), "the old note is gone");
      // As large as the text around it: the formula's font is not smaller than its question's.
      const sizes = await dialog.locator(".phone .qtext").evaluate((el) => {
        const m = el.querySelector("math");
        return [parseFloat(getComputedStyle(el).fontSize), m ? parseFloat(getComputedStyle(m).fontSize) : 0];
      });
      assert(sizes[1] >= sizes[0], `formula ${sizes[1]}px in text of ${sizes[0]}px`);
      await shots(wide, "ta-02-preview-formula");
      await dialog.getByRole("button", { name: "Close the preview" }).click();
    });

    await test("on a phone too (360×640): the editor and the preview typeset the formula", async () => {
      const phone = await newPage(PHONE, "teacher-phone");
      await login(phone, teacher);
      await phone.waitForURL((u) => !u.pathname.startsWith("/login"));
      await phone.goto(`/quizzes/${quiz.id}`);
      await formulasTypeset(phone);
      await shots(phone, "ta-03-editor-formula-phone");
      await phone.getByRole("button", { name: "Preview as a player" }).first().click();
      await phone.locator("dialog.preview-dialog .phone math").first().waitFor();
      await shots(phone, "ta-04-preview-formula-phone");
    });

    await test("a disabled account is told so at login; a wrong password stays 'Wrong email or password'", async () => {
      const other = await newPage(WIDE, "gone");
      await other.goto("/");
      const user = await register(other, gone);
      const adminPage = await newPage(WIDE, "admin-api");
      await login(adminPage, admin);
      await adminPage.waitForURL(/\/admin/);
      const r = await json(adminPage, "PATCH", `/api/admin/users/${user.id}`, { disabled: true });
      assert(r.status === 200, `disable: ${r.status}`);
      const fresh = await newPage(WIDE, "gone-login");
      await login(fresh, gone);
      await waitText(fresh, "form", /This account is disabled: contact your administrator\./);
      await shots(fresh, "ta-05-login-disabled");
      await login(fresh, { ...gone, password: "not-the-password" });
      await waitText(fresh, "form", /Wrong email or password\./);
    });

    const console_ = await newPage(WIDE, "admin");
    await test("an unpublished quiz shows the admin's reason to its owner; public is refused until allowed", async () => {
      await login(console_, admin);
      await console_.waitForURL(/\/admin/);
      const r = await json(console_, "POST", `/api/admin/quizzes/${quiz.id}/unpublish`, {
        reason: "The answers are copied from a textbook",
      });
      assert(r.status === 200, `unpublish: ${r.status}`);
      await wide.goto("/quizzes");
      await waitText(wide, ".notice-held", /Unpublished by an admin: The answers are copied from a textbook/);
      await shots(wide, "ta-06-catalog-unpublished");
      await wide.goto(`/quizzes/${quiz.id}`);
      await waitText(wide, ".notice-held", /Unpublished by an admin: The answers are copied from a textbook/);
      assert(await wide.locator('#vis option[value="public"]').isDisabled(), "public is not offered");
      await shots(wide, "ta-07-editor-unpublished");
      const refused = await json(wide, "PUT", `/api/quizzes/${quiz.id}`, { ...QUIZ, visibility: "public" });
      assert(refused.status === 403, `republish: ${refused.status}`);
    });

    await test("the admin allows republishing from the quizzes console; the owner may publish again", async () => {
      await console_.goto("/admin/quizzes");
      await console_.getByPlaceholder(/Title/).fill(stamp);
      await waitText(console_, "table", /Unpublished by an admin: The answers are copied/);
      await console_.getByRole("button", { name: `Allow republishing ${QUIZ.title}` }).click();
      await waitText(console_, "[role=status]", /may publish it again/);
      const ok = await json(wide, "PUT", `/api/quizzes/${quiz.id}`, { ...QUIZ, visibility: "public" });
      assert(ok.status === 200, `republish after allowing: ${ok.status}`);
    });

    await test("the games list counts a homework's students from its object, as it counts a live game's players", async () => {
      const made = await json(wide, "POST", "/api/assignments", {
        quizId: quiz.id,
        settings: { deadline: Date.now() + 3600_000 },
      });
      assert(made.status === 201, `assign: ${made.status} ${JSON.stringify(made.body)}`);
      const { code } = made.body;
      // Two students with no account (a signed-in account would get its one seat back).
      const anon = await newPage(PHONE, "homework-students");
      for (const nickname of ["Hana", "Hugo"]) {
        const s = await json(anon, "POST", `/api/assignments/${code}/start`, { nickname });
        assert(s.status === 201, `start ${nickname}: ${s.status} ${JSON.stringify(s.body)}`);
      }
      await console_.goto("/admin/games");
      await console_.getByPlaceholder(/Code/).fill(code);
      const row = console_.locator("tr", { hasText: code });
      await waitText(console_, "table", /Homework/);
      await row.locator("td.num").filter({ hasText: /^2$/ }).waitFor();
      await shots(console_, "ta-07-admin-games-homework");
    });

    await test("the event log names users and quizzes and shows readable fields, not raw JSON", async () => {
      await console_.goto("/admin/logs");
      await console_.getByLabel("Type").fill("admin.*");
      await console_.getByRole("button", { name: "Show", exact: true }).click();
      await waitText(console_, ".log-table", /admin\.quiz_republish_allowed/);
      const table = (await console_.locator(".log-table").textContent()) ?? "";
      assert(table.includes("Ada Admin"), "the admin named");
      assert(table.includes(QUIZ.title), "the quiz named");
      assert(!/\{"/.test(table), "no raw JSON");
      await waitText(console_, ".log-table .payload", /reason/);
      await shots(console_, "ta-08-admin-log");
      await axe(console_, "admin log");
    });

    await test("no uncaught errors or CSP violations in any page", async () => {
      assert(pageErrors.length === 0, pageErrors.join("\n"));
    });
  },
);
