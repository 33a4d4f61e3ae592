// vitest globalSetup for the workerd project (runs in Node, not workerd): the school's identity
// provider, a real `oidc-provider` on 127.0.0.1, that test/oidc-*.test.ts sign in through.
// biome-ignore lint/correctness/useImportExtensions: it has its extension; Biome reads the types beside it (.d.mts) as the file.
import { startSchoolIdp } from "../scripts/school-idp.mjs";
import { SCHOOL_IDP_PORT, SCHOOL_ISSUER, SCHOOL_REDIRECT_URI } from "./school-idp.config.ts";

export default async function setup(): Promise<() => Promise<void>> {
  try {
    const idp = await startSchoolIdp({ port: SCHOOL_IDP_PORT, redirectUris: [SCHOOL_REDIRECT_URI] });
    return idp.close;
  } catch (err) {
    // Another test run on this machine (a second checkout) already serves the same provider on
    // the same port, with the same client: use it rather than fail the whole run. Anything else
    // on that port is an error.
    if ((err as NodeJS.ErrnoException).code !== "EADDRINUSE") throw err;
    const res = await fetch(`${SCHOOL_ISSUER}/.well-known/openid-configuration`).catch(() => null);
    const issuer = res?.ok ? ((await res.json()) as { issuer?: string }).issuer : undefined;
    if (issuer !== SCHOOL_ISSUER) throw err;
    console.warn(`school IdP: port ${SCHOOL_IDP_PORT} is another run's provider; using it`);
    return async () => {};
  }
}
