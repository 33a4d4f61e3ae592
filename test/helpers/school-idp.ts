// Signing in through the tests' real OpenID provider (test/school-idp.global.ts) as a browser
// would: the Worker's /start, the provider's sign-in form, and back to the Worker's /callback,
// with a cookie jar for each side. Each step is a real HTTP request; nothing is faked.
import { api, BASE } from "./api.ts";

class CookieJar {
  private cookies = new Map<string, string>();
  take(res: Response): void {
    for (const line of res.headers.getSetCookie()) {
      const [pair, ...attrs] = line.split(";");
      const eq = pair.indexOf("=");
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      const expired = attrs.some((a) => /^\s*max-age=0\s*$/i.test(a) || /expires=Thu, 01 Jan 1970/i.test(a));
      if (expired || !value) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }
  header(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  }
  get(name: string): string | undefined {
    return this.cookies.get(name);
  }
}

export interface SignInAttempt {
  /** The Worker's cookies: the flow cookie, then the session. */
  app: CookieJar;
  /** Where /start sent the browser (the provider's authorization URL). */
  authorizeUrl: URL;
  /** The callback the provider sent the browser back to. */
  callbackUrl: URL;
}

/** Starts a sign-in with the Worker and signs in at the provider as `email`, or cancels there; stops before the callback. */
export async function throughProvider(
  action: { email: string } | "cancel",
  opts: { provider?: string; next?: string; tamper?: (authorize: URL) => void } = {},
): Promise<SignInAttempt> {
  const app = new CookieJar();
  const start = await api(
    `/api/auth/oidc/${opts.provider ?? "school"}/start${opts.next ? `?next=${encodeURIComponent(opts.next)}` : ""}`,
    { redirect: "manual" },
  );
  if (start.status !== 302) throw new Error(`start: ${start.status} ${await start.text()}`);
  app.take(start);
  const authorizeUrl = new URL(start.headers.get("location")!);
  opts.tamper?.(authorizeUrl);
  const idp = new CookieJar();
  let url = authorizeUrl;
  let form: URLSearchParams | null = null;
  for (let hop = 0; hop < 10; hop++) {
    if (url.origin === BASE) return { app, authorizeUrl, callbackUrl: url };
    const res = await fetch(url, {
      method: form ? "POST" : "GET",
      headers: { cookie: idp.header(), ...(form ? { "content-type": "application/x-www-form-urlencoded" } : {}) },
      body: form ?? undefined,
      redirect: "manual",
    });
    idp.take(res);
    form = null;
    const location = res.headers.get("location");
    if (location) {
      url = new URL(location, url);
      continue;
    }
    // The provider's sign-in page: submit it.
    if (res.status === 200 && /\/interaction\/[\w-]+$/.test(url.pathname)) {
      await res.text();
      if (action === "cancel") {
        url = new URL(`${url.pathname}/abort`, url);
        form = new URLSearchParams();
      } else {
        url = new URL(`${url.pathname}/login`, url);
        form = new URLSearchParams({ email: action.email });
      }
      continue;
    }
    throw new Error(`provider answered ${res.status} at ${url}: ${(await res.text()).slice(0, 300)}`);
  }
  throw new Error("too many redirects at the provider");
}

/** The Worker's callback for an attempt, with the browser's cookies (or others, to test a mismatch). */
export async function callback(attempt: SignInAttempt, cookie = attempt.app.header()): Promise<Response> {
  const res = await api(attempt.callbackUrl.pathname + attempt.callbackUrl.search, {
    headers: cookie ? { cookie } : {},
    redirect: "manual",
  });
  attempt.app.take(res);
  return res;
}

/** The refusal reason a callback redirected with, or null. */
export const refusalOf = (res: Response): string | null =>
  new URL(res.headers.get("location") ?? "/", BASE).searchParams.get("signin_error");
