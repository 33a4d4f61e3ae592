// Browser tests against the real app (workerd, local D1, Durable Objects, WebSockets) in Debian's
// Chromium: a teacher builds and hosts a quiz, three players join through the short link, answer
// differently, one reloads mid-game; the podium order, the report and accessibility are checked.
// Usage: node e2e/run.mjs [--no-build] [--port 5191] [--only-assignment | --only-live | --skip-live]
import path from "node:path";
import { assignmentFlow } from "./assignment.mjs";
import { importFlows } from "./imports.mjs";
import {
  assert,
  axe,
  ensureNode24,
  hostLive,
  log,
  openLobby,
  PHONE,
  run,
  SHOTS,
  shots as shotsOf,
  T,
  text,
  waitText,
  WIDE,
} from "./lib/harness.mjs";
import { liveFlows } from "./live.mjs";

ensureNode24();

const argv = process.argv.slice(2);
const PORT = Number(argv[argv.indexOf("--port") + 1]) || 5191;
/** These screenshots show what the phone or the projector shows, not the whole scrolled page. */
const shots = (page, name) => shotsOf(page, name, { fullPage: false });

await run({ port: PORT, build: !argv.includes("--no-build") }, flows);

async function flows({ test, newPage, pageErrors }) {
  // `--only-assignment`: the assignment's flow alone (it sets up its own teacher and quiz).
  if (argv.includes("--only-assignment")) {
    await assignmentFlow({ test, newPage, waitText, assert, shots, axe, PHONE, WIDE });
    await test("no uncaught errors or CSP violations in any page", async () => {
      assert(pageErrors.length === 0, pageErrors.join("\n"));
    });
    return;
  }

  const host = await newPage(WIDE, "host");
  const stamp = Date.now().toString(36);
  const teacher = { name: "Ada Teacher", email: `ada-${stamp}@example.test`, password: "correct-horse-9" };
  let code = "";
  let quizUrl = "";

  // `--only-live`: a teacher of its own, then the live-game flows only (live.mjs).
  if (argv.includes("--only-live")) {
    await host.goto("/");
    await host.evaluate(async (t) => {
      const r = await fetch("/api/auth/register", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ ...t, role: "teacher" }),
      });
      if (!r.ok) throw new Error(`register: ${r.status}`);
    }, teacher);
    return liveFlows({ host, newPage, test });
  }

  await test("landing page: code field upper-cases, bad code explained, accessible", async () => {
    const p = await newPage(PHONE, "landing");
    await p.goto("/");
    await p.fill("#code", "ab c-2");
    assert((await p.inputValue("#code")) === "ABC2", `code field shows ${await p.inputValue("#code")}`);
    await p.click("button[type=submit]");
    await waitText(p, "#code-err", /6 letters/);
    await shots(p, "01-landing");
    await axe(p, "landing");
    await p.getByRole("button", { name: /Language/ }).click();
    await waitText(p, "h1", /Войти в игру/);
    await waitText(p, "#code-err", /Код игры/);
    // The choice is remembered.
    await p.reload();
    await waitText(p, "h1", /Войти в игру/);
    await shots(p, "01-landing-ru");
    await p.context().close();
  });

  // Times are printed as figures for BENCHMARKS.md, never asserted: a busy CI machine must not fail a test.
  await test("player page on a cheap phone (4× slower CPU, slow 4G): it paints, and what it downloads", async () => {
    const p = await newPage(PHONE, "perf");
    const cdp = await p.context().newCDPSession(p);
    await cdp.send("Emulation.setCPUThrottlingRate", { rate: 4 });
    await cdp.send("Network.enable");
    await cdp.send("Network.emulateNetworkConditions", {
      offline: false,
      latency: 150,
      downloadThroughput: (1.6 * 1024 * 1024) / 8,
      uploadThroughput: (750 * 1024) / 8,
    });
    const t0 = Date.now();
    await p.goto("/ABCDEF");
    await p.waitForSelector("main");
    const ready = Date.now() - t0;
    const m = await p.evaluate(() => {
      const fcp = performance.getEntriesByName("first-contentful-paint")[0]?.startTime ?? -1;
      const res = performance.getEntriesByType("resource").filter((r) => /\.(js|css)$/.test(r.name));
      const nav = performance.getEntriesByType("navigation")[0];
      return {
        fcp: Math.round(fcp),
        dcl: Math.round(nav.domContentLoadedEventEnd),
        bytes: res.reduce((n, r) => n + r.transferSize, 0) + nav.transferSize,
      };
    });
    log(
      `    perf: first contentful paint ${m.fcp} ms, DOMContentLoaded ${m.dcl} ms, screen rendered after ${ready} ms, ${(m.bytes / 1024).toFixed(1)} KB transferred (HTML+JS+CSS)`,
    );
    assert(m.fcp > 0, "the page never painted");
    // vite preview serves uncompressed; the gzip budget itself is enforced by npm run build.
    assert(m.bytes < 100 * 1024, `the player page downloaded ${(m.bytes / 1024).toFixed(1)} KB`);
    await p.context().close();
  });

  await test("teacher registers, lands on the catalog, logs out and logs back in", async () => {
    await host.goto("/quizzes");
    await host.waitForURL(/\/login\?next=/);
    await host.getByRole("link", { name: /Create one/ }).click();
    await host.fill("#name", teacher.name);
    await host.fill("#email", teacher.email);
    await host.fill("#password", teacher.password);
    await shots(host, "02-register");
    await axe(host, "register");
    await host.getByRole("button", { name: "Create account" }).click();
    await host.waitForURL(/\/quizzes$/);
    await waitText(host, "h1", /Quizzes/);
    await shots(host, "03-catalog-empty");
    await axe(host, "catalog");
    // Log out, then back in through the login form.
    await host.getByRole("button", { name: "Log out" }).click();
    await host.waitForURL(/\/login/);
    await host.fill("#email", teacher.email);
    await host.fill("#password", "wrong-password");
    await host.getByRole("button", { name: "Log in" }).click();
    await waitText(host, "[role=alert]", /Wrong email or password/);
    await host.fill("#password", teacher.password);
    await host.getByRole("button", { name: "Log in" }).click();
    await host.waitForURL(/\/quizzes$/);
  });

  await test("editor: inline validation, then a quiz with single-choice and true/false questions", async () => {
    await host.getByRole("link", { name: "New quiz" }).click();
    await host.waitForURL(/\/quizzes\/new$/);
    await host.getByRole("button", { name: "Save" }).click();
    await waitText(host, ".err", /Give the quiz a title\./);
    await shots(host, "04-editor-errors");
    await host.fill("#title", "E2E Arithmetic");
    await host.fill("#tags", "math, e2e");
    const q1 = host.locator(".qedit").nth(0);
    await q1.locator("textarea").first().fill("How much is 2 + 2?");
    const answers = ["3", "4", "5", "22"];
    for (let i = 0; i < 4; i++) await q1.getByLabel(`Option ${i + 1}`, { exact: true }).fill(answers[i]);
    await q1.getByLabel("Option 2 is correct").check();
    await q1.getByLabel("Time limit (seconds)").fill("30");
    await host.selectOption("#add-type", "truefalse");
    await host.getByRole("button", { name: "Add question" }).click();
    const q2 = host.locator(".qedit").nth(1);
    await q2.locator("textarea").first().fill("The sky on a clear day is green.");
    await q2.getByLabel("False").check();
    await q2.getByLabel("Time limit (seconds)").fill("30");
    await host.getByRole("button", { name: "Save" }).click();
    await host.waitForURL((u) => /^\/quizzes\/[^/]+$/.test(u.pathname) && !u.pathname.endsWith("/new"));
    await waitText(host, "[role=status]", /Saved/);
    quizUrl = new URL(host.url()).pathname;
    await host.evaluate(() => scrollTo(0, 0));
    await shots(host, "05-editor");
    await axe(host, "editor");
    // What was saved is what comes back.
    await host.reload();
    assert((await host.inputValue("#title")) === "E2E Arithmetic", "title not saved");
    assert((await host.locator(".qedit").count()) === 2, "expected 2 questions after reload");
  });

  await test("host settings dialog opens the lobby with a code, a short link and a QR code", async () => {
    await host.getByRole("button", { name: "Host live" }).click();
    const dialog = host.getByRole("dialog");
    await dialog.waitFor();
    await dialog.getByLabel(/Reading time/).fill("0");
    await shots(host, "06-host-settings");
    await axe(host, "host settings");
    code = await openLobby(host);
    await waitText(host, ".huge-code", new RegExp(code));
    assert(await host.locator("svg.qr path").count(), "no QR code");
    assert((await text(host.locator(".short-link"))).endsWith(`/${code}`), "short link does not end with the code");
  });

  const players = [];
  const names = ["Alice", "Bob", "Carol"];
  const bobSockets = [];
  await test("three players join through the short link, each in its own browser (Carol's speaks Russian); Bob first tries a taken name", async () => {
    for (const name of names) {
      // Carol's browser prefers Russian: the page follows navigator.language.
      const ru = name === "Carol";
      const p = await newPage(PHONE, name, ru ? "ru-RU" : "en-US");
      if (name === "Bob") p.on("websocket", (ws) => bobSockets.push(ws.url()));
      await p.goto(`/${code.toLowerCase()}`);
      await p.waitForURL(new RegExp(`/${code}$`));
      await p.waitForSelector("#nick");
      if (name === "Alice") {
        await p.getByRole("button", { name: "Surprise me" }).click();
        assert((await p.inputValue("#nick")).length > 0, "surprise me gave no name");
        await shots(p, "07-nickname");
        await axe(p, "nickname");
      }
      if (name === "Bob") {
        // The join is refused over the socket; the form comes back with the name to fix.
        await p.fill("#nick", "Alice");
        await p.getByRole("button", { name: "Join the game" }).click();
        await waitText(p, "#nick-err", /already has this nickname/);
        assert((await p.inputValue("#nick")) === "Alice", "the refused nickname was not kept in the field");
        await shots(p, "07-nickname-taken");
        await axe(p, "nickname taken");
      }
      await p.fill("#nick", name);
      await p.getByRole("button", { name: ru ? "Присоединиться" : "Join the game" }).click();
      await waitText(p, "h1", ru ? /Вы в игре/ : /You're in/);
      players.push(p);
    }
    await waitText(host, ".players-box h1", /3 players/);
    for (const n of names) await waitText(host, ".player-list", new RegExp(n));
    await shots(players[0], "08-player-lobby");
    await axe(players[0], "player lobby");
    await shots(host, "09-host-lobby");
    await axe(host, "host lobby");
  });

  const [alice, bob, carol] = players;
  const score = async (p) => Number(((await text(p.locator(".who .muted"))).match(/\d+/) ?? ["NaN"])[0]);

  await test("question 1: Alice (keyboard) and Bob right, Carol wrong; results and reveal", async () => {
    await host.getByRole("button", { name: "Start" }).click();
    for (const p of players) await p.waitForSelector(".tile");
    await shots(alice, "10-player-question");
    await axe(alice, "player question");
    await shots(host, "11-host-question");
    await axe(host, "host question");
    // The key listener is attached just after the tiles render.
    await alice.waitForTimeout(150);
    await alice.keyboard.press("2");
    await bob.getByRole("button", { name: /4/ }).click();
    await waitText(bob, "h1", /Answer sent/);
    await shots(bob, "12-player-answered");
    await carol.getByRole("button", { name: "круг, 5" }).click();
    await waitText(alice, "h1", /Correct/);
    await waitText(bob, "h1", /Correct/);
    await waitText(carol, "h1", /Не совсем/);
    await shots(carol, "13-player-result-ru");
    await shots(alice, "13-player-result");
    await axe(alice, "player result");
    await waitText(host, ".correct-answer", /4/);
    await waitText(host, ".chart", /4/);
    await shots(host, "14-host-reveal");
    await axe(host, "host reveal");
    assert((await score(alice)) > (await score(bob)) || (await score(alice)) >= 500, "Alice's score looks wrong");
    assert((await score(carol)) === 0, "Carol should have 0 points");
  });

  await test("Bob reloads mid-game and comes back as Bob with his score", async () => {
    const before = await score(bob);
    assert(before >= 500, `Bob's score before reload: ${before}`);
    await bob.reload();
    await waitText(bob, ".who strong", /Bob/);
    await bob.waitForFunction((n) => document.querySelector(".who .muted")?.textContent?.includes(String(n)), before, {
      timeout: T,
    });
    assert((await bob.locator("#nick").count()) === 0, "Bob was asked for a nickname again");
    // Two joins (the taken name, then his own), and the reload came back with the seat's token.
    const joins = bobSockets.filter((u) => u.includes(`/ws/${code}/join?`));
    assert(joins.length === 2 && joins[1].includes("nickname=Bob"), `Bob's joins: ${joins.join(" ")}`);
    assert(bobSockets.at(-1).includes(`/ws/${code}?token=`), `Bob came back through ${bobSockets.at(-1)}`);
    // The front page offers the way back too.
    const front = await bob.context().newPage();
    await front.goto("/");
    await front.getByRole("link", { name: `Back to game ${code} as Bob` }).waitFor();
    await front.close();
    await shots(bob, "15-player-after-reload");
  });

  await test("leaderboard after question 1, and the host screen survives a reload", async () => {
    await host.getByRole("button", { name: "Next" }).click();
    await waitText(host, "h1", /Leaderboard/);
    await waitText(alice, "h2", /Leaderboard/);
    await shots(host, "16-host-leaderboard");
    await axe(host, "host leaderboard");
    await shots(alice, "17-player-leaderboard");
    await host.reload();
    await waitText(host, "h1", /Leaderboard/);
    await waitText(host, ".board", /Alice/);
    // The projector in Russian, and back.
    await host.getByRole("button", { name: /Language/ }).click();
    await waitText(host, "h1", /Таблица лидеров/);
    await shots(host, "16-host-leaderboard-ru");
    await host.getByRole("button", { name: /Язык/ }).click();
    await waitText(host, "h1", /Leaderboard/);
  });

  await test("question 2: Alice right, Bob and Carol wrong", async () => {
    await host.getByRole("button", { name: "Next" }).click();
    for (const p of players) await waitText(p, ".qtext", /sky/);
    await alice.getByRole("button", { name: /False/ }).click();
    await bob.getByRole("button", { name: /True/ }).click();
    await carol.getByRole("button", { name: /Верно/ }).click();
    await waitText(alice, "h1", /Correct/);
    await waitText(bob, "h1", /Not quite/);
    await waitText(host, ".correct-answer", /False/);
  });

  await test("podium shows Alice, Bob, Carol in that order; players see their final rank", async () => {
    // After the last reveal the room goes to the podium (through a leaderboard if it shows one).
    for (let i = 0; i < 3 && !(await host.locator(".podium").count()); i++) {
      await host.getByRole("button", { name: "Next" }).click();
      await host.waitForTimeout(500);
    }
    await host.waitForSelector(".podium");
    const order = [];
    for (const r of [1, 2, 3]) order.push(await text(host.locator(`.podium .p${r} .name`)));
    assert(order.join(",") === "Alice,Bob,Carol", `podium order ${order.join(",")}`);
    await waitText(alice, ".big-number", /#1 of 3/);
    await waitText(bob, ".big-number", /#2 of 3/);
    await waitText(carol, ".big-number", /Ваше место: 3 из 3/);
    await shots(host, "18-host-podium");
    await axe(host, "host podium");
    await shots(bob, "19-player-final");
    await axe(bob, "player final");
  });

  await test("finish, report with per-question and per-player tables, reports list", async () => {
    await host.getByRole("button", { name: "Finish the game" }).click();
    await waitText(host, "h1", /Game over/);
    await host.getByRole("button", { name: "Play again" }).waitFor();
    await host.getByRole("link", { name: "See the report" }).click();
    await host.waitForURL(/\/reports\/.+/);
    await waitText(host, "h1", /E2E Arithmetic/);
    await waitText(host, "table", /Alice/);
    assert((await host.locator(".qreports > li").count()) === 2, "expected 2 question rows");
    const csv = await host.getByRole("link", { name: /players \(CSV\)/ }).getAttribute("href");
    const res = await host.request.get(csv);
    assert(res.ok() && (await res.text()).includes("Alice"), "players CSV does not download");
    await shots(host, "20-report");
    await axe(host, "report");
    await host.getByRole("link", { name: "Reports" }).first().click();
    await waitText(host, "table", /E2E Arithmetic/);
    await shots(host, "21-reports");
    await axe(host, "reports list");
  });

  await test("play again opens a new lobby for the same quiz; an empty lobby can be ended", async () => {
    await host.goBack();
    await host.goBack();
    await host.waitForURL(new RegExp(`/host/${code}$`));
    await host.getByRole("button", { name: "Play again" }).click();
    await host.waitForURL((u) => /\/host\/[A-Z0-9]{6}$/.test(u.pathname) && !u.pathname.endsWith(code));
    await host.waitForSelector(".huge-code");
    // Nobody comes: the teacher ends the empty lobby, and the catalog stops pointing at it.
    host.once("dialog", (d) => d.accept());
    await host.getByRole("button", { name: "End game" }).click();
    await waitText(host, "h1", /Game over/);
    await host.goto("/quizzes");
    await waitText(host, "h1", /Quizzes/);
    assert((await host.locator(".shell > .banner").count()) === 0, "the catalog still links to the ended game");
  });

  await test("every other answer type, imported from JSON; kick and lock in the lobby", async () => {
    const file = {
      format: "quickquiz",
      version: 1,
      quiz: {
        title: "E2E Every type",
        questions: [
          { type: "multi", text: "Pick the primes", options: ["2", "4", "5", "9"], correct: [0, 2], timeLimit: 60 },
          { type: "text", text: "Capital of France?", accepted: ["Paris"], timeLimit: 60 },
          { type: "order", text: "From smallest to largest", items: ["one", "two", "three", "four"], timeLimit: 60 },
          { type: "slider", text: "How many legs has a spider?", min: 0, max: 10, step: 1, correct: 8, timeLimit: 60 },
          { type: "poll", text: "Favourite colour?", options: ["Red", "Blue"], timeLimit: 60 },
        ],
      },
    };
    await host.goto("/quizzes");
    await host
      .locator("input[type=file][accept*=json]")
      .setInputFiles({ name: "every.json", mimeType: "application/json", buffer: Buffer.from(JSON.stringify(file)) });
    // Every import shows its preview first (e2e/imports.mjs covers it); saving opens the editor.
    await waitText(host, ".import-list", /Pick the primes/);
    await host.getByRole("button", { name: "Save quiz" }).click();
    await host.waitForURL((u) => /^\/quizzes\/[^/]+$/.test(u.pathname) && !u.pathname.endsWith("/new"));
    await host.waitForFunction(() => document.querySelectorAll(".qedit").length === 5);
    // The editor shows each type's own fields, filled from the file.
    assert(
      (await host.locator(".qedit").nth(1).getByLabel("Accepted answers 1").inputValue()) === "Paris",
      "accepted answer not shown",
    );
    assert(
      (await host.locator(".qedit").nth(2).getByLabel("Items, in the right order 4").inputValue()) === "four",
      "order items not shown",
    );
    assert(
      (await host.locator(".qedit").nth(3).getByLabel("Correct value").inputValue()) === "8",
      "slider value not shown",
    );
    // A cross-field rule of the schema shows inline; the broken question is then deleted.
    await host.selectOption("#add-type", "slider");
    await host.getByRole("button", { name: "Add question" }).click();
    const extra = host.locator(".qedit").nth(5);
    await extra.locator("textarea").first().fill("Broken slider");
    // A new slider asks for its correct value; given one, the range rule is next.
    await waitText(host, ".qedit:nth-child(6) .err", /Question 6: enter the correct value\./);
    await extra.getByLabel("Correct value").fill("5");
    await extra.getByLabel("Max").fill("-5");
    await waitText(host, ".qedit:nth-child(6) .err", /Question 6: make the maximum greater than the minimum\./);
    await shots(host, "28-editor-slider-error");
    await extra.getByRole("button", { name: "Delete" }).click();
    await host.waitForFunction(() => document.querySelectorAll(".qedit").length === 5);
    const code2 = await hostLive(host);

    // Dave's socket goes through Playwright, so the test can cut it like a lost network.
    const daveSockets = [];
    let cutDavesJoin = true;
    const join = async (name) => {
      const p = await newPage(PHONE, name);
      if (name === "Dave")
        await p.routeWebSocket(/\/ws\//, (ws) => {
          if (cutDavesJoin) {
            cutDavesJoin = false;
            return ws.close({ code: 1011, reason: "network lost before the welcome (test)" });
          }
          ws.connectToServer();
          daveSockets.push(ws);
        });
      await p.goto(`/${code2}`);
      await p.fill("#nick", name);
      await p.getByRole("button", { name: "Join the game" }).click();
      return p;
    };
    const dave = await join("Dave");
    // His join drops before the welcome: the form again, not a second join behind his back.
    await waitText(dave, "#nick-err", /Could not join/);
    assert((await dave.inputValue("#nick")) === "Dave", "Dave's nickname was not kept");
    await dave.getByRole("button", { name: "Join the game" }).click();
    await waitText(dave, "h1", /You're in/);
    let eve = await join("Eve");
    await waitText(eve, "h1", /You're in/);
    // The same game opened in a second tab takes over the seat; the first tab steps aside.
    const eveTab = await eve.context().newPage();
    await eveTab.goto(`/${code2}`);
    await waitText(eveTab, "h1", /You're in/);
    await waitText(eve, "[role=alert]", /another tab/);
    await shots(eve, "29-replaced-by-another-tab");
    await eve.close();
    eve = eveTab;
    // Removing a player is on the presenter's panel, never on the projected lobby.
    await host.getByRole("button", { name: "Presenter controls" }).click();
    await host.getByRole("button", { name: "Remove Eve" }).click();
    await waitText(eve, "[role=alert]", /removed you/);
    // Back under another name: the token her browser kept goes along and the room refuses her.
    await eve.reload();
    await eve.fill("#nick", "Not Eve");
    await eve.getByRole("button", { name: "Join the game" }).click();
    await waitText(eve, "#nick-err", /removed you/);
    await shots(eve, "30-kicked-join-refused");
    await host.getByRole("button", { name: "Lock lobby" }).click();
    await waitText(host, ".banner", /locked/);
    const frank = await newPage(PHONE, "Frank");
    await frank.goto(`/${code2}`);
    await waitText(frank, "[role=alert]", /cannot join/);
    await host.getByRole("button", { name: /Unlock lobby/ }).click();

    const next = async () => {
      await host.waitForSelector(".correct-answer, .big-hint");
      await host.getByRole("button", { name: "Next" }).click();
      await waitText(host, "h1", /Leaderboard/);
      // A presenter's remote (PageDown) moves on from the leaderboard.
      await host.keyboard.press("PageDown");
    };
    await host.getByRole("button", { name: "Start" }).click();

    // Multiple select: two right picks, then submit.
    await dave.getByRole("button", { name: "triangle, 2" }).click();
    await dave.getByRole("button", { name: "circle, 5" }).click();
    assert(
      (await dave.getByRole("button", { name: "circle, 5" }).getAttribute("aria-pressed")) === "true",
      "multi toggle not pressed",
    );
    await shots(dave, "23-player-multi");
    await axe(dave, "player multi");
    await dave.getByRole("button", { name: "Submit" }).click();
    await waitText(dave, "h1", /Correct/);
    const scoreBefore = await score(dave);

    // The network drops: the banner shows, the socket comes back by itself, the score is kept.
    await daveSockets.at(-1).close({ code: 1011, reason: "network lost (test)" });
    await waitText(dave, ".banner", /Reconnecting/);
    await dave.screenshot({ path: path.join(SHOTS, "27-player-reconnecting-360x640.png") }).catch(() => {});
    await dave.waitForSelector(".banner", { state: "detached" });
    await waitText(dave, "h1", /Correct/);
    assert((await score(dave)) === scoreBefore, `score after reconnect ${await score(dave)} != ${scoreBefore}`);
    assert(daveSockets.length === 2, `expected one reconnect, saw ${daveSockets.length - 1}`);
    assert(
      daveSockets[0].url().includes("/join?nickname=Dave") && daveSockets[1].url().includes(`/ws/${code2}?token=`),
      `Dave reconnected through ${daveSockets[1].url()}`,
    );
    await next();

    // Type answer: case and spaces do not matter.
    await dave.waitForSelector("#typed");
    await dave.fill("#typed", "  paris ");
    await shots(dave, "24-player-text");
    await axe(dave, "player text");
    await dave.getByRole("button", { name: "Submit" }).click();
    await waitText(dave, "h1", /Correct/);
    await next();

    // Ordering: one item dragged by its handle, the rest with the arrow buttons.
    await dave.waitForSelector(".order li");
    const order = () => dave.$$eval(".order li .txt", (els) => els.map((e) => e.textContent));
    const want = ["one", "two", "three", "four"];
    const start = await order();
    const from = start.indexOf("one");
    if (from > 0) {
      const handle = dave.locator(".order li").nth(from).locator(".handle");
      const box = await handle.boundingBox();
      const top = await dave.locator(".order li").first().boundingBox();
      await dave.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
      await dave.mouse.down();
      for (let y = box.y + box.height / 2; y > top.y; y -= 10) await dave.mouse.move(box.x + box.width / 2, y);
      await dave.mouse.up();
      assert((await order())[0] === "one", `dragging did not move "one" to the top: ${(await order()).join(",")}`);
    }
    for (let i = 0; i < want.length; i++) {
      let j = (await order()).indexOf(want[i]);
      while (j > i) {
        await dave.getByRole("button", { name: `Move ${want[i]} up` }).click();
        j--;
      }
    }
    assert((await order()).join(",") === want.join(","), `order is ${(await order()).join(",")}`);
    await shots(dave, "25-player-order");
    await axe(dave, "player order");
    await dave.getByRole("button", { name: "Submit" }).click();
    await waitText(dave, "h1", /Correct/);
    await next();

    // Slider, with the keyboard.
    await dave.focus("#slider");
    await dave.keyboard.press("Home");
    for (let i = 0; i < 8; i++) await dave.keyboard.press("ArrowRight");
    await waitText(dave, ".slider-value", /^8$/);
    await shots(dave, "26-player-slider");
    await axe(dave, "player slider");
    await dave.getByRole("button", { name: "Submit" }).click();
    await waitText(dave, "h1", /Correct/);
    await next();

    // Poll: no right answer.
    await dave.getByRole("button", { name: "triangle, Red" }).click();
    await waitText(dave, "h1", /Thanks for your vote/);
    await waitText(host, ".chart", /Red/);
    for (let i = 0; i < 3 && !(await host.locator(".podium").count()); i++) {
      await host.getByRole("button", { name: "Next" }).click();
      await host.waitForTimeout(400);
    }
    await waitText(dave, ".big-number", /#1 of 1/);
    await Promise.all([dave, eve, frank].map((p) => p.context().close()));
  });

  await test("catalog lists the quiz with search and tag filter", async () => {
    await host.goto("/quizzes");
    await waitText(host, ".quiz-list", /E2E Arithmetic/);
    await host.getByRole("button", { name: "Show quizzes tagged e2e" }).click();
    await waitText(host, ".quiz-list", /E2E Arithmetic/);
    await host.getByPlaceholder("Search quizzes").fill("nothing-like-this");
    await host.waitForSelector(".quiz-list", { state: "detached" });
    await host.getByPlaceholder("Search quizzes").fill("");
    await waitText(host, ".quiz-list", /E2E Arithmetic/);
    await shots(host, "22-catalog");
    void quizUrl;
  });

  await test("CSV import: bad lines are named, a good sheet becomes a quiz titled by its file", async () => {
    await host.goto("/quizzes");
    const csvInput = host.locator("input[type=file][accept*=csv]");
    await csvInput.setInputFiles({
      name: "broken.csv",
      mimeType: "text/csv",
      buffer: Buffer.from("What is 3 x 3?,6,9,12,,20,7\n"),
    });
    await waitText(host, ".import-err", /line 1/);
    await shots(host, "29-import-error");
    const sheet =
      'Question,Answer 1,Answer 2,Answer 3,Answer 4,Time limit,Correct\nWhat is 3 x 3?,6,9,12,,20,2\nWhich are even?,2,3,4,5,30,"1,3"\n';
    await csvInput.setInputFiles({ name: "Times tables.csv", mimeType: "text/csv", buffer: Buffer.from(sheet) });
    await waitText(host, ".import-list", /Which are even/);
    await host.getByRole("button", { name: "Save quiz" }).click();
    await host.waitForURL((u) => /^\/quizzes\/[^/]+$/.test(u.pathname) && !u.pathname.endsWith("/new"));
    await host.waitForFunction(() => document.querySelectorAll(".qedit").length === 2);
    assert((await host.inputValue("#title")) === "Times tables", `title ${await host.inputValue("#title")}`);
    assert(
      (await host.locator(".qedit").nth(1).locator("select").first().inputValue()) === "multi",
      "second row should be multiple select",
    );
    // And JSON export gives the file back.
    const href = await host.getByRole("link", { name: "Export JSON" }).getAttribute("href");
    const exported = await (await host.request.get(href)).json();
    assert(exported.format === "quickquiz" && exported.quiz.questions.length === 2, "export is not the quiz");
  });

  await test("generated-names mode: no nickname field, the room names the player", async () => {
    await host.goto("/quizzes");
    await host.locator(".quiz-item", { hasText: "E2E Arithmetic" }).getByRole("button", { name: "Host live" }).click();
    const dialog = host.getByRole("dialog");
    await dialog.getByLabel("Nicknames").selectOption("generated");
    const code3 = await openLobby(host);
    const p = await newPage(PHONE, "generated");
    await p.goto(`/${code3}`);
    await waitText(p, "p", /friendly name/);
    assert((await p.locator("#nick").count()) === 0, "nickname field shown in generated-names mode");
    assert(
      (await p.getByRole("button", { name: "Surprise me" }).count()) === 0,
      "surprise me shown in generated-names mode",
    );
    await p.getByRole("button", { name: "Join the game" }).click();
    await waitText(p, "p", /You play as \S+/);
    const name = await text(p.locator(".who strong"));
    await waitText(host, ".player-list", new RegExp(name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")));
    host.once("dialog", (d) => d.accept());
    await host.getByRole("button", { name: "End game" }).click();
    await waitText(p, "[role=alert], h1", /ended|Game over/);
    await p.context().close();
  });

  await importFlows({ host, newPage, test, shots });
  if (!argv.includes("--skip-live")) await liveFlows({ host, newPage, test });
  await assignmentFlow({ test, newPage, waitText, assert, shots, axe, PHONE, WIDE });

  await test("no uncaught errors or CSP violations in any page", async () => {
    assert(pageErrors.length === 0, pageErrors.join("\n"));
  });
}
