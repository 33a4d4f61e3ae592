// The tool's own signing keys (LTI 1.3 tool JWKS at /lti/jwks): a current key that signs Deep Linking
// responses and AGS client assertions, and a previous one still published so that what it signed
// keeps verifying while platforms refresh their cached key set. Both come from the LTI_TOOL_KEYS
// secret: JSON `{ "current": <private RSA JWK with kid>, "previous"?: <…> }`. Rotation: move
// current to previous, put a new current, and remove previous a day later.
import { importJWK, type JWK } from "jose";
import { z } from "zod";
import { ApiError } from "../errors.ts";

const privateJwk = z
  .object({ kty: z.literal("RSA"), kid: z.string().min(1), n: z.string(), e: z.string(), d: z.string() })
  .loose();
const toolKeysSecret = z.object({ current: privateJwk, previous: privateJwk.optional() });

export type ToolKeys = z.infer<typeof toolKeysSecret>;

export function toolKeys(env: { LTI_TOOL_KEYS?: string }): ToolKeys {
  let raw: unknown;
  try {
    raw = JSON.parse(env.LTI_TOOL_KEYS ?? "");
  } catch {
    throw new ApiError(500, "internal", "LTI is not configured: set the LTI_TOOL_KEYS secret");
  }
  const parsed = toolKeysSecret.safeParse(raw);
  if (!parsed.success) throw new ApiError(500, "internal", "LTI_TOOL_KEYS is not a valid key set");
  return parsed.data;
}

/** The public half only: never `d`, `p`, `q`… */
function publicJwk(k: z.infer<typeof privateJwk>): JWK {
  return { kty: k.kty, kid: k.kid, n: k.n, e: k.e, alg: "RS256", use: "sig" };
}

export function publicKeySet(keys: ToolKeys): { keys: JWK[] } {
  return { keys: [keys.current, ...(keys.previous ? [keys.previous] : [])].map(publicJwk) };
}

/** The key that signs, and its kid for the JWT header. */
export async function signingKey(keys: ToolKeys): Promise<{ key: CryptoKey; kid: string }> {
  const key = (await importJWK({ ...keys.current, alg: "RS256" }, "RS256")) as CryptoKey;
  return { key, kid: keys.current.kid };
}
