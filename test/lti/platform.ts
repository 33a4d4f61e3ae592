// A local LTI 1.3 platform made of real parts, for the worker tests (started by globalSetup) and
// the browser test (e2e/lti.mjs): a node:http server with the platform's key set, the OIDC
// authorization endpoint (auto-posting the signed id_token, response_mode=form_post), the OAuth 2
// token endpoint (client_credentials with a private_key_jwt assertion verified against the tool's
// keys), AGS line items and scores, NRPS memberships, and Dynamic Registration. Each follows the
// 1EdTech message formats; /control/* lets a test read what arrived and make the score endpoint refuse.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { createLocalJWKSet, jwtVerify } from "jose";
import {
  CLIENT_ID,
  DEPLOYMENT_ID,
  deepLinkingClaims,
  INSTRUCTOR,
  LEARNER,
  type PlatformUser,
  platformPublicJwks,
  resourceLinkClaims,
  signIdToken,
  toolPublicJwks,
} from "./messages.ts";

export const USERS: Record<string, PlatformUser> = {
  "student-1": { sub: "student-1", name: "Ada Lovelace", roles: [LEARNER] },
  "student-2": { sub: "student-2", name: "Alan Turing", roles: [LEARNER] },
  "teacher-1": { sub: "teacher-1", name: "Grace Hopper", roles: [INSTRUCTOR] },
};

export interface Platform {
  url: string;
  close(): Promise<void>;
}

const SCORE_SCOPE = "https://purl.imsglobal.org/spec/lti-ags/scope/score";

