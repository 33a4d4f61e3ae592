// Users: search, page, change a role, disable or enable, and issue a one-time password-reset link.
import { useState } from "preact/hooks";
import type { AdminUser } from "../../../schema/admin.ts";
import type { ResetLink } from "../../../schema/accounts.ts";
import { api, type ApiError } from "../api.ts";
import { when } from "../app/format.ts";
import { useUser } from "../app/session.ts";
import { AnyFilter, SearchFilter } from "./filters.tsx";
import { usePaged } from "../shared/paged.ts";
import { PagedTable } from "./paged-table.tsx";
import { ta } from "./strings.ts";

const ROLES = ["teacher", "student", "admin"] as const;

function ResetLinkBox({ user, link, onClose }: { user: AdminUser; link: ResetLink; onClose: () => void }) {
  const [copied, setCopied] = useState(false);
  return (
    <div class="card stack reset-box" role="status">
      <p>{ta("usr.resetIssued", { name: user.name, until: when(link.expiresAt) })}</p>
      <div class="row">
        <label class="grow">
          <span class="sr">{ta("usr.resetOf", { name: user.name })}</span>
          <input readOnly value={link.url} onFocus={(e) => e.currentTarget.select()} />
        </label>
        <button
          type="button"
          onClick={() =>
            navigator.clipboard?.writeText(link.url).then(
              () => setCopied(true),
              () => setCopied(false),
            )
          }
        >
          {copied ? ta("usr.copied") : ta("usr.copy")}
        </button>
        <button type="button" class="link" onClick={onClose} aria-label={ta("adm.close")}>
          ✕
        </button>
      </div>
    </div>
  );
}

export function UsersTab() {
  const me = useUser();
  const [q, setQ] = useState("");
  const [role, setRole] = useState("");
  const [status, setStatus] = useState("");
  const list = usePaged<AdminUser>("/api/admin/users", { q, role, status });
  const [link, setLink] = useState<{ user: AdminUser; link: ResetLink } | null>(null);

  const act = async (fn: () => Promise<unknown>) => {
    try {
      await fn();
      await list.reload();
    } catch (e) {
      list.setError((e as ApiError).message);
    }
  };
  const patch = (u: AdminUser, body: { role?: string; disabled?: boolean }) =>
    act(() => api(`/api/admin/users/${u.id}`, { method: "PATCH", body }));

  return (
    <section class="stack" aria-labelledby="users-title">
      <h2 id="users-title">{ta("adm.users")}</h2>
      <div class="row filters" role="search">
        <SearchFilter placeholder={ta("usr.searchHint")} value={q} onInput={setQ} />
        <AnyFilter
          label={ta("usr.role")}
          options={ROLES}
          optionLabel={(r) => ta(`role.${r}`)}
          value={role}
          onChange={setRole}
        />
        <AnyFilter
          label={ta("usr.status")}
          options={["active", "disabled"] as const}
          optionLabel={(s) => ta(`usr.${s}`)}
          value={status}
          onChange={setStatus}
        />
      </div>
      {link && <ResetLinkBox {...link} onClose={() => setLink(null)} />}
      <PagedTable
        list={list}
        head={
          <tr>
            <th scope="col">{ta("usr.name")}</th>
            <th scope="col">{ta("usr.role")}</th>
            <th scope="col">{ta("usr.status")}</th>
            <th scope="col">{ta("usr.created")}</th>
            <th scope="col">{ta("adm.actions")}</th>
          </tr>
        }
        rows={(items) =>
          items.map((u) => {
            const self = u.id === me?.id;
            return (
              <tr key={u.id} class={u.disabled ? "is-disabled" : ""}>
                <th scope="row" data-label={ta("usr.name")}>
                  {u.name}
                  {self && <span class="muted"> ({ta("usr.you")})</span>}
                  <span class="block muted small">{u.email}</span>
                </th>
                <td data-label={ta("usr.role")}>
                  <select
                    aria-label={ta("usr.roleOf", { name: u.name })}
                    value={u.role}
                    disabled={self}
                    onChange={(e) => patch(u, { role: e.currentTarget.value })}
                  >
                    {ROLES.map((r) => (
                      <option key={r} value={r}>
                        {ta(`role.${r}`)}
                      </option>
                    ))}
                  </select>
                </td>
                <td data-label={ta("usr.status")}>
                  {u.disabled ? <strong class="bad-text">{ta("usr.disabled")}</strong> : ta("usr.active")}
                </td>
                <td data-label={ta("usr.created")}>{when(u.createdAt)}</td>
                <td data-label={ta("adm.actions")}>
                  {!self && (
                    <div class="row">
                      {u.disabled ? (
                        <button
                          type="button"
                          aria-label={ta("usr.enableOf", { name: u.name })}
                          onClick={() => patch(u, { disabled: false })}
                        >
                          {ta("usr.enable")}
                        </button>
                      ) : (
                        <button
                          type="button"
                          class="danger"
                          aria-label={ta("usr.disableOf", { name: u.name })}
                          onClick={() =>
                            confirm(ta("usr.confirmDisable", { name: u.name })) && patch(u, { disabled: true })
                          }
                        >
                          {ta("usr.disable")}
                        </button>
                      )}
                      {!u.disabled && (
                        <button
                          type="button"
                          aria-label={ta("usr.resetOf", { name: u.name })}
                          onClick={() =>
                            act(async () =>
                              setLink({
                                user: u,
                                link: await api<ResetLink>(`/api/admin/users/${u.id}/reset-link`, {
                                  method: "POST",
                                }),
                              }),
                            )
                          }
                        >
                          {ta("usr.reset")}
                        </button>
                      )}
                    </div>
                  )}
                </td>
              </tr>
            );
          })
        }
      />
    </section>
  );
}
