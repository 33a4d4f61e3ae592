// Microsoft's multi-tenant issuer: an ID token signed with jose and processed by oauth4webapi as
// the callback does, its `iss` checked against the template with the token's own `tid`.
import { generateKeyPair, SignJWT } from "jose";
import * as oauth from "oauth4webapi";
import { describe, expect, it } from "vitest";
import {
  discoveryIssuer,
  expectTenantIssuer,
  isLoopbackIssuer,
  isMicrosoft,
  isMultiTenant,
  tenantIssuer,
} from "../../worker/auth/oidc/providers.ts";

const TEMPLATE = "https://login.microsoftonline.com/{tenantid}/v2.0";
const TENANT = "9188040d-6c67-4c5b-b112-36a304b66dad";
const OTHER = "72f988bf-86f1-41af-91ab-2d7cd011db47";
const client: oauth.Client = { client_id: "quickquiz-app" };

async function tokenResponse(claims: Record<string, unknown>, nonce = "n-0123456789") {
  const { privateKey } = await generateKeyPair("RS256");
  const idToken = await new SignJWT({ nonce, ...claims })
    .setProtectedHeader({ alg: "RS256", kid: "k1" })
    .setAudience(client.client_id)
    .setSubject("user-1")
    .setIssuedAt()
    .setExpirationTime("5m")
    .sign(privateKey);
  return new Response(JSON.stringify({ access_token: "at", token_type: "Bearer", id_token: idToken }), {
    headers: { "content-type": "application/json" },
  });
}

const metadata = (): oauth.AuthorizationServer =>
  expectTenantIssuer({
    issuer: TEMPLATE,
    authorization_endpoint: "https://login.microsoftonline.com/common/oauth2/v2.0/authorize",
    token_endpoint: "https://login.microsoftonline.com/common/oauth2/v2.0/token",
    jwks_uri: "https://login.microsoftonline.com/common/discovery/v2.0/keys",
  });

const process = async (claims: Record<string, unknown>) =>
  oauth.getValidatedIdTokenClaims(
    await oauth.processAuthorizationCodeResponse(metadata(), client, await tokenResponse(claims), {
      expectedNonce: "n-0123456789",
      requireIdToken: true,
    }),
  );

describe("Microsoft multi-tenant issuer", () => {
  it("accepts a token whose iss is the template with its own tid", async () => {
    const claims = await process({ iss: `https://login.microsoftonline.com/${TENANT}/v2.0`, tid: TENANT });
    expect(claims?.tid).toBe(TENANT);
  });

  it("refuses a token whose iss names another tenant than its tid", async () => {
    await expect(process({ iss: `https://login.microsoftonline.com/${OTHER}/v2.0`, tid: TENANT })).rejects.toThrow(
      /iss/,
    );
  });

  it("refuses a token whose iss is the template itself, or that has no well-formed tid", async () => {
    await expect(process({ iss: TEMPLATE, tid: TENANT })).rejects.toThrow(/iss/);
    await expect(process({ iss: `https://login.microsoftonline.com/${TENANT}/v2.0` })).rejects.toThrow(/iss/);
    await expect(process({ iss: "https://login.microsoftonline.com/x/v2.0", tid: "x" })).rejects.toThrow(/iss/);
  });

  it("keeps a single-tenant issuer strict: another tenant's token is refused", async () => {
    const res = await tokenResponse({ iss: `https://login.microsoftonline.com/${OTHER}/v2.0`, tid: OTHER });
    const plain: oauth.AuthorizationServer = { issuer: `https://login.microsoftonline.com/${TENANT}/v2.0` };
    await expect(
      oauth.processAuthorizationCodeResponse(plain, client, res, { expectedNonce: "n-0123456789" }),
    ).rejects.toThrow(/iss/);
  });

  it("names the template and its shared forms as multi-tenant, and discovers from common", () => {
    expect(isMultiTenant(TEMPLATE)).toBe(true);
    expect(isMultiTenant("https://login.microsoftonline.com/common/v2.0")).toBe(true);
    expect(isMultiTenant("https://login.microsoftonline.com/organizations/v2.0")).toBe(true);
    expect(isMultiTenant(`https://login.microsoftonline.com/${TENANT}/v2.0`)).toBe(false);
    expect(isMultiTenant("https://accounts.google.com")).toBe(false);
    expect(isMicrosoft(TEMPLATE) && isMicrosoft(`https://login.microsoftonline.com/${TENANT}/v2.0`)).toBe(true);
    expect(isMicrosoft("https://login.microsoftonline.com.evil.test/x")).toBe(false);
    expect(discoveryIssuer(TEMPLATE)).toBe("https://login.microsoftonline.com/common/v2.0");
    expect(tenantIssuer(TEMPLATE, { tid: TENANT })).toBe(`https://login.microsoftonline.com/${TENANT}/v2.0`);
  });
});

describe("plain http", () => {
  it("is allowed only for a loopback issuer", () => {
    expect(isLoopbackIssuer("http://127.0.0.1:5492")).toBe(true);
    expect(isLoopbackIssuer("http://localhost:5492")).toBe(true);
    expect(isLoopbackIssuer("https://127.0.0.1")).toBe(false);
    expect(isLoopbackIssuer("http://school.test")).toBe(false);
    expect(isLoopbackIssuer("http://127.0.0.1.evil.test")).toBe(false);
  });
});
