// Who is logged in, shared by the teacher's pages (the cookie is the credential; this is only a cache).
import { useEffect, useState } from "preact/hooks";
import type { PublicUser } from "../../../schema/auth.ts";
import { api, setUnauthorizedHandler } from "../api.ts";
import { rememberAccount } from "../account-hint.ts";

let user: PublicUser | null | undefined;
// A 401 anywhere means the session is gone: the app then shows the login page.
setUnauthorizedHandler(() => user && setUser(null));
const listeners = new Set<() => void>();

export function setUser(u: PublicUser | null): void {
  user = u;
  rememberAccount(u);
  for (const f of listeners) f();
}

async function load(): Promise<void> {
  try {
    setUser((await api<{ user: PublicUser }>("/api/auth/me")).user);
  } catch {
    // 401 or no network: either way the login page is where to go.
    setUser(null);
  }
}

/** undefined while the first check runs, then the user or null. */
export function useUser(): PublicUser | null | undefined {
  const [, set] = useState(0);
  useEffect(() => {
    const f = () => set((n) => n + 1);
    listeners.add(f);
    if (user === undefined) void load();
    return () => void listeners.delete(f);
  }, []);
  return user;
}

export async function logout(): Promise<void> {
  await api("/api/auth/logout", { method: "POST" }).catch(() => {});
  setUser(null);
}
