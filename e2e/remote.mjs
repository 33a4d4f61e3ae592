// Browser tests of the phone remote and the projector's clock controls: the projector, paused,
// shows no QR code (checked in the DOM and photographed at 25 %); the remote's code appears only
// behind "Show remote code" on the teacher's screen and goes when the game pauses; a remote link
// in a logged-out browser is refused, works once signed in as the game's teacher, and only once.
// Usage: node e2e/remote.mjs [--no-build] [--port 5421]
import { mkdirSync } from "node:fs";
import path from "node:path";
import { assert, axe, ensureNode24, log, projectorShooter, run, teacherGame, waitText } from "./lib/harness.mjs";
import { PHONE, SHOTS, WIDE } from "./lib/harness.mjs";

ensureNode24();

const argv = process.argv.slice(2);
const PORT = Number(argv[argv.indexOf("--port") + 1]) || 5421;
const DIR = path.join(SHOTS, "remote");

const QUIZ = {
  title: "E2E Remote",
  visibility: "private",
  questions: [
    { type: "single", text: "Which planet is red?", options: ["Venus", "Mars"], correct: 1, timeLimit: 120 },
    { type: "truefalse", text: "Ice floats on water.", correct: true, timeLimit: 120 },
  ],
};

/** Anything that could carry a remote credential on the projector: a QR code, a canvas, the link. */
const CREDENTIALS = "svg.qr, canvas, .remote-qr, .remote-dialog, .remote-link, [aria-label*='QR']";

await run({ port: PORT, build: !argv.includes("--no-build") }, flows);

