// Types for scripts/school-idp.mjs, which the vitest globalSetup (TypeScript) imports.
export declare const IDP_CLIENT: { id: string; secret: string };
export declare function startSchoolIdp(opts: {
  port: number;
  redirectUris: string[];
}): Promise<{ issuer: string; close: () => Promise<void> }>;
