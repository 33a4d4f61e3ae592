// Browser test of team mode: six phones in three teams (personal devices, team talk); a phone that
// reloads mid-question stays in its team; team talk keeps the options closed and says "Discuss
// with your team"; the team leaderboard and podium on the projector match the report's teams CSV.
// Screenshots: projector 1920×1080 and 25 %, phones 360×640.
// Usage: node e2e/teams.mjs [--no-build] [--port 5481]
import { mkdirSync } from "node:fs";
import path from "node:path";
import { assert, ensureNode24, PHONE, projectorShooter, run, SHOTS, waitText, WIDE } from "./lib/harness.mjs";

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
    await host.goto("/");
    game = await host.evaluate(
      async ({ t, quiz, talk }) => {
        const post = async (url, body) => {
          const r = await fetch(url, {
            method: "POST",
            headers: { "content-type": "application/json" },
            body: JSON.stringify(body),
          });
          if (!r.ok) throw new Error(`${url}: ${r.status} ${await r.text()}`);
          return r.json();
        };
        await post("/api/auth/register", { ...t, role: "teacher" });
        const { quiz: q } = await post("/api/quizzes", quiz);
        return post("/api/games", {
          quizId: q.id,
          settings: { readingTime: 0, teams: { mode: "personal", count: 3, talkSeconds: talk } },
        });
      },
      { t: teacher, quiz: QUIZ, talk: TALK },
    );
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
    const after = ((await ben.locator(".team-line").textContent()) ?? "").match(/Your team: (Team \d)/)?.[1];
    assert(after === teamOf.get("Ben"), `Ben was in ${teamOf.get("Ben")}, after reloading in ${after}`);
    await waitText(host, ".team-reveal", /Team/);
    await projector("03-reveal");
    await phoneShot(ben, "03-phone-result");
  });

  let board = [];
  await test("teams: the team leaderboard and podium match the report's teams CSV", async () => {
    await host.getByRole("button", { name: "Next" }).click();
    await host.waitForSelector(".team-board");
    await projector("04-team-leaderboard");
    await host.getByRole("button", { name: "Next" }).click();
    await phones[0].locator("button.tile", { hasText: "Whale" }).waitFor({ timeout: (TALK + 8) * 1000 });
    for (const [i, p] of phones.entries())
      await p.locator("button.tile", { hasText: i % 2 ? "Whale" : "Shark" }).click();
    await waitText(host, ".team-reveal", /Team/);
    await host.getByRole("button", { name: "Next" }).click();
    await host.waitForSelector(".team-podium");
    await projector("05-team-podium");
    await phoneShot(phones[0], "05-phone-final");
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
