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

/** A payload value in words: a change `{from, to}` as "from → to", a list joined, times as dates. */
function valueText(key: string, v: unknown): string {
  if (v === null || v === undefined) return "—";
  if (typeof v === "number" && /(?:At|ts)$/.test(key) && v > 1e12) return stamp(v);
  if (Array.isArray(v)) return v.map((x) => valueText("", x)).join(", ");
  if (typeof v === "object") {
    const o = v as Record<string, unknown>;
    if ("from" in o && "to" in o) return `${valueText("", o.from)} → ${valueText("", o.to)}`;
    return Object.entries(o)
      .map(([k, x]) => `${k}: ${valueText(k, x)}`)
      .join(", ");
  }
  return String(v);
}

/** The payload as labelled fields rather than raw JSON. */
function Details({ payload }: { payload: LogItem["payload"] }) {
  if (!payload) return null;
  const entries = Object.entries(payload);
  if (!entries.length) return null;
  return (
    <dl class="payload">
      {entries.map(([k, v]) => (
        <div key={k}>
          <dt>{k}</dt>
          <dd>{valueText(k, v)}</dd>
        </div>
      ))}
    </dl>
  );
}

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
                {e.actorName ? <strong>{e.actorName}</strong> : e.actorType}
                {e.role && ` (${e.role})`}
                {e.actorId && (
                  <button
                    type="button"
                    class="link block small muted id"
                    title={ta("log.filterBy", { name: e.actorName ?? e.actorId })}
                    onClick={() => (
                      setForm({ ...form, userId: e.actorId ?? "" }), setApplied({ ...applied, userId: e.actorId ?? "" })
                    )}
                  >
                    {e.actorId}
                  </button>
                )}
              </td>
              <td data-label={ta("log.about")}>
                {e.ownerName && !e.gameId && !e.quizId && <strong class="block">{e.ownerName}</strong>}
                {e.gameId && (
                  <span class="block">
                    {e.gameTitle ?? (typeof e.payload?.title === "string" ? e.payload.title : "")}
                    {e.gameCode && (
                      <>
                        {" "}
                        <code>{e.gameCode}</code>
                      </>
                    )}
                    {e.gameKind === "assignment" && <span class="badge">{ta("log.homework")}</span>}
                    <button
                      type="button"
                      class="link block small muted id"
                      title={ta("log.filterBy", { name: e.gameCode ?? e.gameId })}
                      onClick={() => (
                        setForm({ ...form, gameId: e.gameId ?? "" }), setApplied({ ...applied, gameId: e.gameId ?? "" })
                      )}
                    >
                      {e.gameId}
                    </button>
                  </span>
                )}
                {e.quizId && (
                  <span class="block">
                    {e.quizTitle ?? (!e.gameId && typeof e.payload?.title === "string" ? e.payload.title : "")}
                    <span class="block small muted id">{e.quizId}</span>
                  </span>
                )}
              </td>
              <td data-label={ta("log.details")}>
                <Details payload={e.payload} />
              </td>
            </tr>
          ))
        }
      />
    </section>
  );
}
