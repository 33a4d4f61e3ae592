// The LTI 1.3 endpoints. Outside /api (the LMS posts cross-site to them): /lti/jwks, /lti/login,
// /lti/launch, /lti/handoff, /lti/exchange, /lti/pick, /lti/register. Inside /api/lti (the app's
// own calls, same-origin, signed in): the Deep Linking answer, a placement's score sync state and
// roster, and the admin's platforms.
import { type Context, Hono } from "hono";
import { z } from "zod";
import { games } from "../../schema/db.ts";
import { and, eq } from "drizzle-orm";
import type { AppEnv } from "../app-env.ts";
import { startSession } from "../auth/session.ts";
import { notFound, unauthorized } from "../errors.ts";
import { currentUser, requireUser } from "../middleware/session.ts";
import { validate } from "../validate.ts";
import { byAddress, enforceLimit, limitBy } from "../middleware/rate-limit.ts";
import { flushScores, scoreSyncState } from "./ags.ts";
import { answerDeepLink, deepLinkPick } from "./deep-linking.ts";
import { createHandoff, launchedUser, takeHandoff } from "./identity.ts";
import { publicKeySet, toolKeys } from "./keys.ts";
import { verifyLaunch } from "./launch.ts";
import { startLogin } from "./login.ts";
import { syncRoster } from "./nrps.ts";
import { handoffPage, type Page, pickerPage, registeredPage } from "./pages.ts";
import { listPlatforms, manualPlatform, savePlatform } from "./platforms.ts";
import { dynamicRegistration } from "./registration.ts";
import { afterLaunch } from "./resource-link.ts";
import { users } from "../../schema/db.ts";

const origin = (url: string) => new URL(url).origin;

function html(c: Context<AppEnv>, p: Page) {
  c.header("content-security-policy", p.csp);
  c.header("cache-control", "no-store");
  c.header("x-content-type-options", "nosniff");
  c.header("referrer-policy", "no-referrer");
  return c.html(p.html);
}

async function formOrQuery(req: Request, query: Record<string, string>): Promise<Record<string, unknown>> {
  if (req.method !== "POST") return query;
  const form = await req.formData().catch(() => null);
  return form ? Object.fromEntries([...form.entries()].filter(([, v]) => typeof v === "string")) : {};
}

export const ltiRoutes = new Hono<AppEnv>()
  .get("/jwks", (c) => {
    c.header("cache-control", "public, max-age=300");
    return c.json(publicKeySet(toolKeys(c.env)));
  })
  .on(["GET", "POST"], "/login", async (c) =>
    c.redirect(await startLogin(c.var.db, origin(c.req.url), await formOrQuery(c.req.raw, c.req.query())), 302),
  )
  .post("/launch", async (c) => {
    const form = await formOrQuery(c.req.raw, {});
    const { platform, claims } = await verifyLaunch(c.var.db, form);
    const user = await launchedUser(c.var.db, platform, claims);
    const handoff = await afterLaunch(c.env, c.var.db, platform, claims, user);
    const code = await createHandoff(c.var.db, user.id, handoff);
    // 303: the browser GETs the landing page; the code rides in the fragment, never sent to a server log.
    return c.redirect(`/lti/handoff#${code}`, 303);
  })
  .get("/handoff", (c) => html(c, handoffPage()))
  .get("/pick", (c) => html(c, pickerPage()))
  .post("/exchange", validate("json", z.strictObject({ code: z.string().min(1).max(200) })), async (c) => {
    const row = await takeHandoff(c.var.db, c.req.valid("json").code);
    if (!row) throw unauthorized("this launch link was used already or has expired: launch again from the LMS");
    const user = await c.var.db.select().from(users).where(eq(users.id, row.userId)).get();
    if (!user || user.disabled) throw unauthorized("this account is disabled");
    const session = await startSession(c, { id: user.id, email: user.email, name: user.name, role: user.role });
    return c.json({ session, handoff: row.payload });
  })
  // Open by design (the LMS admin's browser brings the registration token), so braked per address
  // like sign-ups: a registration makes rows and fetches the URLs it is given.
  .get(
    "/register",
    limitBy("AUTH_LIMITER", byAddress("lti-register"), "too many registrations, wait a minute"),
    async (c) => {
      const platform = await dynamicRegistration(c.var.db, origin(c.req.url), c.req.query());
      return html(c, registeredPage(platform.name));
    },
  );

async function ownGame(c: { var: AppEnv["Variables"] }, gameId: string) {
  const user = currentUser(c as never);
  const game = await c.var.db
    .select({ hostId: games.hostId })
    .from(games)
    .where(and(eq(games.id, gameId)))
    .get();
  if (!game) throw notFound("no such game");
  if (game.hostId !== user.id && user.role !== "admin") throw notFound("no such game");
}

const gameParam = z.object({ id: z.string().min(1).max(64) });

export const ltiApiRoutes = new Hono<AppEnv>()
  /**
   * A student who just finished an attempt: their own score goes to the gradebook now rather than
   * at the next cron (which stays the backstop). Only their rows, only what is due; budgeted.
   */
  .post("/scores/mine", requireUser(), async (c) => {
    const user = currentUser(c);
    await enforceLimit(c, "LOG_LIMITER", `lti-scores:${user.id}`, "too many score syncs, wait a few seconds");
    return c.json(await flushScores(c.env, c.var.db, Date.now(), { userId: user.id }));
  })
  .post("/deep-link", requireUser("teacher", "admin"), validate("json", deepLinkPick), async (c) =>
    c.json(await answerDeepLink(c.env, c.var.db, currentUser(c), origin(c.req.url), c.req.valid("json"))),
  )
  /** Each launched student's gradebook sync state; what is due is sent first. */
  .get("/games/:id/scores", requireUser("teacher", "admin"), validate("param", gameParam), async (c) => {
    const { id } = c.req.valid("param");
    await ownGame(c, id);
    await flushScores(c.env, c.var.db);
    return c.json({ scores: await scoreSyncState(c.var.db, id) });
  })
  /** The course roster (NRPS) as QuickQuiz students. */
  .post("/games/:id/roster", requireUser("teacher", "admin"), validate("param", gameParam), async (c) => {
    const { id } = c.req.valid("param");
    await ownGame(c, id);
    return c.json({ students: await syncRoster(c.env, c.var.db, id) });
  })
  .get("/platforms", requireUser("admin"), async (c) => c.json({ platforms: await listPlatforms(c.var.db) }))
  .post(
    "/platforms",
    requireUser("admin"),
    validate("json", manualPlatform.extend({ deploymentIds: manualPlatform.shape.deploymentIds.min(1) })),
    async (c) => {
      const p = await savePlatform(c.var.db, c.req.valid("json"), "manual");
      return c.json({ platform: p }, 201);
    },
  );
