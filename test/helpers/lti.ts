// An LMS launching QuickQuiz in the worker tests: the OIDC login through the real Worker, the
// id_token signed like the local platform (test/lti/platform.ts, started by globalSetup) signs it,
// the launch, and the handoff exchange.
import { inject } from "vitest";
import { expect } from "vitest";
import { send } from "./fuzz-http.ts";
import { BASE } from "./api.ts";
import { signIdToken } from "../lti/messages.ts";

export const platformUrl = () => inject("ltiPlatform");

const form = (fields: Record<string, string>): RequestInit => ({
  method: "POST",
  headers: { "content-type": "application/x-www-form-urlencoded" },
  body: new URLSearchParams(fields).toString(),
});

/** Registers the local platform the way an LMS admin does: Dynamic Registration with its token. */
export async function registerPlatform() {
  const cfg = encodeURIComponent(`${platformUrl()}/.well-known/openid-configuration`);
  return send(`/lti/register?openid_configuration=${cfg}&registration_token=reg-token`);
}

/** OIDC login initiation; the state and nonce the Worker sent to the platform's authorization endpoint. */
export async function login(loginHint = "student-1") {
  const r = await send(
    "/lti/login",
    form({
      iss: platformUrl(),
      login_hint: loginHint,
      target_link_uri: `${BASE}/lti/launch`,
      lti_message_hint: "hint-42",
      client_id: "qq-client-1",
    }),
  );
  expect(r.status, r.text).toBe(302);
  const to = new URL(r.headers.get("location") ?? "");
  return { to, state: to.searchParams.get("state") ?? "", nonce: to.searchParams.get("nonce") ?? "" };
}

export async function postLaunch(idToken: string, state: string) {
  return send("/lti/launch", form({ id_token: idToken, state }));
}

/** The whole launch: login, the platform's signed id_token with `claims`, launch, exchange. */
export async function launch(loginHint: string, claims: Record<string, unknown>) {
  const { state, nonce } = await login(loginHint);
  const r = await postLaunch(await signIdToken(platformUrl(), nonce, claims), state);
  expect(r.status, r.text).toBe(303);
  const code = (r.headers.get("location") ?? "").split("#")[1];
  const ex = await send("/lti/exchange", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ code }),
  });
  expect(ex.status, ex.text).toBe(200);
  return {
    code,
    ...(ex.json as {
      session: { token: string; user: { id: string; role: string; name: string } };
      handoff: Record<string, any>;
    }),
  };
}
