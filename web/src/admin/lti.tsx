// The LMS platforms registered with QuickQuiz (LTI 1.3, worker/lti/): the URLs an LMS admin pastes,
// the platforms registered (by Dynamic Registration or by hand), and the manual registration form.
import { useEffect, useState } from "preact/hooks";
import { api, type ApiError } from "../api.ts";
import { when } from "../app/format.ts";
import { ta } from "./strings.ts";

interface PlatformRow {
  id: string;
  name: string;
  issuer: string;
  clientId: string;
  registeredBy: "dynamic" | "manual";
  deploymentIds: string[];
  createdAt: number;
}

const FIELDS = ["name", "issuer", "clientId", "authEndpoint", "tokenEndpoint", "jwksUrl", "deploymentIds"] as const;

export function LtiTab() {
  const [rows, setRows] = useState<PlatformRow[] | null>(null);
  const [error, setError] = useState("");
  const [form, setForm] = useState<Record<(typeof FIELDS)[number], string>>(
    () => Object.fromEntries(FIELDS.map((f) => [f, ""])) as Record<(typeof FIELDS)[number], string>,
  );
  const [done, setDone] = useState("");
  const load = () =>
    api<{ platforms: PlatformRow[] }>("/api/lti/platforms")
      .then((r) => setRows(r.platforms))
      .catch((e: ApiError) => setError(e.message));
  useEffect(() => void load(), []);
  const add = async (e: Event) => {
    e.preventDefault();
    setError("");
    try {
      await api("/api/lti/platforms", {
        method: "POST",
        body: { ...form, deploymentIds: form.deploymentIds.split(/[\s,]+/).filter(Boolean) },
      });
      setDone(ta("lti.added", { name: form.name }));
      await load();
    } catch (err) {
      setError((err as ApiError).message);
    }
  };
  const o = location.origin;
  return (
    <section class="stack" aria-labelledby="lti-title">
      <h2 id="lti-title">{ta("lti.title")}</h2>
      <dl>
        <dt>{ta("lti.registerUrl")}</dt>
        <dd>
          <code>{`${o}/lti/register`}</code>
        </dd>
        <dt>{ta("lti.toolUrls")}</dt>
        <dd>
          <code>{`${o}/lti/login`}</code> · <code>{`${o}/lti/launch`}</code> · <code>{`${o}/lti/jwks`}</code>
        </dd>
      </dl>
      {error && <p role="alert">{error}</p>}
      <p role="status">{done}</p>
      {rows && rows.length === 0 && <p>{ta("lti.none")}</p>}
      {rows && rows.length > 0 && (
        <table data-testid="lti-platforms">
          <thead>
            <tr>
              <th scope="col">{ta("lti.f.name")}</th>
              <th scope="col">{ta("lti.f.issuer")}</th>
              <th scope="col">{ta("lti.f.clientId")}</th>
              <th scope="col">{ta("lti.f.deploymentIds")}</th>
              <th scope="col">{ta("lti.how")}</th>
              <th scope="col">{ta("lti.since")}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((p) => (
              <tr key={p.id}>
                <th scope="row">{p.name}</th>
                <td>
                  <code>{p.issuer}</code>
                </td>
                <td>
                  <code>{p.clientId}</code>
                </td>
                <td>{p.deploymentIds.join(", ")}</td>
                <td>{ta(p.registeredBy === "dynamic" ? "lti.dynamic" : "lti.manual")}</td>
                <td>{when(p.createdAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <form class="stack" onSubmit={add} aria-labelledby="lti-manual">
        <h3 id="lti-manual">{ta("lti.manualTitle")}</h3>
        {FIELDS.map((f) => (
          <label key={f}>
            {ta(`lti.f.${f}`)}
            <input
              value={form[f]}
              required
              onInput={(e) => setForm({ ...form, [f]: (e.target as HTMLInputElement).value })}
            />
          </label>
        ))}
        <button type="submit">{ta("lti.add")}</button>
      </form>
    </section>
  );
}
