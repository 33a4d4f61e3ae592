// The login page's school sign-in: a button per identity provider the deployment configures
// (GET /api/auth/providers), the reason a provider sign-in was refused (?signin_error=), and the
// landing after a successful one (?signin=done), which loads the new session and goes home.
import { useEffect, useState } from "preact/hooks";
import type { PublicUser } from "../../../../schema/auth.ts";
import type { OidcRefusal, PublicProvider } from "../../../../schema/oidc.ts";
import { api } from "../../api.ts";
import { navigate } from "../../router.ts";
import { setUser } from "../../app/session.ts";
import { homeOf } from "../../account-hint.ts";
import { tt } from "../strings.ts";

const REASONS: Record<OidcRefusal, true> = {
  wrong_domain: true,
  unverified_email: true,
  provider_error: true,
  state_mismatch: true,
  account_disabled: true,
  unknown_provider: true,
};
const isReason = (s: string | null): s is OidcRefusal => s !== null && s in REASONS;

export function SchoolSignIn({ next }: { next: string | null }) {
  const [providers, setProviders] = useState<PublicProvider[]>([]);
  const query = new URLSearchParams(location.search);
  const refused = query.get("signin_error");
  useEffect(() => {
    if (query.get("signin") === "done") {
      void api<{ user: PublicUser }>("/api/auth/me").then(
        (r) => {
          setUser(r.user);
          navigate(homeOf(r.user.role), true);
        },
        () => {},
      );
    }
    void api<{ providers: PublicProvider[] }>("/api/auth/providers").then(
      (r) => setProviders(r.providers),
      () => {},
    );
  }, []);
  const startQuery = next ? `?next=${encodeURIComponent(next)}` : "";
  return (
    <>
      {isReason(refused) && (
        <p class="err" role="alert" id="signin-refused">
          {tt(`auth.sso.${refused}`)}
        </p>
      )}
      {providers.length > 0 && (
        <div class="stack">
          {providers.map((p) => (
            <a key={p.id} class="button big" href={`/api/auth/oidc/${p.id}/start${startQuery}`}>
              {tt("auth.sso.with", { label: p.label })}
            </a>
          ))}
          <p class="muted">{tt("auth.sso.or")}</p>
        </div>
      )}
    </>
  );
}
