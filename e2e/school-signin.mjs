// Browser test of school sign-in through a real OpenID provider (oidc-provider, scripts/school-idp.mjs)
// on 127.0.0.1: a teacher signs in with their school account and lands on their quizzes; a student
// is refused for the wrong domain (the login page says why), then signs in with the right one; an
// admin reads the School sign-in tab. Screenshots at 360x640 and 1920x1080, axe on each page.
// Usage: node e2e/school-signin.mjs [--no-build] [--port 5491] [--idp-port 5492]
//
// The built Worker's config (dist/quickquiz/wrangler.json and .dev.vars, what `vite preview` runs)
// is given the provider for this run and put back on exit: wrangler.toml itself lists none.
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
// biome-ignore lint/correctness/useImportExtensions: it has its extension; Biome reads the types beside it (.d.mts) as the file.
import { IDP_CLIENT, startSchoolIdp } from "../scripts/school-idp.mjs";
import { ensureSecret } from "./server.mjs";
import {
  assert,
  axe,
  d1,
  ensureNode24,
  PHONE,
  ROOT,
  run,
  seedUser,
  shots,
  text,
  waitText,
  WIDE,
} from "./lib/harness.mjs";

ensureNode24();
const argv = process.argv.slice(2);
const arg = (name, dflt) => Number(argv[argv.indexOf(name) + 1]) || dflt;
const PORT = arg("--port", 5491);
const IDP_PORT = arg("--idp-port", 5492);
const stamp = Date.now().toString(36);
const admin = { email: `root-${stamp}@example.test`, password: "admin-password-1", name: "Ada Admin" };
const teacherEmail = `tess.${stamp}@staff.school.test`;
const pupilEmail = `sam.${stamp}@pupils.school.test`;
const wrongEmail = `sam.${stamp}@gmail.test`;

// The build copies .dev.vars (JWT_SECRET) into dist, where this run adds the provider's secret.
ensureSecret();
if (!argv.includes("--no-build")) {
  const r = spawnSync(process.execPath, ["node_modules/vite/bin/vite.js", "build", "--logLevel", "warn"], {
    cwd: ROOT,
    stdio: "inherit",
    env: { ...process.env, WRANGLER_SEND_METRICS: "false" },
  });
  if (r.status !== 0) process.exit(1);
}

// The provider for this run, in the built Worker's config; restored when the process exits.
const built = path.join(ROOT, "dist/quickquiz");
const configFile = path.join(built, "wrangler.json");
const varsFile = path.join(built, ".dev.vars");
assert(existsSync(configFile), "no build: run without --no-build first");
const originals = [
  [configFile, readFileSync(configFile, "utf8")],
  [varsFile, existsSync(varsFile) ? readFileSync(varsFile, "utf8") : null],
];
process.on("exit", () => {
  for (const [file, content] of originals) if (content !== null) writeFileSync(file, content);
});
const config = JSON.parse(originals[0][1]);
config.vars = {
  ...config.vars,
  OIDC_PROVIDERS: JSON.stringify([
    { id: "school", label: "School account", issuer: `http://127.0.0.1:${IDP_PORT}`, client_id: IDP_CLIENT.id },
  ]),
};
config.secrets = { required: [...(config.secrets?.required ?? []), "OIDC_SCHOOL_SECRET"] };
writeFileSync(configFile, JSON.stringify(config));
writeFileSync(varsFile, `${originals[1][1] ?? ""}\nOIDC_SCHOOL_SECRET=${IDP_CLIENT.secret}\n`);

const idp = await startSchoolIdp({
  port: IDP_PORT,
  redirectUris: [`http://127.0.0.1:${PORT}/api/auth/oidc/school/callback`],
});
process.on("exit", () => void idp.close());

await run(
  {
    port: PORT,
    build: false,
    beforeStart: async (persist) => {
      await seedUser(persist, admin);
      // The admin's rules: staff become teachers, pupils students, and no other domain signs in.
      const now = Date.now();
      d1(
        persist,
        `INSERT INTO sign_in_domains (domain, role, password_sign_in, created_by, created_at) VALUES
         ('staff.school.test', 'teacher', 1, 'e2e', ${now}), ('pupils.school.test', 'student', 0, 'e2e', ${now});`,
      );
    },
  },
  async ({ test, newPage, pageErrors }) => {
    /** From the app's login page through the provider's sign-in form, as `email`. */
    const signIn = async (page, email) => {
      await page.getByRole("link", { name: "Sign in with School account" }).click();
      await page.waitForURL((u) => u.port === String(IDP_PORT));
      await page.fill("#email", email);
      await page.getByRole("button", { name: "Sign in" }).click();
      await page.waitForURL((u) => u.port === String(PORT));
    };
    const me = async (page) => (await (await page.request.get("/api/auth/me")).json()).user;

    const teacher = await newPage(WIDE, "teacher");
    await test("the login page offers the school's provider", async () => {
      await teacher.goto("/login");
      await teacher.getByRole("link", { name: "Sign in with School account" }).waitFor();
      await shots(teacher, "school-signin-login");
      await axe(teacher, "login with providers");
    });

    await test("a teacher signs in through the school's provider and lands on their quizzes", async () => {
      await signIn(teacher, teacherEmail);
      await teacher.waitForURL(/\/quizzes$/);
      const user = await me(teacher);
      assert(user.email === teacherEmail && user.role === "teacher", `teacher: ${JSON.stringify(user)}`);
    });

    const pupil = await newPage(PHONE, "student");
    await test("a student from another domain is refused, and the login page says why", async () => {
      await pupil.goto("/login");
      await signIn(pupil, wrongEmail);
      await pupil.waitForURL(/\/login\?signin_error=wrong_domain$/);
      await waitText(pupil, "#signin-refused", /only for its own email domains/);
      const res = await pupil.request.get("/api/auth/me");
      assert(res.status() === 401, `refused student has a session: ${res.status()}`);
      await shots(pupil, "school-signin-refused");
      await axe(pupil, "login refused");
    });

    await test("the same student signs in with their school account and lands on their page", async () => {
      // The provider remembers the last account: sign out there (its session cookie) to choose another.
      await pupil.context().clearCookies({ name: "_session" });
      await signIn(pupil, pupilEmail);
      await pupil.waitForURL(/\/me$/);
      const user = await me(pupil);
      assert(user.email === pupilEmail && user.role === "student", `student: ${JSON.stringify(user)}`);
    });

    const console_ = await newPage(WIDE, "admin");
    await test("an admin reads the providers and domain rules in the console", async () => {
      await console_.goto("/login");
      await console_.fill("#email", admin.email);
      await console_.fill("#password", admin.password);
      await console_.getByRole("button", { name: "Log in" }).click();
      await console_.waitForURL(/\/admin$/);
      await console_.getByRole("link", { name: "School sign-in" }).click();
      await waitText(console_, "#sso-title", /Identity providers/);
      await console_.getByRole("cell", { name: "pupils.school.test" }).waitFor();
      const page = await text(console_.locator("main"));
      assert(page.includes(`http://127.0.0.1:${PORT}/api/auth/oidc/school/callback`), "redirect URL shown");
      assert(page.includes("staff.school.test") && page.includes("pupils.school.test"), "rules shown");
      await shots(console_, "school-signin-admin");
      await axe(console_, "admin school sign-in");
    });

    await test("no page errors", async () => {
      assert(pageErrors.length === 0, pageErrors.join("\n"));
    });
  },
);
