// Every quiz: search, filter by visibility, and unpublish a public one with a reason (shown to its owner,
// who cannot publish it again until an admin allows republishing here).
import { useState } from "preact/hooks";
import type { AdminQuiz } from "../../../schema/admin.ts";
import { api, type ApiError } from "../api.ts";
import { when } from "../app/format.ts";
import { AnyFilter, SearchFilter } from "./filters.tsx";
import { usePaged } from "../shared/paged.ts";
import { PagedTable } from "./paged-table.tsx";
import { at } from "../app/strings.ts";
import { ta } from "./strings.ts";

function Unpublish({ quiz, onDone, onCancel }: { quiz: AdminQuiz; onDone: () => void; onCancel: () => void }) {
  const [reason, setReason] = useState("");
  const [error, setError] = useState("");
  return (
    <form
      class="stack"
      onSubmit={async (e) => {
        e.preventDefault();
        try {
          await api(`/api/admin/quizzes/${quiz.id}/unpublish`, { body: { reason } });
          onDone();
        } catch (err) {
          setError((err as ApiError).message);
        }
      }}
    >
      <label for={`reason-${quiz.id}`}>{ta("qz.reason")}</label>
      <textarea
        id={`reason-${quiz.id}`}
        rows={2}
        maxLength={500}
        required
        value={reason}
        onInput={(e) => setReason(e.currentTarget.value)}
      />
      <p class="err" role="alert">
        {error}
      </p>
      <div class="row">
        <button type="submit" class="danger" disabled={!reason.trim()}>
          {ta("qz.confirm")}
        </button>
        <button type="button" onClick={onCancel}>
          {at("cancel")}
        </button>
      </div>
    </form>
  );
}

export function QuizzesTab() {
  const [q, setQ] = useState("");
  const [visibility, setVisibility] = useState("");
  const list = usePaged<AdminQuiz>("/api/admin/quizzes", { q, visibility });
  const [open, setOpen] = useState<string | null>(null);
  const [done, setDone] = useState("");
  return (
    <section class="stack" aria-labelledby="quizzes-title">
      <h2 id="quizzes-title">{ta("adm.quizzes")}</h2>
      <div class="row filters" role="search">
        <SearchFilter placeholder={`${ta("qz.title")}, ${ta("qz.owner")}`} value={q} onInput={setQ} />
        <AnyFilter
          label={ta("qz.visibility")}
          options={["public", "unlisted", "private"] as const}
          optionLabel={(v) => at(`vis.${v}`)}
          value={visibility}
          onChange={setVisibility}
        />
      </div>
      <p role="status">{done}</p>
      <PagedTable
        list={list}
        head={
          <tr>
            <th scope="col">{ta("qz.title")}</th>
            <th scope="col">{ta("qz.owner")}</th>
            <th scope="col">{ta("qz.visibility")}</th>
            <th scope="col" class="num">
              {ta("qz.questions")}
            </th>
            <th scope="col">{ta("qz.updated")}</th>
            <th scope="col">{ta("adm.actions")}</th>
          </tr>
        }
        rows={(items) =>
          items.map((z) => (
            <tr key={z.id}>
              <th scope="row" data-label={ta("qz.title")}>
                {z.title}
              </th>
              <td data-label={ta("qz.owner")}>
                {z.ownerName}
                <span class="block muted small">{z.ownerEmail}</span>
              </td>
              <td data-label={ta("qz.visibility")}>
                {at(`vis.${z.visibility}`)}
                {z.unpublishedReason !== null && (
                  <span class="block small bad-text">{ta("qz.held", { reason: z.unpublishedReason })}</span>
                )}
              </td>
              <td class="num" data-label={ta("qz.questions")}>
                {z.questionCount}
              </td>
              <td data-label={ta("qz.updated")}>{when(z.updatedAt)}</td>
              <td data-label={ta("adm.actions")}>
                {z.visibility === "public" &&
                  (open === z.id ? (
                    <Unpublish
                      quiz={z}
                      onCancel={() => setOpen(null)}
                      onDone={() => {
                        setOpen(null);
                        setDone(ta("qz.done", { title: z.title }));
                        void list.reload();
                      }}
                    />
                  ) : (
                    <button
                      type="button"
                      class="danger"
                      aria-label={ta("qz.unpublishOf", { title: z.title })}
                      onClick={() => setOpen(z.id)}
                    >
                      {ta("qz.unpublish")}
                    </button>
                  ))}
                {z.unpublishedReason !== null && (
                  <button
                    type="button"
                    aria-label={ta("qz.allowOf", { title: z.title })}
                    onClick={async () => {
                      try {
                        await api(`/api/admin/quizzes/${z.id}/allow-republish`, { method: "POST" });
                        setDone(ta("qz.allowed", { title: z.title }));
                      } catch (err) {
                        setDone((err as ApiError).message);
                      }
                      void list.reload();
                    }}
                  >
                    {ta("qz.allow")}
                  </button>
                )}
              </td>
            </tr>
          ))
        }
      />
    </section>
  );
}
