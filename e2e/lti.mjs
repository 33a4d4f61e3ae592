// QuickQuiz inside an LMS, through LTI 1.3, against a local platform made of real parts
// (test/lti/platform.ts: jose-signed id_tokens, its JWKS, token endpoint, AGS scores, NRPS):
// the LMS admin registers QuickQuiz by Dynamic Registration; the teacher adds a homework from the
// course (Deep Linking picker); the student opens it from the course and plays it in the browser
// under their LMS name; their score arrives at the platform's score endpoint.
// Usage: node e2e/lti.mjs [--no-build] [--port 5501] [--platform-port 5502]
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import path from "node:path";
import { assert, ensureNode24, PHONE, ROOT, run, shots, waitText, WIDE } from "./lib/harness.mjs";
import { startPlatform } from "../test/lti/platform.ts";
import { toolKeysSecret } from "../test/lti/messages.ts";

ensureNode24();
const argv = process.argv.slice(2);
const arg = (name, fallback) => Number(argv[argv.indexOf(name) + 1]) || fallback;
const PORT = arg("--port", 5501);
const PLATFORM_PORT = arg("--platform-port", 5502);
const TOOL = `http://127.0.0.1:${PORT}`;

// The Worker signs with LTI_TOOL_KEYS; here the test key set (the platform trusts its public half).
// The build keeps only the secrets wrangler.toml requires, and LTI_TOOL_KEYS is optional (a
// deployment without LTI runs without it).
const build = !argv.includes("--no-build");
if (build) {
  if (!existsSync(path.join(ROOT, ".dev.vars")))
    writeFileSync(path.join(ROOT, ".dev.vars"), `JWT_SECRET=${randomBytes(32).toString("hex")}\n`, { mode: 0o600 });
  const r = spawnSync(process.execPath, ["node_modules/vite/bin/vite.js", "build", "--logLevel", "warn"], {
    cwd: ROOT,
    stdio: "inherit",
    env: { ...process.env, WRANGLER_SEND_METRICS: "false" },
  });
  if (r.status !== 0) process.exit(1);
}
// The preview reads only required secrets from .dev.vars: the key set goes in as a var of the built config.
const built = path.join(ROOT, "dist/quickquiz/wrangler.json");
const config = JSON.parse(readFileSync(built, "utf8"));
config.vars = { ...config.vars, LTI_TOOL_KEYS: toolKeysSecret };
writeFileSync(built, JSON.stringify(config));

const platform = await startPlatform(PLATFORM_PORT, TOOL);
const P = platform.url;
const control = async (p) => (await fetch(`${P}/control/${p}`)).json();

await run({ port: PORT, build: false }, async ({ test, newPage, pageErrors }) => {
  await test("the LMS admin registers QuickQuiz by Dynamic Registration", async () => {
    const admin = await newPage(WIDE, "lms-admin");
    const cfg = encodeURIComponent(`${P}/.well-known/openid-configuration`);
    await admin.goto(`/lti/register?openid_configuration=${cfg}&registration_token=reg-token`);
    await waitText(admin, "h1", /QuickQuiz is registered with local-test-lms/);
  });

  let gameId = "";
  await test("the teacher adds a homework from the course (Deep Linking)", async () => {
    const teacher = await newPage(WIDE, "lti-teacher");
    teacher.on("console", (m) => console.log("  [teacher console]", m.text()));
    await teacher.goto(`${P}/course/launch?user=teacher-1&deep=1`);
    await teacher.waitForURL(/\/lti\/pick$/);
    // A fresh LTI teacher has no quiz yet: one, made with the session the launch handed over.
    const made = await teacher.evaluate(async () => {
      const r = await fetch("/api/quizzes", {
        method: "POST",
        headers: {
          authorization: `Bearer ${sessionStorage.getItem("qq_lti_token")}`,
          "content-type": "application/json",
        },
        body: JSON.stringify({
          title: "Sums",
          description: "",
          tags: [],
          language: "en",
          visibility: "private",
          questions: [
            { type: "single", text: "2 + 2?", options: ["3", "4"], correct: 1, timeLimit: 60 },
            { type: "single", text: "3 + 4?", options: ["7", "8"], correct: 0, timeLimit: 60 },
          ],
        }),
      });
      return r.status;
    });
    assert(made === 201, `quiz ${made}`);
    await teacher.reload();
    await teacher.getByLabel("Quiz").selectOption({ label: "Sums" });
    await shots(teacher, "lti-pick");
    await teacher.getByRole("button", { name: "Add to the course" }).click();
    await waitText(teacher, "#done", /Activity added/).catch(async (e) => {
      throw new Error(`${e.message}\n${teacher.url()}: ${await teacher.locator("#msg").innerText()}`);
    });
    const { placed } = await control("deep-links");
    assert(placed.length === 1, `placed ${placed.length}`);
    assert(placed[0].lineItem?.scoreMaximum === 2, `lineItem ${JSON.stringify(placed[0].lineItem)}`);
    gameId = placed[0].custom.qq_game;
  });

  await test("the student opens it from the course, plays under their LMS name, and the score reaches the gradebook", async () => {
    const student = await newPage(PHONE, "lti-student");
    await student.goto(`${P}/course/launch?user=student-1`);
    await waitText(student, "span", /Question 1 of 2/);
    assert((await student.locator("#nick").count()) === 0, "the student was asked for a nickname");
    assert(/Ada Lovelace/.test(await student.locator("body").innerText()), "the LMS name is not shown");
    await shots(student, "lti-student-q1");
    await student.getByRole("button", { name: /4/ }).click();
    await waitText(student, "span", /Question 2 of 2/);
    await student.getByRole("button", { name: /8/ }).click();
    await student.waitForFunction(() => !/Question 2 of 2/.test(document.body.innerText));
    await shots(student, "lti-student-done");
    // The teacher's sync view sends what is due (the cron does the same every five minutes).
    const teacher = await newPage(WIDE, "lti-teacher-2");
    await teacher.goto(`${P}/course/launch?user=teacher-1`);
    await teacher.waitForURL(/\/assignments\//);
    let scores = [];
    for (let i = 0; i < 50 && scores.length === 0; i++) {
      const sync = await teacher.evaluate(async (id) => (await fetch(`/api/lti/games/${id}/scores`)).json(), gameId);
      if (sync.scores?.some((s) => s.state === "sent")) scores = (await control("scores")).scores;
      else await new Promise((r) => setTimeout(r, 200));
    }
    assert(scores.length === 1, `scores at the platform: ${JSON.stringify(scores)}`);
    const s = scores[0];
    assert(s.userId === "student-1", `userId ${s.userId}`);
    assert(s.scoreGiven === 1 && s.scoreMaximum === 2, `score ${s.scoreGiven}/${s.scoreMaximum}`);
    assert(s.activityProgress === "Completed" && s.gradingProgress === "FullyGraded", JSON.stringify(s));
    // The teacher's progress page shows the score's sync state.
    await teacher.reload();
    await waitText(teacher, "[data-testid=lti-scores] tbody tr", /Ada Lovelace.*1\/2.*Accepted/s);
    await shots(teacher, "lti-teacher-sync");
  });

  await test("no page error", async () => assert(pageErrors.length === 0, pageErrors.join("\n")));
});
