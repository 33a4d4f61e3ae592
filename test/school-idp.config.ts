// Where the tests' identity provider listens and how the Worker under test is told about it
// (vitest.config.ts passes these as bindings). Plain constants: read by Node and by workerd.
export const SCHOOL_IDP_PORT = 5493;
export const SCHOOL_ISSUER = `http://127.0.0.1:${SCHOOL_IDP_PORT}`;
/** test/helpers/api.ts BASE, where every test request goes. */
export const SCHOOL_REDIRECT_URI = "http://qq.test/api/auth/oidc/school/callback";
export const SCHOOL_CLIENT = { id: "quickquiz", secret: "local-idp-secret-not-for-production" };

export const TEST_OIDC_BINDINGS = {
  OIDC_PROVIDERS: JSON.stringify([
    { id: "school", label: "School account", issuer: SCHOOL_ISSUER, client_id: SCHOOL_CLIENT.id },
    // Configured without its secret: never offered.
    { id: "nosecret", label: "No secret", issuer: SCHOOL_ISSUER, client_id: "x" },
    // Nothing listens on this loopback port: discovery fails.
    { id: "down", label: "Down", issuer: "http://127.0.0.1:5494", client_id: "x" },
    // Plain http to a host that is not this machine: refused before any request is sent.
    { id: "plain", label: "Plain", issuer: "http://idp.school.test", client_id: "x" },
  ]),
  OIDC_SCHOOL_SECRET: SCHOOL_CLIENT.secret,
  OIDC_DOWN_SECRET: "x",
  OIDC_PLAIN_SECRET: "x",
};
