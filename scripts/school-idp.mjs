// A real OpenID provider on this machine (the `oidc-provider` package, OpenID-certified), standing
// in for a school's Google or Microsoft in the tests and for a developer trying school sign-in
// (docs/sign-in.md). Its sign-in page asks only for an email: any address signs in; one whose
// local part starts with `unverified` gets `email_verified: false`. Only ever on 127.0.0.1.
//
//   node scripts/school-idp.mjs [port] [redirect_uri ...]
import { createServer } from "node:http";
import Provider from "oidc-provider";

export const IDP_CLIENT = { id: "quickquiz", secret: "local-idp-secret-not-for-production" };

const page = (title, body) =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">` +
  `<title>${title}</title></head><body style="font-family:sans-serif;max-width:28em;margin:3em auto">${body}</body></html>`;

const escapeHtml = (s) => String(s).replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

function claimsOf(email) {
  const local = email.split("@")[0];
  return {
    sub: email,
    email,
    email_verified: !local.startsWith("unverified"),
    name: local.replace(/[._-]+/g, " ").replace(/\b\w/g, (ch) => ch.toUpperCase()),
  };
}

async function readForm(req) {
  let body = "";
  for await (const chunk of req) body += chunk;
  return new URLSearchParams(body);
}

/** Starts the provider on 127.0.0.1:`port`; `redirectUris` are the relying party's callbacks. Resolves to a closer. */
export async function startSchoolIdp({ port, redirectUris }) {
  const issuer = `http://127.0.0.1:${port}`;
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: IDP_CLIENT.id,
        client_secret: IDP_CLIENT.secret,
        redirect_uris: redirectUris,
        grant_types: ["authorization_code"],
        response_types: ["code"],
        token_endpoint_auth_method: "client_secret_post",
      },
    ],
    findAccount: async (_ctx, sub) => ({ accountId: sub, claims: async () => claimsOf(sub) }),
    claims: { openid: ["sub"], email: ["email", "email_verified"], profile: ["name"] },
    // The email in the ID token itself, as Google puts it.
    conformIdTokenClaims: false,
    pkce: { required: () => true },
    features: { devInteractions: { enabled: false } },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    // A school's own app needs no consent screen: the grant is given at once.
    loadExistingGrant: async (ctx) => {
      const grant = new ctx.oidc.provider.Grant({
        clientId: ctx.oidc.client.clientId,
        accountId: ctx.oidc.session.accountId,
      });
      grant.addOIDCScope("openid email profile");
      await grant.save();
      return grant;
    },
    cookies: { keys: ["local-idp-cookie-key-0123456789"] },
    ttl: { Interaction: 600, Session: 3600, Grant: 3600, AccessToken: 600, IdToken: 600 },
  });
  const callback = provider.callback();
  const server = createServer(async (req, res) => {
    const m = /^\/interaction\/([\w-]+)(\/login|\/abort)?$/.exec(req.url ?? "");
    if (!m) return callback(req, res);
    try {
      const details = await provider.interactionDetails(req, res);
      if (req.method === "GET") {
        res.setHeader("content-type", "text/html; charset=utf-8");
        return res.end(
          page(
            "School sign-in",
            `<h1>School sign-in</h1><form method="post" action="/interaction/${details.uid}/login">` +
              `<label for="email">School email</label><br><input id="email" name="email" type="email" required autofocus>` +
              `<button type="submit">Sign in</button></form>` +
              `<form method="post" action="/interaction/${details.uid}/abort"><button type="submit">Cancel</button></form>`,
          ),
        );
      }
      if (m[2] === "/abort") {
        return await provider.interactionFinished(req, res, {
          error: "access_denied",
          error_description: "the user cancelled",
        });
      }
      const email = (await readForm(req)).get("email")?.trim().toLowerCase() ?? "";
      if (!/^[^@\s]+@[^@\s]+$/.test(email)) {
        res.statusCode = 400;
        return res.end(page("Bad email", `<p>Not an email: ${escapeHtml(email)}</p>`));
      }
      return await provider.interactionFinished(
        req,
        res,
        { login: { accountId: email } },
        { mergeWithLastSubmission: false },
      );
    } catch (err) {
      res.statusCode = 400;
      res.end(page("Error", `<p>${escapeHtml(err.message)}</p>`));
    }
  });
  await new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", resolve);
  });
  return { issuer, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const port = Number(process.argv[2] ?? 5492);
  const redirectUris = process.argv.slice(3);
  if (!redirectUris.length) redirectUris.push("http://localhost:5173/api/auth/oidc/school/callback");
  const { issuer } = await startSchoolIdp({ port, redirectUris });
  console.log(`school IdP at ${issuer}, client_id ${IDP_CLIENT.id}, secret ${IDP_CLIENT.secret}`);
  console.log(`redirect URIs: ${redirectUris.join(" ")}`);
}
