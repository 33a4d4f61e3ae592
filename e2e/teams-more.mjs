// Browser test of team mode's other ways (a sibling of teams.mjs):
// - a "pick" game: the phone's team pick, axe on it;
// - shared devices: each phone joins under its team's name (the form asks for a team name), names
//   who plays on it, says "your team" and the team's rank; the projector counts teams and lists
//   who plays; the report's players CSV lists the members;
// - homework in teams: the assign dialog's team fields, a student picks a team at the start, the
//   assignment's page shows the team standings (mean), renames a team inline.
// axe on each of those screens; screenshots of phones 360×640 and the projector 1920×1080 and 25 %.
// Usage: node e2e/teams-more.mjs [--no-build] [--port 5542]
import { mkdirSync } from "node:fs";
import path from "node:path";
import { assert, axe, ensureNode24, PHONE, projectorShooter, run, SHOTS, waitText, WIDE } from "./lib/harness.mjs";

ensureNode24();

const argv = process.argv.slice(2);
const PORT = Number(argv[argv.indexOf("--port") + 1]) || 5542;
const DIR = path.join(SHOTS, "teams-more");

const QUIZ = {
  title: "E2E Teams More",
  description: "",
  tags: [],
  language: "en",
  visibility: "private",
  questions: [
    { type: "single", text: "Which planet is red?", options: ["Venus", "Mars"], correct: 1, timeLimit: 60 },
    { type: "single", text: "Which is a mammal?", options: ["Whale", "Shark"], correct: 0, timeLimit: 60 },
  ],
};

await run({ port: PORT, build: !argv.includes("--no-build") }, flows);

