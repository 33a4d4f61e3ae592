// Browser test of team mode: six phones in three teams (personal devices, team talk); a phone that
// reloads mid-question stays in its team; team talk keeps the options closed and says "Discuss
// with your team"; the team leaderboard and podium on the projector match the report's teams CSV.
// The presenter renames a team inline (a refused name shown under the input, Escape, Enter) and moves
// a player by dragging and with the keyboard's "Move to" list. axe on the host lobby with teams, the projector's team
// leaderboard and podium, and the phone's team screens (lobby, team talk, result with the team's rank).
// Screenshots: projector 1920×1080 and 25 %, phones 360×640.
// Usage: node e2e/teams.mjs [--no-build] [--port 5481]
import { mkdirSync } from "node:fs";
import path from "node:path";
import { assert, axe, ensureNode24, projectorShooter, run, teacherGame, waitText } from "./lib/harness.mjs";
import { PHONE, SHOTS, WIDE } from "./lib/harness.mjs";

ensureNode24();

const argv = process.argv.slice(2);
const PORT = Number(argv[argv.indexOf("--port") + 1]) || 5481;
const DIR = path.join(SHOTS, "teams");
const TALK = 3;

const QUIZ = {
  title: "E2E Teams",
  visibility: "private",
  questions: [
    { type: "single", text: "Which planet is red?", options: ["Venus", "Mars"], correct: 1, timeLimit: 60 },
    { type: "single", text: "Which is a mammal?", options: ["Whale", "Shark"], correct: 0, timeLimit: 60 },
  ],
};
const NAMES = ["Ann", "Ben", "Cat", "Dan", "Eve", "Fay"];

await run({ port: PORT, build: !argv.includes("--no-build") }, flows);

