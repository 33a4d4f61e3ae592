// School sign-in: the identity providers this deployment configures (with the redirect URL to
// register at each), and the domain rules: the allow-list, each domain's role for new accounts,
// and whether its accounts may still use a password.
import { useEffect, useState } from "preact/hooks";
import type { DomainRule, SignInSettings } from "../../../schema/oidc.ts";
import { api, type ApiError } from "../api.ts";
import { ta } from "./strings.ts";

export function SignInTab() {
  const [settings, setSettings] = useState<SignInSettings | null>(null);
  const [error, setError] = useState("");
  const [form, setForm] = useState({ domain: "", role: "student", passwordSignIn: true });
  const load = () =>
    api<SignInSettings>("/api/admin/sign-in").then(setSettings, (e) => setError((e as ApiError).message));
  useEffect(() => void load(), []);
  const rulesChanged = (r: { rules: DomainRule[] }) => settings && setSettings({ ...settings, rules: r.rules });

  const add = async (e: Event) => {
    e.preventDefault();
    setError("");
    try {
      rulesChanged(await api<{ rules: DomainRule[] }>("/api/admin/sign-in/domains", { method: "PUT", body: form }));
      setForm({ ...form, domain: "" });
    } catch (err) {
      const a = err as ApiError;
      setError(a.issues[0]?.message ?? a.message);
    }
  };
  const remove = async (domain: string) => {
    setError("");
    try {
      rulesChanged(
        await api<{ rules: DomainRule[] }>(`/api/admin/sign-in/domains/${encodeURIComponent(domain)}`, {
          method: "DELETE",
        }),
      );
    } catch (err) {
      setError((err as ApiError).message);
    }
  };

  return (
    <section class="stack" aria-labelledby="sso-title">
      <h2 id="sso-title">{ta("sso.providers")}</h2>
      {settings && settings.providers.length === 0 && <p class="muted">{ta("sso.noProviders")}</p>}
      {settings && settings.providers.length > 0 && (
        <div class="table-wrap">
          <table class="stackable">
            <thead>
              <tr>
                <th scope="col">{ta("sso.provider")}</th>
                <th scope="col">{ta("sso.issuer")}</th>
                <th scope="col">{ta("sso.redirect")}</th>
              </tr>
            </thead>
            <tbody>
              {settings.providers.map((p) => (
                <tr key={p.id}>
                  <th scope="row" data-label={ta("sso.provider")}>
                    {p.label}
                  </th>
                  <td data-label={ta("sso.issuer")} class="who">
                    <code>{p.issuer}</code>
                  </td>
                  <td data-label={ta("sso.redirect")} class="who">
                    <code>{location.origin + p.redirectPath}</code>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <h2>{ta("sso.rules")}</h2>
      <p class="muted">{ta("sso.rulesHint")}</p>
      {settings && settings.rules.length === 0 && <p>{ta("sso.noRules")}</p>}
      {settings && settings.rules.length > 0 && (
        <div class="table-wrap">
          <table class="stackable">
            <thead>
              <tr>
                <th scope="col">{ta("sso.domain")}</th>
                <th scope="col">{ta("sso.role")}</th>
                <th scope="col">{ta("sso.password")}</th>
                <th scope="col">{ta("adm.actions")}</th>
              </tr>
            </thead>
            <tbody>
              {settings.rules.map((r) => (
                <tr key={r.domain}>
                  <th scope="row" data-label={ta("sso.domain")}>
                    {r.domain}
                  </th>
                  <td data-label={ta("sso.role")}>{ta(`role.${r.role}`)}</td>
                  <td data-label={ta("sso.password")}>
                    {r.passwordSignIn ? ta("sso.passwordOn") : ta("sso.passwordOff")}
                  </td>
                  <td data-label={ta("adm.actions")}>
                    <button
                      type="button"
                      onClick={() => remove(r.domain)}
                      aria-label={ta("sso.removeOf", { domain: r.domain })}
                    >
                      {ta("sso.remove")}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <form class="row filters" onSubmit={add}>
        <label>
          {ta("sso.domain")}
          <input
            name="domain"
            required
            placeholder="school.edu"
            value={form.domain}
            onInput={(e) => setForm({ ...form, domain: e.currentTarget.value })}
          />
        </label>
        <label>
          {ta("sso.role")}
          <select name="role" value={form.role} onChange={(e) => setForm({ ...form, role: e.currentTarget.value })}>
            <option value="student">{ta("role.student")}</option>
            <option value="teacher">{ta("role.teacher")}</option>
          </select>
        </label>
        <label class="check">
          <input
            type="checkbox"
            name="passwordSignIn"
            checked={form.passwordSignIn}
            onChange={(e) => setForm({ ...form, passwordSignIn: e.currentTarget.checked })}
          />
          {ta("sso.password")}
        </label>
        <button type="submit" class="primary">
          {ta("sso.add")}
        </button>
      </form>
      <p class="err" role="alert">
        {error}
      </p>
    </section>
  );
}
