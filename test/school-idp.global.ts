// vitest globalSetup for the workerd project (runs in Node, not workerd): the school's identity
// provider, a real `oidc-provider` on 127.0.0.1, that test/oidc-*.test.ts sign in through.
// biome-ignore lint/correctness/useImportExtensions: it has its extension; Biome reads the types beside it (.d.mts) as the file.
import { startSchoolIdp } from "../scripts/school-idp.mjs";
import { SCHOOL_IDP_PORT, SCHOOL_REDIRECT_URI } from "./school-idp.config.ts";

export default async function setup(): Promise<() => Promise<void>> {
  const idp = await startSchoolIdp({ port: SCHOOL_IDP_PORT, redirectUris: [SCHOOL_REDIRECT_URI] });
  return idp.close;
}
