// The admin console's school sign-in page (/api/admin/sign-in, admins only): the identity
// providers this deployment configures (read-only: they live in wrangler.toml and its secrets) and
// the domain rules an admin adds and removes (schema/oidc.ts). Each change is an event.
import { Hono } from "hono";
import { eq } from "drizzle-orm";
import { signInDomains } from "../../schema/db.ts";
import { domainParam, domainRuleInput, type SignInSettings } from "../../schema/oidc.ts";
import type { AppEnv } from "../app-env.ts";
import { callbackPath } from "../auth/oidc/routes.ts";
import { listDomainRules } from "../auth/oidc/accounts.ts";
import { configuredProviders } from "../auth/oidc/providers.ts";
import { notFound } from "../errors.ts";
import { logLater } from "../logs/logger.ts";
import { currentUser, requireUser } from "../middleware/session.ts";
import { validate } from "../validate.ts";

export const signInAdminRoutes = new Hono<AppEnv>()
  .use("*", requireUser("admin"))

  .get("/", async (c) => {
    const providers = configuredProviders(c.env).map(({ id, label, issuer }) => ({
      id,
      label,
      issuer,
      redirectPath: callbackPath(id),
    }));
    return c.json({ providers, rules: await listDomainRules(c.var.db) } satisfies SignInSettings);
  })

  // Adding a domain that is listed replaces its rule: one rule per domain.
  .put("/domains", validate("json", domainRuleInput), async (c) => {
    const rule = c.req.valid("json");
    const admin = currentUser(c);
    const row = { ...rule, createdBy: admin.id, createdAt: Date.now() };
    await c.var.db
      .insert(signInDomains)
      .values(row)
      .onConflictDoUpdate({
        target: signInDomains.domain,
        set: { role: rule.role, passwordSignIn: rule.passwordSignIn },
      });
    logLater(c.executionCtx, c.env.DB, {
      type: "admin.sign_in_domain",
      actorType: "user",
      actorId: admin.id,
      role: admin.role,
      payload: { action: "set", ...rule },
    });
    return c.json({ rules: await listDomainRules(c.var.db) });
  })

  .delete("/domains/:domain", validate("param", domainParam), async (c) => {
    const { domain } = c.req.valid("param");
    const gone = await c.var.db
      .delete(signInDomains)
      .where(eq(signInDomains.domain, domain))
      .returning({ domain: signInDomains.domain });
    if (!gone.length) throw notFound("no rule for this domain");
    const admin = currentUser(c);
    logLater(c.executionCtx, c.env.DB, {
      type: "admin.sign_in_domain",
      actorType: "user",
      actorId: admin.id,
      role: admin.role,
      payload: { action: "remove", domain },
    });
    return c.json({ rules: await listDomainRules(c.var.db) });
  });
