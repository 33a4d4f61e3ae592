// Emphasis in quiz text as a class sees it: a GIFT file with a [markdown] question is imported
// (its *em* and **strong** kept, never as asterisks; the plain question beside it keeps its own
// asterisks), then hosted for a phone (360×640) and a projector (1920×1080 and a 25 % copy). The
// question, its tiles, the phone and the reveal show <em>/<strong> with no asterisk left, and the
// editor's "as players see them" lines show the same. Screenshots: e2e/screenshots/emphasis-*.png.
// Usage: node e2e/emphasis.mjs [--no-build] [--port 5531]
import path from "node:path";
import {
  assert,
  ensureNode24,
  PHONE,
  projectorShooter,
  run,
  SHOTS,
  text,
  waitText,
  WIDE,
  joinAs,
} from "./lib/harness.mjs";

ensureNode24();
const argv = process.argv.slice(2);
const PORT = Number(argv[argv.indexOf("--port") + 1]) || 5531;

const GIFT = `// Moodle's documentation example, and one of ours
::Q1:: [markdown]The *American holiday of Thanksgiving* is celebrated on the {
~second
~**third**
=fourth #Yes\\: the *fourth* Thursday.
} Thursday of November.

::Q2:: Is 2*3*4 = 24 and is *this* plain? {T}
`;

/** The words of an element as shown, and whether emphasis elements are inside. */
const looks = (page, sel) =>
  page
    .locator(sel)
    .first()
    .evaluate((el) => ({
      text: el.textContent,
      em: [...el.querySelectorAll("em")].map((e) => e.textContent),
      strong: [...el.querySelectorAll("strong")].map((e) => e.textContent),
      italic: [...el.querySelectorAll("em")].every((e) => getComputedStyle(e).fontStyle === "italic"),
    }));

await run({ port: PORT, build: !argv.includes("--no-build") }, async ({ test, newPage, pageErrors }) => {
  const stamp = Date.now().toString(36);
  const host = await newPage(WIDE, "host");
  const projector = await projectorShooter(newPage, host, (name) => path.join(SHOTS, `emphasis-${name}`), 200);
  const phone = await newPage(PHONE, "phone");
  const phoneShot = async (name) => {
    await phone.waitForTimeout(150);
    await phone.screenshot({ path: path.join(SHOTS, `emphasis-${name}-360x640.png`) });
  };
  let quizId = "";

  await test("a GIFT [markdown] import keeps its emphasis; the plain question keeps its asterisks", async () => {
    const reg = await host.request.post("/api/auth/register", {
      data: { name: "Em", email: `em-${stamp}@example.test`, password: "correct-horse-9", role: "teacher" },
    });
    assert(reg.ok(), `register ${reg.status()}`);
    const res = await host.request.post("/api/quizzes/import/gift?title=Emphasis", {
      data: GIFT,
      headers: { "content-type": "text/plain; charset=utf-8" },
    });
    assert(res.status() === 201, `import ${res.status()} ${await res.text()}`);
    const { quiz } = await res.json();
    quizId = quiz.id;
    assert(quiz.questions[0].text.includes("*American holiday of Thanksgiving*"), quiz.questions[0].text);
    // Escaped where it would read as emphasis, so it shows as written.
    assert(quiz.questions[1].text === "Is 2\\*3\\*4 = 24 and is \\*this\\* plain?", quiz.questions[1].text);
  });

  await test("the projector and the phone show emphasis, not asterisks, in the question and the tiles", async () => {
    const game = await host.request.post("/api/games", { data: { quizId, settings: { readingTime: 0 } } });
    assert(game.ok(), `game ${game.status()}`);
    const { code } = await game.json();
    await host.goto(`/host/${code}`);
    await host.waitForSelector(".huge-code");
    await joinAs(phone, code, "Pip");
    await host.getByRole("button", { name: "Start" }).click();
    await waitText(host, ".host-q", /Thanksgiving/);
    const q = await looks(host, ".host-q");
    assert(!q.text.includes("*"), `projector question: ${q.text}`);
    assert(q.em.join() === "American holiday of Thanksgiving" && q.italic, `projector em: ${JSON.stringify(q)}`);
    await host.locator(".host-tiles strong").first().waitFor();
    assert((await text(host.locator(".host-tiles strong").first())) === "third", "projector tile: strong third");
    await projector("01-question");
    await waitText(phone, ".qtext", /Thanksgiving/);
    const p = await looks(phone, ".qtext");
    assert(!p.text.includes("*") && p.em.length === 1 && p.italic, `phone question: ${JSON.stringify(p)}`);
    assert(await phone.locator(".tile strong").count(), "phone tile: no <strong>");
    await phoneShot("02-phone-question");
    await phone.getByRole("button", { name: /fourth/ }).click();
    // The reveal: the feedback's emphasis too.
    await waitText(phone, ".result-full .feedback", /fourth/);
    const fb = await looks(phone, ".result-full .feedback");
    assert(fb.em.includes("fourth") && !fb.text.includes("*"), `feedback: ${JSON.stringify(fb)}`);
    await phoneShot("03-phone-result");
    await host.locator(".reveal, .host-reveal, [class*=reveal]").first().waitFor();
    await projector("04-reveal");
    // The plain question: its asterisks as written, no emphasis.
    await host.getByRole("button", { name: "Next" }).click();
    for (let i = 0; i < 3 && !(await phone.locator(".qtext", { hasText: /2\*3\*4/ }).count()); i++) {
      await phone.waitForTimeout(400);
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
    await waitText(phone, ".qtext", /2\*3\*4 = 24 and is \*this\* plain\?/);
    assert((await phone.locator(".qtext em").count()) === 0, "a plain question shows emphasis");
    await phoneShot("05-phone-plain");
    await projector("06-plain");
  });

  await test("the editor shows the emphasis under the question as players will see it", async () => {
    const page = await newPage(WIDE, "editor");
    await page.context().addCookies(await host.context().cookies());
    await page.goto(`/quizzes/${quizId}`);
    const lines = page.locator(".qedit").nth(0).locator(".formula-lines");
    await lines.locator("em").first().waitFor();
    assert((await text(lines.locator("em").first())) === "American holiday of Thanksgiving", "editor em");
    await page
      .locator(".qedit")
      .nth(0)
      .screenshot({ path: path.join(SHOTS, "emphasis-07-editor-1920x1080.png") });
    await page.close();
  });

  await test("no page errors", async () => {
    assert(pageErrors.length === 0, pageErrors.join("\n"));
  });
});
