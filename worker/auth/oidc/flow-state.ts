// What a provider sign-in must remember between its start and its callback (PKCE verifier, state,
// nonce, where to go next), kept in the browser as a signed, short-lived HttpOnly cookie: the
// worker stores nothing, and a callback that arrives in another browser, or twice after the
// cookie is cleared, finds no matching state.
import type { Context } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import { SignJWT, jwtVerify } from "jose";
import { signingKey, TOKEN_ALG, TOKEN_ISSUER } from "../../../rooms/kit/jwt.ts";
import type { AppEnv } from "../../app-env.ts";

export const FLOW_COOKIE = "qq_oidc";
/** Long enough to type a password and a second factor at the provider. */
export const FLOW_TTL_SECONDS = 600;
const COOKIE_PATH = "/api/auth/oidc";

export interface FlowState {
  provider: string;
  state: string;
  nonce: string;
  verifier: string;
  /** A same-site path to land on after sign-in. */
  next: string | null;
}

export async function saveFlow(c: Context<AppEnv>, flow: FlowState): Promise<void> {
  const token = await new SignJWT({ ...flow, typ: "oidc_flow" })
    .setProtectedHeader({ alg: TOKEN_ALG })
    .setIssuer(TOKEN_ISSUER)
    .setAudience("oidc_flow")
    .setIssuedAt()
    .setExpirationTime(`${FLOW_TTL_SECONDS}s`)
    .sign(await signingKey(c.env.JWT_SECRET));
  // Lax: the provider's redirect back is a top-level GET navigation, which carries Lax cookies.
  setCookie(c, FLOW_COOKIE, token, {
    httpOnly: true,
    secure: true,
    sameSite: "Lax",
    path: COOKIE_PATH,
    maxAge: FLOW_TTL_SECONDS,
  });
}

/** The flow this browser started, or null (none, expired, forged); the cookie is cleared either way: one use. */
export async function takeFlow(c: Context<AppEnv>): Promise<FlowState | null> {
  const token = getCookie(c, FLOW_COOKIE);
  deleteCookie(c, FLOW_COOKIE, { httpOnly: true, secure: true, sameSite: "Lax", path: COOKIE_PATH });
  if (!token) return null;
  try {
    const { payload } = await jwtVerify(token, await signingKey(c.env.JWT_SECRET), {
      issuer: TOKEN_ISSUER,
      audience: "oidc_flow",
      algorithms: [TOKEN_ALG],
    });
    const { provider, state, nonce, verifier, next } = payload;
    if (payload.typ !== "oidc_flow") return null;
    if (typeof provider !== "string" || typeof state !== "string" || typeof nonce !== "string") return null;
    if (typeof verifier !== "string") return null;
    return { provider, state, nonce, verifier, next: typeof next === "string" ? next : null };
  } catch {
    return null;
  }
}