async function flows({ test, newPage, pageErrors }) {
  mkdirSync(DIR, { recursive: true });
  const host = await newPage(WIDE, "host");
  const projector = await projectorShooter(newPage, host, (name) => path.join(DIR, name), 300);
  const phoneShot = (p, name) => p.screenshot({ path: path.join(DIR, `${name}-360x640.png`) });
  const stamp = Date.now().toString(36);
  let quizId = "";

  const post = async (url, data) => {
    const r = await host.request.post(url, { data });
    assert(r.ok(), `${url}: ${r.status()} ${await r.text()}`);
    return r.json();
  };
  const hostGame = async (teams) => {
    const game = await post("/api/games", { quizId, settings: { readingTime: 0, teams } });
    await host.goto(`/host/${game.code}`);
    await host.waitForSelector(".huge-code");
    return game;
  };
  const join = async (code, name, label = "Nickname") => {
    const p = await newPage(PHONE, name);
    await p.goto(`/${code}`);
    await p.getByLabel(label).fill(name);
    await p.getByRole("button", { name: "Join the game" }).click();
    return p;
  };

  await test("teams-more: a phone picks its team in a 'pick' game", async () => {
    await post("/api/auth/register", {
      name: "Tess More",
      email: `tess-more-${stamp}@example.test`,
      password: "correct-horse-9",
      role: "teacher",
    });
    quizId = (await post("/api/quizzes", QUIZ)).quiz.id;
    const game = await hostGame({ mode: "personal", count: 3, assign: "pick" });
    const ann = await join(game.code, "Ann");
    await ann.getByRole("group", { name: "Pick your team" }).waitFor();
    await ann.getByRole("button", { name: /Team 3/ }).click();
    await waitText(ann, ".team-line", /Your team: Team 3/);
    assert((await ann.getByRole("button", { name: /Team 3/ }).getAttribute("aria-pressed")) === "true", "not pressed");
    await phoneShot(ann, "01-phone-team-pick");
    await axe(ann, "phone team pick");
  });

  let shared = { code: "", gameId: "" };
  const teams = [];
  await test("teams-more: shared devices: one phone per team, joined under its name, naming who plays", async () => {
    shared = await hostGame({ mode: "shared", count: 2 });
    await waitText(host, ".big-hint", /one phone per team/);
    for (const name of ["Owls", "Foxes"]) teams.push(await join(shared.code, name, "Team name"));
    const [owls, foxes] = teams;
    await waitText(owls, ".card", /This phone plays for team Owls/);
    await owls.getByLabel(/Who is playing/).fill("Ann\nBen");
    await owls.getByRole("button", { name: "Save names" }).click();
    await waitText(owls, ".team-members-form [role=status]", /Playing: Ann, Ben/);
    await waitText(host, ".player-count", /2 teams/);
    await waitText(host, ".player-list", /Owls \(Ann, Ben\)/);
    await phoneShot(owls, "02-phone-shared-lobby");
    await projector("02-shared-lobby");
    await axe(owls, "shared phone lobby");
    await axe(host, "projector lobby of shared devices");
    await axe(foxes, "shared phone lobby without names");
  });

  await test("teams-more: shared devices: the phone shows its team's rank; the report lists the members", async () => {
    const [owls, foxes] = teams;
    await host.getByRole("button", { name: "Start" }).click();
    await owls.locator("button.tile", { hasText: "Mars" }).click();
    await foxes.locator("button.tile", { hasText: "Venus" }).click();
    await waitText(owls, ".rank-line", /Your team is #1 of 2/);
    await phoneShot(owls, "03-phone-shared-result");
    await axe(owls, "shared phone result with the team's rank");
    await host.getByRole("button", { name: "Next" }).click();
    await waitText(host, "h1", /Team leaderboard/);
    await projector("03-shared-leaderboard");
    await axe(host, "projector leaderboard of shared devices");
    await host.getByRole("button", { name: "Next" }).click();
    await owls.locator("button.tile", { hasText: "Whale" }).click();
    await foxes.locator("button.tile", { hasText: "Shark" }).click();
    await host.getByRole("button", { name: "Next" }).waitFor();
    await host.getByRole("button", { name: "Next" }).click();
    await waitText(host, ".podium, .team-podium", /Owls/);
    await projector("04-shared-podium");
    await axe(host, "projector podium of shared devices");
    await waitText(owls, ".big-number", /Your team finished #1 of 2/, 30_000);
    await phoneShot(owls, "04-phone-shared-final");
    await axe(owls, "shared phone final");
    await host.getByRole("button", { name: "Finish the game" }).click();
    let csv = "";
    for (let i = 0; i < 50 && !/members/.test(csv); i++) {
      await host.waitForTimeout(200);
      csv = await (await host.request.get(`/api/games/${shared.gameId}/report.csv?table=players`)).text();
    }
    assert(/,"Ann, Ben"/.test(csv), `no members in the report: ${csv}`);
  });

  await test("teams-more: homework in teams: the assign dialog, a student's pick, the team standings", async () => {
    const teacher = host;
    await teacher.goto("/quizzes");
    await teacher.locator(".quiz-item", { hasText: QUIZ.title }).getByRole("button", { name: "Assign" }).click();
    const dialog = teacher.getByRole("dialog");
    await dialog.getByLabel("Play in teams").check();
    await dialog.getByLabel("Number of teams (2–100)").fill("2");
    await dialog.getByLabel("Forming teams").selectOption("pick");
    await projector("05-assign-dialog-teams");
    await axe(teacher, "assign dialog with teams");
    await dialog.getByRole("button", { name: "Assign" }).click();
    await teacher.waitForURL((u) => /^\/assignments\/[A-Z0-9]{6}$/.test(u.pathname));
    const code = teacher.url().slice(-6);
    const students = [];
    for (const [name, pick, right] of [
      ["Ann", "t2", true],
      ["Ben", "t2", false],
      ["Cat", "", true],
    ]) {
      const s = await newPage(PHONE, `hw-${name}`);
      await s.goto(`/${code}`);
      await s.getByLabel("Nickname").fill(name);
      if (pick) await s.getByLabel("Pick your team").selectOption(pick);
      if (name === "Ann") {
        await phoneShot(s, "06-phone-homework-start");
        await axe(s, "homework start with a team pick");
      }
      await s.getByRole("button", { name: "Start" }).click();
      await waitText(s, ".who", new RegExp(`Your team: Team ${pick ? 2 : 1}`));
      for (const [q, good] of [
        ["Mars", "Venus"],
        ["Whale", "Shark"],
      ])
        await s.getByRole("button", { name: new RegExp(right ? q : good) }).click();
      await waitText(s, "h1", /finished/);
      students.push(s);
    }
    await phoneShot(students[0], "07-phone-homework-summary");
    await axe(students[0], "homework summary with the team");
    const table = teacher.locator("[data-testid=asg-teams]");
    // Pushed over the page's socket: wait until the last student's finish has arrived.
    await teacher.locator("[data-testid=asg-row]", { hasText: "Cat" }).filter({ hasText: "Finished" }).waitFor();
    // Mean: Team 1 (Cat, all right) leads Team 2 (Ann all right, Ben none).
    const rows = await table
      .locator("[data-testid=asg-team]")
      .evaluateAll((trs) =>
        trs.map((tr) => [...tr.children].slice(0, 3).map((c) => c.textContent?.replace("✎", "").trim())),
      );
    assert(rows[0][0] === "1" && rows[0][1] === "Team 1", `standings: ${JSON.stringify(rows)}`);
    assert(
      Number(rows[1][2]) * 2 === Number(rows[0][2]),
      `mean of Team 2 is not half of Team 1: ${JSON.stringify(rows)}`,
    );
    await teacher.getByRole("button", { name: "Rename Team 2" }).click();
    await teacher.getByLabel("New name for Team 2").fill("team 1");
    await teacher.getByLabel("New name for Team 2").press("Enter");
    await waitText(teacher, ".team-name-edit .err", /another team/);
    await projector("08-homework-teams-refused");
    await axe(teacher, "homework team standings, a rename refused");
    await teacher.getByLabel("New name for Team 2").fill("Owls");
    await teacher.getByRole("button", { name: "Save" }).click();
    await waitText(teacher, "[data-testid=asg-teams]", /Owls/);
    await projector("09-homework-teams");
    assert(pageErrors.length === 0, `page errors: ${pageErrors.join("; ")}`);
  });
}
