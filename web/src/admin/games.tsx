// Every game with who hosted it; a game still open can be ended from here.
import { useState } from "preact/hooks";
import type { AdminGame } from "../../../schema/admin.ts";
import { api, type ApiError } from "../api.ts";
import { when } from "../app/format.ts";
import { AnyFilter, SearchFilter } from "./filters.tsx";
import { usePaged } from "../shared/paged.ts";
import { PagedTable } from "./paged-table.tsx";
import { at } from "../app/strings.ts";
import { ta } from "./strings.ts";

export function GamesTab() {
  const [q, setQ] = useState("");
  const [status, setStatus] = useState("");
  const list = usePaged<AdminGame>("/api/admin/games", { q, status });
  const [done, setDone] = useState("");
  const end = async (g: AdminGame) => {
    if (!confirm(ta("gm.confirmEnd", { code: g.code }))) return;
    try {
      await api(`/api/admin/games/${g.id}/end`, { method: "POST" });
      setDone(ta("gm.ended", { code: g.code }));
      // The room writes the results a moment later.
      setTimeout(() => void list.reload(), 600);
    } catch (e) {
      list.setError((e as ApiError).message);
    }
  };
  return (
    <section class="stack" aria-labelledby="games-title">
      <h2 id="games-title">{ta("adm.games")}</h2>
      <div class="row filters" role="search">
        <SearchFilter placeholder={`${ta("gm.title")}, ${ta("gm.code")}, ${ta("gm.host")}`} value={q} onInput={setQ} />
        <AnyFilter
          label={ta("gm.status")}
          options={["lobby", "running", "ended"] as const}
          optionLabel={(s) => at(`rep.status.${s}`)}
          value={status}
          onChange={setStatus}
        />
      </div>
      <p role="status">{done}</p>
      <PagedTable
        list={list}
        head={
          <tr>
            <th scope="col">{ta("gm.title")}</th>
            <th scope="col">{ta("gm.code")}</th>
            <th scope="col">{ta("gm.host")}</th>
            <th scope="col">{ta("gm.status")}</th>
            <th scope="col" class="num">
              {ta("gm.players")}
            </th>
            <th scope="col">{ta("gm.created")}</th>
            <th scope="col">{ta("adm.actions")}</th>
          </tr>
        }
        rows={(items) =>
          items.map((g) => (
            <tr key={g.id}>
              <th scope="row" data-label={ta("gm.title")}>
                {g.title}
                {g.kind === "assignment" && (
                  <span class="block small">
                    <span class="badge">{ta("gm.homework")}</span>
                    {g.deadline !== null && ` ${ta("gm.due", { date: when(g.deadline) })}`}
                  </span>
                )}
              </th>
              <td data-label={ta("gm.code")}>
                <code>{g.code}</code>
              </td>
              <td data-label={ta("gm.host")}>
                {g.hostName}
                <span class="block muted small">{g.hostEmail}</span>
              </td>
              <td data-label={ta("gm.status")}>{at(`rep.status.${g.status}`)}</td>
              <td class="num" data-label={ta("gm.players")}>
                {g.playerCount}
              </td>
              <td data-label={ta("gm.created")}>{when(g.createdAt)}</td>
              <td data-label={ta("adm.actions")}>
                <div class="row">
                  <a href={`/reports/${g.id}`}>{ta("gm.report")}</a>
                  {g.status !== "ended" && (
                    <button
                      type="button"
                      class="danger"
                      aria-label={ta("gm.endOf", { code: g.code })}
                      onClick={() => end(g)}
                    >
                      {ta("gm.end")}
                    </button>
                  )}
                </div>
              </td>
            </tr>
          ))
        }
      />
    </section>
  );
}
