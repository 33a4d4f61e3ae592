// The event log over GET /api/logs: filters by type (or family), game, actor and time range, newest
// first, page by page. Admins read every event; a teacher the events of their own games and quizzes.
import { useState } from "preact/hooks";
import type { LogItem } from "../../../schema/events.ts";
import { useUser } from "../app/session.ts";
import { usePaged } from "../shared/paged.ts";
import { PagedTable } from "./paged-table.tsx";
import { ta } from "./strings.ts";

interface Filters {
  type: string;
  gameId: string;
  userId: string;
  from: string;
  to: string;
}
const EMPTY: Filters = { type: "", gameId: "", userId: "", from: "", to: "" };

/** datetime-local (the reader's own clock) to ms since the epoch; "" stays "". */
const ms = (local: string) => (local ? String(new Date(local).getTime()) : "");
const stamp = (t: number) => new Date(t).toLocaleString(undefined, { dateStyle: "short", timeStyle: "medium" });

export function LogViewer() {
  const user = useUser();
  const [form, setForm] = useState<Filters>(EMPTY);
  const [applied, setApplied] = useState<Filters>(EMPTY);
  const list = usePaged<LogItem>("/api/logs", {
    limit: "50",
    type: applied.type.trim(),
    gameId: applied.gameId.trim(),
    userId: applied.userId.trim(),
    from: ms(applied.from),
    to: ms(applied.to),
  });
  const field = (
    k: keyof Filters,
    label: string,
    inputType: "text" | "datetime-local" = "text",
    placeholder?: string,
  ) => (
    // biome-ignore lint/a11y/noLabelWithoutControl: the label wraps its input, in either branch
    <label class="stack tight">
      <span>{label}</span>
      {inputType === "text" ? (
        <input
          type="text"
          value={form[k]}
          placeholder={placeholder}
          onInput={(e) => setForm({ ...form, [k]: e.currentTarget.value })}
        />
      ) : (
        <input
          type="datetime-local"
          value={form[k]}
          onInput={(e) => setForm({ ...form, [k]: e.currentTarget.value })}
        />
      )}
    </label>
  );
  return (
    <section class="stack" aria-labelledby="log-title">
      <h2 id="log-title">{ta("adm.log")}</h2>
      {user?.role !== "admin" && <p class="muted">{ta("log.mine")}</p>}
      <form
        class="log-filters"
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          setApplied(form);
        }}
      >
        {field("type", ta("log.type"), "text", ta("log.typeHint"))}
        {field("gameId", ta("log.game"))}
        {field("userId", ta("log.user"))}
        {field("from", ta("log.from"), "datetime-local")}
        {field("to", ta("log.to"), "datetime-local")}
        <button type="submit" class="primary self-end">
          {ta("log.apply")}
        </button>
      </form>
      <PagedTable
        list={list}
        class="log-table"
        empty={ta("log.empty")}
        head={
          <tr>
            <th scope="col">{ta("log.time")}</th>
            <th scope="col">{ta("log.type")}</th>
            <th scope="col">{ta("log.actor")}</th>
            <th scope="col">{ta("log.about")}</th>
            <th scope="col">{ta("log.details")}</th>
          </tr>
        }
        rows={(items) =>
          items.map((e) => (
            <tr key={e.id}>
              <td data-label={ta("log.time")}>{stamp(e.ts)}</td>
              <th scope="row" data-label={ta("log.type")}>
                <button
                  type="button"
                  class="link"
                  onClick={() => (setForm({ ...form, type: e.type }), setApplied({ ...applied, type: e.type }))}
                >
                  {e.type}
                </button>
              </th>
              <td data-label={ta("log.actor")}>
                {e.actorType}
                {e.role && ` (${e.role})`}
                {e.actorId && <code class="block small id">{e.actorId}</code>}
              </td>
              <td data-label={ta("log.about")}>
                {e.gameId && <code class="block small id">{e.gameId}</code>}
                {e.quizId && <code class="block small id">{e.quizId}</code>}
              </td>
              <td data-label={ta("log.details")}>
                {e.payload && <code class="payload">{JSON.stringify(e.payload)}</code>}
              </td>
            </tr>
          ))
        }
      />
    </section>
  );
}