async function flows({ test, newPage, pageErrors }) {
  mkdirSync(DIR, { recursive: true });
  const host = await newPage(WIDE, "host");
  const teacher = {
    name: "Tess Teams",
    email: `tess-${Date.now().toString(36)}@example.test`,
    password: "correct-horse-9",
  };
  let game = { code: "", gameId: "" };
  const phones = [];
  const teamOf = new Map();

  const projector = await projectorShooter(newPage, host, (name) => path.join(DIR, name), 300);
  const phoneShot = (p, name) => p.screenshot({ path: path.join(DIR, `${name}-360x640.png`) });

  await test("teams: six phones join a team game and are spread over three teams", async () => {
    game = await teacherGame(host, teacher, QUIZ, {
      readingTime: 0,
      teams: { mode: "personal", count: 3, talkSeconds: TALK },
    });
    assert(/^[A-Z0-9]{6}$/.test(game.code), `no game: ${JSON.stringify(game)}`);
    await host.goto(`/host/${game.code}`);
    await host.waitForSelector(".huge-code");
    for (const name of NAMES) {
      const p = await newPage(PHONE, name);
      await p.goto(`/${game.code}`);
      await p.fill("#nick", name);
      await p.getByRole("button", { name: "Join the game" }).click();
      await waitText(p, ".team-line", /Your team: Team \d/);
      teamOf.set(name, (await p.locator(".team-line").textContent()).replace("Your team: ", "").trim());
      phones.push(p);
    }
    const sizes = [...teamOf.values()].reduce((m, t) => m.set(t, (m.get(t) ?? 0) + 1), new Map());
    assert(sizes.size === 3 && [...sizes.values()].every((n) => n === 2), `teams: ${JSON.stringify([...sizes])}`);
    await waitText(host, ".lobby-teams", /Fay/);
    await projector("01-lobby");
    await phoneShot(phones[0], "01-phone-lobby");
    await axe(phones[0], "phone lobby with its team");
  });

  await test("teams: the presenter renames a team inline and moves a player by dragging and with the keyboard", async () => {
    await host.getByRole("button", { name: "Presenter controls" }).click();
    await host.getByRole("button", { name: "Rename Team 1" }).click();
    const input = host.getByLabel("New name for Team 1");
    await input.waitFor();
    // A look-alike of another team's name: refused, the reason under the input, the edit still open.
    await input.fill("TEAM 2");
    await input.press("Enter");
    await waitText(host, ".team-name-edit .err", /another team/);
    assert((await input.getAttribute("aria-invalid")) === "true", "the refused name is not marked invalid");
    await projector("01b-rename-refused");
    await axe(host, "host lobby with teams, a rename refused");
    await input.press("Escape");
    await host.getByRole("button", { name: "Rename Team 1" }).waitFor();
    assert(
      (await host.evaluate(() => document.activeElement?.getAttribute("aria-label"))) === "Rename Team 1",
      "focus did not return to the rename button",
    );
    await host.getByRole("button", { name: "Rename Team 1" }).press("Enter");
    await host.getByLabel("New name for Team 1").fill("Owls");
    await host.getByLabel("New name for Team 1").press("Enter");
    await waitText(host, ".lobby-teams", /Owls/);
    // The players of Team 1 now read "Owls" on their phones too.
    for (const [name, t] of teamOf) if (t === "Team 1") teamOf.set(name, "Owls");
    // Keyboard move: Ann to another team and back, through her "Move to" list.
    const move = host.getByLabel("Move Ann to");
    const from = await move.inputValue();
    const to = from === "t3" ? "t2" : "t3";
    await move.selectOption(to);
    await host.waitForFunction(
      ([sel, v]) => document.querySelector(`select[aria-label="${sel}"]`)?.value === v,
      ["Move Ann to", to],
    );
    await host.getByLabel("Move Ann to").selectOption(from);
    await host.waitForFunction(
      ([sel, v]) => document.querySelector(`select[aria-label="${sel}"]`)?.value === v,
      ["Move Ann to", from],
    );
    // The mouse's way: Ann dragged onto another team's column, then back.
    const dragTo = async (teamId) => {
      // The columns are in team order: t1, t2, t3.
      const column = host.locator(".team-col").nth(Number(teamId.slice(1)) - 1);
      // From the name, not the chip's "Move to" list in its middle.
      await host.locator(".team-col .pchip", { hasText: "Ann" }).dragTo(column, { sourcePosition: { x: 20, y: 20 } });
      await host.waitForFunction(
        ([sel, v]) => document.querySelector(`select[aria-label="${sel}"]`)?.value === v,
        ["Move Ann to", teamId],
      );
    };
    await dragTo(to);
    await dragTo(from);
    await projector("01c-lobby-controls");
    await axe(host, "host lobby with teams and controls");
    await host.getByRole("button", { name: "Presenter controls" }).click();
  });

  await test("teams: team talk keeps the options closed and says 'Discuss with your team'", async () => {
    await host.getByRole("button", { name: "Start" }).click();
    await waitText(phones[0], ".question", /Discuss with your team/);
    assert(
      (await phones[0].locator("button.tile", { hasText: "Mars" }).count()) === 0,
      "options open during team talk",
    );
    await waitText(host, ".q-timer", /Team talk/);
    await projector("02-team-talk");
    await phoneShot(phones[0], "02-phone-team-talk");
    await axe(phones[0], "phone team talk");
    await phones[0].locator("button.tile", { hasText: "Mars" }).waitFor({ timeout: (TALK + 5) * 1000 });
  });

  await test("teams: a phone that reloads mid-question stays in its team", async () => {
    const ben = phones[1];
    await ben.reload();
    await ben.locator("button.tile", { hasText: "Mars" }).waitFor();
    // Ann and Ben right, the others wrong.
    for (const [i, p] of phones.entries())
      await p.locator("button.tile", { hasText: i < 2 ? "Mars" : "Venus" }).click();
    await waitText(ben, ".team-line", /Your team/);
    const after = ((await ben.locator(".team-line").textContent()) ?? "").match(/Your team: (Team \d|Owls)/)?.[1];
    assert(after === teamOf.get("Ben"), `Ben was in ${teamOf.get("Ben")}, after reloading in ${after}`);
    await waitText(host, ".team-reveal", /Team/);
    await projector("03-reveal");
    await phoneShot(ben, "03-phone-result");
    await axe(ben, "phone result with the team's rank");
    await axe(host, "projector team reveal");
  });

  let board = [];
  await test("teams: the team leaderboard and podium match the report's teams CSV", async () => {
    await host.getByRole("button", { name: "Next" }).click();
    await host.waitForSelector(".team-board");
    await projector("04-team-leaderboard");
    await axe(host, "projector team leaderboard");
    await host.getByRole("button", { name: "Next" }).click();
    await phones[0].locator("button.tile", { hasText: "Whale" }).waitFor({ timeout: (TALK + 8) * 1000 });
    for (const [i, p] of phones.entries())
      await p.locator("button.tile", { hasText: i % 2 ? "Whale" : "Shark" }).click();
    await waitText(host, ".team-reveal", /Team/);
    await host.getByRole("button", { name: "Next" }).click();
    await host.waitForSelector(".team-podium");
    await projector("05-team-podium");
    await phoneShot(phones[0], "05-phone-final");
    await axe(host, "projector team podium");
    await axe(phones[0], "phone final");
    board = await host.locator(".team-podium li").evaluateAll((lis) =>
      lis.map((li) => ({
        name: li.querySelector(".name")?.textContent?.trim(),
        score: Number((li.querySelector(".score")?.textContent ?? "").replace(/\D/g, "")),
        rank: Number(li.getAttribute("value")),
      })),
    );
    await host.getByRole("button", { name: "Finish the game" }).click();
    let csv = "";
    for (let i = 0; i < 50 && !/Team/.test(csv); i++) {
      await host.waitForTimeout(200);
      csv = await host.evaluate(
        async (id) => (await fetch(`/api/games/${id}/report.csv?table=teams`)).text(),
        game.gameId,
      );
    }
    const rows = csv
      .replace(/^\uFEFF/, "")
      .trim()
      .split("\r\n")
      .slice(1)
      .map((l) => l.split(","))
      .map(([rank, name, score]) => ({ name, score: Number(score), rank: Number(rank) }));
    const fromCsv = rows.slice(0, 3).sort((a, b) => a.rank - b.rank);
    const shown = [...board].sort((a, b) => a.rank - b.rank);
    assert(
      JSON.stringify(shown) === JSON.stringify(fromCsv),
      `podium ${JSON.stringify(shown)} vs report ${JSON.stringify(fromCsv)}`,
    );
    assert(pageErrors.length === 0, `page errors: ${pageErrors.join("; ")}`);
  });
}