async function flows({ test, newPage, pageErrors }) {
  mkdirSync(DIR, { recursive: true });
  const host = await newPage(WIDE, "host");
  const teacher = {
    name: "Rita Remote",
    email: `rita-${Date.now().toString(36)}@example.test`,
    password: "correct-horse-9",
  };
  let code = "";
  let href = "";

  // The projector at 1920×1080 and scaled to 25 % (what the back row, or a phone camera, sees).
  const projector = await projectorShooter(newPage, host, (name) => path.join(DIR, name));
  const phoneShot = (p, name) => p.screenshot({ path: path.join(DIR, `${name}-360x640.png`) });
  const credentialsShown = () => host.locator(CREDENTIALS).count();
  const noCredentialInPage = async (where) => {
    assert((await credentialsShown()) === 0, `${where}: a QR code or remote link is in the projector's DOM`);
    const html = await host.content();
    assert(!/remote#t=/.test(html), `${where}: a remote link is in the projector's HTML`);
  };
  const leftOnClock = async () => Number(await host.locator(".countdown").first().getAttribute("data-left"));

  await test("setup: a teacher hosts a game, a player joins, the question starts", async () => {
    code = (await teacherGame(host, teacher, QUIZ)).code;
    assert(/^[A-Z0-9]{6}$/.test(code), `no game: ${code}`);
    await host.goto(`/host/${code}`);
    await host.waitForSelector(".huge-code");
    const ann = await newPage(PHONE, "ann");
    await ann.goto(`/${code}`);
    await ann.fill("#nick", "Ann");
    await ann.getByRole("button", { name: "Join the game" }).click();
    await waitText(host, ".player-list", /Ann/);
    await host.getByRole("button", { name: "Start" }).click();
    await host.waitForSelector(".host-question .countdown");
  });

  await test("the projector, paused from its own top bar, shows no QR code; +10 s is there too", async () => {
    const clock = host.getByRole("group", { name: "Game clock" });
    await clock.getByRole("button", { name: "Pause", exact: true }).click();
    await waitText(host, ".paused-overlay", /Paused/);
    await noCredentialInPage("paused");
    await projector("01-projector-paused");
    // The presenter's panel, opened while paused: its "Show remote code" waits for the game to go on.
    await host.getByRole("button", { name: "Presenter controls" }).click();
    const show = host.getByRole("button", { name: "Show remote code" });
    assert(await show.isDisabled(), "the remote code can be shown during a pause");
    await noCredentialInPage("paused, panel open");
    await projector("02-projector-paused-panel");
    await host.getByRole("button", { name: "Hide", exact: true }).click();
    await clock.getByRole("button", { name: "Resume" }).click();
    await host.waitForSelector(".paused-overlay", { state: "detached" });
    const before = await leftOnClock();
    await clock.getByRole("button", { name: "+10 s" }).click();
    await host.waitForFunction(
      (was) => Number(document.querySelector(".countdown")?.getAttribute("data-left")) >= was + 8,
      before,
    );
    await noCredentialInPage("running");
    await projector("03-projector-question");
    await axe(host, "projector with clock controls");
  });

  await test("'Show remote code' shows a one-time QR code on the teacher's screen only", async () => {
    await host.getByRole("button", { name: "Presenter controls" }).click();
    await host.getByRole("button", { name: "Show remote code" }).click();
    await host.waitForSelector(".remote-dialog svg.qr");
    href = (await host.locator(".remote-dialog .remote-link").getAttribute("href")) ?? "";
    assert(new RegExp(`/host/${code}/remote#t=`).test(href), `remote link ${href}`);
    await projector("04-teacher-show-remote-code");
    await axe(host, "remote code dialog");
    // Left open: the pause below (from the phone) must take it off the screen.
  });

  let remote;
  await test("a remote link in a logged-out browser is refused; signed in as the teacher it drives the game", async () => {
    remote = await newPage(PHONE, "remote");
    await remote.goto(href);
    await waitText(remote, ".banner", /Sign in as the game's teacher to use this remote/);
    assert(!/#/.test(remote.url()), `the code stays in the address: ${remote.url()}`);
    assert((await remote.locator(".remote-buttons").count()) === 0, "the logged-out remote shows controls");
    await phoneShot(remote, "05-remote-logged-out");
    await axe(remote, "remote refused");
    await remote.getByRole("link", { name: "Sign in" }).click();
    await remote.waitForURL((u) => u.pathname === "/login");
    await remote.fill("#email", teacher.email);
    await remote.fill("#password", teacher.password);
    await remote.locator("form button[type=submit]").click();
    await waitText(remote, ".remote-phase", /Question/);
    await phoneShot(remote, "06-remote-question");
    await axe(remote, "phone remote");
    // The phone pauses: the projector shows its overlay, and the code's dialog is gone.
    await remote.getByRole("button", { name: "Pause", exact: true }).click();
    await waitText(host, ".paused-overlay", /Paused/);
    await host.waitForSelector(".remote-dialog", { state: "detached" });
    await noCredentialInPage("paused from the phone");
    await projector("07-projector-paused-by-phone");
    await phoneShot(remote, "07-remote-paused");
    await remote.getByRole("button", { name: "Resume" }).click();
    await host.waitForSelector(".paused-overlay", { state: "detached" });
  });

  await test("the same code opened a second time, even by the teacher, is refused", async () => {
    const other = await newPage(PHONE, "second");
    await other.goto("/");
    await other.evaluate(async (t) => {
      const r = await fetch("/api/auth/login", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ email: t.email, password: t.password }),
      });
      if (!r.ok) throw new Error(`login: ${r.status}`);
    }, teacher);
    await other.goto(href);
    await waitText(other, ".banner", /opened on another device already/);
    await phoneShot(other, "08-remote-second-device");
    // The first phone still drives the game.
    await remote.getByRole("button", { name: "Close question" }).click();
    await host.waitForSelector(".host-reveal");
    await other.context().close();
  });

  await test("a Russian browser is told the same, in Russian", async () => {
    const ru = await newPage(PHONE, "ru", "ru-RU");
    await ru.goto(`/host/${code}/remote#t=not-a-token`);
    await waitText(ru, ".banner", /войдите как учитель, который ведёт игру/);
    await phoneShot(ru, "09-remote-logged-out-ru");
    await ru.context().close();
  });

  await test("no uncaught errors or CSP violations in any page", async () => {
    log(`    screenshots in ${DIR}`);
    assert(pageErrors.length === 0, pageErrors.join("\n"));
  });
}
