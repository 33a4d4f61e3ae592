// Browser test of pictures, against the real app (workerd, local D1 and R2) in Debian's Chromium:
// a teacher uploads a multi-megabyte photo (made here as a PNG), is asked for its alt text, drops
// a cover picture and marks it decorative; a phone and the projector then show the picture,
// shrunk in the teacher's browser, with that alt text.
// Usage: node e2e/media.mjs [--no-build] [--port 5193]
import { assert, axe, ensureNode24, hostLive, log, PHONE, run, shot, waitText, WIDE, joinAs } from "./lib/harness.mjs";
import { landscapePng } from "./lib/png.mjs";

ensureNode24();

const argv = process.argv.slice(2);
const PORT = Number(argv[argv.indexOf("--port") + 1]) || 5193;
const ALT = "A yellow sun above green hills under a blue sky";

await run({ port: PORT, build: !argv.includes("--no-build") }, flows);

async function flows({ base, test, newPage, pageErrors }) {
  const photo = landscapePng(3200, 2400, 48);
  const cover = landscapePng(1200, 800, 0);
  log(
    `  photo: 3200×2400 PNG, ${(photo.length / 1024 / 1024).toFixed(1)} MB; cover: 1200×800 PNG, ${Math.round(cover.length / 1024)} KB`,
  );
  assert(photo.length > 4 * 1024 * 1024, "the test photo should be several megabytes");

  const host = await newPage(WIDE, "host");
  const stamp = Date.now().toString(36);
  let code = "";
  let imageUrl = "";

  await test("a teacher uploads a big photo: it is shrunk before it is sent, and its alt text is asked for", async () => {
    await host.goto("/quizzes");
    await host.waitForURL(/\/login\?next=/);
    await host.getByRole("link", { name: /Create one/ }).click();
    await host.fill("#name", "Pat Pictures");
    await host.fill("#email", `pat-${stamp}@example.test`);
    await host.fill("#password", "correct-horse-9");
    await host.getByRole("button", { name: "Create account" }).click();
    await host.waitForURL(/\/quizzes$/);
    await host.getByRole("link", { name: "New quiz" }).click();
    await host.waitForURL(/\/quizzes\/new$/);
    await host.fill("#title", "E2E Pictures");
    const q1 = host.locator(".qedit").nth(0);
    await q1.locator("textarea").first().fill("What is shining in this picture?");
    const options = ["The sun", "The moon", "A lamp", "Nothing"];
    for (let i = 0; i < 4; i++) await q1.getByLabel(`Option ${i + 1}`, { exact: true }).fill(options[i]);

    const uploads = [];
    host.on("response", (r) => r.url().endsWith("/api/media") && uploads.push(r));
    await q1
      .locator("input[type=file]")
      .setInputFiles({ name: "sunny-hills.png", mimeType: "image/png", buffer: photo });
    await waitText(host, ".qedit [role=status]", /Uploaded: 1600×1200 pixels/, 60_000);
    assert(
      uploads.length === 1 && uploads[0].status() === 201,
      `expected one upload, saw ${uploads.map((r) => r.status()).join(",")}`,
    );
    const sent = await uploads[0].json();
    log(
      `    sent ${Math.round(sent.bytes / 1024)} KB as ${uploads[0].request().headers()["content-type"]} (the file was ${(photo.length / 1024 / 1024).toFixed(1)} MB)`,
    );
    assert(sent.bytes < 1024 * 1024 && sent.type === "image/webp", `the upload was ${JSON.stringify(sent)}`);
    imageUrl = await q1.getByLabel(/address of a picture/).inputValue();
    assert(/^\/media\/[A-Za-z0-9_-]{22}$/.test(imageUrl), `the field holds ${imageUrl}`);
    await q1.locator("img.preview").evaluate((img) => img.decode());
    // No alt text yet: the editor says so beside the field, and saving is refused.
    await waitText(host, ".qedit .err", /Question 1: describe the picture, or mark it as decorative\./);
    await host.getByRole("button", { name: "Save" }).click();
    await waitText(host, "[role=status]", /Fix the marked fields/);
    await q1.evaluate((el) => el.scrollIntoView());
    await shot(host, "m01-editor-alt-missing");
    await q1.getByLabel(/^Alt text/).fill(ALT);
    await host.waitForFunction(() => !/describe the picture/.test(document.querySelector(".qedit")?.textContent ?? ""));
    assert(
      (await q1.locator("img.preview").getAttribute("alt")) === `Preview: ${ALT}`,
      "the preview does not carry the alt text",
    );
  });

  await test("a cover picture is dropped and marked decorative; a link that does not load is flagged", async () => {
    const field = host.locator(".image-field").filter({ hasText: "Cover picture" });
    await field.locator(".dropzone").evaluate((zone, b64) => {
      const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
      const dt = new DataTransfer();
      dt.items.add(new File([bytes], "cover.png", { type: "image/png" }));
      zone.dispatchEvent(new DragEvent("dragover", { dataTransfer: dt, bubbles: true, cancelable: true }));
      zone.dispatchEvent(new DragEvent("drop", { dataTransfer: dt, bubbles: true, cancelable: true }));
    }, cover.toString("base64"));
    await waitText(host, ".image-field [role=status]", /Uploaded: 1200×800 pixels/, 30_000);
    await field.getByLabel(/Decorative only/).check();
    assert(await field.getByLabel(/^Alt text/).isDisabled(), "the alt text field stays open for a decorative picture");

    await host.selectOption("#add-type", "truefalse");
    await host.getByRole("button", { name: "Add question" }).click();
    const q2 = host.locator(".qedit").nth(1);
    await q2.locator("textarea").first().fill("The sun is a star.");
    await q2.getByLabel(/address of a picture/).fill("https://127.0.0.1:9/missing.png");
    await waitText(host, ".qedit:nth-child(2) [role=alert]", /could not be loaded/);
    await q2.evaluate((el) => el.scrollIntoView());
    await shot(host, "m02-editor-broken-link");
    await q2.getByRole("button", { name: "Remove the picture" }).click();
    await host.getByRole("button", { name: "Save" }).click();
    await host.waitForURL((u) => /^\/quizzes\/[^/]+$/.test(u.pathname) && !u.pathname.endsWith("/new"));
    await waitText(host, "[role=status]", /Saved/);
    // What was saved comes back.
    await host.reload();
    const q1 = host.locator(".qedit").nth(0);
    assert((await q1.getByLabel(/^Alt text/).inputValue()) === ALT, "alt text not saved");
    assert(
      await host
        .locator(".image-field")
        .filter({ hasText: "Cover picture" })
        .getByLabel(/Decorative only/)
        .isChecked(),
      "decorative mark not saved",
    );
    await host.evaluate(() => scrollTo(0, 0));
    await shot(host, "m03-editor-saved");
    await axe(host, "editor with pictures");
    // The export names the picture by an absolute URL, so a copy elsewhere still loads it.
    const exported = await (
      await host.request.get(await host.getByRole("link", { name: "Export JSON" }).getAttribute("href"))
    ).json();
    assert(
      exported.quiz.questions[0].image === base + imageUrl && exported.quiz.questions[0].imageAlt === ALT,
      `exported ${JSON.stringify(exported.quiz.questions[0])}`,
    );
    assert(exported.quiz.cover?.imageDecorative === true, "the cover is not in the export");
  });

  await test("the catalog shows the cover, as decoration", async () => {
    await host.goto("/quizzes");
    const thumb = host.locator(".quiz-item", { hasText: "E2E Pictures" }).locator("img.cover-thumb");
    await thumb.waitFor();
    assert((await thumb.getAttribute("alt")) === "", "a decorative cover needs empty alt text");
    await thumb.evaluate((img) => img.decode());
    await shot(host, "m06-catalog-cover");
    await axe(host, "catalog with a cover");
  });

  await test("a phone and the projector show the shrunk picture with its alt text", async () => {
    code = await hostLive(host, host.locator(".quiz-item", { hasText: "E2E Pictures" }));
    const phone = await newPage(PHONE, "phone");
    const images = [];
    phone.on("response", (r) => r.url().includes("/media/") && images.push(r));
    await joinAs(phone, code, "Pia");
    await host.getByRole("button", { name: "Start" }).click();

    for (const [page, selector, width] of [
      [phone, "img.qimg", PHONE.width],
      [host, "img.host-img", WIDE.width],
    ]) {
      const img = page.locator(selector);
      await img.waitFor();
      await img.evaluate((el) => el.decode());
      const seen = await img.evaluate((el) => ({
        alt: el.getAttribute("alt"),
        natural: [el.naturalWidth, el.naturalHeight],
        shown: el.clientWidth,
        src: el.getAttribute("src"),
      }));
      log(`    ${selector}: ${JSON.stringify(seen)}`);
      assert(seen.alt === ALT, `${selector} alt is ${JSON.stringify(seen.alt)}`);
      assert(seen.src === imageUrl, `${selector} shows ${seen.src}`);
      assert(
        seen.natural[0] === 1600 && seen.natural[1] === 1200,
        `${selector} is ${seen.natural.join("×")}, not the shrunk 1600×1200`,
      );
      assert(seen.shown > 0 && seen.shown <= width, `${selector} is ${seen.shown}px wide on a ${width}px screen`);
      // Every picture on the screen has alt text, or empty alt for decoration: never none.
      assert(
        await page.evaluate(() => [...document.querySelectorAll("img")].every((i) => i.hasAttribute("alt"))),
        "an image without alt",
      );
    }
    const served = images.find((r) => r.request().method() === "GET" && r.status() === 200);
    assert(served, `the phone fetched no picture: ${images.map((r) => r.status()).join(",")}`);
    const headers = served.headers();
    const bytes = (await served.body()).length;
    log(
      `    the phone downloaded ${Math.round(bytes / 1024)} KB (${headers["content-type"]}, ${headers["cache-control"]})`,
    );
    assert(bytes < 1024 * 1024, `the phone downloaded ${bytes} bytes`);
    assert(
      headers["content-type"] === "image/webp" &&
        /immutable/.test(headers["cache-control"]) &&
        headers["x-content-type-options"] === "nosniff",
      JSON.stringify(headers),
    );
    await shot(phone, "m04-phone-question");
    await axe(phone, "phone question with a picture");
    await shot(host, "m05-projector-question");
    await axe(host, "projector question with a picture");
    await phone.getByRole("button", { name: /The sun/ }).click();
    await waitText(phone, "h1", /Correct/);
    await phone.context().close();
  });

  await test("the picture opened on its own shows as a picture, under its locked-down CSP", async () => {
    const p = await newPage(PHONE, "direct");
    const res = await p.goto(imageUrl);
    assert(/sandbox/.test(res.headers()["content-security-policy"] ?? ""), "no sandboxing CSP on the picture");
    const width = await p.evaluate(() => document.images[0]?.naturalWidth ?? 0);
    assert(width === 1600, `the picture opened directly shows ${width}px wide`);
    await p.context().close();
  });

  await test("no uncaught errors or CSP violations in any page", async () => {
    assert(pageErrors.length === 0, pageErrors.join("\n"));
  });
}
