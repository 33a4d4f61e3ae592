// Live-game browser tests (called by run.mjs with its teacher's page): the room's clock is the same
// on every screen (reconnect, pause), a lost phone is seen fast on both sides, the phone remote drives
// the game, the new screens pass axe, and every phase is photographed at projector and phone sizes.
import { execFileSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import path from "node:path";
import { assert, axe, log, PHONE, SHOTS, waitText, joinAs } from "./lib/harness.mjs";

const PROJECTORS = [
  ["1920x1080", { width: 1920, height: 1080 }],
  ["1280x720", { width: 1280, height: 720 }],
];

const QUIZ = {
  title: "E2E Live screens",
  visibility: "private",
  questions: [
    {
      type: "single",
      text: "Which planet is known as the red planet?",
      options: ["Venus", "Mars", "Jupiter", "Saturn"],
      correct: 1,
      timeLimit: 120,
    },
    { type: "truefalse", text: "Water boils at 100 °C at sea level.", correct: true, timeLimit: 60 },
    { type: "text", text: "Capital of France?", accepted: ["Paris"], timeLimit: 60 },
    { type: "order", text: "From smallest to largest", items: ["mouse", "cat", "horse", "elephant"], timeLimit: 60 },
    { type: "multi", text: "Pick the primes", options: ["2", "4", "5", "9"], correct: [0, 2], timeLimit: 60 },
    { type: "slider", text: "How many legs has a spider?", min: 0, max: 10, step: 1, correct: 8, timeLimit: 60 },
    { type: "poll", text: "Favourite season?", options: ["Spring", "Summer", "Autumn", "Winter"], timeLimit: 60 },
  ],
};

export async function liveFlows({ host, newPage, test }) {
  const dir = path.join(SHOTS, "live");
  mkdirSync(dir, { recursive: true });
  /** The projector at both sizes, each also scaled to 25 % (what the back row sees). */
  const projector = async (name) => {
    const own = host.viewportSize();
    for (const [tag, size] of PROJECTORS) {
      await host.setViewportSize(size);
      await host.waitForTimeout(150);
      const file = path.join(dir, `${name}-${tag}.png`);
      await host.screenshot({ path: file });
      try {
        execFileSync("convert", [file, "-resize", "25%", file.replace(/\.png$/, "-25pct.png")]);
      } catch {
        /* imagemagick missing: the full-size shot is still there */
      }
    }
    await host.setViewportSize(own);
  };
  const phone = (p, name) => p.screenshot({ path: path.join(dir, `${name}-360x640.png`) }).catch(() => {});
  const secondsOn = async (p) =>
    Number(await p.locator(".countdown").first().getAttribute("data-left", { timeout: 15_000 }));
  const panelOpen = async () => {
    if (!(await host.locator(".presenter").count()))
      await host.getByRole("button", { name: "Presenter controls" }).click();
  };
  const panelClosed = async () => {
    if (await host.locator(".presenter").count())
      await host.getByRole("button", { name: "Presenter controls" }).click();
  };

  /** What a page shows that says where it stands: its headings and banners (for a failure's message). */
  const seen = (p) =>
    p
      .evaluate(() => [...document.querySelectorAll("h1, .banner")].map((e) => `[${e.textContent?.trim()}]`).join(" "))
      .catch((e) => `(unreadable: ${e.message})`);
  /**
   * Taps a remote's button. If the remote then says the tap did not go (its socket was being
   * replaced), taps once more, as the teacher it tells to would.
   */
  const tapOnRemote = async (remote, name) => {
    await remote.getByRole("button", { name }).click();
    const offline = remote.locator(".banner", { hasText: "Not connected" });
    await offline.waitFor({ timeout: 1_000 }).then(
      async () => {
        log(`    the remote said its "${name}" did not go; tapping again once it is back`);
        await remote.locator(".banner", { hasText: "Reconnecting" }).waitFor({ state: "detached" });
        await remote.getByRole("button", { name }).click();
      },
      () => {},
    );
  };

  let code = "";
  let ann;
  let ben;
  const phones = () => [ann, ben];
  /** A live test that needs the game the first one opened. */
  const liveTest = (name, fn) =>
    test(name, async () => {
      assert(code && ann && ben, "no game to play (the first live test failed)");
      await fn();
    });

  await test("live: a game of every type opens; the lobby shows players without controls", async () => {
    const quiz = await host.evaluate(async (body) => {
      const r = await fetch("/api/quizzes", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(body),
      });
      const b = await r.json();
      if (!b.quiz) throw new Error(`quiz: ${JSON.stringify(b)}`);
      return b.quiz;
    }, QUIZ);
    const game = await host.evaluate(async (quizId) => {
      const r = await fetch("/api/games", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ quizId, settings: { readingTime: 0 } }),
      });
      return r.json();
    }, quiz.id);
    code = game.code;
    assert(/^[A-Z0-9]{6}$/.test(code ?? ""), `no game: ${JSON.stringify(game)}`);
    await host.goto(`/host/${code}`);
    await host.waitForSelector(".huge-code");
    const join = async (name) => {
      const p = await newPage(PHONE, name);
      await joinAs(p, code, name);
      return p;
    };
    ann = await join("Ann");
    ben = await join("Ben");
    await waitText(host, ".player-list", /Ben/);
    await panelClosed();
    assert(
      (await host.locator("main select, main button.icon.danger").count()) === 0,
      "the projected lobby shows controls",
    );
    await projector("01-lobby");
    await phone(ann, "01-phone-lobby");
    // The teacher's banner links back to the live game from any page.
    const other = await host.context().newPage();
    await other.goto("/quizzes");
    await waitText(other, ".live-banner", new RegExp(code));
    await other.close();
    await panelOpen();
    await projector("02-lobby-panel");
    await axe(host, "host lobby with presenter panel");
    await panelClosed();
  });

  await liveTest(
    "live: a phone back online mid-question shows the room's time (within 1 s of the projector)",
    async () => {
      await host.getByRole("button", { name: "Start" }).click();
      await host.waitForSelector(".host-question .countdown");
      await ann.waitForSelector(".countdown");
      await projector("03-question-single");
      await phone(ann, "03-phone-question-single");
      await ben.context().setOffline(true);
      await ben.waitForTimeout(6_000);
      await ben.context().setOffline(false);
      await ben.waitForSelector(".banner", { state: "detached", timeout: 15_000 });
      await ben.waitForSelector(".countdown");
      const [h, b] = [await secondsOn(host), await secondsOn(ben)];
      assert(Math.abs(h - b) <= 1, `after a reconnect the phone shows ${b} s, the projector ${h} s`);
    },
  );

  await liveTest(
    "live: a phone cut off shows Reconnecting… within 5 s; the host marks it away within 10 s",
    async () => {
      await panelOpen();
      await ben.context().setOffline(true);
      const t0 = Date.now();
      await waitText(ben, ".banner", /Reconnecting/, 5_000);
      log(`    Reconnecting… shown after ${Date.now() - t0} ms`);
      await phone(ben, "04-phone-reconnecting");
      await host.waitForSelector(".panel-players li.offline[data-player=Ben]", { timeout: 10_000 - (Date.now() - t0) });
      await projector("04-question-panel-away");
      await ben.waitForTimeout(Math.max(0, 10_000 - (Date.now() - t0)));
      await ben.context().setOffline(false);
      await host.waitForSelector(".panel-players li:not(.offline)[data-player=Ben]", { timeout: 15_000 });
      await axe(host, "host question with presenter panel");
    },
  );

  await liveTest(
    "live: pause 5 s then resume leaves the remaining time unchanged on the projector and phones",
    async () => {
      await panelOpen();
      await host.getByRole("button", { name: "Pause", exact: true }).click();
      await waitText(host, ".paused-overlay", /Paused/);
      for (const p of phones()) await waitText(p, ".countdown, .paused-note", /Paused|paused/);
      const before = [await secondsOn(host), await secondsOn(ann), await secondsOn(ben)];
      await projector("05-question-paused");
      await phone(ann, "05-phone-paused");
      await host.waitForTimeout(5_000);
      const during = [await secondsOn(host), await secondsOn(ann), await secondsOn(ben)];
      assert(
        during.every((s, i) => s === before[i]),
        `the paused clocks moved: ${before} → ${during}`,
      );
      await host.getByRole("button", { name: "Resume" }).click();
      await host.waitForSelector(".paused-overlay", { state: "detached" });
      const after = [await secondsOn(host), await secondsOn(ann), await secondsOn(ben)];
      assert(
        after.every((s, i) => Math.abs(s - before[i]) <= 1),
        `resumed at ${after}, paused at ${before}`,
      );
      await host.getByRole("button", { name: "+10 s" }).click();
      await host.waitForFunction(
        (was) => Number(document.querySelector(".countdown")?.getAttribute("data-left")) >= was + 8,
        after[0],
      );
      await panelClosed();
    },
  );

  /** Each player answers the current question (when the phone lets them), then the host reveals it. */
  const answerAndReveal = async (name, answer) => {
    for (const p of phones())
      await answer(p).catch((e) => log(`    ${name}: answer skipped (${e.message.split("\n")[0]})`));
    await waitText(host, ".answer-count", /2\s*\/\s*2/, 4_000).catch(() => {});
    // The question may have closed by itself already (its time ran out while an earlier test
    // waited), or close now, between the look and the click (everyone has answered): then the
    // reveal is what the click would have brought.
    if (await host.locator(".host-question").count())
      await host
        .getByRole("button", { name: "Close question" })
        .click({ timeout: 5_000 })
        .catch(async (e) => {
          if (!(await host.locator(".host-reveal").count())) throw e;
        });
    await host.waitForSelector(".host-reveal");
    await host.waitForTimeout(900);
    await projector(`r-${name}`);
    await phone(ann, `r-phone-${name}`);
    await phone(ben, `r-phone-${name}-ben`);
  };
  const next = async (name) => {
    await host.getByRole("button", { name: "Next" }).click();
    await host.waitForSelector(".host-board, .host-question", { timeout: 10_000 });
    if (await host.locator(".host-board").count()) {
      await host.waitForTimeout(1_000);
      await projector(`l-${name}`);
      await phone(ann, `l-phone-${name}`);
      await host.getByRole("button", { name: "Next" }).click();
    }
    await host.waitForSelector(".host-question");
  };
  const tap = (label) => (p) => p.getByRole("button", { name: label }).first().click({ timeout: 3_000 });

  await liveTest("live: every question type on the projector and the phone, with its reveal", async () => {
    await answerAndReveal("1-single", (p) => (p === ann ? tap(/Mars/)(p) : tap(/Venus/)(p)));
    await axe(host, "host reveal");
    await axe(ann, "player result");
    await next("1");
    await projector("q-2-truefalse");
    await phone(ann, "q-phone-2-truefalse");
    await answerAndReveal("2-truefalse", tap(/True/));
    await next("2");
    await projector("q-3-text");
    await answerAndReveal("3-text", async (p) => {
      await p.fill("#typed", p === ann ? "Paris" : "Lyon");
      await p.getByRole("button", { name: "Submit" }).click();
    });
    // Typed answers, when the room sends them to the host: the presenter may hide one.
    if (await host.locator(".typed li").count()) {
      await panelOpen();
      await projector("r-3-text-panel");
      await axe(host, "host typed answers with hide buttons");
      await panelClosed();
    }
    await next("3");
    await projector("q-4-order");
    await phone(ann, "q-phone-4-order");
    await answerAndReveal("4-order", tap("Submit"));
    await next("4");
    await projector("q-5-multi");
    await answerAndReveal("5-multi", async (p) => {
      await tap(/, 2$/)(p);
      await tap("Submit")(p);
    });
    await next("5");
    await projector("q-6-slider");
    await phone(ann, "q-phone-6-slider");
    await answerAndReveal("6-slider", tap("Submit"));
    await next("6");
    await projector("q-7-poll");
    await answerAndReveal("7-poll", tap(/Summer/));
  });

  await liveTest("live: the phone remote (its code shown from the presenter's panel) moves the game on", async () => {
    await panelOpen();
    await host.getByRole("button", { name: "Show remote code" }).click();
    const href = await host.locator(".remote-dialog .remote-link").getAttribute("href");
    assert(/\/host\/[A-Z0-9]{6}\/remote#t=/.test(href ?? ""), `remote link ${href}`);
    await host.getByRole("button", { name: "Hide the code" }).click();
    // The remote needs the game's teacher signed in: a page of the teacher's own browser.
    const remote = await host.context().newPage();
    await remote.setViewportSize(PHONE);
    await remote.goto(href);
    await waitText(remote, ".remote-phase", /Answer shown/);
    await phone(remote, "09-remote-reveal");
    await axe(remote, "phone remote");
    await tapOnRemote(remote, "Next");
    await host.waitForSelector(".host-board, .podium", { timeout: 10_000 });
    await waitText(remote, ".remote-phase", /Leaderboard|Podium/);
    await panelClosed();
    await projector("10-after-remote");
    if (await host.locator(".host-board").count()) await tapOnRemote(remote, "Next");
    await host.waitForSelector(".podium", { timeout: 10_000 });
    await host.waitForTimeout(500);
    await projector("11-podium");
    await phone(ann, "11-phone-final");
    await axe(host, "host podium");
    await waitText(remote, ".remote-phase", /Podium/);
    await tapOnRemote(remote, "Finish the game");
    await waitText(host, "h1", /Game over/).catch(async (e) => {
      throw new Error(`${e.message}\n    remote: ${await seen(remote)}\n    host: ${await seen(host)}`);
    });
    await projector("12-ended");
    await remote.close();
    for (const p of phones()) await p.context().close();
  });
}
