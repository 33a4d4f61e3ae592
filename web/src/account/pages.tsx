// A user's own account (loaded on demand): display name and password; and the page a reset link
// opens, logged out, to set a new password.
import { useEffect, useState } from "preact/hooks";
import type { PublicUser, SessionResponse } from "../../../schema/auth.ts";
import { api, type ApiError } from "../api.ts";
import { homeOf } from "../account-hint.ts";
import { navigate } from "../router.ts";
import { TopBar } from "../shared/ui.tsx";
import { Issue } from "../app/field-issue.tsx";
import { setUser, useUser } from "../app/session.ts";
import { at } from "../app/strings.ts";

const issueOf = (e: ApiError | null, path: string) => e?.issues.find((i) => i.path === path)?.message;
const general = (e: ApiError | null) => (e && !e.issues.length ? (e.status === 0 ? at("err.network") : e.message) : "");

function NameForm({ user }: { user: PublicUser }) {
  const [name, setName] = useState(user.name);
  const [error, setError] = useState<ApiError | null>(null);
  const [done, setDone] = useState(false);
  const submit = async (e: Event) => {
    e.preventDefault();
    setError(null);
    setDone(false);
    try {
      setUser((await api<{ user: PublicUser }>("/api/auth/me", { method: "PATCH", body: { name } })).user);
      setDone(true);
    } catch (err) {
      setError(err as ApiError);
    }
  };
  return (
    <form class="card stack" onSubmit={submit} noValidate>
      <h2>{at("acc.name")}</h2>
      <p class="muted">{at("acc.email", { email: user.email })}</p>
      <label for="display-name">{at("acc.name")}</label>
      <input
        id="display-name"
        value={name}
        maxLength={60}
        autoComplete="name"
        onInput={(e) => setName(e.currentTarget.value)}
        aria-describedby="name-hint"
        aria-invalid={issueOf(error, "name") ? true : undefined}
      />
      <small id="name-hint">{at("acc.nameHint")}</small>
      <Issue text={issueOf(error, "name")} />
      <p class="err" role="alert">
        {general(error)}
      </p>
      <p role="status">{done ? at("acc.saved") : ""}</p>
      <button class="primary self-start" type="submit">
        {at("acc.saveName")}
      </button>
    </form>
  );
}

function PasswordForm() {
  const [form, setForm] = useState({ currentPassword: "", newPassword: "" });
  const [error, setError] = useState<ApiError | null>(null);
  const [done, setDone] = useState(false);
  const [busy, setBusy] = useState(false);
  const submit = async (e: Event) => {
    e.preventDefault();
    setError(null);
    setDone(false);
    setBusy(true);
    try {
      // The change ends every other session; this one comes back renewed (its cookie is set again).
      setUser((await api<SessionResponse>("/api/auth/password", { body: form })).user);
      setForm({ currentPassword: "", newPassword: "" });
      setDone(true);
    } catch (err) {
      setError(err as ApiError);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form class="card stack" onSubmit={submit} noValidate>
      <h2>{at("acc.password")}</h2>
      <label for="current-password">{at("acc.current")}</label>
      <input
        id="current-password"
        type="password"
        autoComplete="current-password"
        value={form.currentPassword}
        onInput={(e) => setForm({ ...form, currentPassword: e.currentTarget.value })}
        aria-invalid={issueOf(error, "currentPassword") ? true : undefined}
      />
      <Issue text={issueOf(error, "currentPassword")} />
      <label for="new-password">{at("acc.new")}</label>
      <input
        id="new-password"
        type="password"
        autoComplete="new-password"
        minLength={8}
        maxLength={200}
        value={form.newPassword}
        onInput={(e) => setForm({ ...form, newPassword: e.currentTarget.value })}
        aria-describedby="new-hint"
        aria-invalid={issueOf(error, "newPassword") ? true : undefined}
      />
      <small id="new-hint">{at("auth.passwordHint")}</small>
      <Issue text={issueOf(error, "newPassword")} />
      <p class="err" role="alert">
        {general(error)}
      </p>
      <p role="status">{done ? at("acc.changed") : ""}</p>
      <button class="primary self-start" type="submit" disabled={busy}>
        {at("acc.change")}
      </button>
    </form>
  );
}

export function AccountPage() {
  const user = useUser();
  if (!user) return null;
  return (
    <section class="stack narrow">
      <h1>{at("acc.title")}</h1>
      <NameForm user={user} />
      <PasswordForm />
    </section>
  );
}

export function ResetPage() {
  // The token travels after "#": never sent to a server in a request line or a Referer.
  const [token] = useState(() => location.hash.slice(1));
  const [password, setPassword] = useState("");
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    // Out of the address bar and the history once read.
    if (location.hash) history.replaceState(null, "", location.pathname);
  }, []);
  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const r = await api<SessionResponse>("/api/auth/reset", { body: { token, password } });
      setUser(r.user);
      navigate(homeOf(r.user.role), true);
    } catch (err) {
      setError(err as ApiError);
      setBusy(false);
    }
  };
  const bad = !token || issueOf(error, "token") || (error?.status === 400 && !error.issues.length);
  return (
    <main class="screen center">
      <TopBar />
      <form class="card stack" onSubmit={submit} noValidate>
        <h1>{at("reset.title")}</h1>
        <p>{at("reset.hint")}</p>
        <label for="password">{at("auth.password")}</label>
        <input
          id="password"
          type="password"
          autoComplete="new-password"
          minLength={8}
          maxLength={200}
          value={password}
          onInput={(e) => setPassword(e.currentTarget.value)}
          aria-invalid={issueOf(error, "password") ? true : undefined}
        />
        <Issue text={issueOf(error, "password")} />
        <p class="err" role="alert">
          {!token ? at("reset.missing") : bad ? at("reset.bad") : general(error)}
        </p>
        <button class="primary big" type="submit" disabled={busy || !token}>
          {at("reset.save")}
        </button>
        <a href="/login">{at("auth.login")}</a>
      </form>
    </main>
  );
}
