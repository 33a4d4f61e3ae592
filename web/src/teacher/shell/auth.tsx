// Log in and sign up.
import { useState } from "preact/hooks";
import type { PublicUser } from "../../../../schema/auth.ts";
import { api, type ApiError } from "../../api.ts";
import { navigate } from "../../router.ts";
import { TopBar } from "../../shared/ui.tsx";
import { Issue } from "../../app/field-issue.tsx";
import { setUser } from "../../app/session.ts";
import { homeOf } from "../../account-hint.ts";
import { at } from "../../app/strings.ts";
import { tt } from "../strings.ts";
import { SchoolSignIn } from "./school-signin.tsx";

export function AuthPage({ register, next }: { register: boolean; next: string | null }) {
  const [form, setForm] = useState({ email: "", password: "", name: "", role: "teacher" });
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const field = (k: keyof typeof form) => ({
    value: form[k],
    onInput: (e: Event) => setForm({ ...form, [k]: (e.currentTarget as HTMLInputElement).value }),
  });
  const issue = (path: string) => error?.issues.find((i) => i.path === path)?.message;

  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const body = register ? form : { email: form.email, password: form.password };
      const r = await api<{ user: PublicUser }>(register ? "/api/auth/register" : "/api/auth/login", { body });
      setUser(r.user);
      // Only same-site paths: a crafted ?next= must not send the teacher elsewhere.
      navigate(next?.startsWith("/") && !next.startsWith("//") ? next : homeOf(r.user.role), true);
    } catch (err) {
      setError(err as ApiError);
    } finally {
      setBusy(false);
    }
  };

  const msg =
    error &&
    (error.status === 401
      ? tt("auth.bad")
      : error.status === 403
        ? error.code === "password_signin_off"
          ? tt("auth.sso.passwordOff")
          : tt("auth.disabled")
        : error.status === 0
          ? at("err.network")
          : error.message);
  return (
    <main class="screen center">
      <TopBar />
      <form class="card stack" onSubmit={submit} noValidate>
        <h1>{register ? tt("auth.registerTitle") : tt("auth.loginTitle")}</h1>
        {!register && <SchoolSignIn next={next} />}
        {register && (
          <>
            <label for="name">{tt("auth.name")}</label>
            <input
              id="name"
              autoComplete="name"
              maxLength={60}
              required
              {...field("name")}
              aria-invalid={issue("name") ? true : undefined}
            />
            <Issue text={issue("name")} />
          </>
        )}
        <label for="email">{tt("auth.email")}</label>
        <input
          id="email"
          type="email"
          autoComplete="email"
          required
          {...field("email")}
          aria-invalid={issue("email") ? true : undefined}
        />
        <Issue text={issue("email")} />
        <label for="password">{at("auth.password")}</label>
        <input
          id="password"
          type="password"
          autoComplete={register ? "new-password" : "current-password"}
          minLength={register ? 8 : 1}
          maxLength={200}
          required
          {...field("password")}
          aria-invalid={issue("password") ? true : undefined}
        />
        {register && <small>{at("auth.passwordHint")}</small>}
        <Issue text={issue("password")} />
        {register && (
          <fieldset class="row">
            <legend>{tt("auth.role")}</legend>
            {(["teacher", "student"] as const).map((r) => (
              <label class="check" key={r}>
                <input
                  type="radio"
                  name="role"
                  value={r}
                  checked={form.role === r}
                  onChange={() => setForm({ ...form, role: r })}
                />
                {tt(`auth.role.${r}`)}
              </label>
            ))}
          </fieldset>
        )}
        <p class="err" role="alert">
          {msg && !error?.issues.length ? msg : ""}
        </p>
        <button class="primary big" type="submit" disabled={busy}>
          {register ? tt("auth.register") : at("auth.login")}
        </button>
        {!register && <p class="muted">{tt("auth.forgot")}</p>}
        <p>
          {register ? (
            <a href={`/login${next ? `?next=${encodeURIComponent(next)}` : ""}`}>{tt("auth.haveAccount")}</a>
          ) : (
            <a href={`/register${next ? `?next=${encodeURIComponent(next)}` : ""}`}>{tt("auth.noAccount")}</a>
          )}
        </p>
      </form>
      <a class="foot" href="/">
        {tt("auth.joinGame")}
      </a>
    </main>
  );
}