/** `tool`: the tool's origin, for the course page's launch buttons (the browser test). */
export async function startPlatform(port = 0, tool = ""): Promise<Platform> {
  const scores: unknown[] = [];
  const deepLinks: Record<string, unknown>[] = [];
  /** The ltiResourceLink items the tool returned by Deep Linking, verified: the course's activities. */
  const placed: { custom?: Record<string, string> }[] = [];
  const tokens = new Map<string, string[]>();
  let refuseScores = 0;
  let issuer = "";
  const toolKeys = createLocalJWKSet(toolPublicJwks());

  const read = (req: IncomingMessage) =>
    new Promise<string>((resolve) => {
      let body = "";
      req.on("data", (c) => (body += c));
      req.on("end", () => resolve(body));
    });
  const json = (res: ServerResponse, status: number, body: unknown, type = "application/json") => {
    res.writeHead(status, { "content-type": type });
    res.end(JSON.stringify(body));
  };
  const bearer = (req: IncomingMessage, scope: string) => {
    const t = /^Bearer (.+)$/.exec(req.headers.authorization ?? "")?.[1];
    return t !== undefined && (tokens.get(t) ?? []).includes(scope);
  };

  const server = createServer(async (req, res) => {
    const u = new URL(req.url ?? "/", issuer);
    try {
      if (u.pathname === "/jwks") return json(res, 200, platformPublicJwks());
      if (u.pathname === "/.well-known/openid-configuration")
        return json(res, 200, {
          issuer,
          authorization_endpoint: `${issuer}/auth`,
          token_endpoint: `${issuer}/token`,
          jwks_uri: `${issuer}/jwks`,
          registration_endpoint: `${issuer}/register`,
          scopes_supported: ["openid"],
          response_types_supported: ["id_token"],
          id_token_signing_alg_values_supported: ["RS256"],
          "https://purl.imsglobal.org/spec/lti-platform-configuration": {
            product_family_code: "local-test-lms",
            version: "1.0",
          },
        });
      if (u.pathname === "/register" && req.method === "POST") {
        if (req.headers.authorization !== "Bearer reg-token") return json(res, 401, { error: "invalid_token" });
        const reg = JSON.parse(await read(req));
        if (reg.token_endpoint_auth_method !== "private_key_jwt" || !reg.jwks_uri)
          return json(res, 400, { error: "invalid_client_metadata" });
        return json(res, 200, {
          ...reg,
          client_id: CLIENT_ID,
          "https://purl.imsglobal.org/spec/lti-tool-configuration": {
            ...reg["https://purl.imsglobal.org/spec/lti-tool-configuration"],
            deployment_id: DEPLOYMENT_ID,
          },
        });
      }
      // OIDC authorization endpoint: the user is login_hint; lti_message_hint names the message.
      if (u.pathname === "/auth") {
        const p = u.searchParams;
        for (const [k, v] of Object.entries({
          scope: "openid",
          response_type: "id_token",
          response_mode: "form_post",
          prompt: "none",
          client_id: CLIENT_ID,
        }))
          if (p.get(k) !== v) return json(res, 400, { error: "invalid_request", error_description: k });
        const user = USERS[p.get("login_hint") ?? ""];
        if (!user) return json(res, 400, { error: "login_required" });
        const hint = JSON.parse(p.get("lti_message_hint") ?? "{}");
        const claims =
          hint.type === "deep-linking"
            ? deepLinkingClaims(user, `${issuer}/deep-link-return`)
            : resourceLinkClaims(issuer, user, hint.custom ?? {});
        const idToken = await signIdToken(issuer, p.get("nonce") ?? "", claims);
        res.writeHead(200, { "content-type": "text/html" });
        return res.end(
          `<form id="f" method="post" action="${p.get("redirect_uri")}"><input type="hidden" name="id_token" value="${idToken}"><input type="hidden" name="state" value="${p.get("state")}"></form><script>document.getElementById("f").submit()</script>`,
        );
      }
      if (u.pathname === "/token" && req.method === "POST") {
        const f = new URLSearchParams(await read(req));
        if (f.get("grant_type") !== "client_credentials") return json(res, 400, { error: "unsupported_grant_type" });
        if (f.get("client_assertion_type") !== "urn:ietf:params:oauth:client-assertion-type:jwt-bearer")
          return json(res, 400, { error: "invalid_client" });
        try {
          await jwtVerify(f.get("client_assertion") ?? "", toolKeys, {
            issuer: CLIENT_ID,
            subject: CLIENT_ID,
            audience: `${issuer}/token`,
          });
        } catch {
          return json(res, 401, { error: "invalid_client" });
        }
        const token = crypto.randomUUID();
        const scopes = (f.get("scope") ?? "").split(" ").filter(Boolean);
        tokens.set(token, scopes);
        return json(res, 200, { access_token: token, token_type: "Bearer", expires_in: 3600, scope: scopes.join(" ") });
      }
      const scoresPath = /^\/lineitems\/([^/]+)\/scores$/.exec(u.pathname);
      if (scoresPath && req.method === "POST") {
        if (!bearer(req, SCORE_SCOPE)) return json(res, 401, { error: "invalid_token" });
        if (req.headers["content-type"] !== "application/vnd.ims.lis.v1.score+json")
          return json(res, 415, { error: "unsupported media type" });
        if (refuseScores > 0) {
          refuseScores -= 1;
          return json(res, 503, { error: "gradebook unavailable" });
        }
        const score = JSON.parse(await read(req));
        const ok =
          typeof score.userId === "string" &&
          typeof score.timestamp === "string" &&
          ["Initialized", "Started", "InProgress", "Submitted", "Completed"].includes(score.activityProgress) &&
          ["FullyGraded", "Pending", "PendingManual", "Failed", "NotReady"].includes(score.gradingProgress) &&
          (score.scoreGiven === undefined || typeof score.scoreMaximum === "number");
        if (!ok) return json(res, 400, { error: "invalid score" });
        scores.push({ lineItem: scoresPath[1], ...score });
        res.writeHead(204);
        return res.end();
      }
      if (u.pathname === "/memberships") {
        if (!bearer(req, "https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly"))
          return json(res, 401, { error: "invalid_token" });
        return json(
          res,
          200,
          {
            id: `${issuer}/memberships`,
            context: { id: "course-1", title: "Algebra" },
            members: Object.values(USERS).map((m) => ({
              status: "Active",
              name: m.name,
              user_id: m.sub,
              roles: m.roles,
            })),
          },
          "application/vnd.ims.lti-nrps.v2.membershipcontainer+json",
        );
      }
      // The course page: a user clicks an activity (or "add activity"), which starts the OIDC login at the tool.
      if (u.pathname === "/course/launch") {
        const user = u.searchParams.get("user") ?? "";
        const deep = u.searchParams.get("deep") === "1";
        const custom = deep ? undefined : placed.at(-1)?.custom;
        const fields = {
          iss: issuer,
          login_hint: user,
          target_link_uri: `${tool}/lti/launch`,
          lti_message_hint: JSON.stringify(deep ? { type: "deep-linking" } : { custom }),
          client_id: CLIENT_ID,
          lti_deployment_id: DEPLOYMENT_ID,
        };
        res.writeHead(200, { "content-type": "text/html" });
        return res.end(
          `<form id="f" method="post" action="${tool}/lti/login">${Object.entries(fields)
            .map(([k, v]) => `<input type="hidden" name="${k}" value="${v.replace(/"/g, "&quot;")}">`)
            .join("")}</form><script>document.getElementById("f").submit()</script>`,
        );
      }
      if (u.pathname === "/deep-link-return" && req.method === "POST") {
        const fields = Object.fromEntries(new URLSearchParams(await read(req)));
        deepLinks.push(fields);
        const { payload } = await jwtVerify(fields.JWT ?? "", toolKeys, { issuer: CLIENT_ID, audience: issuer });
        for (const item of payload["https://purl.imsglobal.org/spec/lti-dl/claim/content_items"] as never[])
          placed.push(item);
        res.writeHead(200, { "content-type": "text/html" });
        return res.end("<p id=done>Activity added</p>");
      }
      if (u.pathname === "/control/scores") return json(res, 200, { scores });
      if (u.pathname === "/control/deep-links") return json(res, 200, { deepLinks, placed });
      if (u.pathname === "/control/refuse-scores") {
        refuseScores = Number(u.searchParams.get("n") ?? "1");
        return json(res, 200, { refuseScores });
      }
      if (u.pathname === "/control/reset") {
        scores.length = 0;
        deepLinks.length = 0;
        placed.length = 0;
        refuseScores = 0;
        return json(res, 200, {});
      }
      json(res, 404, { error: "not found" });
    } catch (e) {
      json(res, 500, { error: String(e) });
    }
  });
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: issuer,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
